import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, SCHEMA_FILE } from '#core/model/json-schema.ts';
import { EXAMPLE_NOW, ROOT } from '../helpers.ts';

const cairn = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts/cairn.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });

describe('the example repository', () => {
  it('passes cairn check at the time of its story, and today', () => {
    const atStory = cairn(['check'], { CAIRN_NOW: EXAMPLE_NOW });
    expect(atStory.stdout).toBe('No problems found.\n');
    expect(atStory.status).toBe(0);
    // Later, the active incident goes stale: a warning, never an error.
    const later = cairn(['check'], { CAIRN_NOW: '2027-06-01T00:00:00Z' });
    expect(later.status).toBe(0);
    expect(later.stdout).toMatch(/warning .* stale-incident/);
  });

  it('references a JSON Schema that matches the zod schema', () => {
    expect(readFileSync(join(ROOT, 'components.yml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\/schema\/components\.schema\.json/);
    const committed = JSON.parse(readFileSync(join(ROOT, SCHEMA_FILE), 'utf8'));
    expect(committed, 'run `npm run schema` after changing the config schema').toEqual(configJsonSchema());
  });

  it('runs on the pinned Node 24', () => {
    expect(execFileSync(process.execPath, ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
  });
});

describe('the lock file', () => {
  it('records every optional dependency of every locked package, so `npm ci` works on a clean machine', () => {
    // npm leaves out platform packages that its registry does not serve; `npm ci` then refuses.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { optionalDependencies?: Record<string, string> }>;
    };
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !lock.packages[`node_modules/${name}`] && !lock.packages[`${path}/node_modules/${name}`])
        .map((name) => `${name} (of ${path})`),
    );
    expect(missing).toEqual([]);
  });
});
