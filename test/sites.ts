import fc from 'fast-check';
import { isoUtc } from '#core/model/time.ts';
import { type GeneratedRepository, generatedFiles, repositoryArb } from './arbitraries.ts';
import { EXAMPLE_NOW } from './helpers.ts';
import { HOSTILE_NOW, hostileFiles } from './hostile.ts';

/**
 * Fixture sites that several test files read: each is built once per run by the global setup
 * (`test/run-setup.ts`), before the tests of the tiers that list it start. A test reads one with
 * `builtSite(name)` from `test/build.ts`. Repositories that a test generates for itself are built
 * by that test.
 */
export interface FixtureSite {
  /** A folder of test/fixtures, or `example` for the example repository; else an empty folder. */
  repository?: string;
  now: string;
  /** Run scripts/dev/sample-data.ts first, and build with CAIRN_SAMPLE_DATA=1, as the demo does. */
  sampleData?: boolean;
  /**
   * Commit the copy to Git first, dated so: components without a probe are observed from when Git
   * first lists them, as in an owner's repository.
   */
  committedAt?: string;
  /** Files written over the copy (path → text). */
  files?: Record<string, string>;
}

/** The critical fixture with the payments probe failing, built at two times. */
const CRITICAL_DATA = {
  'status-data/payments/2026-05-04.txt': '2026-05-04T14:50:00Z down 10012 - timeout 3\n2026-05-04T14:55:00Z down 10009 - timeout 3\n',
};

/**
 * Generated repositories (test/arbitraries.ts) for the property that every output agrees
 * (test/site/agreement.test.ts), built as fixtures so that their builds start with the run.
 */
export const GENERATED: readonly GeneratedRepository[] = fc.sample(repositoryArb, { numRuns: 10, seed: 12 });

const FIXED = {
  example: { repository: 'example', now: EXAMPLE_NOW, sampleData: true, committedAt: '2026-08-01T00:00:00Z' },
  'site-subpath': { repository: 'site-subpath', now: '2026-03-20T12:00:00Z' },
  'no-incidents': { repository: 'no-incidents', now: '2026-03-10T12:00:00Z' },
  critical: { repository: 'critical', now: '2026-05-04T15:00:00Z', files: CRITICAL_DATA },
  /** Half an hour later, without any new update. */
  'critical-later': { repository: 'critical', now: '2026-05-04T15:30:00Z', files: CRITICAL_DATA },
  'maintenance-ongoing': { repository: 'maintenance-ongoing', now: '2026-06-10T20:30:00Z' },
  reopened: { repository: 'reopened', now: '2026-07-01T10:00:00Z' },
  'metrics-basic': { repository: 'metrics-basic', now: '2026-10-31T11:00:00Z' },
  /** Every reproduced attack, and generated hostile text (test/hostile.ts). */
  hostile: { repository: 'hostile', now: HOSTILE_NOW, files: hostileFiles() },
} as const satisfies Record<string, FixtureSite>;

export type SiteName = keyof typeof FIXED | `generated-${number}`;

export const SITES: Record<SiteName, FixtureSite> = {
  ...FIXED,
  ...Object.fromEntries(GENERATED.map((g, i) => [`generated-${i}`, { now: isoUtc(g.now), files: generatedFiles(g) }])),
};

/** A fixture site's build, started by the global setup: where it writes, and how it ended. */
export interface FixtureBuild {
  dist: string;
  /** Written when the build ends: `ok`, or why it failed. */
  outcome: string;
}

/** The sites each tier reads; a run builds those of the tiers it runs. */
export const TIER_SITES: Record<string, readonly SiteName[]> = {
  site: Object.keys(SITES) as SiteName[],
  e2e: ['example', 'site-subpath', 'hostile'],
};
