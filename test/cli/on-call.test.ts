import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fold } from '#core/derive/timeline.ts';
import { loadRepository } from '../../src/load.ts';
import { cairn, gitInit, incidentFiles } from '../cli-harness.ts';
import { copyRepository, ROOT, writeFiles } from '../helpers.ts';

function example(): string {
  const dir = copyRepository('example');
  gitInit(dir);
  return dir;
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

describe('cairn ack', () => {
  it('writes an update with ack: true, leaving the status as it is, with a default note', async () => {
    const dir = example();
    const run = await cairn(dir, ['ack', 'webhook'], { now: '2026-11-23T14:05:00Z' });
    expect(run).toEqual({
      code: 0,
      stdout: 'Acknowledged 2026-11-23-webhook-delays: still identified\n  incidents/2026-11-23-webhook-delays/2026-11-23T1505-ack.md\n',
      stderr: '',
    });
    expect(read(dir, 'incidents/2026-11-23-webhook-delays/2026-11-23T1505-ack.md')).toBe(
      '---\nat: 2026-11-23T15:05:00+01:00\nack: true\nauthor: Ada Operator\n---\nWe are aware of this problem and are looking into it.\n',
    );
  });

  it('takes a note and a status, and refuses a resolved incident and maintenance, writing nothing', async () => {
    const dir = example();
    const run = await cairn(dir, ['ack', 'webhook', '--note', 'Queue workers are restarting.', '--status', 'monitoring'], { now: '2026-11-23T14:05:00Z' });
    expect(run.stdout.split('\n')[0]).toBe('Acknowledged 2026-11-23-webhook-delays: identified → monitoring');
    expect(read(dir, 'incidents/2026-11-23-webhook-delays/2026-11-23T1505-ack.md')).toContain('status: monitoring');
    const before = incidentFiles(dir);
    const resolved = await cairn(dir, ['ack', '2026-11-17-checkout-errors'], { now: '2026-11-23T14:06:00Z' });
    expect(resolved.code).toBe(1);
    expect(resolved.stderr).toContain('2026-11-17-checkout-errors is already resolved');
    const maintenance = await cairn(dir, ['ack', 'cdn-migration'], { now: '2026-11-23T14:06:00Z' });
    expect(maintenance.code).toBe(1);
    expect(incidentFiles(dir)).toEqual(before);
  });
});

describe('cairn mitigate', () => {
  it('moves the incident to monitoring with a default message, and refuses to do it twice', async () => {
    const dir = example();
    const run = await cairn(dir, ['mitigate', 'webhook'], { now: '2026-11-23T14:05:00Z' });
    expect(run.stdout).toBe(
      'Mitigated 2026-11-23-webhook-delays: identified → monitoring\n  incidents/2026-11-23-webhook-delays/2026-11-23T1505-monitoring.md\n',
    );
    expect(read(dir, 'incidents/2026-11-23-webhook-delays/2026-11-23T1505-monitoring.md')).toContain(
      'status: monitoring\nauthor: Ada Operator\n---\nA fix has been put in place and we are monitoring the results.\n',
    );
    const again = await cairn(dir, ['mitigate', 'webhook'], { now: '2026-11-23T14:07:00Z' });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is already monitoring');
  });
});

describe('SEV levels as input', () => {
  it('accepts --sev N and --impact SEV-N wherever an impact is taken, and writes the impact word', async () => {
    const dir = example();
    const created = await cairn(dir, ['new', '--title', 'Checkout down', '--sev', '1', '--components', 'checkout:major_outage', '-m', 'On it.'], {
      now: '2026-11-23T14:05:00Z',
    });
    expect(created.stdout.split('\n')[0]).toBe('Declared 2026-11-23-checkout-down: Critical (SEV-1), investigating');
    expect(read(dir, 'incidents/2026-11-23-checkout-down/index.md')).toContain('impact: critical\n');
    const lowered = await cairn(dir, ['escalate', 'checkout-down', '--impact', 'sev-3'], { now: '2026-11-23T14:06:00Z' });
    expect(lowered.stdout.split('\n')[0]).toBe('De-escalated 2026-11-23-checkout-down: Critical (SEV-1) → Minor (SEV-3)');
    const both = await cairn(dir, ['escalate', 'checkout-down', '--impact', 'major', '--sev', '2']);
    expect(both.code).toBe(2);
    const bad = await cairn(dir, ['escalate', 'checkout-down', '--sev', '5']);
    expect(bad.stderr.split('\n')[0]).toBe('cairn escalate: --sev "5" is not accepted; expected 1 (critical), 2 (major), 3 (minor) or 4 (none)');
  });

  it('refuses impact: SEV-2 in frontmatter with the word to write instead', async () => {
    const dir = example();
    writeFiles(dir, { 'incidents/2026-11-23-sev/index.md': '---\ntitle: Sev\nimpact: SEV-2\nat: 2026-11-23T10:00:00Z\n---\nSomething.\n' });
    const check = await cairn(dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      'incidents/2026-11-23-sev/index.md:3:9 error Unexpected impact "SEV-2"; write "major" for SEV-2 (files use none, minor, major or critical, shown as SEV-4 to SEV-1)  impact-value',
    );
  });
});

describe('MTTA counts from the first human acknowledgement', () => {
  it("the example's auto-incident is acknowledged by a person at 06:22, not by the probe's recovery at 06:40", () => {
    const { repository } = loadRepository(example());
    const incident = repository!.incidents.find((i) => i.id === '2026-10-02-cdn-unreachable')!;
    const timeline = fold(incident, Date.parse('2026-11-23T14:00:00Z'));
    expect(timeline.acknowledgedAt! - timeline.startedAt).toBe(7 * 60_000);
    expect(timeline.resolvedAt! - timeline.startedAt).toBe(25 * 60_000);
  });

  it('never counts what the probe wrote, and counts the first update a person wrote', async () => {
    const dir = example();
    const probe = 'author: Cairn probe\n';
    writeFiles(dir, {
      'incidents/2026-11-23-api-down/index.md': `---\ntitle: API is down\nsource: auto:uptime\nat: 2026-11-23T12:00:00Z\ncomponents: [api]\n${probe}---\nDrafted.\n`,
      'incidents/2026-11-23-api-down/2026-11-23T1310-update.md': `---\nat: 2026-11-23T12:10:00Z\n${probe}---\nStill failing.\n`,
      'incidents/2026-11-23-api-down/2026-11-23T1330-identified.md':
        '---\nat: 2026-11-23T12:30:00Z\nstatus: identified\nauthor: Mara Lindqvist\n---\nA bad deploy.\n',
    });
    const { repository } = loadRepository(dir);
    const timeline = fold(repository!.incidents.find((i) => i.id === '2026-11-23-api-down')!, Date.parse('2026-11-23T14:00:00Z'));
    expect(timeline.acknowledgedAt).toBe(Date.parse('2026-11-23T12:30:00Z'));
  });
});

describe('cairn list --drafts', () => {
  it('lists only the unpublished drafts', async () => {
    const run = await cairn(example(), ['list', '--drafts', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).map((i: { id: string }) => i.id)).toEqual(['2026-11-23-search-reindex']);
    const published = await cairn(example(), ['list', '--json']);
    expect(JSON.parse(published.stdout).map((i: { id: string }) => i.id)).not.toContain('2026-11-23-search-reindex');
  });
});

describe('cairn check validates incidents/_templates/', () => {
  it('reports a template naming an unknown component, and a template that does not read', async () => {
    const dir = example();
    writeFiles(dir, {
      'incidents/_templates/cdn-down.md': '---\ntitle: CDN down\ncomponents:\n  cnd: major_outage\n---\nThe CDN is down.\n',
      'incidents/_templates/broken.md': '---\ntitle: Broken\nimpact: SEV-1\n---\nx\n',
    });
    const check = await cairn(dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      'incidents/_templates/cdn-down.md:4:3 error Unknown component "cnd" in template cdn-down; did you mean "cdn"?  unknown-component',
    );
    expect(check.stdout).toContain('incidents/_templates/broken.md:3:9 error Unexpected impact "SEV-1"; write "critical" for SEV-1');
  });
});

describe('cairn postmortem', () => {
  it('writes postmortem.md prefilled from the timeline, and refuses an unresolved incident or a second one', async () => {
    const dir = example();
    const run = await cairn(dir, ['postmortem', 'dashboard-login'], { now: '2026-11-23T14:00:00Z' });
    expect(run.stdout).toBe(
      'Drafted the postmortem of 2026-11-05-dashboard-login-slow: complete it, then commit it to publish it\n  incidents/2026-11-05-dashboard-login-slow/postmortem.md\n',
    );
    const text = read(dir, 'incidents/2026-11-05-dashboard-login-slow/postmortem.md');
    expect(text).toMatch(/^---\nat: 2026-11-23T15:00:00\+01:00\nauthor: Ada Operator\n---\n## Summary\n/);
    expect(text).toContain('- 5 Nov 2026, 09:15 CET: Identified (Priya Raman). An index on the sessions table was dropped by a migration.');
    for (const heading of ['## Timeline', '## Impact', '## Root cause', '## Action items']) expect(text).toContain(`\n${heading}\n`);
    // A draft lists no action item of its own; the export shows the section empty until the team writes one.
    const exported = await cairn(dir, ['export', 'dashboard-login'], { now: '2026-11-23T14:00:00Z' });
    expect(exported.stdout).toContain('_None recorded yet');
    expect((await cairn(dir, ['check'], { now: '2026-11-23T14:00:00Z' })).code).toBe(0);

    const again = await cairn(dir, ['postmortem', 'dashboard-login']);
    expect(again.stderr).toContain('already has a postmortem');
    const open = await cairn(dir, ['postmortem', 'webhook']);
    expect(open.stderr).toContain('is not resolved yet');
  });
});

describe('cairn postmortem run several times at once', () => {
  it('writes one postmortem; every other run says it exists, none replaces it', async () => {
    const dir = example();
    const runs = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(
        (n) =>
          new Promise<number>((resolve) =>
            execFile(
              process.execPath,
              [join(ROOT, 'scripts/cairn.ts'), 'postmortem', 'dashboard-login', '--author', `Author ${n}`],
              { cwd: dir, env: { ...process.env, CAIRN_NOW: '2026-11-23T14:00:00Z' } },
              (error) => resolve(error ? Number(error.code) : 0),
            ),
          ),
      ),
    );
    expect(runs.filter((code) => code === 0)).toHaveLength(1);
    expect(runs.filter((code) => code === 1)).toHaveLength(5);
    const winner = runs.indexOf(0) + 1;
    expect(read(dir, 'incidents/2026-11-05-dashboard-login-slow/postmortem.md')).toContain(`author: Author ${winner}\n`);
  });
});

describe('cairn metrics by responder', () => {
  it("counts each person's acknowledgements and updates and the median time to their first response, never the probe's", async () => {
    const dir = example();
    const json = JSON.parse((await cairn(dir, ['metrics', '--json'])).stdout);
    expect(json.responders).toContainEqual({ author: 'Tomás Ferreira', acks: 1, updates: 0, incidents: 1, medianFirstResponseMs: 7 * 60_000 });
    expect(json.responders.map((r: { author: string }) => r.author)).not.toContain('Cairn probe');
    const ack = await cairn(dir, ['ack', 'webhook', '--author', 'Tomás Ferreira'], { now: '2026-11-23T14:05:00Z' });
    expect(ack.code).toBe(0);
    const after = JSON.parse((await cairn(dir, ['metrics', '--json'], { now: '2026-11-23T14:05:00Z' })).stdout);
    expect(after.responders).toContainEqual(expect.objectContaining({ author: 'Tomás Ferreira', acks: 2, incidents: 2 }));
    const text = (await cairn(dir, ['metrics'], { now: '2026-11-23T14:05:00Z' })).stdout;
    expect(text).toMatch(/^By responder +ACKS +UPDATES +INCIDENTS +MEDIAN FIRST RESPONSE$/m);
  });
});

describe('an acknowledgement in the timeline', () => {
  it('is headed "Acknowledged" in the postmortem export, as on the incident page', async () => {
    const run = await cairn(example(), ['export', 'cdn-unreachable']);
    expect(run.stdout).toContain('### 2 Oct 2026, 08:22 CEST: Acknowledged\n\n_By Tomás Ferreira_\n\nWe are aware that static assets');
  });
});
