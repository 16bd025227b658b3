import { describe, expect, it } from 'vitest';
import { sla } from '#core/derive/sla.ts';
import { fold } from '#core/derive/timeline.ts';
import { repo, t } from '../helpers.ts';

const md = (front: string, body = 'Message.') => `---\n${front.trim()}\n---\n${body}\n`;

function incident(files: Record<string, string>, id = 'a') {
  const { repository, diagnostics } = repo(Object.fromEntries(Object.entries(files).map(([k, v]) => [`incidents/${id}/${k}`, v])));
  expect(diagnostics).toEqual([]);
  return { incident: repository!.incidents[0]!, config: repository!.config };
}

describe('the timeline fold', () => {
  const files = {
    'index.md': md('title: API errors\nat: 2026-11-20T10:00:00Z\ncomponents: [api]'),
    'b.md': md('at: 2026-11-20T10:12:00Z\nstatus: identified'),
    'c.md': md('at: 2026-11-20T10:30:00Z\nstatus: resolved', 'Fixed.'),
  };

  it('takes the status of the newest update that sets one, and times from the updates', () => {
    const { incident: i } = incident({ ...files, 'a.md': md('at: 2026-11-20T10:05:00Z', 'Still looking.') });
    const tl = fold(i, t('2026-11-20T12:00:00Z'));
    expect(tl.status).toBe('resolved');
    expect(tl.startedAt).toBe(t('2026-11-20T10:00:00Z'));
    expect(tl.acknowledgedAt).toBe(t('2026-11-20T10:05:00Z'));
    expect(tl.resolvedAt).toBe(t('2026-11-20T10:30:00Z'));
    expect(tl.durationMs).toBe(30 * 60_000);
    expect(tl.active).toBe(false);
    expect(tl.entries.map((e) => [e.id, e.state.status])).toEqual([
      ['c', 'resolved'],
      ['b', 'identified'],
      ['a', 'investigating'],
      ['declared', 'investigating'],
    ]);
  });

  it('shows only what has happened by now', () => {
    const { incident: i } = incident(files);
    const tl = fold(i, t('2026-11-20T10:20:00Z'));
    expect(tl.status).toBe('identified');
    expect(tl.resolvedAt).toBeUndefined();
    expect(tl.entries).toHaveLength(2);
    expect(tl.active).toBe(true);
  });

  it('is acknowledged by a person while it is open: not by the probe or other systems, not by a note after it was resolved', () => {
    const machines = {
      'index.md': md('title: X\nat: 2026-11-20T10:00:00Z\nauthor: Cairn probe'),
      'a.md': md('at: 2026-11-20T10:01:00Z\nauthor: API', 'Error rate 12 %.'),
      'b.md': md('at: 2026-11-20T10:20:00Z\nstatus: resolved\nauthor: Cairn probe', 'Recovered.'),
    };
    expect(fold(incident(machines).incident, t('2026-11-22T00:00:00Z')).acknowledgedAt).toBeUndefined();
    const noteLater = { ...machines, 'c.md': md('at: 2026-11-21T10:00:00Z\nauthor: Mara', 'Root cause: a bad deploy.') };
    expect(fold(incident(noteLater).incident, t('2026-11-22T00:00:00Z')).acknowledgedAt).toBeUndefined();
    const person = { ...machines, 'a.md': md('at: 2026-11-20T10:01:00Z\nauthor: Mara', 'Looking.') };
    expect(fold(incident(person).incident, t('2026-11-22T00:00:00Z')).acknowledgedAt).toBe(t('2026-11-20T10:01:00Z'));
  });

  it('has ended when it was declared resolved, as a backfilled incident is', () => {
    const { incident: i, config } = incident({ 'index.md': md('title: X\nstatus: resolved\nat: 2026-11-20T10:00:00Z\ncomponents: [db]') });
    const folded = fold(i, t('2026-11-21T00:00:00Z'));
    expect(folded).toMatchObject({ status: 'resolved', active: false, resolvedAt: t('2026-11-20T10:00:00Z'), durationMs: 0 });
    expect(sla(folded, config, t('2026-11-21T00:00:00Z'))).toMatchObject({ acknowledgeBreached: false, resolveBreached: false });
  });

  it('clears resolved_at on a reopen, and sets it again at the final resolution', () => {
    const { incident: i } = incident({
      ...files,
      'd.md': md('at: 2026-11-20T10:40:00Z\nstatus: investigating', 'Back.'),
      'e.md': md('at: 2026-11-20T11:00:00Z\nstatus: resolved', 'Fixed again.'),
    });
    expect(fold(i, t('2026-11-20T10:50:00Z'))).toMatchObject({ status: 'investigating', resolvedAt: undefined, active: true });
    expect(fold(i, t('2026-11-20T12:00:00Z'))).toMatchObject({ status: 'resolved', resolvedAt: t('2026-11-20T11:00:00Z'), durationMs: 60 * 60_000 });
  });

  it('derives impact from components unless set, escalates, and remembers the peak', () => {
    const { incident: i } = incident({
      'index.md': md('title: X\nat: 2026-11-20T10:00:00Z\ncomponents:\n  api: degraded_performance'),
      'a.md': md('at: 2026-11-20T10:10:00Z\ncomponents:\n  api: major_outage\n  web: partial_outage'),
      'b.md': md('at: 2026-11-20T10:20:00Z\nimpact: minor\ncomponents:\n  web: degraded_performance'),
    });
    const at = (iso: string) => fold(i, t(iso));
    expect(at('2026-11-20T10:05:00Z')).toMatchObject({ impact: 'minor', components: { api: 'degraded_performance' } });
    expect(at('2026-11-20T10:15:00Z')).toMatchObject({ impact: 'critical', components: { api: 'major_outage', web: 'partial_outage' } });
    // An update's components replace the affected set: api is no longer affected.
    expect(at('2026-11-20T10:25:00Z')).toMatchObject({ impact: 'minor', peakImpact: 'critical', components: { web: 'degraded_performance' } });
  });

  it('keeps spans of what was affected when, for uptime', () => {
    const { incident: i } = incident({
      'index.md': md('title: X\nat: 2026-11-20T10:00:00Z\ncomponents:\n  api: major_outage'),
      'a.md': md('at: 2026-11-20T10:10:00Z\ncomponents:\n  api: partial_outage'),
      'b.md': md('at: 2026-11-20T10:20:00Z\nstatus: resolved', 'Done.'),
    });
    expect(fold(i, t('2026-11-20T12:00:00Z')).spans).toEqual([
      { start: t('2026-11-20T10:00:00Z'), end: t('2026-11-20T10:10:00Z'), components: { api: 'major_outage' } },
      { start: t('2026-11-20T10:10:00Z'), end: t('2026-11-20T10:20:00Z'), components: { api: 'partial_outage' } },
    ]);
  });

  it('measures acknowledgement and resolution against the SLA of the peak impact', () => {
    const { incident: i, config } = incident({
      'index.md': md('title: X\nimpact: major\nat: 2026-11-20T10:00:00Z'),
      'a.md': md('at: 2026-11-20T10:20:00Z\nimpact: critical'),
      'b.md': md('at: 2026-11-20T10:50:00Z\nstatus: resolved', 'Done.'),
    });
    // Critical: 15 minutes to acknowledge (took 20), 1 hour to resolve (took 50).
    expect(sla(fold(i, t('2026-11-20T12:00:00Z')), config, t('2026-11-20T12:00:00Z'))).toEqual({
      impact: 'critical',
      acknowledgeMs: 20 * 60_000,
      resolveMs: 50 * 60_000,
      targets: { acknowledgeMs: 15 * 60_000, resolveMs: 60 * 60_000 },
      acknowledgeBreached: true,
      resolveBreached: false,
    });
  });

  it('counts an open incident past its target as breached', () => {
    const { incident: i, config } = incident({ 'index.md': md('title: X\nimpact: critical\nat: 2026-11-20T10:00:00Z') });
    const result = sla(fold(i, t('2026-11-20T11:01:00Z')), config, t('2026-11-20T11:01:00Z'));
    expect(result).toMatchObject({ acknowledgeMs: undefined, acknowledgeBreached: true, resolveBreached: true });
  });
});

describe('maintenance', () => {
  const declaration = md(
    'title: DB upgrade\ntype: maintenance\nat: 2026-11-01T10:00:00Z\nwindow:\n  start: 2026-11-08T02:00:00Z\n  end: 2026-11-08T04:00:00Z\ncomponents: [db]',
  );

  it('follows its window: scheduled, in progress, completed', () => {
    const { incident: i } = incident({ 'index.md': declaration });
    expect(fold(i, t('2026-11-08T01:59:00Z'))).toMatchObject({ status: 'scheduled', active: false, components: { db: 'under_maintenance' } });
    expect(fold(i, t('2026-11-08T02:00:00Z'))).toMatchObject({ status: 'in_progress', active: true });
    expect(fold(i, t('2026-11-08T04:00:00Z'))).toMatchObject({ status: 'completed', active: false, resolvedAt: t('2026-11-08T04:00:00Z') });
    expect(fold(i, t('2026-11-09T00:00:00Z')).spans).toEqual([
      { start: t('2026-11-08T02:00:00Z'), end: t('2026-11-08T04:00:00Z'), components: { db: 'under_maintenance' } },
    ]);
  });

  it('ends early when an update completes it, and never goes back to in progress', () => {
    const { incident: i } = incident({ 'index.md': declaration, 'a.md': md('at: 2026-11-08T03:10:00Z\nstatus: completed', 'Done early.') });
    expect(fold(i, t('2026-11-08T03:30:00Z'))).toMatchObject({ status: 'completed', resolvedAt: t('2026-11-08T03:10:00Z') });
    expect(fold(i, t('2026-11-08T05:00:00Z'))).toMatchObject({ status: 'completed', resolvedAt: t('2026-11-08T03:10:00Z') });
  });

  it('overruns when an update after the window says it is still in progress', () => {
    const { incident: i } = incident({
      'index.md': declaration,
      'a.md': md('at: 2026-11-08T04:05:00Z\nstatus: in_progress', 'Taking longer.'),
      'b.md': md('at: 2026-11-08T04:40:00Z\nstatus: completed', 'Done.'),
    });
    expect(fold(i, t('2026-11-08T04:01:00Z')).status).toBe('completed');
    expect(fold(i, t('2026-11-08T04:10:00Z'))).toMatchObject({ status: 'in_progress', active: true });
    expect(fold(i, t('2026-11-08T05:00:00Z'))).toMatchObject({ status: 'completed', resolvedAt: t('2026-11-08T04:40:00Z') });
  });

  it('starts early and verifies when updates say so', () => {
    const { incident: i } = incident({
      'index.md': declaration,
      'a.md': md('at: 2026-11-08T01:50:00Z\nstatus: in_progress', 'Starting now.'),
      'b.md': md('at: 2026-11-08T03:00:00Z\nstatus: verifying', 'Checking.'),
    });
    expect(fold(i, t('2026-11-08T01:55:00Z')).status).toBe('in_progress');
    expect(fold(i, t('2026-11-08T03:30:00Z'))).toMatchObject({ status: 'verifying', active: true });
  });

  it('says it changed when its window moved its status, not only with a message', () => {
    const { incident: i } = incident({ 'index.md': declaration });
    expect(fold(i, t('2026-11-08T01:00:00Z')).changedAt).toBe(t('2026-11-01T10:00:00Z'));
    expect(fold(i, t('2026-11-08T03:00:00Z')).changedAt).toBe(t('2026-11-08T02:00:00Z'));
    expect(fold(i, t('2026-11-09T00:00:00Z')).changedAt).toBe(t('2026-11-08T04:00:00Z'));
  });

  it('started early, starts and lasts from the update that says so', () => {
    const { incident: i } = incident({
      'index.md': declaration,
      'a.md': md('at: 2026-11-05T09:00:00Z\nstatus: in_progress', 'Starting early.'),
      'b.md': md('at: 2026-11-05T09:30:00Z\nstatus: completed', 'Done.'),
    });
    expect(fold(i, t('2026-11-05T10:00:00Z'))).toMatchObject({
      status: 'completed',
      calledOff: false,
      startedAt: t('2026-11-05T09:00:00Z'),
      resolvedAt: t('2026-11-05T09:30:00Z'),
      durationMs: 30 * 60_000,
    });
  });
});
