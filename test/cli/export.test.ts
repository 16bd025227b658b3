import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitActionItems } from '#core/report/postmortem-export.ts';
import { cairn } from '../cli-harness.ts';
import { copyRepository, FIXTURES, writeFiles } from '../helpers.ts';

// A copy without Git history: authors are only those written in the files.
const dir = copyRepository('example');

/** A copy of the example with `from` replaced by `to` in one file. */
function exampleEdited(path: string, from: string, to: string): string {
  const copy = copyRepository('example');
  writeFileSync(join(copy, path), readFileSync(join(copy, path), 'utf8').replace(from, to));
  return copy;
}

describe('cairn export', () => {
  it('writes the postmortem document of a resolved incident', async () => {
    const run = await cairn(dir, ['export', '2026-11-17-checkout-errors']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(join(FIXTURES, 'export-checkout-errors.md'), 'utf8'));
    expect(run.code).toBe(0);
  });

  it('gives the same document as JSON, with times in the site zone and durations in milliseconds', async () => {
    const doc = JSON.parse((await cairn(dir, ['export', 'checkout', '--format', 'json'])).stdout);
    expect(doc.summary).toEqual({
      impact: 'critical',
      sev: 'SEV-1',
      status: 'resolved',
      components: [
        { id: 'checkout', name: 'Hosted Checkout', status: 'major_outage' },
        { id: 'cdn', name: 'CDN', status: 'partial_outage' },
      ],
      started_at: '2026-11-17T10:12:00+01:00',
      resolved_at: '2026-11-17T11:31:00+01:00',
      duration_ms: 79 * 60_000,
      acknowledge: { ms: 8 * 60_000, target_ms: 15 * 60_000, met: true },
      resolve: { ms: 79 * 60_000, target_ms: 60 * 60_000, met: false },
    });
    expect(doc.timeline.map((e: { at: string; label: string }) => `${e.at} ${e.label}`)).toEqual([
      '2026-11-17T10:12:00+01:00 Investigating',
      '2026-11-17T10:20:00+01:00 Identified',
      '2026-11-17T10:58:00+01:00 Monitoring',
      '2026-11-17T11:31:00+01:00 Resolved',
    ]);
    expect(doc.timeline[2]).toMatchObject({ impact: null, components: { checkout: 'degraded_performance' }, author: 'Jonas Weber' });
    expect(doc.postmortem.author).toBe('Jonas Weber');
    expect(doc.action_items).toEqual([
      { text: 'Staging now uses the production CDN configuration.', done: false },
      { text: 'A synthetic check submits a test payment every minute.', done: false },
      { text: 'CDN changes roll out to 5% of traffic first, with automatic rollback on error spikes.', done: false },
    ]);
  });

  it('exports an open incident without a postmortem, saying what is missing', async () => {
    const run = await cairn(dir, ['export', 'webhook']);
    expect(run.stdout).toContain(
      '| Resolved | not yet |\n| Duration | ongoing |\n| Time to acknowledge | 24m (target 30m, met) |\n| Time to resolve | not resolved yet (target 4h) |\n',
    );
    expect(run.stdout).toContain(
      // Changing components leaves the declared impact standing: the entry names no impact.
      '### 23 Nov 2026, 14:40 CET: Update\n\n_Components: Webhooks (degraded performance) · By Jonas Weber_\n',
    );
    expect(run.stdout).toContain('## Postmortem\n\n_No postmortem yet: write it in incidents/2026-11-23-webhook-delays/postmortem.md._\n');
    expect(run.stdout).toMatch(/## Action items\n\n_None recorded yet: .*_\n$/);
  });

  it('says so, and exits 1, when a file of the incident has errors: the document may miss what it says', async () => {
    const broken = exampleEdited('incidents/2026-11-17-checkout-errors/index.md', 'checkout:', 'checkuot:');
    const run = await cairn(broken, ['export', 'checkout']);
    expect(run.stdout).toContain('# Postmortem: Checkout pages returning errors');
    expect(run.stderr).toMatch(/^cairn export: a file has errors, so the answer may be wrong or miss an incident/);
    expect(run.stderr).toContain('Unknown component "checkuot"');
    expect(run.code).toBe(1);
    // Errors elsewhere do not concern this document.
    expect((await cairn(broken, ['export', 'webhook'])).code).toBe(0);
  });

  it('says that an incident resolved without a person writing was never acknowledged, rather than "not yet"', async () => {
    const auto = copyRepository('example');
    writeFiles(auto, {
      'incidents/2026-11-20-api-down/index.md':
        '---\ntitle: Payments API is down\nsource: auto:uptime\nimpact: major\nat: 2026-11-20T10:00:00Z\ncomponents:\n  api: major_outage\nauthor: Cairn probe\n---\nChecks fail.\n',
      'incidents/2026-11-20-api-down/2026-11-20T1010-resolved.md':
        '---\nat: 2026-11-20T10:10:00Z\nstatus: resolved\nauthor: Cairn probe\n---\nChecks pass again.\n',
    });
    const run = await cairn(auto, ['export', 'api-down']);
    expect(run.stdout).toContain('| Time to acknowledge | never acknowledged by a person (target 30m) |');
  });

  it('keeps a "|" in a component name inside its table cell', async () => {
    const piped = exampleEdited('components.yml', 'name: Hosted Checkout', 'name: Checkout | EU');
    const run = await cairn(piped, ['export', 'checkout']);
    expect(run.stdout).toContain('| Components | Checkout \\| EU (major outage) and CDN (partial outage) |');
  });

  it('refuses drafts and maintenance', async () => {
    const draft = await cairn(dir, ['export', 'search-reindex']);
    expect(draft.stderr).toBe('cairn export: 2026-11-23-search-reindex is a draft; publish it first\n');
    expect(draft.code).toBe(1);
    const maintenance = await cairn(dir, ['export', 'cdn-migration']);
    expect(maintenance.stderr).toBe('cairn export: 2026-11-29-cdn-migration is maintenance; export writes postmortems of incidents\n');
  });
});

describe('action items', () => {
  it('are the list under an action-item heading, with checkboxes and wrapped lines', () => {
    const markdown = [
      '## What happened',
      '- Not an action item.',
      '## Action items',
      '- [x] Roll back faster',
      '- [ ] Alert on error spikes,',
      '  not only on outages',
      '* Write a runbook',
      'that covers failover',
      '',
      '1. Numbered ones count too',
      '### Owner notes',
      '- Still in the section: a deeper heading.',
      '## Lessons',
      '- Not an action item either.',
    ].join('\n');
    const { items, narrative } = splitActionItems(markdown);
    expect(items).toEqual([
      { text: 'Roll back faster', done: true },
      { text: 'Alert on error spikes, not only on outages', done: false },
      { text: 'Write a runbook that covers failover', done: false },
      { text: 'Numbered ones count too', done: false },
      { text: 'Still in the section: a deeper heading.', done: false },
    ]);
    // The section has a heading of its own inside, so it stays in the text.
    expect(narrative).toBe(markdown);
    expect(splitActionItems('Nothing to do.')).toEqual({ items: [], narrative: 'Nothing to do.' });
  });

  it('reads action items only under headings that name them as words, never in code', () => {
    const markdown = [
      '## Failed transactions',
      '- 1,200 charges failed',
      '',
      '```sh',
      '# prevent this: restart the worker',
      '- not an item',
      '```',
      '## Action items',
      '- [ ] Add a canary (Alice)',
    ].join('\n');
    const { items, narrative } = splitActionItems(markdown);
    expect(items).toEqual([{ text: 'Add a canary (Alice)', done: false }]);
    expect(narrative).toContain('- 1,200 charges failed');
    expect(narrative).toContain('# prevent this: restart the worker');
  });

  it('leave the postmortem text when their section holds nothing else, so they are listed once', () => {
    const { items, narrative } = splitActionItems(
      '## What happened\n\nA bad deploy.\n\n## Action items\n\n- [ ] Check pool sizes in CI\n\n## Lessons\n\nTest the rollback.\n',
    );
    expect(items).toEqual([{ text: 'Check pool sizes in CI', done: false }]);
    expect(narrative).toBe('## What happened\n\nA bad deploy.\n\n## Lessons\n\nTest the rollback.');
  });
});
