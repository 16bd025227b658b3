import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { tempDir } from './helpers.ts';

/**
 * Real servers on 127.0.0.1 for probe tests: one HTTP server and HTTPS servers with a valid, a
 * soon-expiring, an expired and a self-signed certificate, all answering the same paths.
 * Certificates come from `openssl`, made fresh in a temporary folder; `ca.pem` is their authority.
 */

export interface Seen {
  path: string;
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Servers {
  http: string;
  https: { valid: string; soon: string; expired: string; selfSigned: string };
  /** A port nothing listens on. */
  closedPort: number;
  /** The authority that signed every certificate but the self-signed one (PEM file). */
  caFile: string;
  seen: Seen[];
  /** What `/switch/<name>` answers: `ok` (200), `fail` (500), `slow` (200 after 300 ms). */
  switches: Map<string, 'ok' | 'fail' | 'slow'>;
  /** Most requests in flight at once, across all servers since the last reset. */
  inFlight: { now: number; max: number };
  close(): Promise<void>;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** Key and certificate of `name`, signed by the test authority for `days` (negative: already expired). */
function issue(dir: string, name: string, days: number): { key: Buffer; cert: Buffer } {
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    '/CN=localhost',
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    String(days),
    '-extfile',
    'san.cnf',
  ]);
  return { key: readFileSync(join(dir, `${name}.key`)), cert: readFileSync(join(dir, `${name}.pem`)) };
}

function certificates(dir: string) {
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  // A self-signed P-256 certificate `<name>.pem` with its key `<name>.key`.
  const selfSigned = (name: string, days: number, subject: string, ...extra: string[]) =>
    openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      String(days),
      '-subj',
      subject,
      ...extra,
    ]);
  selfSigned('ca', 30, '/CN=Cairn Test CA');
  selfSigned('self', 365, '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
  return {
    valid: issue(dir, 'valid', 365),
    soon: issue(dir, 'soon', 5),
    expired: issue(dir, 'expired', -1),
    selfSigned: { key: readFileSync(join(dir, 'self.key')), cert: readFileSync(join(dir, 'self.pem')) },
  };
}

const JSON_BODY = JSON.stringify({ status: 'ok', checks: [{ name: 'db', state: 'green' }] });

function handler(servers: Pick<Servers, 'seen' | 'switches' | 'inFlight'>, flaky: Map<string, number>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    servers.inFlight.now++;
    servers.inFlight.max = Math.max(servers.inFlight.max, servers.inFlight.now);
    const settle = () => servers.inFlight.now--;
    res.once('close', settle);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://test');
      servers.seen.push({ path: req.url ?? '/', method: req.method ?? 'GET', headers: req.headers, body: Buffer.concat(chunks).toString() });
      const [, route, arg] = url.pathname.split('/');
      const send = (code: number, body: string, type = 'text/plain') => res.writeHead(code, { 'content-type': type }).end(body);
      switch (route) {
        case 'ok':
          return send(200, 'Service healthy: all good');
        case 'slow':
          return void setTimeout(() => send(200, 'Service healthy, slowly'), 400);
        case 'hang':
          return; // never answers
        case 'reset':
          return req.socket.resetAndDestroy();
        case 'error':
          return send(500, 'Internal error');
        case 'loop':
          return res.writeHead(302, { location: '/loop' }).end();
        case 'hop':
          return res.writeHead(302, { location: `/hop/${Number(arg) + 1}` }).end();
        case 'redirect':
          return res.writeHead(301, { location: '/ok' }).end();
        case 'to': {
          // `/to/307?location=…`: a redirect of that code to anywhere; each `location` a header of its own.
          const locations = url.searchParams.getAll('location');
          return res.writeHead(Number(arg), locations.length ? locations.flatMap((l) => ['location', l]) : { location: '/ok' }).end();
        }
        case 'endless': {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('Service healthy\n');
          const chunk = Buffer.alloc(64 * 1024, 'x');
          const pump = () => {
            while (res.write(chunk));
          };
          res.on('drain', pump);
          return pump();
        }
        case 'json':
          return send(200, JSON_BODY, 'application/json');
        case 'badjson':
          return send(200, '{"status": "ok",', 'application/json');
        case 'echo':
          return send(500, `You sent ${req.headers.authorization} and ${url.search}`);
        case 'flaky': {
          // Fails the first `arg` requests for each ?key, then answers.
          const key = url.searchParams.get('key') ?? '';
          const count = (flaky.get(key) ?? 0) + 1;
          flaky.set(key, count);
          return count <= Number(arg) ? send(503, 'Try later') : send(200, 'Service healthy');
        }
        case 'switch': {
          const mode = servers.switches.get(arg ?? '') ?? 'ok';
          if (mode === 'fail') return send(500, 'Internal error');
          if (mode === 'slow') return void setTimeout(() => send(200, 'Service healthy'), 300);
          return send(200, 'Service healthy');
        }
        default:
          return send(404, 'Not found');
      }
    });
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function startServers(dir: string): Promise<Servers> {
  const certs = certificates(dir);
  const state = { seen: [] as Seen[], switches: new Map<string, 'ok' | 'fail' | 'slow'>(), inFlight: { now: 0, max: 0 } };
  const handle = handler(state, new Map());
  const http = createHttp(handle);
  const https = {
    valid: createHttps(certs.valid, handle),
    soon: createHttps(certs.soon, handle),
    expired: createHttps(certs.expired, handle),
    selfSigned: createHttps(certs.selfSigned, handle),
  };
  const all: Server[] = [http, ...Object.values(https)];
  const closed = createHttp();
  const closedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
  const url = async (s: Server, scheme: string) => `${scheme}://127.0.0.1:${await listen(s)}`;
  return {
    ...state,
    http: await url(http, 'http'),
    https: {
      valid: await url(https.valid, 'https'),
      soon: await url(https.soon, 'https'),
      expired: await url(https.expired, 'https'),
      selfSigned: await url(https.selfSigned, 'https'),
    },
    closedPort,
    caFile: join(dir, 'ca.pem'),
    async close() {
      for (const s of all) s.closeAllConnections();
      await Promise.all(all.map((s) => new Promise((resolve) => s.close(resolve))));
    },
  };
}

/**
 * The servers for the test file that calls this at its top level: started before its tests,
 * closed after them. Read them inside tests (they listen only once the tests start).
 */
export function probeServers(): Servers {
  const servers = {} as Servers;
  beforeAll(async () => {
    Object.assign(servers, await startServers(tempDir('cairn-certs-')));
  });
  afterAll(() => servers.close());
  return servers;
}

/** `components.yml` with one component per entry; each value is the YAML of its probe, one setting a line. */
export function probeConfig(probes: Record<string, string>, site = '', top = ''): string {
  const components = Object.entries(probes).map(
    ([id, probe]) =>
      `  - id: ${id}\n    name: ${id.toUpperCase()}\n    probe:\n${probe
        .trim()
        .split('\n')
        .map((l) => `      ${l.trim()}`)
        .join('\n')}\n`,
  );
  return `site:\n  title: Probe Test\n  url: https://status.test.example/\n  timezone: UTC\n${site}${top}components:\n${components.join('')}`;
}

/** Runs `cairn <args>` in-process from `cwd`, as the CLI's entry point does. */
export async function cairn(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../scripts/cairn.ts');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    env: { ...process.env, ...env },
    isTTY: false,
    readStdin: async () => '',
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}
