import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRepository } from '../../src/load.ts';
import { t, tempDir, testConfig, writeFiles } from '../helpers.ts';

/** What the build reads from a status repository's real Git history: authors and since when components were listed. */

const SITE = { title: 'T', url: 'https://status.t.example/', timezone: 'UTC' };

function commit(dir: string, who: string, at: string, message: string): void {
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync('git', ['-c', `user.name=${who}`, '-c', 'user.email=x@t.example', 'commit', '-qm', message], {
    cwd: dir,
    env: { ...process.env, GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at },
  });
}

function newRepository(): string {
  const dir = tempDir('cairn-history-');
  execFileSync('git', ['init', '-q', dir]);
  return dir;
}

describe('since when a component was listed', () => {
  it('counts from the owner’s own components.yml, not the example’s that came before "cairn init"', () => {
    const dir = newRepository();
    writeFiles(dir, { 'components.yml': testConfig({ api: 'name: API', search: 'name: Search' }, SITE) });
    commit(dir, 'Cairn', '2026-01-01T00:00:00Z', 'The example company');
    writeFiles(dir, { 'components.yml': testConfig({ api: 'name: Our API', payroll: 'name: Payroll' }, SITE), '.cairn-owner': '# ours\n' });
    commit(dir, 'Owner', '2026-11-20T00:00:00Z', 'Our status page');
    writeFiles(dir, { 'components.yml': testConfig({ api: 'name: Our API', payroll: 'name: Payroll', mail: 'name: Mail' }, SITE) });
    commit(dir, 'Owner', '2026-11-22T00:00:00Z', 'Mail');

    const since = Object.fromEntries(loadRepository(dir).repository!.listedSince);
    expect(since).toEqual({ api: t('2026-11-20T00:00:00Z'), payroll: t('2026-11-20T00:00:00Z'), mail: t('2026-11-22T00:00:00Z') });
  });

  it('counts from the first commit of components.yml where "cairn init" never ran', () => {
    const dir = newRepository();
    writeFiles(dir, { 'components.yml': testConfig({ api: 'name: API' }, SITE) });
    commit(dir, 'Owner', '2026-01-01T00:00:00Z', 'Status page');
    expect(loadRepository(dir).repository!.listedSince.get('api')).toBe(t('2026-01-01T00:00:00Z'));
  });
});

describe('the author of an entry without "author:"', () => {
  it('is who added the file, also after someone else renamed it', () => {
    const dir = newRepository();
    writeFiles(dir, {
      'components.yml': testConfig({ api: 'name: API' }, SITE),
      'incidents/2026-11-20-slow/index.md': '---\ntitle: Slow\nat: 2026-11-20T10:00:00Z\n---\nSlow.\n',
      'incidents/2026-11-20-slow/fixed.md': '---\nat: 2026-11-20T11:00:00Z\nstatus: resolved\n---\nFixed.\n',
    });
    commit(dir, 'Alice', '2026-11-20T11:00:00Z', 'Slow API');
    mkdirSync(join(dir, 'incidents/2026-11-20-api-slow'));
    renameSync(join(dir, 'incidents/2026-11-20-slow/index.md'), join(dir, 'incidents/2026-11-20-api-slow/index.md'));
    renameSync(join(dir, 'incidents/2026-11-20-slow/fixed.md'), join(dir, 'incidents/2026-11-20-api-slow/2026-11-20T1100-resolved.md'));
    commit(dir, 'Bob', '2026-11-21T09:00:00Z', 'Better names');

    const [incident] = loadRepository(dir).repository!.incidents;
    expect(incident!.entries.map((e) => [e.file, e.author])).toEqual([
      ['incidents/2026-11-20-api-slow/index.md', 'Alice'],
      ['incidents/2026-11-20-api-slow/2026-11-20T1100-resolved.md', 'Alice'],
    ]);
  });
});
