import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fold } from '#core/derive/timeline.ts';
import { readRepository } from '#core/parse/repository.ts';
import { gitHub } from '../../scripts/automation/github.ts';
import { openAutoPulls } from '../../scripts/automation/pull-requests.ts';
import { data } from '../../scripts/commands/data.ts';
import { probe } from '../../scripts/commands/probe.ts';
import { propose } from '../../scripts/commands/propose.ts';
import { actionsEnv, type FakeGitHub, fakeGitHub, localServer, type Remote, remoteWith, runCommand, scratch, sh, TOKEN } from '../automation-fakes.ts';
import { readTree } from '../helpers.ts';

/**
 * The auto-incident pull request lifecycle end to end: the real probe checks a real HTTP endpoint
 * on 127.0.0.1, real Git pushes to a bare repository, and GitHub's REST API, which cannot be
 * reached from here, is a local stand-in that records every call (see automation-fakes.ts).
 */

let healthy = true;
let port = 0;
beforeAll(async () => {
  const url = await localServer((_req, res) => {
    res.writeHead(healthy ? 200 : 503, { 'content-type': 'text/plain' });
    res.end(healthy ? 'ok' : 'unavailable');
  });
  port = Number(new URL(url).port);
});

function config(autoIncidents = ''): string {
  return `site:
  title: Acme Status
  url: https://acme.github.io/status/
  timezone: UTC
  auto_incidents:
    cooldown: 30m
${autoIncidents}components:
  - id: api
    name: API
    probe:
      url: http://127.0.0.1:${port}/health
      retries: 0
      timeout: 2s
      failure_threshold: 2
      success_threshold: 2
`;
}

const ID = '2026-11-23-api-down';
const at = (hhmm: string) => `2026-11-23T${hhmm}:00Z`;

interface Setup {
  remote: Remote;
  github: FakeGitHub;
  /** One run of probe.yml's steps, in a fresh shallow checkout as on a runner, at `hhmm`. */
  run(
    hhmm: string,
    options?: { dryRun?: boolean },
  ): Promise<{
    actions: Array<{ kind: string; incident: string }>;
    applied: { code: number; stdout: string; stderr: string };
    merged: { code: number; stdout: string; stderr: string };
    output: string;
    /** What the merge step (a step of its own in probe.yml) told the workflow. */
    mergeOutput: string;
  }>;
}

async function setup(autoIncidents = ''): Promise<Setup> {
  const remote = remoteWith({ 'components.yml': config(autoIncidents), '.gitignore': 'status-data/\n', 'incidents/.gitkeep': '' });
  const github = await fakeGitHub(remote);
  const env = actionsEnv(github);
  return {
    remote,
    github,
    async run(hhmm, options = {}) {
      const now = at(hhmm);
      github.now = now;
      const ci = remote.clone('ci', true);
      const output = join(scratch(), 'github-output');
      writeFileSync(output, '');
      const dry = options.dryRun ? ['--dry-run'] : [];
      expect(await runCommand(data, ['checkout'], { cwd: ci, now })).toMatchObject({ code: 0 });
      expect(await runCommand(propose, ['prepare', ...dry], { cwd: ci, env, now })).toMatchObject({ code: 0 });
      const probed = await runCommand(probe, ['--json'], { cwd: ci, env, now });
      expect(probed).toMatchObject({ code: 0 });
      const applied = await runCommand(propose, ['apply', '-', ...dry], { cwd: ci, env: { ...env, GITHUB_OUTPUT: output }, now, stdin: probed.stdout });
      const mergeOutput = join(scratch(), 'github-output');
      writeFileSync(mergeOutput, '');
      const merged = await runCommand(propose, ['merge', ...dry], { cwd: ci, env: { ...env, GITHUB_OUTPUT: mergeOutput }, now });
      if (!options.dryRun) expect(await runCommand(data, ['push'], { cwd: ci, now })).toMatchObject({ code: 0 });
      return {
        actions: JSON.parse(probed.stdout).actions,
        applied,
        merged,
        output: readFileSync(output, 'utf8'),
        mergeOutput: readFileSync(mergeOutput, 'utf8'),
      };
    },
  };
}

/** The incident as the main branch of the remote has it. */
function published(remote: Remote, id: string) {
  const files = sh(remote.bare, ['ls-tree', '-r', '--name-only', 'main', 'incidents/'])
    .split('\n')
    .filter((p) => p.startsWith(`incidents/${id}/`));
  const { repository } = readRepository({
    config: { path: 'components.yml', text: sh(remote.bare, ['show', 'main:components.yml']) },
    incidentFiles: files.map((path) => ({ path, text: sh(remote.bare, ['show', `main:${path}`]) })),
  });
  return repository!.incidents.find((i) => i.id === id);
}

function calls(github: FakeGitHub): string[] {
  return github.take().map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`);
}

describe('auto-incident pull requests', () => {
  it('draft → updated by a reviewer → merged → resolved in a pull request of its own', async () => {
    const { remote, github, run } = await setup();
    const mainAtStart = sh(remote.bare, ['rev-parse', 'main']);
    healthy = false;
    expect((await run('10:00')).actions).toEqual([]);
    expect(calls(github)).toEqual(['GET /repos/acme/status/pulls', 'GET /repos/acme/status/pulls']);

    const second = await run('10:05');
    expect(second.actions).toMatchObject([{ kind: 'open', incident: ID }]);
    expect(second.applied.stdout).toBe(`Opened pull request #1 from cairn/auto/${ID}: Draft incident: API is down (https://github.com/acme/status/pull/1)\n`);
    const made = github.take();
    expect(made.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/acme/status/pulls?state=open&sort=updated&direction=desc&per_page=100',
      'GET /repos/acme/status/pulls?state=closed&sort=updated&direction=desc&per_page=100',
      'GET /repos/acme/status/pulls?state=open&sort=updated&direction=desc&per_page=100',
      'POST /repos/acme/status/pulls',
      'POST /repos/acme/status/issues/1/labels',
    ]);
    expect(made.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(made[3]!.body).toMatchObject({ title: 'Draft incident: API is down', head: `cairn/auto/${ID}`, base: 'main' });
    expect(made[4]!.body).toEqual({ labels: ['incident', 'auto'] });
    const body: string = made[3]!.body.body;
    expect(body).toContain('The probe drafted an incident: **`API is down`**. Nothing is published until this pull request is merged.');
    expect(body).toContain('> 2 consecutive checks failed since 2026-11-23T10:00:00Z: HTTP 503, expected 200-399 (status)');
    expect(body).toContain('| 23 Nov 2026, 10:05 UTC | Down | HTTP 503, expected 200-399 (status) |');
    expect(body).toContain('| 23 Nov 2026, 10:00 UTC | Down | HTTP 503, expected 200-399 (status) |');
    expect(body).toContain(
      `- **Close without merging** discards it: nothing is published, and the probe drafts no new incident for API for 30m (the cooldown).`,
    );
    // Main got nothing: the draft lives on its branch.
    expect(sh(remote.bare, ['rev-parse', 'main'])).toBe(mainAtStart);
    expect(sh(remote.bare, ['show', `cairn/auto/${ID}:incidents/${ID}/index.md`])).toContain('source: auto:uptime');

    // A reviewer rewrites the message on the branch; later runs keep their words.
    const reviewer = remote.clone('reviewer');
    sh(reviewer, ['checkout', '--quiet', `cairn/auto/${ID}`]);
    const index = join(reviewer, 'incidents', ID, 'index.md');
    const draft = readFileSync(index, 'utf8');
    writeFileSync(index, `${draft.slice(0, draft.indexOf('\n---\n') + 5)}The API answers with errors. We are on it.\n`);
    sh(reviewer, ['commit', '--quiet', '-am', 'Reword the draft']);
    sh(reviewer, ['push', '--quiet', 'origin', `cairn/auto/${ID}`]);
    const edited = sh(remote.bare, ['rev-parse', `cairn/auto/${ID}`]);

    const third = await run('10:10');
    expect(third.actions).toEqual([]);
    expect(calls(github)).not.toContain('POST /repos/acme/status/pulls');
    expect(sh(remote.bare, ['rev-parse', `cairn/auto/${ID}`])).toBe(edited);

    github.merge(1, at('10:12'));
    expect(fold(published(remote, ID)!, Date.parse(at('10:12'))).status).toBe('investigating');
    expect(published(remote, ID)!.entries[0]!.body).toBe('The API answers with errors. We are on it.\n');
    expect((await run('10:15')).actions).toEqual([]);

    healthy = true;
    expect((await run('10:20')).actions).toEqual([]);
    const recovered = await run('10:25');
    expect(recovered.actions).toMatchObject([{ kind: 'resolve', incident: ID }]);
    expect(recovered.applied.stdout).toBe(
      `Opened pull request #2 from cairn/auto/${ID}-resolved: Resolve incident: API is down (https://github.com/acme/status/pull/2)\n`,
    );
    expect(github.pulls[1]).toMatchObject({ title: 'Resolve incident: API is down', labels: ['incident', 'auto'], base: { ref: 'main' } });
    expect(github.pulls[1]!.body).toContain(
      'The probe saw **API** recover and drafted the resolution of [`API is down`](https://acme.github.io/status/incidents/2026-11-23-api-down/)',
    );
    expect(github.pulls[1]!.body).toContain('- **Merge** marks the incident resolved at 23 Nov 2026, 10:20 UTC on the status page');
    github.take();

    // While the resolution waits for review, the probe does not propose it again.
    expect((await run('10:30')).actions).toEqual([]);
    expect(calls(github)).not.toContain('POST /repos/acme/status/pulls');

    github.merge(2, at('10:32'));
    const final = fold(published(remote, ID)!, Date.parse(at('10:32')));
    expect(final).toMatchObject({ status: 'resolved', resolvedAt: Date.parse(at('10:20')) });
    // main's history is people's: merges of reviewed pull requests, no probe results.
    expect(sh(remote.bare, ['log', '--first-parent', '--format=%s', 'main']).trim().split('\n')).toEqual([
      `Merge pull request #2 from cairn/auto/${ID}-resolved`,
      `Merge pull request #1 from cairn/auto/${ID}`,
      'Start the status repository',
    ]);
    expect(sh(remote.bare, ['log', '--format=%s', 'main']).trim().split('\n').sort()).toEqual([
      'Draft incident: API is down',
      `Merge pull request #1 from cairn/auto/${ID}`,
      `Merge pull request #2 from cairn/auto/${ID}-resolved`,
      'Resolve incident: API is down',
      'Reword the draft',
      'Start the status repository',
    ]);
    // Every run's result is on the data branch.
    expect(
      sh(remote.bare, ['show', 'status-data:api/2026-11-23.txt'])
        .trim()
        .split('\n')
        .map((l) => l.split(' ').slice(0, 2).join(' ')),
    ).toEqual([
      '2026-11-23T10:00:00Z down',
      '2026-11-23T10:05:00Z down',
      '2026-11-23T10:10:00Z down',
      '2026-11-23T10:15:00Z down',
      '2026-11-23T10:20:00Z up',
      '2026-11-23T10:25:00Z up',
      '2026-11-23T10:30:00Z up',
    ]);
  });

  it('adds the recovery to the open pull request, so merging publishes the incident resolved', async () => {
    const { remote, github, run } = await setup();
    healthy = false;
    await run('10:00');
    await run('10:05');
    github.take();
    healthy = true;
    await run('10:10');
    const recovered = await run('10:15');
    expect(recovered.actions).toMatchObject([{ kind: 'resolve', incident: ID }]);
    expect(recovered.applied.stdout).toBe(`Added incidents/${ID}/2026-11-23T1010-resolved.md to pull request #1 (https://github.com/acme/status/pull/1)\n`);
    const made = github.take().filter((r) => r.method !== 'GET');
    expect(made.map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /repos/acme/status/pulls/1', 'POST /repos/acme/status/issues/1/comments']);
    expect(made[0]!.body.title).toBe('Draft incident: API is down (recovered)');
    expect(made[0]!.body.body).toContain('- **Merge** publishes the incident, already resolved');
    expect(made[1]!.body.body).toBe(
      `The probe saw API recover: 2 consecutive checks succeeded since 2026-11-23T10:10:00Z; lasted 10m.\n\nThe resolution is now on this branch (\`incidents/${ID}/2026-11-23T1010-resolved.md\`): merging publishes the incident already resolved.`,
    );
    expect(sh(remote.bare, ['log', '--format=%s', `cairn/auto/${ID}`, '-2'])).toBe('Resolve incident: API is down\nDraft incident: API is down\n');
    expect(github.pulls).toHaveLength(1);

    github.merge(1, at('10:17'));
    expect(fold(published(remote, ID)!, Date.parse(at('10:17')))).toMatchObject({ status: 'resolved', resolvedAt: Date.parse(at('10:10')) });
    expect((await run('10:20')).actions).toEqual([]);
  });

  it('draft → closed without merging → no new draft within the cooldown, then one of its own', async () => {
    const { github, run } = await setup();
    healthy = false;
    await run('10:00');
    await run('10:05');
    // The branch is deleted on closing; the pull request's head ref remains, as on GitHub.
    github.close(1, at('10:07'), true);
    github.take();
    for (const hhmm of ['10:10', '10:20', '10:30', '10:35']) {
      expect((await run(hhmm)).actions).toEqual([]);
    }
    expect(calls(github)).not.toContain('POST /repos/acme/status/pulls');

    const after = await run('10:40');
    expect(after.actions).toMatchObject([{ kind: 'open', incident: `${ID}-2` }]);
    expect(after.applied.stdout).toContain(`Opened pull request #2 from cairn/auto/${ID}-2: Draft incident: API is down`);
    // The new draft counts from the first failure after the old one was discarded.
    expect(github.pulls[1]!.body).toContain('> 5 consecutive checks failed since 2026-11-23T10:10:00Z');
  });

  it('publishes and resolves straight on main with publish: immediate and resolve: immediate', async () => {
    const { remote, github, run } = await setup('    publish: immediate\n    resolve: immediate\n');
    healthy = false;
    await run('10:00');
    const opened = await run('10:05');
    expect(opened.applied.stdout).toBe(`Committed incidents/${ID}/index.md to main\n`);
    expect(opened.output).toBe('published=true\n');
    expect(fold(published(remote, ID)!, Date.parse(at('10:05'))).status).toBe('investigating');
    healthy = true;
    await run('10:10');
    const resolved = await run('10:15');
    expect(resolved.applied.stdout).toBe(`Committed incidents/${ID}/2026-11-23T1010-resolved.md to main\n`);
    expect(fold(published(remote, ID)!, Date.parse(at('10:15'))).status).toBe('resolved');
    expect(calls(github).filter((c) => !c.startsWith('GET'))).toEqual([]);
    expect(sh(remote.bare, ['log', '--format=%s', 'main'])).toBe('Resolve incident: API is down\nPublish incident: API is down\nStart the status repository\n');
  });

  it('prints the pushes and API calls of a dry run without making them', async () => {
    const { remote, github, run } = await setup();
    healthy = false;
    await run('10:00');
    const dry = await run('10:05', { dryRun: true });
    expect(dry.actions).toMatchObject([{ kind: 'open', incident: ID }]);
    const lines = dry.applied.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^would run: git push --force origin [0-9a-f]{40}:refs/heads/cairn/auto/${ID}   # Draft incident: API is down$`));
    expect(lines[1]).toMatch(
      /^would call: POST \/repos\/acme\/status\/pulls \{"title":"Draft incident: API is down","head":"cairn\/auto\/2026-11-23-api-down","base":"main","body":"The probe drafted/,
    );
    expect(lines[2]).toBe('would call: POST /repos/acme/status/issues/<new pull request>/labels {"labels":["incident","auto"]}');
    expect(lines[3]).toBe('Would open a pull request from cairn/auto/2026-11-23-api-down: Draft incident: API is down');
    expect(github.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(sh(remote.bare, ['branch', '--list', 'cairn/*'])).toBe('');
    expect(dry.output).toBe('published=false\n');
  });

  it('shows what a run would propose with the probe dry too, as docs/automation.md says, writing nothing', async () => {
    const { remote, github, run } = await setup();
    healthy = false;
    await run('10:00');
    const now = at('10:05');
    github.now = now;
    const ci = remote.clone('ci', true);
    const env = actionsEnv(github);
    expect(await runCommand(data, ['checkout'], { cwd: ci, now })).toMatchObject({ code: 0 });
    const before = readTree(join(ci, 'incidents'));
    const probed = await runCommand(probe, ['--json', '--dry-run'], { cwd: ci, env, now });
    const applied = await runCommand(propose, ['apply', '-', '--dry-run'], { cwd: ci, env, now, stdin: probed.stdout });
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(applied.stdout.trim().split('\n').at(-1)).toBe('Would open a pull request from cairn/auto/2026-11-23-api-down: Draft incident: API is down');
    expect(readTree(join(ci, 'incidents'))).toEqual(before);
    expect(github.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('names the setting when GitHub Actions may not open pull requests', async () => {
    const { remote, github, run } = await setup();
    github.refuseCreate = true;
    healthy = false;
    await run('10:00');
    const refused = await run('10:05');
    expect(refused.applied.code).toBe(1);
    expect(refused.applied.stderr).toBe(
      `Failed on ${ID}: GitHub Actions may not open a pull request from cairn/auto/${ID} in acme/status (403: GitHub Actions is not permitted to create or approve pull requests.): enable Settings → Actions → General → Workflow permissions → "Allow GitHub Actions to create and approve pull requests"\n`,
    );
    // The branch is there; the next run, with the setting enabled, opens the pull request.
    expect(sh(remote.bare, ['branch', '--list', `cairn/auto/${ID}`]).trim()).toBe(`cairn/auto/${ID}`);
  });

  it('explains a bad token and a missing repository', async () => {
    const { remote, github } = await setup();
    const ci = remote.clone('ci');
    const badToken = await runCommand(propose, ['prepare'], { cwd: ci, env: { ...actionsEnv(github), GITHUB_TOKEN: 'wrong' }, now: at('10:00') });
    expect(badToken).toMatchObject({ code: 1 });
    expect(badToken.stderr).toBe(
      'GitHub rejected the token when trying to list pull requests (401: Bad credentials): set GITHUB_TOKEN to a valid token; in a workflow, env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
    );
    const noRepo = await runCommand(propose, ['prepare'], { cwd: ci, env: { ...actionsEnv(github), GITHUB_REPOSITORY: 'acme/elsewhere' }, now: at('10:00') });
    expect(noRepo.stderr).toContain(
      'GitHub found nothing to list pull requests at /repos/acme/elsewhere/pulls?state=open&sort=updated&direction=desc&per_page=100 (404: Not Found): check GITHUB_REPOSITORY=acme/elsewhere; for a private repository, a token without "pull-requests: read" also gets 404',
    );
    const noToken = await runCommand(propose, ['prepare'], { cwd: ci, env: { GITHUB_REPOSITORY: 'acme/status' }, now: at('10:00') });
    expect(noToken.stderr).toBe('GITHUB_TOKEN is not set; in a workflow, add env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}');
  });

  it("finds auto-incident pull requests on any page of the list, and never a fork's", async () => {
    const { github } = await setup();
    const pull = (number: number, ref: string, repo = 'acme/status', updated = '2031-01-01T00:00:00Z') => ({
      number,
      title: `#${number}`,
      body: '',
      state: 'open' as const,
      merged_at: null,
      closed_at: null,
      updated_at: updated,
      created_at: updated,
      head: { ref, sha: '0'.repeat(40), repo: { full_name: repo } },
      base: { ref: 'main' },
      html_url: `https://github.com/acme/status/pull/${number}`,
      labels: [],
      comments: [],
    });
    github.pulls.push(...Array.from({ length: 100 }, (_, i) => pull(i + 1, `feature-${i}`)));
    github.pulls.push(pull(101, 'cairn/auto/2026-11-20-api-down', 'acme/status', '2030-06-01T00:00:00Z'));
    github.pulls.push(pull(102, 'cairn/auto/2026-11-21-web-down', 'someone/fork', '2030-06-01T00:00:00Z'));
    const found = await openAutoPulls(gitHub(actionsEnv(github), { dryRun: false, log: () => {} }));
    expect(found).toEqual([
      {
        number: 101,
        branch: 'cairn/auto/2026-11-20-api-down',
        incident: '2026-11-20-api-down',
        kind: 'open',
        title: '#101',
        url: 'https://github.com/acme/status/pull/101',
      },
    ]);
    expect(github.take().map((r) => r.path)).toEqual([
      '/repos/acme/status/pulls?state=open&sort=updated&direction=desc&per_page=100',
      '/repos/acme/status/pulls?state=open&per_page=100&page=2',
    ]);
  });
});

describe('publication after a delay (site.auto_incidents.publish: after 15m)', () => {
  const AFTER = '    publish: after 15m\n';
  const onMain = (remote: Remote) => sh(remote.bare, ['ls-tree', '-r', '--name-only', 'main', 'incidents/']).split('\n').filter(Boolean);

  async function drafted() {
    const setup_ = await setup(AFTER);
    healthy = false;
    await setup_.run('10:00');
    const opened = await setup_.run('10:05');
    expect(opened.applied.stdout).toContain('Opened pull request #1');
    setup_.github.take();
    return setup_;
  }

  it('merges a draft nobody touched at the first run past the delay, says so, and publishes the recovery the same way', async () => {
    const { remote, github, run } = await drafted();
    expect(github.pulls[0]!.body).toContain('- **Nobody acts**: the probe merges it 15m after it was opened, unless it was closed, labelled `hold` or edited.');
    const early = await run('10:10');
    expect(early.merged.stdout).toBe(`Pull request #1 (cairn/auto/${ID}): publishes after 10m more unless closed or labelled hold\n`);
    expect(onMain(remote)).toEqual(['incidents/.gitkeep']);

    const due = await run('10:20');
    expect(due.merged).toEqual({ code: 0, stdout: `Merged pull request #1 (cairn/auto/${ID}): Draft incident: API is down\n`, stderr: '' });
    // The merge commit says what immediate publication says.
    expect(github.take().find((r) => r.method === 'PUT')?.body.commit_title).toBe('Publish incident: API is down');
    expect(due.mergeOutput).toBe('published=true\n');
    expect(github.pulls[0]).toMatchObject({ state: 'closed', merged_at: at('10:20') });
    expect(github.pulls[0]!.comments.at(-1)).toBe(
      'Merged by the probe: nobody closed this pull request, labelled it `hold` or changed it within 15m of its opening (`site.auto_incidents.publish: after 15m`).',
    );
    expect(published(remote, ID)?.source).toBe('auto:uptime');

    healthy = true;
    await run('10:25');
    const recovery = await run('10:30');
    expect(recovery.applied.stdout).toContain(`Opened pull request #2 from cairn/auto/${ID}-resolved`);
    expect((await run('10:40')).merged.stdout).toContain('publishes after 5m more');
    const resolved = await run('10:45');
    expect(resolved.merged.stdout).toBe(`Merged pull request #2 (cairn/auto/${ID}-resolved): Resolve incident: API is down\n`);
    expect(github.take().find((r) => r.method === 'PUT')?.body.commit_title).toBe('Resolve incident: API is down');
    expect(github.pulls[1]!.comments.at(-1)).toContain('`site.auto_incidents.resolve: after 15m`');
    expect(fold(published(remote, ID)!, Date.parse(at('10:45'))).status).toBe('resolved');
  });

  it('leaves a pull request labelled hold for review', async () => {
    const { remote, github, run } = await drafted();
    github.pulls[0]!.labels.push('hold');
    const later = await run('10:30');
    expect(later.merged.stdout).toBe(`Pull request #1 (cairn/auto/${ID}): labelled hold: left for review\n`);
    expect(github.pulls[0]!.state).toBe('open');
    expect(onMain(remote)).toEqual(['incidents/.gitkeep']);
  });

  /** A person improves the draft's title on its branch. */
  function editTitle(remote: Remote) {
    const person = remote.clone('reviewer');
    sh(person, ['checkout', '--quiet', `cairn/auto/${ID}`]);
    const file = join(person, `incidents/${ID}/index.md`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: API is down', 'title: API requests fail'));
    sh(person, ['commit', '--quiet', '-am', 'Better title']);
    sh(person, ['push', '--quiet', 'origin', `cairn/auto/${ID}`]);
  }

  it('leaves a pull request a person edited before the delay to that person', async () => {
    const { remote, github, run } = await drafted();
    editTitle(remote);
    const later = await run('10:30');
    expect(later.merged.stdout).toBe(`Pull request #1 (cairn/auto/${ID}): edited by a person: left for them to merge\n`);
    expect(github.pulls[0]!.state).toBe('open');
    expect(onMain(remote)).toEqual(['incidents/.gitkeep']);
  });

  it('still leaves it to that person once the probe added the recovery on top of their edit, in a shallow clone', async () => {
    const { remote, github, run } = await drafted();
    editTitle(remote);
    expect((await run('10:10')).merged.stdout).toContain('edited by a person');
    healthy = true;
    await run('10:15');
    await run('10:20');
    // The probe's resolution is now the branch's tip, above the person's commit.
    expect(sh(remote.bare, ['log', '-1', '--format=%s', `cairn/auto/${ID}`])).not.toBe('Better title');
    const later = await run('10:40');
    expect(later.merged.stdout).toContain(`Pull request #1 (cairn/auto/${ID}): edited by a person: left for them to merge`);
    expect(github.pulls[0]!.state).toBe('open');
    expect(onMain(remote)).toEqual(['incidents/.gitkeep']);
  });

  it('publishes nothing once the pull request was closed', async () => {
    const { remote, github, run } = await drafted();
    github.close(1, at('10:10'));
    const later = await run('10:30');
    expect(later.merged.stdout).toBe('No auto-incident pull request waits for publication after a delay\n');
    expect(github.take().some((r) => r.method === 'PUT')).toBe(false);
    expect(onMain(remote)).toEqual(['incidents/.gitkeep']);
  });
});
