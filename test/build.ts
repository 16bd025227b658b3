import { readFile } from 'node:fs/promises';
import { setTimeout } from 'node:timers/promises';
import { inject } from 'vitest';
import type { SiteName } from './sites.ts';

/**
 * A real Astro build of a repository a test made itself, as of `now`, by the run's build pool
 * (test/build-pool.ts) in a folder of the run's build root (removed when the run ends). Resolves
 * with the output folder and what the build printed; rejects with that output when it fails.
 * Fixture sites are built once per run instead: see `builtSite`.
 */
export async function buildSite(root: string, now: string, env: Record<string, string> = {}): Promise<{ dist: string; output: string }> {
  const res = await fetch(inject('buildService'), { method: 'POST', body: JSON.stringify({ root, now, env }) });
  const text = await res.text();
  let built: { dist: string; output: string };
  try {
    built = JSON.parse(text);
  } catch {
    throw new Error(`The run's build service answered ${res.status}: ${text}`);
  }
  if (!res.ok) throw Object.assign(new Error(`astro build failed:\n${built.output}`), { output: built.output });
  return built;
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
