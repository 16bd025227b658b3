import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type BuildPool, buildPool } from './build-pool.ts';
import { copyRepository, ROOT, sampleData, writeFiles } from './helpers.ts';
import { type FixtureBuild, type FixtureSite, SITES, type SiteName, TIER_SITES } from './sites.ts';

/**
 * The global setup of every tier. A run gets one temporary root below the OS temp dir and one
 * build root below node_modules/.cache/cairn-builds; every helper creates below them and both
 * are removed when the run ends. TMPDIR points into the root for the whole run, so what commands
 * and tools put in "the" temp dir lands there too; whatever they leave in it fails the run.
 * Fixture sites are built once, for the tiers that read them, in the background: the tests of
 * other files run meanwhile, and `builtSite()` waits for the one it needs. Every build of the run,
 * fixtures and `buildSite()` alike, goes through one build pool (test/build-pool.ts).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where `tempDir()` creates folders. */
    tempRoot: string;
    /** The run's build service: `buildSite()` posts a repository to it and gets its build. */
    buildService: string;
    /** Each fixture site built for the tier: its output folder and the file that says how the build ended. */
    sites: Partial<Record<string, FixtureBuild>>;
  }
}

interface Run {
  tempRoot: string;
  /** TMPDIR during the run: must be empty at its end. */
  osTemp: string;
  previousTmpdir: string | undefined;
  buildRoot: string;
  /** Projects set up and not yet torn down: the last one out cleans up. */
  projects: number;
  sites: Map<SiteName, { build: FixtureBuild; settled: Promise<void> }>;
  /** Fixture sites being prepared or built: no more than the pool builds at once. */
  slot: <T>(task: () => Promise<T>) => Promise<T>;
  pool: BuildPool;
  service: Server;
  serviceUrl: Promise<string>;
  /** Set when the run ends: fixture sites not yet started are not built. */
  ended: boolean;
}

const BUILDS = join(ROOT, 'node_modules', '.cache', 'cairn-builds');

/** Runs at most `n` tasks at once. */
function limit(n: number): Run['slot'] {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    while (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

function start(): Run {
  const tempRoot = mkdtempSync(join(tmpdir(), 'cairn-run-'));
  const osTemp = join(tempRoot, 'tmp');
  mkdirSync(osTemp);
  mkdirSync(BUILDS, { recursive: true });
  // Workers and the processes they start inherit it.
  const previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = osTemp;
  const buildRoot = mkdtempSync(join(BUILDS, 'run-'));
  const cores = availableParallelism();
  const pool = buildPool(cores);
  const service = buildService(pool, buildRoot);
  return {
    tempRoot,
    osTemp,
    previousTmpdir,
    buildRoot,
    projects: 0,
    sites: new Map(),
    slot: limit(cores),
    pool,
    ended: false,
    service,
    serviceUrl: new Promise((resolve) => service.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(service.address() as AddressInfo).port}/`))),
  };
}

/**
 * Builds for tests in workers: a POST of `{ root, now, env }` answers `{ dist, output }` once the
 * site is built in a folder of the build root, or status 500 and `{ output }` when it fails.
 */
function buildService(pool: BuildPool, buildRoot: string): Server {
  return createServer(async (req, res) => {
    try {
      req.setEncoding('utf8');
      let body = '';
      for await (const chunk of req) body += chunk;
      const { root, now, env } = JSON.parse(body) as { root: string; now: string; env: Record<string, string> };
      const built = await pool.build(mkdtempSync(join(buildRoot, 'build-')), root, now, env);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(built));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ output: (error as { output?: string }).output ?? String(error) }));
    }
  });
}

/**
 * Starts building a fixture site; `settled` resolves when the build has ended, and the build's
 * `outcome` file then holds `ok` or what went wrong.
 */
function buildFixture(run: Run, site: FixtureSite): { build: FixtureBuild; settled: Promise<void> } {
  const name = site.repository ?? 'generated';
  const work = mkdtempSync(join(run.buildRoot, `${name}-`));
  const build = { dist: join(work, 'dist'), outcome: join(work, 'outcome') };
  const settled = run
    .slot(async () => {
      if (run.ended) throw new Error('the run ended first');
      const folder = mkdtempSync(join(run.tempRoot, `${name}-`));
      const root = site.repository ? copyRepository(site.repository, folder) : folder;
      writeFiles(root, site.files ?? {});
      site.make?.(root);
      if (site.committedAt) {
        const env = { ...process.env, GIT_AUTHOR_DATE: site.committedAt, GIT_COMMITTER_DATE: site.committedAt };
        const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env, stdio: 'ignore' });
        git('init', '-q');
        git('add', '-A');
        git('-c', 'user.name=Owner', '-c', 'user.email=owner@example.com', 'commit', '-qm', 'Status page');
      }
      if (site.sampleData) {
        const result = sampleData(root, site.now);
        if (result.status !== 0 || result.stderr)
          throw new Error(`sample data for ${name} failed (${result.status ?? result.signal ?? result.error}):\n${result.stdout}${result.stderr}`);
      }
      await run.pool.build(work, root, site.now, site.sampleData ? { CAIRN_SAMPLE_DATA: '1' } : {});
    })
    .then(
      () => writeFileSync(build.outcome, 'ok'),
      (error: Error) => writeFileSync(build.outcome, `The fixture site ${name} at ${site.now} did not build: ${error.message}`),
    );
  return { build, settled };
}

/** Node's module compile cache (enabled by tools the tests run) is meant to outlive a process. */
const KEPT_BY_DESIGN = new Set(['node-compile-cache']);

async function finish(run: Run): Promise<void> {
  run.ended = true;
  run.service.closeAllConnections();
  run.service.close();
  // Builds nobody waits for any more (a run of some files builds every site of their tiers) are
  // stopped, and none may still be writing below the roots when they are removed.
  await run.pool.close();
  await Promise.all([...run.sites.values()].map((s) => s.settled));
  const left = readdirSync(run.osTemp).filter((name) => !KEPT_BY_DESIGN.has(name));
  rmSync(run.tempRoot, { recursive: true, force: true });
  rmSync(run.buildRoot, { recursive: true, force: true });
  if (readdirSync(BUILDS).length === 0) rmdirSync(BUILDS);
  if (run.previousTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = run.previousTmpdir;
  if (left.length) throw new Error(`The run left ${left.join(', ')} in the temporary folder: whatever made it must remove it`);
}

const RUN = Symbol.for('cairn.test-run');
type WithRun = typeof globalThis & { [RUN]?: Run };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Every project loads this module afresh; the run is one per process.
  const holder = globalThis as WithRun;
  const run = (holder[RUN] ??= start());
  run.projects++;
  project.provide('tempRoot', run.tempRoot);
  project.provide('buildService', await run.serviceUrl);
  const names = TIER_SITES[project.name] ?? [];
  for (const name of names) if (!run.sites.has(name)) run.sites.set(name, buildFixture(run, SITES[name]!));
  project.provide('sites', Object.fromEntries(names.map((name) => [name, run.sites.get(name)!.build])));
  return async () => {
    if (--run.projects > 0) return;
    holder[RUN] = undefined;
    await finish(run);
  };
}
