import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkoutData, pushData } from '../../scripts/automation/data-branch.ts';
import { fetchRef } from '../../scripts/automation/git.ts';
import { data } from '../../scripts/commands/data.ts';
import { remoteWith, runCommand, sh } from '../automation-fakes.ts';
import { CONFIG, ROOT } from '../helpers.ts';

const NOW = '2026-11-23T14:05:00Z';
const quiet = { dryRun: false, log: () => {} };

function appendLine(clone: string, component: string, line: string): void {
  mkdirSync(join(clone, 'status-data', component), { recursive: true });
  appendFileSync(join(clone, 'status-data', component, '2026-11-23.txt'), `${line}\n`);
}

/** The file as the remote's data branch holds it. */
function remoteFile(bare: string, path: string): string {
  return sh(bare, ['show', `status-data:${path}`]);
}

describe('the data branch', () => {
  it('is created when the remote has none, and main gets no commit from the probe', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG });
    const ci = remote.clone('ci');
    const mainBefore = sh(remote.bare, ['rev-parse', 'main']);

    const checkout = await runCommand(data, ['checkout'], { cwd: ci, now: NOW });
    expect(checkout).toMatchObject({ code: 0 });
    expect(checkout.stdout).toContain('started as a new branch status-data');
    expect(existsSync(join(ci, 'status-data', 'README.md'))).toBe(true);

    appendLine(ci, 'api', '2026-11-23T14:05:00Z up 120 200 - 1');
    // What a probe killed mid-write leaves behind is not data.
    writeFileSync(join(ci, 'status-data', 'api', '2026-11-23.txt.4242.0.tmp'), '2026-11-23T14:05:00Z up');
    const push = await runCommand(data, ['push'], { cwd: ci, now: NOW });
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/^Pushed [0-9a-f]{7} to status-data; status changed: api: up\n$/);

    expect(remoteFile(remote.bare, 'api/2026-11-23.txt')).toBe('2026-11-23T14:05:00Z up 120 200 - 1\n');
    expect(sh(remote.bare, ['log', '-1', '--format=%B', 'status-data'])).toBe('Probe results at 2026-11-23T14:05:00Z\n\napi: up\n\n');
    expect(sh(remote.bare, ['ls-tree', '-r', '--name-only', 'status-data'])).toBe('README.md\napi/2026-11-23.txt\n');
    expect(sh(remote.bare, ['rev-parse', 'main'])).toBe(mainBefore);
    // The data never shows up on main's side of the checkout either.
    expect(sh(ci, ['status', '--porcelain'])).toBe('');
  });

  it('asks for a deploy only when a component changes status', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG });
    const ci = remote.clone('ci');
    await runCommand(data, ['checkout'], { cwd: ci, now: NOW });
    appendLine(ci, 'api', '2026-11-23T14:00:00Z up 120 200 - 1');
    await runCommand(data, ['push'], { cwd: ci, now: NOW });

    const output = join(ci, '..', 'github-output');
    writeFileSync(output, '');
    const push = () => runCommand(data, ['push'], { cwd: ci, now: NOW, env: { GITHUB_OUTPUT: output } });
    appendLine(ci, 'api', '2026-11-23T14:05:00Z up 130 200 - 1');
    expect((await push()).stdout).toContain('; no status changed');
    appendLine(ci, 'api', '2026-11-23T14:10:00Z down 5000 - timeout 3');
    expect((await push()).stdout).toContain('; status changed: api: up → down');
    appendLine(ci, 'api', '2026-11-23T14:15:00Z down 5000 - timeout 3');
    appendLine(ci, 'web', '2026-11-23T14:15:00Z degraded 2500 200 - 1');
    expect((await push()).stdout).toContain('; status changed: web: degraded');
    expect(readFileSync(output, 'utf8')).toBe('deploy=false\ndeploy=true\ndeploy=true\n');
    expect(sh(remote.bare, ['log', '-1', '--format=%B', 'status-data'])).toBe('Probe results at 2026-11-23T14:05:00Z\n\nweb: degraded\n\n');
  });

  /** A data branch whose API was up at 14:00, and two runs that start from it. */
  function twoRuns() {
    const remote = remoteWith({ 'components.yml': CONFIG });
    const first = remote.clone('ci');
    checkoutData({ root: first, remote: 'origin', branch: 'status-data' });
    appendLine(first, 'api', '2026-11-23T14:00:00Z up 100 200 - 1');
    pushData({ root: first, remote: 'origin', branch: 'status-data' }, quiet, () => 'first\n');
    const a = remote.clone('run-a');
    const b = remote.clone('run-b');
    for (const clone of [a, b]) checkoutData({ root: clone, remote: 'origin', branch: 'status-data' });
    return { remote, a, b };
  }

  it('keeps the results of both runs when another push wins the race', async () => {
    // Two runs start from the same data and both append to the same day file.
    const { remote, a, b } = twoRuns();
    appendLine(a, 'api', '2026-11-23T14:05:00Z up 110 200 - 1');
    appendLine(a, 'web', '2026-11-23T14:05:00Z up 90 200 - 1');
    appendLine(b, 'api', '2026-11-23T14:05:30Z down 0 - refused 3');
    const log: string[] = [];
    expect(pushData({ root: a, remote: 'origin', branch: 'status-data' }, quiet, () => 'run a\n').attempts).toBe(1);
    const pushed = pushData({ root: b, remote: 'origin', branch: 'status-data' }, { dryRun: false, log: (l) => log.push(l) }, () => 'run b\n');

    expect(pushed.attempts).toBe(2);
    expect(log).toEqual(["status-data moved on origin; rebasing this run's results onto it (attempt 2 of 30)"]);
    expect(remoteFile(remote.bare, 'api/2026-11-23.txt')).toBe(
      ['2026-11-23T14:00:00Z up 100 200 - 1', '2026-11-23T14:05:00Z up 110 200 - 1', '2026-11-23T14:05:30Z down 0 - refused 3', ''].join('\n'),
    );
    expect(remoteFile(remote.bare, 'web/2026-11-23.txt')).toBe('2026-11-23T14:05:00Z up 90 200 - 1\n');
    expect(sh(remote.bare, ['log', '--format=%s', 'status-data'])).toBe('run b\nrun a\nfirst\nStart the status-data branch for probe results\n');
  });

  it('after losing a race, measures status changes against the winning run, and says so', () => {
    // Both runs see the API go down; the first to push reports the change, the other has none left.
    const { remote, a, b } = twoRuns();
    appendLine(a, 'api', '2026-11-23T14:05:00Z down 0 - refused 3');
    appendLine(b, 'api', '2026-11-23T14:05:30Z down 0 - refused 3');
    const say = (changes: Array<{ component: string; to: string }>) => `run: ${changes.map((c) => `${c.component} ${c.to}`).join(', ') || 'no change'}\n`;
    expect(pushData({ root: a, remote: 'origin', branch: 'status-data' }, quiet, say).changes).toEqual([{ component: 'api', from: 'up', to: 'down' }]);
    const pushed = pushData({ root: b, remote: 'origin', branch: 'status-data' }, quiet, say);
    expect(pushed.attempts).toBe(2);
    expect(pushed.changes).toEqual([]);
    expect(sh(remote.bare, ['log', '--format=%s', 'status-data'])).toBe(
      'run: no change\nrun: api down\nfirst\nStart the status-data branch for probe results\n',
    );
  });

  it('loses nothing when several runs push at the same moment', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG });
    const seed = remote.clone('ci');
    checkoutData({ root: seed, remote: 'origin', branch: 'status-data' });
    pushData({ root: seed, remote: 'origin', branch: 'status-data' }, quiet, () => 'start\n');

    const runs = Array.from({ length: 4 }, (_, i) => {
      const clone = remote.clone(`run-${i}`);
      checkoutData({ root: clone, remote: 'origin', branch: 'status-data' });
      appendLine(clone, 'api', `2026-11-23T14:0${i}:00Z up ${100 + i} 200 - 1`);
      return clone;
    });
    // Separate processes, released together: real concurrent pushes to one remote.
    const script = `import { pushData } from ${JSON.stringify(join(ROOT, 'scripts/automation/data-branch.ts'))};
const r = pushData({ root: process.argv[1], remote: 'origin', branch: 'status-data' }, { dryRun: false, log: () => {} }, () => 'run\\n');
console.log(r.attempts);`;
    const attempts = await Promise.all(
      runs.map(
        (clone) =>
          new Promise<number>((resolve, reject) => {
            const child = spawn(join(ROOT, 'node_modules/.bin/node'), ['--input-type=module', '-e', script, clone], { cwd: ROOT });
            let out = '';
            let err = '';
            child.stdout.on('data', (d) => (out += d));
            child.stderr.on('data', (d) => (err += d));
            child.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(err))));
          }),
      ),
    );

    expect(attempts.every((n) => n >= 1)).toBe(true);
    expect(remoteFile(remote.bare, 'api/2026-11-23.txt').trim().split('\n')).toEqual([0, 1, 2, 3].map((i) => `2026-11-23T14:0${i}:00Z up ${100 + i} 200 - 1`));
  });

  it('says what it would push in a dry run, and pushes nothing', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG });
    const ci = remote.clone('ci');
    await runCommand(data, ['checkout'], { cwd: ci, now: NOW });
    appendLine(ci, 'api', '2026-11-23T14:05:00Z down 0 - dns 3');
    const dry = await runCommand(data, ['push', '--dry-run'], { cwd: ci, now: NOW });
    expect(dry.stdout).toBe(
      'would run: git commit   # in status-data/: Probe results at 2026-11-23T14:05:00Z\nwould run: git push origin HEAD:refs/heads/status-data\n',
    );
    expect(sh(remote.bare, ['branch', '--list', 'status-data'])).toBe('');
  });

  it('refuses to take over a status-data folder that is not a checkout of the branch', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG });
    const ci = remote.clone('ci');
    appendLine(ci, 'api', '2026-11-23T14:05:00Z up 1 200 - 1');
    const r = await runCommand(data, ['checkout'], { cwd: ci, now: NOW });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('status-data/ holds files but is not a checkout of the status-data branch: move them away first');
    expect(readFileSync(join(ci, 'status-data/api/2026-11-23.txt'), 'utf8')).toContain('up 1 200');
  });

  it('uses the branch named in components.yml', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG.replace('groups:', 'probe:\n  data_branch: probe-results\ngroups:') });
    const ci = remote.clone('ci');
    await runCommand(data, ['checkout'], { cwd: ci, now: NOW });
    appendLine(ci, 'api', '2026-11-23T14:05:00Z up 1 200 - 1');
    await runCommand(data, ['push'], { cwd: ci, now: NOW });
    expect(sh(remote.bare, ['show', 'probe-results:api/2026-11-23.txt'])).toBe('2026-11-23T14:05:00Z up 1 200 - 1\n');
    expect(sh(remote.bare, ['branch', '--format=%(refname:short)']).trim().split('\n')).toEqual(['main', 'probe-results']);
  });

  it('leaves the history of main whole in a complete clone, and fetches tips only in a shallow one', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG });
    const person = remote.clone('operator');
    const runner = remote.clone('ci', true);
    for (const clone of [person, runner]) checkoutData({ root: clone, remote: 'origin', branch: 'status-data' });
    appendLine(person, 'api', '2026-11-23T14:05:00Z up 1 200 - 1');
    pushData({ root: person, remote: 'origin', branch: 'status-data' }, quiet, () => 'data\n');
    const other = remote.clone('other');
    writeFileSync(join(other, 'README.md'), 'more\n');
    sh(other, ['add', '.']);
    sh(other, ['commit', '--quiet', '-m', 'More']);
    sh(other, ['push', '--quiet', 'origin', 'main']);

    fetchRef(person, 'origin', 'refs/heads/main', 'refs/cairn/base');
    expect(sh(person, ['rev-list', '--count', 'refs/cairn/base']).trim()).toBe('2');
    fetchRef(runner, 'origin', 'refs/heads/main', 'refs/cairn/base');
    expect(sh(runner, ['rev-list', '--count', 'refs/cairn/base']).trim()).toBe('1');
  });
});
