import { join } from 'node:path';
import { build } from 'astro';
import type { BuildJob, BuildReply } from './build-pool.ts';

// Not from helpers.ts: that module needs Vitest, and this process runs outside it.
const ROOT = join(import.meta.dirname, '..');

/**
 * A process that runs real Astro builds one after another, as `astro build --root <project>
 * --outDir <work>/dist` run from `work` would, for the build pool (test/build-pool.ts). Astro and
 * its dependencies load once here instead of once per build, which is most of a small build's
 * time. Each build bundles the site into its own output folder, so no module of one build is
 * reused by the next.
 */

const original = { ...process.env };

async function run(job: BuildJob): Promise<BuildReply> {
  for (const key of Object.keys(process.env)) if (!(key in original)) delete process.env[key];
  Object.assign(process.env, original, {
    CAIRN_ROOT: job.root,
    CAIRN_NOW: job.now,
    CAIRN_CACHE_DIR: `${job.work}/cache`,
    ASTRO_TELEMETRY_DISABLED: '1',
    ...job.env,
  });
  process.chdir(job.work);
  let output = '';
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture = (chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    await build({ root: ROOT, outDir: `${job.work}/dist` });
    return { id: job.id, ok: true, output, heapUsed: process.memoryUsage().heapUsed };
  } catch (error) {
    const why = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { id: job.id, ok: false, output: `${output}${why}\n`, heapUsed: process.memoryUsage().heapUsed };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    process.chdir(ROOT);
  }
}

process.on('message', (job: BuildJob) => {
  void run(job).then((reply) => process.send!(reply));
});
