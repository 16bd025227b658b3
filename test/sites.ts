import fc from 'fast-check';
import { isoUtc } from '#core/model/time.ts';
import { generate } from '../bench/generate.ts';
import { type GeneratedRepository, generatedFiles, repositoryArb } from './arbitraries.ts';
import { EXAMPLE_NOW } from './helpers.ts';
import { HOSTILE_NOW, hostileFiles } from './hostile.ts';
import { wideFiles } from './wide.ts';

/**
 * Fixture sites: each is built once per run by the global setup (`test/run-setup.ts`), in the
 * background from the start of the run, for the tiers that list it; `builtSite(name)` from
 * `test/build.ts` waits for it. Sites that several files read are here, and so are the larger
 * builds one file needs, so that they are ready when it starts. Repositories that a test makes as
 * part of what it tests are built by that test.
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
  /** Writes more of the repository into its folder. */
  make?: (root: string) => void;
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
  /** 50 components with long names, with the demo's sample data (test/wide.ts). */
  wide: { now: '2026-11-20T12:00:00Z', sampleData: true, files: wideFiles() },
  /** 200 components, for the weight of the home page. */
  many: { now: '2026-11-23T12:00:00Z', make: (root: string) => generate(root, { incidents: 100, components: 200, days: 90 }) },
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
  site: (Object.keys(SITES) as SiteName[]).filter((name) => name !== 'wide' && name !== 'many'),
  e2e: ['example', 'site-subpath', 'hostile', 'wide', 'many'],
};
