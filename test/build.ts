import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { inject } from 'vitest';
import { ROOT } from './helpers.ts';
import type { SiteName } from './sites.ts';

/**
 * A real `astro build` of the status repository at `root`, as of `now`, in the folder `work`
 * (which must sit below the project, so that Astro's intermediate files still find
 * node_modules). Resolves with the output folder; rejects with the build's output when it fails.
 */
export function astroBuild(work: string, root: string, now: string, env: Record<string, string> = {}): Promise<{ dist: string; output: string }> {
  // Astro keeps intermediate files next to the output when the output is inside the working
  // directory: building from a folder of its own keeps parallel builds apart.
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

/**
 * A real build of a repository a test made itself, in a folder of the run's build root (removed
 * when the run ends). Fixture sites are built once per run instead: see `builtSite`.
 */
export function buildSite(root: string, now: string, env: Record<string, string> = {}): Promise<{ dist: string; output: string }> {
  return astroBuild(mkdtempSync(join(inject('buildRoot'), 'build-')), root, now, env);
}

/**
 * The output folder of a fixture site built once for the whole run (see `test/sites.ts`), once its
 * build, started in the background by the global setup, has ended.
 */
export async function builtSite(name: SiteName): Promise<string> {
  const build = inject('sites')[name];
  if (!build) throw new Error(`The fixture site "${name}" was not built for this tier: list it in TIER_SITES in test/sites.ts`);
  let outcome: string | undefined;
  while ((outcome = await readFile(build.outcome, 'utf8').catch(() => undefined)) === undefined) await setTimeout(100);
  if (outcome !== 'ok') throw new Error(outcome);
  return build.dist;
}
