import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The probe as a whole process: `cairn probe --json` in a generated repository whose components
 * are local endpoints, 10% of which never answer. Measures wall time and peak resident memory
 * (GNU time's maximum RSS). Checks use a 5 s timeout, no retries (one timeout per hanging
 * endpoint) and the default limits. As on a real page, endpoints live on many hosts: here one
 * local server (origin) per ten endpoints, so the per-origin limit is exercised as it would be.
 * The floor is one timeout: the hanging checks cannot end sooner.
 */

const ROOT = join(import.meta.dirname, '..');
const GNU_TIME = '/usr/bin/time';
const TIMEOUT_S = 5;
const PER_SERVER = 10;

export interface ProbeBenchRow {
  endpoints: number;
  hanging: number;
  seconds: number;
  /** Undefined where GNU time is not installed. */
  peakMB?: number;
  up: number;
  timeouts: number;
}

function config(endpoints: number, bases: string[]): string {
  const components = Array.from(
    { length: endpoints },
    (_, i) =>
      `  - id: endpoint-${i}\n    name: Endpoint ${i}\n    probe:\n      url: ${bases[Math.floor(i / PER_SERVER)]}/${i % 10 === 9 ? 'hang' : 'ok'}/${i}\n      timeout: ${TIMEOUT_S}s\n      retries: 0\n`,
  );
  return `site:\n  title: Probe benchmark\n  url: https://status.bench.example/\ncomponents:\n${components.join('')}`;
}

function run(cwd: string): Promise<{ seconds: number; peakMB?: number; stdout: string }> {
  const node = process.execPath;
  const args = [join(ROOT, 'scripts', 'cairn.ts'), 'probe', '--json'];
  const withTime = existsSync(GNU_TIME);
  const start = process.hrtime.bigint();
  // Asynchronous on purpose: the endpoints are served by this very process.
  const child = withTime ? spawn(GNU_TIME, ['-f', 'CAIRN_BENCH %M', node, ...args], { cwd }) : spawn(node, args, { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) return reject(new Error(`cairn probe exited ${code}:\n${stderr}`));
      const kb = /CAIRN_BENCH (\d+)/.exec(stderr)?.[1];
      resolve({ seconds, peakMB: kb ? Number(kb) / 1024 : undefined, stdout });
    });
  });
}

export async function runProbeBench(sizes = [50, 200, 1000]): Promise<ProbeBenchRow[]> {
  const servers = Array.from({ length: Math.ceil(Math.max(...sizes) / PER_SERVER) }, () =>
    createServer((req, res) => {
      if (req.url?.startsWith('/hang/')) return; // never answers; the probe's timeout ends it
      res.writeHead(200, { 'content-type': 'text/plain' }).end('Service healthy');
    }),
  );
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
  const bases = servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const rows: ProbeBenchRow[] = [];
  try {
    for (const endpoints of sizes) {
      const dir = mkdtempSync(join(tmpdir(), `cairn-bench-probe-${endpoints}-`));
      try {
        writeFileSync(join(dir, 'components.yml'), config(endpoints, bases));
        const { seconds, peakMB, stdout } = await run(dir);
        const results = (JSON.parse(stdout) as { results: Array<{ status: string; error?: string }> }).results;
        rows.push({
          endpoints,
          hanging: Math.floor(endpoints / 10),
          seconds,
          peakMB,
          up: results.filter((r) => r.status === 'up').length,
          timeouts: results.filter((r) => r.error === 'timeout').length,
        });
        console.error(`probe ${endpoints}: ${seconds.toFixed(1)} s`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  }
  return rows;
}

export function formatProbeTable(rows: ProbeBenchRow[]): string {
  return [
    `cairn probe: local endpoints (${PER_SERVER} per origin), 10% hanging, ${TIMEOUT_S} s timeout, no retries, default limits`,
    '',
    '| endpoints | hanging | wall time | peak memory | floor (one timeout) | ratio | up | timeouts |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.endpoints.toLocaleString('en')} | ${r.hanging} | ${r.seconds.toFixed(1)} s | ${r.peakMB === undefined ? 'n/a' : `${Math.round(r.peakMB)} MB`} | ${TIMEOUT_S} s | ${(r.seconds / TIMEOUT_S).toFixed(2)}× | ${r.up} | ${r.timeouts} |`,
    ),
  ].join('\n');
}

if (import.meta.main) console.log(formatProbeTable(await runProbeBench()));
