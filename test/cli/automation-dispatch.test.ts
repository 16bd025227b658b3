import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../scripts/commands/dispatch.ts';
import { actionsEnv, fakeGitHub, remoteWith, runCommand, scratch, sh } from '../automation-fakes.ts';
import { CONFIG } from '../helpers.ts';

/**
 * Writing from other systems: a repository_dispatch payload becomes an incident through the CLI's
 * own writer. Real Git; GitHub's REST API is the local stand-in of automation-fakes.ts.
 */

const NOW = '2026-11-23T14:05:00Z';
const ALLOWS_PAYLOAD_PUBLISH = CONFIG.replace('  timezone: Europe/Berlin\n', '  timezone: Europe/Berlin\n  auto_incidents:\n    allow_payload_publish: true\n');
const PAYLOAD = { title: 'Checkout errors', status: 'investigating', impact: 'major', message: 'Some payments fail.', components: 'api:major_outage,db' };

async function setup(config = CONFIG) {
  const remote = remoteWith({ 'components.yml': config, 'incidents/.gitkeep': '' });
  const github = await fakeGitHub(remote);
  const ci = remote.clone('ci');
  const output = join(scratch(), 'output');
  writeFileSync(output, '');
  const send = (payload: unknown, flags: string[] = []) =>
    runCommand(dispatch, ['--payload', '-', ...flags], {
      cwd: ci,
      env: actionsEnv(github, { GITHUB_OUTPUT: output }),
      now: NOW,
      stdin: JSON.stringify(payload),
    });
  return { remote, github, ci, send, output: () => readFileSync(output, 'utf8') };
}

describe('cairn dispatch', () => {
  it('opens a pull request for a new incident with source: api', async () => {
    const { remote, github, send, output } = await setup();
    const r = await send(PAYLOAD);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      'Opened pull request #1 from cairn/api/2026-11-23-checkout-errors: Incident from the API: Checkout errors (https://github.com/acme/status/pull/1)\n',
    );
    expect(github.pulls[0]).toMatchObject({ title: 'Incident from the API: Checkout errors', labels: ['incident', 'api'], base: { ref: 'main' } });
    expect(sh(remote.bare, ['show', 'cairn/api/2026-11-23-checkout-errors:incidents/2026-11-23-checkout-errors/index.md'])).toBe(
      [
        '---',
        'title: Checkout errors',
        'impact: major',
        'status: investigating',
        'at: 2026-11-23T15:05:00+01:00',
        'components:',
        '  api: major_outage',
        '  db: partial_outage',
        'source: api',
        'author: API',
        '---',
        'Some payments fail.',
        '',
      ].join('\n'),
    );
    expect(output()).toBe('published=false\n');
  });

  it('gives a second pull request with the same title a branch and an id of its own', async () => {
    const { remote, github, send } = await setup();
    expect((await send({ ...PAYLOAD, message: 'First report.' })).code).toBe(0);
    const second = await send({ ...PAYLOAD, message: 'Second report.' });
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toContain('from cairn/api/2026-11-23-checkout-errors-2:');
    expect(github.pulls.map((p) => p.head.ref)).toEqual(['cairn/api/2026-11-23-checkout-errors', 'cairn/api/2026-11-23-checkout-errors-2']);
    expect(sh(remote.bare, ['show', 'cairn/api/2026-11-23-checkout-errors:incidents/2026-11-23-checkout-errors/index.md'])).toContain('First report.');
    expect(sh(remote.bare, ['show', 'cairn/api/2026-11-23-checkout-errors-2:incidents/2026-11-23-checkout-errors-2/index.md'])).toContain('Second report.');
  });

  it('commits straight to main when the payload says publish: immediate and the repository allows it, and posts updates the same way', async () => {
    const { remote, github, ci, send, output } = await setup(ALLOWS_PAYLOAD_PUBLISH);
    expect((await send({ ...PAYLOAD, publish: 'immediate' })).stdout).toBe('Committed incidents/2026-11-23-checkout-errors/index.md to main\n');
    // Nothing is written into the checkout: the next "git pull" just brings the commit.
    expect(sh(ci, ['status', '--porcelain'])).toBe('');
    // A workflow started by hand sends its empty inputs as "".
    const resolved = await send({
      incident: '2026-11-23-checkout-errors',
      title: '',
      status: 'resolved',
      impact: '',
      components: '',
      message: 'Payments work again.',
      publish: 'immediate',
    });
    expect(resolved.stdout).toBe('Committed incidents/2026-11-23-checkout-errors/2026-11-23T1505-resolved.md to main\n');
    expect(sh(remote.bare, ['log', '--format=%s', 'main'])).toBe(
      'Update from the API: Checkout errors\nIncident from the API: Checkout errors\nStart the status repository\n',
    );
    expect(github.requests).toEqual([]);
    expect(output()).toBe('published=true\npublished=true\n');
  });

  it('refuses what cairn check would refuse, and pushes nothing', async () => {
    const { remote, github, send } = await setup();
    const unknown = await send({ ...PAYLOAD, components: 'payments' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('refused, nothing was written');
    expect(unknown.stderr).toContain('payments');
    const noMessage = await send({ title: 'Checkout errors' });
    expect(noMessage.stderr).toBe('the payload is not accepted: message: Add a message: what readers should know');
    const both = await send({ title: 'A', incident: 'b', message: 'c' });
    expect(both.stderr).toBe('the payload needs either a title (a new incident) or an incident id (an update to it), not both');
    const twoLines = await send({ ...PAYLOAD, title: 'Checkout\nerrors' });
    expect(twoLines.stderr).toBe('the payload is not accepted: title: Expected a title on one line');
    const long = await send({ ...PAYLOAD, title: 'x'.repeat(201) });
    expect(long.stderr).toBe('the payload is not accepted: title: Expected a title of at most 200 characters');
    const status = await send({ ...PAYLOAD, status: 'fixed' });
    expect(status.stderr).toBe('--status "fixed" is not accepted; expected investigating, identified, monitoring, resolved');
    expect(sh(remote.bare, ['branch', '--list', 'cairn/*'])).toBe('');
    expect(github.requests).toEqual([]);
  });

  it('leaves no branch behind when GitHub refuses the pull request, so a run after the fix takes the same id', async () => {
    const { remote, github, send } = await setup();
    github.refuseCreate = true;
    const refused = await send(PAYLOAD);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not permitted to create or approve pull requests');
    expect(sh(remote.bare, ['branch', '--list', 'cairn/*'])).toBe('');
    github.refuseCreate = false;
    const opened = await send(PAYLOAD);
    expect(opened.stdout).toContain('from cairn/api/2026-11-23-checkout-errors:');
  });

  it('prints what it would push and call in a dry run', async () => {
    const { remote, github, send } = await setup();
    const dry = await send(PAYLOAD, ['--dry-run']);
    expect(dry.stdout.split('\n')).toEqual([
      expect.stringMatching(
        /^would run: git push --force-with-lease=refs\/heads\/cairn\/api\/2026-11-23-checkout-errors: origin [0-9a-f]{40}:refs\/heads\/cairn\/api\/2026-11-23-checkout-errors {3}# Incident from the API: Checkout errors$/,
      ),
      expect.stringMatching(
        /^would call: POST \/repos\/acme\/status\/pulls \{"title":"Incident from the API: Checkout errors","head":"cairn\/api\/2026-11-23-checkout-errors","base":"main",/,
      ),
      'would call: POST /repos/acme/status/issues/<new pull request>/labels {"labels":["incident","api"]}',
      'Would open a pull request from cairn/api/2026-11-23-checkout-errors: Incident from the API: Checkout errors',
      '',
    ]);
    expect(github.requests).toEqual([]);
    expect(sh(remote.bare, ['branch', '--list', 'cairn/*'])).toBe('');
  });

  it('opens a pull request when a payload asks for publish: immediate in a repository that reviews, and says why', async () => {
    const { remote, github, send, output } = await setup();
    const main = sh(remote.bare, ['rev-parse', 'main']);
    const r = await send({ ...PAYLOAD, publish: 'immediate' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('The payload asks for publish: immediate, but this repository reviews incidents');
    expect(r.stderr).toContain('site.auto_incidents.allow_payload_publish: true');
    expect(r.stdout).toMatch(/^Opened pull request #1 from cairn\/api\/2026-11-23-checkout-errors/);
    expect(sh(remote.bare, ['rev-parse', 'main'])).toBe(main);
    expect(github.pulls).toHaveLength(1);
    expect(output()).toBe('published=false\n');
    // The workflow's own --publish still decides.
    const flagged = await send({ ...PAYLOAD, title: 'Search slow' }, ['--publish', 'immediate']);
    expect(flagged.stdout).toBe('Committed incidents/2026-11-23-search-slow/index.md to main\n');
  });

  it('names the incident to update by its full id only', async () => {
    const { remote, github, send } = await setup(ALLOWS_PAYLOAD_PUBLISH);
    await send({ ...PAYLOAD, publish: 'immediate' });
    const main = sh(remote.bare, ['rev-parse', 'main']);
    for (const incident of ['2026-11-23-checkout', 'checkout-errors', 'checkout', '2026-11-23-CHECKOUT-ERRORS']) {
      const r = await send({ incident, status: 'resolved', message: 'Fixed.', publish: 'immediate' });
      expect(r.code, incident).toBe(1);
      expect(r.stderr).toBe(`no incident has the id "${incident}"; a payload names the full id, such as 2026-11-23-checkout-errors (cairn list shows them)`);
    }
    expect(sh(remote.bare, ['rev-parse', 'main'])).toBe(main);
    expect(github.requests).toEqual([]);
  });

  it('writes nothing into the working tree in a dry run, for a pull request or a commit', async () => {
    const { ci, send } = await setup(ALLOWS_PAYLOAD_PUBLISH);
    for (const flags of [[], ['--publish', 'immediate']]) {
      const dry = await send(PAYLOAD, ['--dry-run', ...flags]);
      expect(dry.code).toBe(0);
      expect(sh(ci, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
    }
    const update = await send({ incident: '2026-11-23-checkout-errors', message: 'x' }, ['--dry-run']);
    expect(update.code).toBe(1); // no such incident: the dry run wrote none
    expect(sh(ci, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
  });
});
