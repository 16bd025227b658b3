import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCheckLines } from '#core/model/check-data.ts';
import { localServer } from './automation-fakes.ts';
import { ROOT } from './helpers.ts';

/** What the tests of concurrent and interrupted writers share: real `cairn` processes. */

export const CLI = join(ROOT, 'scripts/cairn.ts');
const SEQUENCE = join(ROOT, 'test/cairn-sequence.ts');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `cairn <args>` as its own process, or several commands one after the other in one process
 * (`args` a list of argument lists); `killAfterMs` sends it SIGKILL after that long.
 */
export function run(
  cwd: string,
  args: string[] | string[][],
  env: Record<string, string> = {},
  options: { stdin?: string; killAfterMs?: number } = {},
): Promise<Exit> {
  const argv = Array.isArray(args[0]) ? [SEQUENCE, JSON.stringify(args)] : [CLI, ...(args as string[])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.stdin.end(options.stdin ?? '');
    const timer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** An HTTP server on 127.0.0.1 that answers 200 to everything: the probes' target. */
export function upServer(): Promise<string> {
  return localServer((_req, res) => {
    res.writeHead(200);
    res.end('ok');
  });
}

/** A status repository's components.yml with `n` probed components pointing at `url`. */
export function probedConfig(url: string, n: number): string {
  const components = Array.from({ length: n }, (_, i) => `  - id: c${i}\n    name: C${i}\n    probe:\n      url: ${url}/c${i}\n      retries: 0\n`).join('');
  return `site:\n  title: Writers\n  url: https://status.test.example/\n  timezone: Europe/Berlin\ncomponents:\n${components}`;
}

/** Every check line below `status-data/` (raw day files), after asserting that each reads. */
export function checkLines(dir: string): string[] {
  const data = join(dir, 'status-data');
  const out: string[] = [];
  for (const e of readdirSync(data, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/^\d{4}-\d{2}-\d{2}\.txt$/.test(e.name)) continue;
    const text = readFileSync(join(e.parentPath, e.name), 'utf8');
    const parsed = parseCheckLines(text, e.name);
    if (parsed.diagnostics.length) throw new Error(`torn or unreadable line in ${e.name}: ${parsed.diagnostics[0]!.message}`);
    if (text && !text.endsWith('\n')) throw new Error(`${e.name} ends in the middle of a line`);
    out.push(...text.split('\n').filter(Boolean));
  }
  return out;
}

/** Files and folders an interrupted write may leave: temporary files, empty folders. */
export function leftovers(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => !join(e.parentPath, e.name).includes('/.git'))
    .filter((e) => (e.isFile() && e.name.endsWith('.tmp')) || (e.isDirectory() && readdirSync(join(e.parentPath, e.name)).length === 0))
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}
