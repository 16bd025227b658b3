import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCheckLines, parseDailyLines } from '#core/model/check-data.ts';
import { main } from '../scripts/cairn.ts';

/**
 * `npm run bench:week`: a simulated week of probe runs against a local bare remote, every five
 * minutes with CAIRN_NOW advancing (`cairn data checkout`, `probe`, `compact --days 2`, `data
 * push`; `--runs`, `--components` and `--keep` change the figures), and every hour two more runs that overlap (both start from the same tip, so the second
 * push has to rebase onto the first). The commands run in-process through the CLI's entry point
 * (the real code, without starting a process per command); git runs as real processes.
 * Reports check lines written against lines on the remote (raw plus rolled up) and the data
 * branch's size.
 */

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '2016' }, components: { type: 'string', default: '3' }, keep: { type: 'string', default: '2' } },
});
const RUNS = Number(values.runs);
const COMPONENTS = Number(values.components);
/** Raw days kept by `compact --days`: a week's run rolls up its first days. */
const KEEP = values.keep!;
const START = Date.parse('2026-11-16T00:00:00Z');
const FIVE_MINUTES = 5 * 60_000;

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function cairn(cwd: string, args: string[], now: number): Promise<void> {
  let err = '';
  const code = await main(args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CAIRN_NOW: new Date(now).toISOString() },
    stdout: () => {},
    stderr: (t) => (err += t),
    readStdin: async () => '',
    isTTY: false,
  });
  if (code !== 0) throw new Error(`cairn ${args.join(' ')} at ${new Date(now).toISOString()} exited ${code}: ${err}`);
}

const server = createServer((_req, res) => {
  res.writeHead(200);
  res.end('ok');
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const dir = mkdtempSync(join(tmpdir(), 'cairn-week-'));
try {
  const bare = join(dir, 'remote.git');
  git(dir, ['init', '--quiet', '--bare', '-b', 'main', bare]);
  const clone = (name: string) => {
    const path = join(dir, name);
    git(dir, ['clone', '--quiet', bare, path]);
    git(path, ['config', 'user.name', name]);
    git(path, ['config', 'user.email', `${name}@example.test`]);
    return path;
  };
  const seed = clone('seed');
  const components = Array.from({ length: COMPONENTS }, (_, i) => `  - id: c${i}\n    name: C${i}\n    probe:\n      url: ${url}/c${i}\n      retries: 0\n`);
  const config = `site:\n  title: Week\n  url: https://status.test.example/\n  timezone: Europe/Berlin\ncomponents:\n${components.join('')}`;
  spawnSync('sh', ['-c', `cat > components.yml && git add components.yml && git commit -qm Start && git push -q origin HEAD:main`], {
    cwd: seed,
    input: config,
  });

  const scheduled = clone('scheduled');
  const overlapping = [clone('manual-a'), clone('manual-b')];
  let written = 0;
  const started = performance.now();
  for (let run = 0; run < RUNS; run++) {
    const now = START + run * FIVE_MINUTES;
    await cairn(scheduled, ['data', 'checkout'], now);
    await cairn(scheduled, ['probe'], now);
    await cairn(scheduled, ['compact', '--days', KEEP], now);
    await cairn(scheduled, ['data', 'push'], now);
    written += COMPONENTS;
    if (run % 12 === 6) {
      // Two runs that overlap: both check out and probe before either pushes.
      const times = [now + 60_000, now + 120_000];
      for (const [i, c] of overlapping.entries()) {
        await cairn(c, ['data', 'checkout'], times[i]!);
        await cairn(c, ['probe'], times[i]!);
        written += COMPONENTS;
      }
      for (const [i, c] of overlapping.entries()) {
        await cairn(c, ['compact', '--days', KEEP], times[i]!);
        await cairn(c, ['data', 'push'], times[i]!);
      }
    }
    if (run % 288 === 287) process.stderr.write(`day ${(run + 1) / 288} done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }

  const reader = clone('reader');
  git(reader, ['fetch', '--quiet', 'origin', 'status-data']);
  const tip = git(reader, ['rev-parse', 'FETCH_HEAD']).trim();
  const entries = git(reader, ['ls-tree', '-r', '-l', tip])
    .trim()
    .split('\n')
    .map((l) => {
      const [meta, path] = l.split('\t');
      return { path: path!, size: Number(meta!.trim().split(/\s+/)[3]) };
    });
  let raw = 0;
  let rolled = 0;
  for (const e of entries) {
    const text = git(reader, ['show', `${tip}:${e.path}`]);
    if (e.path.endsWith('/daily.txt')) rolled += parseDailyLines(text, e.path).daily.reduce((n, d) => n + d.checks, 0);
    else if (/\/\d{4}-\d{2}-\d{2}\.txt$/.test(e.path)) raw += parseCheckLines(text, e.path).checks.length;
  }
  const treeBytes = entries.reduce((n, e) => n + e.size, 0);
  git(bare, ['gc', '--quiet', '--aggressive']);
  const packBytes = Number(/size-pack: (\d+)/.exec(git(bare, ['count-objects', '-v']))?.[1] ?? 0) * 1024;
  const commits = Number(git(reader, ['rev-list', '--count', tip]).trim());
  const seconds = (performance.now() - started) / 1000;

  console.log(`Simulated ${RUNS} scheduled runs every 5 minutes, ${COMPONENTS} components, two overlapping runs every hour, compact --days ${KEEP}`);
  console.log(`  check lines written:        ${written}`);
  console.log(`  check lines on the remote:  ${raw + rolled} (${raw} raw, ${rolled} rolled up into daily.txt)`);
  console.log(`  ${raw + rolled === written ? 'every line is on the remote, once' : `MISMATCH: ${written - raw - rolled} lines missing`}`);
  console.log(`  data branch: ${commits} commits, tip tree ${(treeBytes / 1024).toFixed(1)} KB, repository packed ${(packBytes / 1024).toFixed(1)} KB`);
  console.log(`  wall time: ${seconds.toFixed(0)} s (${((seconds * 1000) / RUNS).toFixed(0)} ms per scheduled run)`);
  if (raw + rolled !== written) process.exitCode = 1;
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
