import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONTENT_PATHS } from '#core/model/content.ts';
import { cairn } from '../cli-harness.ts';
import { readTree } from '../helpers.ts';
import { cloneCairn, git, publishedCairn } from '../project-copy.ts';

const NOW = '2026-11-26T12:00:00Z';
/**
 * `npm install` is replaced through CAIRN_UPGRADE_INSTALL: the owner's copy links this project's
 * node_modules (a fresh install takes over 30 s here), and a real install would rewrite that
 * shared folder. The exit code of the replacement decides, as npm's would.
 */
const INSTALLED = { CAIRN_UPGRADE_INSTALL: 'touch .installed' };

/** Every file of the owner's content (CONTENT_PATHS), by path. */
function content(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of CONTENT_PATHS) {
    const full = join(dir, path);
    if (!existsSync(full)) continue;
    if (path.endsWith('/')) for (const [p, text] of Object.entries(readTree(full))) out[`${path}${p}`] = text;
    else out[path] = readFileSync(full, 'utf8');
  }
  return out;
}

/** An owner who ran `cairn init` and committed, and an upstream that then moved on. */
async function ownerBehindUpstream() {
  const { upstream, work } = publishedCairn();
  const owner = cloneCairn(upstream);
  const init = await cairn(
    owner,
    [
      'init',
      '--title',
      'Acme Status',
      '--url',
      'https://status.acme.test/',
      '--timezone',
      'UTC',
      '--component',
      'API=https://api.acme.test/health',
      '--probe-every',
      '15m',
    ],
    { now: NOW },
  );
  expect(init.stderr).toBe('');
  git(owner, 'add', '-A');
  git(owner, 'commit', '-qm', 'Our status page');
  const before = content(owner);

  // Upstream: a new version that changes code, removes a code file and changes the example's content.
  const pkg = JSON.parse(readFileSync(join(work, 'package.json'), 'utf8'));
  writeFileSync(join(work, 'package.json'), `${JSON.stringify({ ...pkg, version: '0.2.0' }, null, 2)}\n`);
  writeFileSync(join(work, 'scripts/dev/added-upstream.ts'), 'export const added = true;\n');
  rmSync(join(work, 'LICENSE'));
  writeFileSync(join(work, 'components.yml'), `${readFileSync(join(work, 'components.yml'), 'utf8')}  - id: ledger\n    name: Ledger\n`);
  writeFileSync(join(work, 'incidents/_templates/ledger.md'), '---\ntitle: Ledger down\n---\n\nThe ledger is down.\n');
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', 'Cairn 0.2.0');
  git(work, 'push', '-q', upstream, 'main');
  return { owner, upstream, before };
}

describe('cairn upgrade', () => {
  it("takes upstream's code in one commit naming the versions, and leaves the owner's content and schedule untouched", async () => {
    const { owner, upstream, before } = await ownerBehindUpstream();
    const run = await cairn(owner, ['upgrade', upstream, '--to', 'main'], { now: NOW, env: INSTALLED });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(existsSync(join(owner, '.installed'))).toBe(true);
    expect(existsSync(join(owner, 'scripts/dev/added-upstream.ts'))).toBe(true);
    expect(existsSync(join(owner, 'LICENSE'))).toBe(false);
    expect(JSON.parse(readFileSync(join(owner, 'package.json'), 'utf8')).version).toBe('0.2.0');
    expect(content(owner)).toEqual(before);
    expect(readFileSync(join(owner, '.github/workflows/probe.yml'), 'utf8')).toContain('cron: "*/15 * * * *"');
    expect(git(owner, 'log', '-1', '--format=%s')).toMatch(/^Upgrade Cairn 0\.1\.0 → 0\.2\.0 /);
    expect(git(owner, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(git(owner, 'rev-list', '--count', 'HEAD')).toBe('3\n');
  });

  it("keeps the secrets the owner passes to the probe and files the owner added, and removes only what was Cairn's", async () => {
    const { owner, upstream } = await ownerBehindUpstream();
    const workflow = join(owner, '.github/workflows/probe.yml');
    const probeStep = '        run: npx cairn probe --json > "$RUNNER_TEMP/probe.json"\n';
    const env = '        env:\n          STATUS_API_TOKEN: ${{ secrets.STATUS_API_TOKEN }}\n';
    expect(readFileSync(workflow, 'utf8')).toContain(probeStep);
    writeFileSync(workflow, readFileSync(workflow, 'utf8').replace(probeStep, probeStep + env));
    writeFileSync(join(owner, '.github/CODEOWNERS'), '* @acme/sre\n');
    writeFileSync(join(owner, 'public/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    git(owner, 'add', '-A');
    git(owner, 'commit', '-qm', 'Secrets, owners and a logo');

    const run = await cairn(owner, ['upgrade', upstream, '--to', 'main'], { now: NOW, env: INSTALLED });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain("Kept files that are yours, not Cairn's: .github/CODEOWNERS, public/logo.svg.");
    const upgraded = parse(readFileSync(workflow, 'utf8'));
    const step = upgraded.jobs.probe.steps.find((s: { name: string }) => s.name === 'Probe');
    expect(step.env).toEqual({ STATUS_API_TOKEN: '${{ secrets.STATUS_API_TOKEN }}' });
    expect(upgraded.on.schedule).toEqual([{ cron: '*/15 * * * *' }]);
    expect(readFileSync(join(owner, '.github/CODEOWNERS'), 'utf8')).toBe('* @acme/sre\n');
    expect(existsSync(join(owner, 'public/logo.svg'))).toBe(true);
    // Cairn's own file that the new version no longer has is gone.
    expect(existsSync(join(owner, 'LICENSE'))).toBe(false);
    expect(git(owner, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  });

  it('commits nothing and puts the tree back when the install fails', async () => {
    const { owner, upstream } = await ownerBehindUpstream();
    const head = git(owner, 'rev-parse', 'HEAD');
    const tree = readTree(join(owner, 'scripts'));
    const run = await cairn(owner, ['upgrade', upstream], { now: NOW, env: { CAIRN_UPGRADE_INSTALL: 'exit 3' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing was committed');
    expect(git(owner, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(owner, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    expect(readTree(join(owner, 'scripts'))).toEqual(tree);
    expect(existsSync(join(owner, 'LICENSE'))).toBe(true);
  });

  it('refuses on uncommitted changes, and without a source names how to give one', async () => {
    const { owner, upstream } = await ownerBehindUpstream();
    expect((await cairn(owner, ['upgrade'], { now: NOW })).stderr).toContain('no remote "upstream"');
    const other = join(owner, '..', 'other');
    git(join(owner, '..'), 'init', '-q', '-b', 'main', 'other');
    writeFileSync(join(other, 'notes.txt'), 'not Cairn\n');
    git(other, 'add', '-A');
    git(other, '-c', 'user.name=A', '-c', 'user.email=a@example.com', 'commit', '-qm', 'Notes');
    const wrong = await cairn(owner, ['upgrade', other], { now: NOW, env: INSTALLED });
    expect(wrong.stderr).toContain('is not Cairn');
    expect(git(owner, 'status', '--porcelain', '--untracked-files=no')).toBe('');
    // A file of the owner's that Git does not track, where the new version has one: kept, and the upgrade refused.
    writeFileSync(join(owner, 'scripts/dev/added-upstream.ts'), 'my own notes\n');
    const untracked = await cairn(owner, ['upgrade', upstream], { now: NOW, env: INSTALLED });
    expect(untracked.code).toBe(1);
    expect(untracked.stderr).toContain('has files where you have files Git does not track: scripts/dev/added-upstream.ts; move or commit them first');
    expect(readFileSync(join(owner, 'scripts/dev/added-upstream.ts'), 'utf8')).toBe('my own notes\n');
    rmSync(join(owner, 'scripts/dev/added-upstream.ts'));
    writeFileSync(join(owner, 'components.yml'), 'changed: true\n');
    const run = await cairn(owner, ['upgrade', upstream], { now: NOW, env: INSTALLED });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('uncommitted changes');
  });
});
