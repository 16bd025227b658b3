import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import { toInstant } from '#core/model/time.ts';
import { type Repository, readRepository, type SourceFile } from '#core/parse/repository.ts';

export const ROOT = join(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

/** Instant of an ISO time with offset, for readable tests. */
export function t(iso: string): number {
  return toInstant(iso, 'UTC')!;
}

/** "Now" of the example repository's demo: its incidents and sample data are written for it. */
export const EXAMPLE_NOW = '2026-11-23T14:00:00Z';

/** A temporary folder below the run's root, which the global setup removes when the run ends. */
export function tempDir(prefix = 'cairn-'): string {
  return mkdtempSync(join(inject('tempRoot'), prefix));
}

/** Copies a fixture repository (or the example repository, for `'example'`) into `dir` (by default a new temporary folder). */
export function copyRepository(name: string, dir = tempDir(`cairn-${name}-`)): string {
  if (name === 'example') {
    cpSync(join(ROOT, 'components.yml'), join(dir, 'components.yml'));
    cpSync(join(ROOT, 'incidents'), join(dir, 'incidents'), { recursive: true });
  } else {
    cpSync(join(FIXTURES, name), dir, { recursive: true });
  }
  return dir;
}

/** Writes files (path → text) below `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

export const CONFIG = `site:
  title: Test Status
  url: https://status.test.example/
  timezone: Europe/Berlin
groups:
  - id: core
    name: Core
components:
  - id: api
    name: API
    group: core
  - id: web
    name: Website
    group: core
  - id: db
    name: Database
  - id: cdn
    name: CDN
`;

/** Site settings of a test's `components.yml`; each defaults to `CONFIG`'s. */
export interface TestSite {
  title?: string;
  url?: string;
  timezone?: string;
}

/**
 * `components.yml` for a test: `CONFIG`'s site settings unless `site` says otherwise, then one
 * component per entry, id → the YAML below its id (one setting a line, nested ones indented).
 */
export function testConfig(components: Record<string, string>, site: TestSite = {}): string {
  const { title = 'Test Status', url = 'https://status.test.example/', timezone = 'Europe/Berlin' } = site;
  const entries = Object.entries(components).map(
    ([id, yaml]) =>
      `  - id: ${id}\n${yaml
        .trim()
        .split('\n')
        .map((line) => `    ${line}\n`)
        .join('')}`,
  );
  return `site:\n  title: ${title}\n  url: ${url}\n  timezone: ${timezone}\ncomponents:\n${entries.join('')}`;
}

/** Reads an in-memory repository: `files` maps paths under the repository root to their text. */
export function repo(
  files: Record<string, string>,
  config = CONFIG,
): { repository?: Repository; diagnostics: ReturnType<typeof readRepository>['diagnostics'] } {
  const incidentFiles: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  return readRepository({ config: { path: 'components.yml', text: config }, incidentFiles });
}

/** Every file below `dir`, relative, with its text. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (d.isFile()) out[join(d.parentPath, d.name).slice(dir.length + 1)] = readFileSync(join(d.parentPath, d.name), 'utf8');
  }
  return out;
}

/** Runs `scripts/dev/sample-data.ts` on the repository at `root`, as of `now`. */
export function sampleData(root: string, now: string) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts/dev/sample-data.ts')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CAIRN_ROOT: root, CAIRN_NOW: now },
  });
}
