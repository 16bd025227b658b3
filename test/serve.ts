import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.ics': 'text/calendar',
};

export interface Site {
  url: string;
  /** What `api/v2/status.json` reports as `page.updated_at`; the test changes it to publish "new data". */
  updatedAt?: string;
  server: Server;
}

/** A static file server for `dist` under `base`, like GitHub Pages: directories serve index.html, misses 404.html. */
export async function serve(dist: string, base: string): Promise<Site> {
  const site = {} as Site;
  site.server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url!, 'http://localhost').pathname);
    if (path === `${base}api/v2/status.json` && site.updatedAt) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ page: { updated_at: site.updatedAt } }));
      return;
    }
    const relative = path.startsWith(base) ? normalize(path.slice(base.length)).replace(/^(\.\.\/)+/, '') : undefined;
    const candidates = relative === undefined ? [] : [join(dist, relative), join(dist, relative, 'index.html')];
    for (const file of candidates) {
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
        return;
      } catch {
        // Not this candidate.
      }
    }
    res.writeHead(404, { 'content-type': TYPES['.html']! });
    res.end(readFileSync(join(dist, '404.html')));
  });
  await new Promise<void>((resolve) => site.server.listen(0, '127.0.0.1', resolve));
  const address = site.server.address() as { port: number };
  site.url = `http://127.0.0.1:${address.port}${base}`;
  return site;
}
