import { closeSync, openSync, readdirSync, readFileSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { defineConfig } from 'astro/config';
import { parse } from 'yaml';

// V8 doubles the young generation while a build allocates pages quickly, and keeps it: at
// 10,000 incidents that is about 100 MB of peak memory for no gain in speed.
setFlagsFromString('--semi-space-growth-factor=1');

// The status repository to build (CAIRN_ROOT, else this folder). Its site.url gives the
// canonical origin and the base path, so the site works under a sub-path too.
const root = process.env.CAIRN_ROOT ?? process.cwd();
let siteUrl = 'http://localhost:4321/';
let logo;
try {
  const site = parse(readFileSync(join(root, 'components.yml'), 'utf8'))?.site;
  siteUrl = site?.url ?? siteUrl;
  logo = site?.logo;
} catch {
  // components.yml problems are reported, with positions, when the pages load it.
}
const url = new URL(siteUrl);

// Images come from this site only (incident Markdown cannot load tracking pixels), and from the
// origin of the logo when components.yml names one by URL.
let logoOrigin;
try {
  if (/^https?:\/\//i.test(logo ?? '')) logoOrigin = new URL(logo).origin;
} catch {
  // An invalid logo URL is reported when the pages load components.yml.
}

const CSP_META = /<meta http-equiv="content-security-policy" content="[^"<>]*">/;
// Heads are a few kilobytes: most pages need one read.
const CHUNK = 4 * 1024;

/**
 * Astro writes the Content-Security-Policy meta element after the page's other head elements;
 * a policy applies only to what follows it, so this moves it to the start of every page's head.
 * Moving it keeps the file's length, so only the bytes up to the meta are read and written back
 * (as Latin-1, one character per byte, so that offsets are byte offsets).
 */
const cspFirst = {
  name: 'cairn-csp-first',
  hooks: {
    'astro:build:done': ({ dir }) => {
      const outDir = fileURLToPath(dir);
      const chunk = Buffer.alloc(CHUNK);
      for (const name of readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
        if (!name.endsWith('.html')) continue;
        const fd = openSync(join(outDir, name), 'r+');
        try {
          let text = '';
          let match;
          for (let read = CHUNK; !match && read === CHUNK; ) {
            read = readSync(fd, chunk, 0, CHUNK, text.length);
            text += chunk.toString('latin1', 0, read);
            match = CSP_META.exec(text);
          }
          if (!match) continue;
          const head = text.indexOf('<head>');
          if (head < 0 || head > match.index) throw new Error(`${name}: the Content-Security-Policy meta element is not inside the head`);
          const start = head + '<head>'.length;
          const moved = match[0] + text.slice(start, match.index);
          writeSync(fd, Buffer.from(moved, 'latin1'), 0, moved.length, start);
        } finally {
          closeSync(fd);
        }
      }
    },
  },
};

/** With CAIRN_STATS_FILE set, writes how often the build loaded the repository and rendered a message. */
const stats = {
  name: 'cairn-stats',
  hooks: {
    // Counted afresh for each build, also when one process runs several.
    'astro:build:start': () => {
      globalThis.__cairnStats = { loads: 0, renders: 0 };
    },
    'astro:build:done': () => {
      if (process.env.CAIRN_STATS_FILE) writeFileSync(process.env.CAIRN_STATS_FILE, JSON.stringify(globalThis.__cairnStats ?? {}));
    },
  },
};

export default defineConfig({
  site: url.origin,
  // Separate caches let several builds (tests of different repositories) run side by side.
  ...(process.env.CAIRN_CACHE_DIR ? { cacheDir: process.env.CAIRN_CACHE_DIR } : {}),
  base: url.pathname,
  trailingSlash: 'ignore',
  // One external stylesheet, cached across pages; the only inline style (the brand colour) is
  // allowed by its hash in the Content-Security-Policy that Astro writes into every page. Pages
  // render while earlier ones are being written: one at a time, the build would wait on every write.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 4 },
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        ["img-src 'self' data:", logoOrigin].filter(Boolean).join(' '),
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
    },
  },
  integrations: [stats, cspFirst],
  // Incident Markdown is rendered (and sanitized) by the core; Astro's own highlighter would need inline styles.
  markdown: { syntaxHighlight: false },
  devToolbar: { enabled: false },
  telemetry: false,
});
