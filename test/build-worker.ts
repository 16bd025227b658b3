import { join } from 'node:path';
import { build } from 'astro';
import type { BuildJob, BuildReply } from './build-pool.ts';

// Not from helpers.ts: that module needs Vitest, and this process runs outside it.
const ROOT = join(import.meta.dirname, '..');

/**
 * A process that runs real Astro builds one after another, as `astro build --root <project>
 * --outDir <work>/dist` run from `work` would, for the build pool (test/build-pool.ts). Astro and
 * its dependencies load once here instead of once per build, which is most of a small build's
 * time. Each build bundles the site into its own output folder, so the next build loads its own
 * site modules; the libraries they import (zod, yaml, remark, feed) stay loaded and are shared,
 * so nothing may keep state in them.
 */

const original = { ...process.env };
const writes = { out: process.stdout.write, err: process.stderr.write };
let current: { job: BuildJob; output: string } | undefined;

const describe = (error: unknown) => `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;

/** What the build writes to stdout and stderr is its output. */
function capture(chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error | null) => void), done?: (e?: Error | null) => void): boolean {
  if (current) current.output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
  const callback = typeof encoding === 'function' ? encoding : done;
  if (callback) process.nextTick(callback);
  return true;
}

async function run(job: BuildJob): Promise<BuildReply> {
  current = { job, output: '' };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    for (const key of Object.keys(process.env)) if (!(key in original)) delete process.env[key];
    Object.assign(process.env, original, {
      CAIRN_ROOT: job.root,
      CAIRN_NOW: job.now,
      CAIRN_CACHE_DIR: `${job.work}/cache`,
      ASTRO_TELEMETRY_DISABLED: '1',
      ...job.env,
    });
    process.chdir(job.work);
    await build({ root: ROOT, outDir: `${job.work}/dist` });
    return { id: job.id, ok: true, output: current.output, heapUsed: process.memoryUsage().heapUsed };
  } catch (error) {
    return { id: job.id, ok: false, output: current.output + describe(error), heapUsed: process.memoryUsage().heapUsed };
  } finally {
    current = undefined;
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    process.chdir(ROOT);
  }
}

// Whatever escapes a build fails the build running, with its stack, and ends the process: the
// pool starts a fresh one.
function crashed(error: unknown): void {
  const reply: BuildReply | undefined = current && { id: current.job.id, ok: false, output: current.output + describe(error), heapUsed: 0 };
  if (reply) process.send!(reply, () => process.exit(1));
  else {
    writes.err.call(process.stderr, describe(error));
    process.exit(1);
  }
}
process.on('uncaughtException', crashed);
process.on('unhandledRejection', crashed);

process.on('message', (job: BuildJob) => {
  void run(job).then((reply) => process.send!(reply));
});
