import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeBreach, metrics } from '#core/derive/metrics.ts';
import { snapshot } from '#core/derive/snapshot.ts';
import { loadRepository } from '../../src/load.ts';
import { builtSite } from '../build.ts';
import { cairn } from '../cli-harness.ts';
import { FIXTURES, t } from '../helpers.ts';

// The fixture's incidents and their known answers (minutes): see its files.
//   A critical: ack 10, resolved 50          B critical: ack 20 (late), resolved 90 (late)
//   C major: ack 5, resolved 60              F minor → major: ack 30, resolved 90 (major targets, met)
//   D minor: ack 60, resolved 300            E major: open, not acknowledged after 60 (late)
// A maintenance window and a draft are not counted.
const ROOT = join(FIXTURES, 'metrics-basic');
const NOW = '2026-10-31T11:00:00Z';
const MIN = 60_000;

function fixtureMetrics(from?: number) {
  const { repository } = loadRepository(ROOT);
  return metrics(snapshot(repository!, t(NOW)).all, repository!.config, t(NOW), from);
}

describe('metrics', () => {
  it('counts incidents and averages the times to acknowledge and resolve', () => {
    const m = fixtureMetrics();
    expect(m.overall).toEqual({
      incidents: 6,
      resolved: 5,
      mtta: { count: 5, ms: 25 * MIN },
      mttr: { count: 5, ms: 118 * MIN },
      breaches: { acknowledge: 2, resolve: 1 },
    });
  });

  it('groups by the highest impact each incident had', () => {
    const byImpact = Object.fromEntries(fixtureMetrics().byImpact.map(({ impact, ...g }) => [impact, g]));
    expect(Object.keys(byImpact)).toEqual(['critical', 'major', 'minor', 'none']);
    expect(byImpact.critical).toEqual({
      incidents: 2,
      resolved: 2,
      mtta: { count: 2, ms: 15 * MIN },
      mttr: { count: 2, ms: 70 * MIN },
      breaches: { acknowledge: 1, resolve: 1 },
    });
    expect(byImpact.major).toEqual({
      incidents: 3,
      resolved: 2,
      mtta: { count: 2, ms: 17.5 * MIN },
      mttr: { count: 2, ms: 75 * MIN },
      breaches: { acknowledge: 1, resolve: 0 },
    });
    expect(byImpact.minor).toEqual({
      incidents: 1,
      resolved: 1,
      mtta: { count: 1, ms: 60 * MIN },
      mttr: { count: 1, ms: 300 * MIN },
      breaches: { acknowledge: 0, resolve: 0 },
    });
    expect(byImpact.none).toEqual({ incidents: 0, resolved: 0, mtta: { count: 0 }, mttr: { count: 0 }, breaches: { acknowledge: 0, resolve: 0 } });
  });

  it('groups by every component an incident affected, in the order of components.yml', () => {
    const byComponent = fixtureMetrics().byComponent.map((g) => [g.id, g.incidents, g.mtta.ms! / MIN, g.mttr.ms! / MIN]);
    expect(byComponent).toEqual([
      ['api', 2, 15, 70],
      ['web', 2, 5, 60],
      ['db', 2, 40, 195],
      ['cdn', 1, 30, 90],
    ]);
  });

  it('lists SLA breaches newest first, and counts only incidents that started in the period', () => {
    const m = fixtureMetrics();
    expect(m.breaches.map((b) => [b.id, b.sla.acknowledgeBreached, b.sla.resolveBreached])).toEqual([
      ['2026-10-31-e', true, false],
      ['2026-10-05-b', true, true],
    ]);
    const since = fixtureMetrics(t('2026-10-10T00:00:00Z'));
    expect(since.overall.incidents).toBe(4);
    expect(since.overall.mtta.ms).toBe(Math.round((95 / 3) * MIN));
    expect(since.overall.mttr.ms).toBe(150 * MIN);
  });
});

describe('a breach in words', () => {
  it('says by how much a target was missed when minutes would make it read as met', () => {
    const targets = { acknowledgeMs: 15 * 60_000, resolveMs: 60 * 60_000 };
    const base = { impact: 'critical' as const, targets, acknowledgeBreached: true, resolveBreached: true };
    expect(describeBreach({ ...base, acknowledgeMs: 15 * 60_000 + 20_000, resolveMs: 60 * 60_000 + 20_000 })).toBe(
      'acknowledged after 15m (target 15m, missed by 20s); resolved after 1h (target 1h, missed by 20s)',
    );
    expect(describeBreach({ ...base, acknowledgeMs: 20 * 60_000, resolveMs: 90 * 60_000 })).toBe(
      'acknowledged after 20m (target 15m); resolved after 1h 30m (target 1h)',
    );
  });
});

describe('cairn metrics', () => {
  it('prints the tables and the breaches', async () => {
    const run = await cairn(ROOT, ['metrics'], { now: NOW });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`All incidents up to 31 Oct 2026, 11:00 UTC
6 incidents: 5 resolved, 1 open

                  INCIDENTS  MTTA  MTTR    LATE ACK  LATE RESOLVE
Overall           6          25m   1h 58m  2         1
Critical (SEV-1)  2          15m   1h 10m  1         1
Major (SEV-2)     3          18m   1h 15m  1         0
Minor (SEV-3)     1          1h    5h      0         0
None (SEV-4)      0          –     –       0         0

By component  INCIDENTS  MTTA  MTTR    LATE ACK  LATE RESOLVE
API           2          15m   1h 10m  1         1
Website       2          5m    1h      1         0
Database      2          40m   3h 15m  1         1
CDN           1          30m   1h 30m  0         0

SLA targets (acknowledge / resolve, by highest impact): SEV-1 15m / 1h, SEV-2 30m / 4h, SEV-3 2h / 1d, SEV-4 8h / 3d

SLA breaches
  2026-10-31-e  SEV-2  not acknowledged within 30m
  2026-10-05-b  SEV-1  acknowledged after 20m (target 15m); resolved after 1h 30m (target 1h)
`);
  });

  it('takes --since as a duration back from now, and prints JSON', async () => {
    const json = JSON.parse((await cairn(ROOT, ['metrics', '--since', '21d', '--json'], { now: NOW })).stdout);
    expect(json.from).toBe('2026-10-10T11:00:00+00:00');
    expect(json.to).toBe('2026-10-31T11:00:00+00:00');
    // C started at 12:00 on the 10th, so it is still in.
    expect(json.overall.incidents).toBe(4);
    expect(json.breaches.map((b: { id: string }) => b.id)).toEqual(['2026-10-31-e']);
  });
});

describe('the /metrics/ page', () => {
  it('shows the same figures for the last history_days days', async () => {
    const dist = await builtSite('metrics-basic');
    const html = readFileSync(join(dist, 'metrics/index.html'), 'utf8');
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(html).toContain('<title>Incident metrics · Metrics Test</title>');
    expect(text).toContain('Incidents 6 Resolved 5 Mean time to acknowledge 25m Mean time to resolve 1h 58m Missed targets 2');
    expect(text).toContain('Critical (SEV-1) 15m / 1h 2 15m 1h 10m 1 1');
    expect(text).toContain('Database 2 40m 3h 15m 1 1');
    expect(text).toContain('E, major, open and not acknowledged Major (SEV-2): not acknowledged within 30m');
    expect(text).toContain('B, critical, late twice Critical (SEV-1): acknowledged after 20m (target 15m); resolved after 1h 30m (target 1h)');
    expect(html).not.toContain('A draft is not counted');
    expect(html).toContain('href="/incidents/2026-10-05-b/"');
  });
});
