import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cairn, gitInit, incidentFiles } from '../cli-harness.ts';
import { copyRepository, EXAMPLE_NOW, tempDir } from '../helpers.ts';

/** A copy of the example repository in a Git repository of an operator named Ada Operator. */
function example(): string {
  const dir = copyRepository('example');
  gitInit(dir);
  return dir;
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

async function expectCheckPasses(dir: string, now: string): Promise<void> {
  const check = await cairn(dir, ['check'], { now });
  expect(check.stdout).toBe('No problems found.\n');
  expect(check.code).toBe(0);
}

describe('cairn new', () => {
  it('declares an incident in incidents/<date>-<slug>/index.md and prints its id and path', async () => {
    const dir = example();
    const run = await cairn(
      dir,
      [
        'new',
        '--title',
        'Payments API errors',
        '--impact',
        'major',
        '--components',
        'api:major_outage,database',
        '--message',
        'Some API requests fail with 500 errors. We are investigating.',
      ],
      { now: '2026-11-23T14:05:00Z' },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'Declared 2026-11-23-payments-api-errors: Major (SEV-2), investigating',
        '  incidents/2026-11-23-payments-api-errors/index.md',
        'Commit and push it to publish it.',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
    // Times are written with the site's offset (Europe/Berlin); the author comes from git config.
    expect(read(dir, 'incidents/2026-11-23-payments-api-errors/index.md')).toBe(
      [
        '---',
        'title: Payments API errors',
        'impact: major',
        'at: 2026-11-23T15:05:00+01:00',
        'components:',
        '  api: major_outage',
        '  database: partial_outage',
        'author: Ada Operator',
        '---',
        'Some API requests fail with 500 errors. We are investigating.',
        '',
      ].join('\n'),
    );
    await expectCheckPasses(dir, '2026-11-23T14:05:00Z');
  });

  it('takes the date in the site time zone and keeps ids unique', async () => {
    const dir = example();
    // 23:30 UTC is already the 24th in Berlin.
    const first = await cairn(dir, ['new', '--title', 'Dashboard is slow', '-m', 'Slow.', '--author', 'Lea'], { now: '2026-11-23T23:30:00Z' });
    const second = await cairn(dir, ['new', '--title', 'Dashboard is slow', '-m', 'Slow again.'], { now: '2026-11-23T23:35:00Z' });
    expect(first.stdout).toContain('incidents/2026-11-24-dashboard-is-slow/index.md');
    expect(second.stdout).toContain('incidents/2026-11-24-dashboard-is-slow-2/index.md');
    expect(read(dir, 'incidents/2026-11-24-dashboard-is-slow/index.md')).toContain('author: Lea\n');
  });

  it('reads the message from standard input with --message -', async () => {
    const dir = example();
    const message = 'Card payments are declined.\n\n- Visa: affected\n- Mastercard: not affected\n';
    const run = await cairn(dir, ['new', '--title', 'Card payments declined', '--components', 'api', '--message', '-'], { stdin: message });
    expect(run.code).toBe(0);
    expect(read(dir, 'incidents/2026-11-23-card-payments-declined/index.md')).toMatch(
      /\n---\nCard payments are declined\.\n\n- Visa: affected\n- Mastercard: not affected\n$/,
    );
    await expectCheckPasses(dir, EXAMPLE_NOW);
  });

  it('applies a template, with options given on the command line winning', async () => {
    const dir = example();
    const run = await cairn(dir, ['new', '--template', 'db-latency', '--impact', 'major']);
    expect(run.code).toBe(0);
    expect(read(dir, 'incidents/2026-11-23-slow-responses-from-the-primary-database/index.md')).toBe(
      [
        '---',
        'title: Slow responses from the primary database',
        'impact: major',
        'at: 2026-11-23T15:00:00+01:00',
        'components:',
        '  database: degraded_performance',
        '  api: degraded_performance',
        'author: Ada Operator',
        '---',
        'Requests to the Payments API are slower than usual because our primary database responds',
        'slowly. Payments are processed, but may take longer to confirm. We are investigating and will',
        'post an update within 30 minutes.',
        '',
      ].join('\n'),
    );
    await expectCheckPasses(dir, EXAMPLE_NOW);
  });

  it('names the templates there are when one does not exist', async () => {
    const dir = example();
    const typo = await cairn(dir, ['new', '--template', 'db-latncy']);
    expect(typo.stderr).toMatch(/^cairn new: --template "db-latncy" does not exist in incidents\/_templates\/; did you mean db-latency\?\n/);
    expect(typo.code).toBe(2);
    const unknown = await cairn(dir, ['new', '--template', 'volcano']);
    expect(unknown.stderr).toMatch(/^cairn new: --template "volcano" does not exist in incidents\/_templates\/; expected api-errors or db-latency\n/);
  });

  it('opens $EDITOR pre-filled with the template message when run in a terminal without --message', async () => {
    const dir = example();
    const bin = tempDir('cairn-editor-');
    const editor = join(bin, 'editor.sh');
    // A stand-in for a person at the editor: keeps what it was shown, then writes the message.
    writeFileSync(editor, `#!/bin/sh\ncp "$1" "${bin}/shown.md"\nprintf 'Written in the editor.\\n' > "$1"\n`);
    chmodSync(editor, 0o755);
    const run = await cairn(dir, ['new', '--template', 'api-errors'], { isTTY: true, env: { EDITOR: editor } });
    expect(run.code).toBe(0);
    expect(read(bin, 'shown.md')).toMatch(/^Some requests to the Payments API fail with errors\. [\s\S]*\n\n<!-- Write the message above/);
    expect(read(dir, 'incidents/2026-11-23-elevated-error-rates-on-the-payments-api/index.md')).toMatch(/\n---\nWritten in the editor\.\n$/);
  });

  it('cancels when the editor leaves the message empty', async () => {
    const dir = example();
    const before = incidentFiles(dir);
    const run = await cairn(dir, ['new', '--title', 'Nothing to say'], { isTTY: true, env: { EDITOR: 'truncate -s 0' } });
    expect(run.stderr).toBe('cairn new: the message is empty; nothing was written\n');
    expect(run.code).toBe(1);
    expect(incidentFiles(dir)).toEqual(before);
  });

  it('writes drafts that only "cairn publish" makes visible, keeping the rest of the file', async () => {
    const dir = example();
    const draft = await cairn(dir, ['new', '--title', 'Search is slow', '--components', 'search:degraded', '--draft', '-m', 'Search takes long.']);
    expect(draft.stdout).toBe(
      [
        'Drafted 2026-11-23-search-is-slow: Minor (SEV-3), investigating',
        '  incidents/2026-11-23-search-is-slow/index.md',
        'It is a draft: nobody sees it until "cairn publish 2026-11-23-search-is-slow".',
        '',
      ].join('\n'),
    );
    const file = 'incidents/2026-11-23-search-is-slow/index.md';
    const written = read(dir, file);
    expect(written).toContain('\ndraft: true\n');
    expect((await cairn(dir, ['list'])).stdout).not.toContain('search-is-slow');
    expect((await cairn(dir, ['status'])).stdout).not.toContain('Search is slow');

    const publish = await cairn(dir, ['publish', 'search-is'], { now: '2026-11-23T14:02:00Z' });
    expect(publish.stdout).toBe(
      'Published 2026-11-23-search-is-slow\n  incidents/2026-11-23-search-is-slow/index.md\nCommit and push it, and readers see it.\n',
    );
    expect(read(dir, file)).toBe(written.replace('draft: true\n', ''));
    expect((await cairn(dir, ['list', '--active'])).stdout).toContain('2026-11-23-search-is-slow');
    await expectCheckPasses(dir, '2026-11-23T14:02:00Z');

    const again = await cairn(dir, ['publish', 'search-is']);
    expect(again.stderr).toBe('cairn publish: 2026-11-23-search-is-slow is not a draft; it is published already\n');
    expect(again.code).toBe(1);
  });

  it("publishes the example's hand-written draft", async () => {
    const dir = example();
    const before = read(dir, 'incidents/2026-11-23-search-reindex/index.md');
    const run = await cairn(dir, ['publish', '2026-11-23-search-reindex']);
    expect(run.code).toBe(0);
    expect(read(dir, 'incidents/2026-11-23-search-reindex/index.md')).toBe(before.replace('draft: true\n', ''));
  });
});

describe('updates', () => {
  it('walk an incident through identified, monitoring and resolved, one file each', async () => {
    const dir = example();
    const id = '2026-11-23-webhook-delays';
    const monitoring = await cairn(dir, ['update', 'webhook', '--status', 'monitoring', '-m', 'The backlog is delivered.'], { now: '2026-11-23T14:10:00Z' });
    expect(monitoring.stdout).toBe(`Updated ${id}: identified → monitoring\n  incidents/${id}/2026-11-23T1510-monitoring.md\n`);
    expect(read(dir, `incidents/${id}/2026-11-23T1510-monitoring.md`)).toBe(
      ['---', 'at: 2026-11-23T15:10:00+01:00', 'status: monitoring', 'author: Ada Operator', '---', 'The backlog is delivered.', ''].join('\n'),
    );

    const note = await cairn(dir, ['update', id, '-m', 'Still watching.', '--author', 'Mara Lindqvist'], { now: '2026-11-23T14:20:00Z' });
    expect(note.stdout).toBe(`Updated ${id}: still monitoring\n  incidents/${id}/2026-11-23T1520-update.md\n`);
    expect(read(dir, `incidents/${id}/2026-11-23T1520-update.md`)).toBe('---\nat: 2026-11-23T15:20:00+01:00\nauthor: Mara Lindqvist\n---\nStill watching.\n');

    const resolved = await cairn(dir, ['resolve', id, '--at', '2026-11-23T15:25', '-m', 'All events are delivered.'], { now: '2026-11-23T14:30:00Z' });
    expect(resolved.stdout).toBe(`Resolved ${id} after 1h 44m\n  incidents/${id}/2026-11-23T1525-resolved.md\n`);
    expect(read(dir, `incidents/${id}/2026-11-23T1525-resolved.md`)).toContain('at: 2026-11-23T15:25:00+01:00\nstatus: resolved\n');
    await expectCheckPasses(dir, '2026-11-23T14:30:00Z');
    expect((await cairn(dir, ['list', '--active'], { now: '2026-11-23T14:30:00Z' })).stdout).toBe('No incidents match.\n');
  });

  it('reopen, escalate and affect write sensible messages when none is given', async () => {
    const dir = example();
    const id = '2026-11-17-checkout-errors';
    const reopen = await cairn(dir, ['reopen', 'checkout'], { now: EXAMPLE_NOW });
    expect(reopen.stdout).toBe(`Reopened ${id}: resolved → investigating\n  incidents/${id}/2026-11-23T1500-investigating.md\n`);
    expect(read(dir, `incidents/${id}/2026-11-23T1500-investigating.md`)).toBe(
      [
        '---',
        'at: 2026-11-23T15:00:00+01:00',
        'status: investigating',
        'author: Ada Operator',
        '---',
        'We have reopened this incident: the problem has come back and we are investigating again.',
        '',
      ].join('\n'),
    );

    const escalate = await cairn(dir, ['escalate', 'checkout', '--impact', 'major'], { now: '2026-11-23T14:01:00Z' });
    expect(escalate.stdout).toBe(`De-escalated ${id}: Critical (SEV-1) → Major (SEV-2)\n  incidents/${id}/2026-11-23T1501-impact.md\n`);
    expect(read(dir, `incidents/${id}/2026-11-23T1501-impact.md`)).toBe(
      [
        '---',
        'at: 2026-11-23T15:01:00+01:00',
        'impact: major',
        'author: Ada Operator',
        '---',
        'We have lowered the impact of this incident from critical to major.',
        '',
      ].join('\n'),
    );

    // The whole new set is written: checkout stays as it was, api and cdn join, and the impact is kept.
    const affect = await cairn(dir, ['affect', 'checkout', '--components', 'api:partial,cdn:major_outage'], { now: '2026-11-23T14:02:00Z' });
    expect(affect.stdout).toBe(
      `${id} now affects Payments API (partial outage), Hosted Checkout (degraded performance) and CDN (major outage)\n  incidents/${id}/2026-11-23T1502-components.md\n`,
    );
    expect(read(dir, `incidents/${id}/2026-11-23T1502-components.md`)).toBe(
      [
        '---',
        'at: 2026-11-23T15:02:00+01:00',
        'components:',
        '  checkout: degraded_performance',
        '  api: partial_outage',
        '  cdn: major_outage',
        'author: Ada Operator',
        '---',
        'This incident now affects Payments API (partial outage), Hosted Checkout (degraded performance) and CDN (major outage).',
        '',
      ].join('\n'),
    );

    const remove = await cairn(dir, ['affect', 'checkout', '--remove', 'checkout,cdn', '-m', 'Only the API is affected now.'], { now: '2026-11-23T14:03:00Z' });
    expect(remove.stdout).toBe(`${id} now affects Payments API (partial outage)\n  incidents/${id}/2026-11-23T1503-components.md\n`);
    expect(read(dir, `incidents/${id}/2026-11-23T1503-components.md`)).toContain('components:\n  api: partial_outage\n');
    await expectCheckPasses(dir, '2026-11-23T14:03:00Z');

    const status = await cairn(dir, ['status'], { now: '2026-11-23T14:03:00Z' });
    expect(status.stdout).toContain('Checkout pages returning errors  2026-11-17-checkout-errors\n    Major (SEV-2) · Investigating');
  });

  it('two updates in the same minute get two files', async () => {
    const dir = example();
    await cairn(dir, ['update', 'webhook', '-m', 'One.']);
    const second = await cairn(dir, ['update', 'webhook', '-m', 'Two.', '--author', 'Jonas Weber']);
    expect(second.stdout).toContain('incidents/2026-11-23-webhook-delays/2026-11-23T1500-update-2.md');
    // Both at the same instant would be unorderable: the second is stamped a second later, and says so.
    expect(second.stdout).toContain('Stamped 2026-11-23T15:00:01+01:00: 2026-11-23T15:00:00+01:00 already has an entry');
    expect(read(dir, 'incidents/2026-11-23-webhook-delays/2026-11-23T1500-update-2.md')).toContain('at: 2026-11-23T15:00:01+01:00');
    await expectCheckPasses(dir, '2026-11-23T14:00:00Z');
  });

  it('a reopen right after a resolve, stamped a second later, is what every reader sees at once', async () => {
    const dir = example();
    await cairn(dir, ['resolve', 'webhook', '-m', 'Fixed.']);
    const reopen = await cairn(dir, ['reopen', 'webhook', '-m', 'It is back.']);
    expect(reopen.stdout).toContain('Stamped 2026-11-23T15:00:01+01:00');
    const status = JSON.parse((await cairn(dir, ['status', '--json'])).stdout);
    const webhooks = status.active_incidents.find((i: { id: string }) => i.id === '2026-11-23-webhook-delays');
    expect(webhooks.status).toBe('investigating');
  });
});

describe('an incident whose files have errors', () => {
  it('still takes an update, and the writer says that the site will not build until they are fixed', async () => {
    const dir = example();
    const index = 'incidents/2026-11-23-webhook-delays/index.md';
    writeFileSync(join(dir, index), read(dir, index).replace('webhooks:', 'webhookz:'));
    const update = await cairn(dir, ['update', 'webhook', '-m', 'Still on it.']);
    expect(update.code).toBe(0);
    expect(update.stdout).toContain('incidents/2026-11-23-webhook-delays/2026-11-23T1500-update.md');
    expect(update.stderr).toMatch(/^The incident already had errors, which keep the site from building until they are fixed/);
    expect(update.stderr).toContain(`${index}:`);
    expect(update.stderr).toContain('Unknown component "webhookz"');
    // Another incident's errors are not this write's business.
    const other = await cairn(dir, ['update', 'search-reindex', '-m', 'Halfway.']);
    expect(other.stderr).toBe('');
  });
});

describe('maintenance', () => {
  it('schedules a window in incidents/<start date>-<slug>/index.md', async () => {
    const dir = example();
    const run = await cairn(dir, [
      'maintenance',
      '--title',
      'Database upgrade',
      '--start',
      '2026-12-06T02:00',
      '--end',
      '2026-12-06T04:00',
      '--components',
      'database,api:degraded',
      '-m',
      'The API may be slow for a few minutes.',
    ]);
    expect(run.stdout).toBe(
      [
        'Scheduled 2026-12-06-database-upgrade: 6 Dec 2026, 02:00 – 04:00 CET',
        '  incidents/2026-12-06-database-upgrade/index.md',
        'Commit and push it to publish it.',
        '',
      ].join('\n'),
    );
    expect(read(dir, 'incidents/2026-12-06-database-upgrade/index.md')).toBe(
      [
        '---',
        'title: Database upgrade',
        'type: maintenance',
        'at: 2026-11-23T15:00:00+01:00',
        'window:',
        '  start: 2026-12-06T02:00:00+01:00',
        '  end: 2026-12-06T04:00:00+01:00',
        'components:',
        '  database: under_maintenance',
        '  api: degraded_performance',
        'author: Ada Operator',
        '---',
        'The API may be slow for a few minutes.',
        '',
      ].join('\n'),
    );
    await expectCheckPasses(dir, EXAMPLE_NOW);
    expect((await cairn(dir, ['status'])).stdout).toContain('Upcoming maintenance\n  CDN provider migration');
    expect((await cairn(dir, ['status'])).stdout).toContain(
      '  Database upgrade  2026-12-06-database-upgrade\n    Scheduled · 6 Dec 2026, 02:00 – 04:00 CET · Payments API, Primary database\n',
    );
  });

  it('posts a status update to a window, named as update names allow', async () => {
    const dir = example();
    const run = await cairn(dir, ['update', 'cdn-migration', '--status', 'in_progress', '-m', 'Started early.'], { now: '2026-11-29T03:30:00Z' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(read(dir, 'incidents/2026-11-29-cdn-migration/2026-11-29T0430-in-progress.md')).toContain('status: in_progress');
    const check = await cairn(dir, ['check'], { now: '2026-11-29T03:30:00Z' });
    expect(check.stdout).not.toContain('cdn-migration');
    expect(check.code).toBe(0);
  });

  it('refuses a window that ends before it starts', async () => {
    const dir = example();
    const before = incidentFiles(dir);
    const run = await cairn(dir, ['maintenance', '--title', 'Backwards', '--start', '2026-12-06T04:00', '--end', '2026-12-06T02:00', '-m', 'x']);
    expect(run.stderr).toBe(
      [
        'cairn maintenance: refused, nothing was written; the result would not pass "cairn check":',
        'incidents/2026-12-06-backwards/index.md:7:8 error Maintenance window ends (2026-12-06T01:00:00Z) before it starts (2026-12-06T03:00:00Z); swap or correct the times  window-order',
        '1 error, 0 warnings',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(1);
    expect(incidentFiles(dir)).toEqual(before);
  });
});

describe('refusals write nothing', () => {
  const cases: Array<{ name: string; args: string[]; stderr: string; code?: number }> = [
    {
      name: 'resolving a resolved incident',
      args: ['resolve', '2026-11-17-checkout-errors', '-m', 'Done.'],
      stderr:
        'cairn resolve: 2026-11-17-checkout-errors is already resolved (17 Nov 2026, 11:31 CET); to reopen it, run "cairn reopen 2026-11-17-checkout-errors"\n',
    },
    {
      name: 'an unknown component, with a did-you-mean',
      args: ['new', '--title', 'Slow API', '--components', 'apii:degraded', '-m', 'Slow.'],
      stderr: [
        'cairn new: refused, nothing was written; the result would not pass "cairn check":',
        'incidents/2026-11-23-slow-api/index.md:5:3 error Unknown component "apii"; did you mean "api"?  unknown-component',
        '1 error, 0 warnings',
        '',
      ].join('\n'),
    },
    {
      name: 'a status going backwards',
      args: ['update', 'webhook', '--status', 'investigating', '-m', 'Hm.'],
      stderr: [
        'cairn update: refused, nothing was written; the result would not pass "cairn check":',
        'incidents/2026-11-23-webhook-delays/2026-11-23T1500-investigating.md:3:9 error Status cannot go back from identified to investigating  status-backwards',
        '1 error, 0 warnings',
        '',
      ].join('\n'),
    },
    {
      name: 'an ambiguous id prefix, naming the candidates',
      args: ['update', '2026-11-2', '-m', 'Which one?'],
      stderr:
        'cairn update: "2026-11-2" matches 3 incidents: 2026-11-23-search-reindex, 2026-11-23-webhook-delays, 2026-11-29-cdn-migration; type more of the id\n',
    },
    {
      name: 'an unknown id',
      args: ['resolve', 'webhok-delays', '-m', 'Done.'],
      stderr: 'cairn resolve: no incident "webhok-delays"; did you mean 2026-11-23-webhook-delays? (run "cairn list" to see the ids)\n',
    },
    {
      name: 'reopening an incident that is not resolved',
      args: ['reopen', 'webhook'],
      stderr: 'cairn reopen: 2026-11-23-webhook-delays is not resolved (it is identified); only a resolved incident can be reopened\n',
    },
    {
      name: 'escalating to the impact it has',
      args: ['escalate', 'webhook', '--impact', 'major'],
      stderr: 'cairn escalate: 2026-11-23-webhook-delays already has impact Major (SEV-2)\n',
    },
    {
      name: 'escalating a resolved incident',
      args: ['escalate', 'dashboard', '--sev', '1'],
      stderr:
        'cairn escalate: 2026-11-05-dashboard-login-slow is already resolved (5 Nov 2026, 09:50 CET); to reopen it, run "cairn reopen 2026-11-05-dashboard-login-slow"\n',
    },
    {
      name: 'changing what a resolved incident affected',
      args: ['affect', 'checkout', '--components', 'api'],
      stderr:
        'cairn affect: 2026-11-17-checkout-errors is already resolved (17 Nov 2026, 11:31 CET); to reopen it, run "cairn reopen 2026-11-17-checkout-errors"\n',
    },
    {
      name: 'removing a component it does not affect',
      args: ['affect', 'webhook', '--remove', 'checkout'],
      stderr: 'cairn affect: --remove checkout: 2026-11-23-webhook-delays does not affect "checkout"; it affects webhooks\n',
    },
    {
      name: 'a time in the future',
      args: ['update', 'webhook', '--at', '2026-11-23T18:00', '-m', 'Later.'],
      stderr:
        'cairn update: --at "2026-11-23T18:00" is in the future (now is 2026-11-23T15:00:00+01:00); give the time it happened\nUsage: cairn update <id> [--status STATUS] [--message TEXT|-] [--at TIME] [--author NAME]\nRun "cairn update --help" for more.\n',
      code: 2,
    },
    {
      // cairn check allows a few minutes of clock skew, but no reader would see it until then.
      name: 'a declaration a few minutes ahead',
      args: ['new', '--title', 'Soon', '--at', '2026-11-23T14:03:00Z', '-m', 'Soon.'],
      stderr:
        'cairn new: --at "2026-11-23T14:03:00Z" is in the future (now is 2026-11-23T15:00:00+01:00); give the time it happened\nUsage: cairn new --title TEXT [--impact LEVEL|--sev N] [--components LIST] [--status STATUS] [--message TEXT|-] [--template NAME] [--draft] [--at TIME] [--author NAME]\nRun "cairn new --help" for more.\n',
      code: 2,
    },
    {
      name: 'an empty message from standard input',
      args: ['update', 'webhook', '--message', '-'],
      stderr:
        'cairn update: --message -: standard input was empty; pipe the message in\nUsage: cairn update <id> [--status STATUS] [--message TEXT|-] [--at TIME] [--author NAME]\nRun "cairn update --help" for more.\n',
      code: 2,
    },
    {
      name: 'no message outside a terminal',
      args: ['resolve', 'webhook'],
      stderr:
        'cairn resolve: --message is required: pass the text, or "-" to read it from standard input\nUsage: cairn resolve <id> [--message TEXT|-] [--at TIME] [--author NAME]\nRun "cairn resolve --help" for more.\n',
      code: 2,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const dir = example();
      const before = incidentFiles(dir);
      const run = await cairn(dir, c.args);
      expect(run.stderr).toBe(c.stderr);
      expect(run.stdout).toBe('');
      expect(run.code).toBe(c.code ?? 1);
      expect(incidentFiles(dir)).toEqual(before);
    });
  }
});
