import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { ROOT } from './helpers.ts';

/**
 * A real `astro build` of the status repository at `root`, as of `now`, into a temporary folder.
 * Resolves with the output folder; rejects with the build's output when it fails.
 */
export function buildSite(root: string, now: string, env: Record<string, string> = {}): Promise<{ dist: string; output: string }> {
  // Astro keeps intermediate files next to the output when the output is inside the working
  // directory: building from a folder of its own keeps parallel builds apart. The folder sits
  // below the project so that those files still find node_modules.
  const builds = join(ROOT, 'node_modules', '.cache', 'cairn-builds');
  mkdirSync(builds, { recursive: true });
  const work = mkdtempSync(join(builds, 'build-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const dist = join(work, 'dist');
  const cache = join(work, 'cache');
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/astro'), ['build', '--root', ROOT, '--outDir', dist], {
      cwd: work,
      env: { ...process.env, CAIRN_ROOT: root, CAIRN_NOW: now, CAIRN_CACHE_DIR: cache, ASTRO_TELEMETRY_DISABLED: '1', ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      if (code === 0) resolve({ dist, output });
      else reject(Object.assign(new Error(`astro build failed (${code}):\n${output}`), { output }));
    });
  });
}
