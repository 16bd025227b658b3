import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { CheckResult } from '#core/model/check-data.ts';
import { IMPACTS, impactOfSev, sevLevel } from '#core/model/enums.ts';
import { type HeartbeatProbe, probeSchema, type StatuspageProbe } from '#core/model/probe.ts';
import { heartbeatReport, judgeHeartbeat } from '#core/probe/heartbeat.ts';
import { judgeSummary, summarySchema } from '#core/probe/upstream.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-23T00:00:00Z');

describe('heartbeat verdict', () => {
  const probe = probeSchema.parse({ kind: 'heartbeat', every: '1h', grace: '10m' }) as HeartbeatProbe;
  const other = (at: number): CheckResult => ({ at, status: 'up', ms: 5, attempts: 1, extra: {} });

  test.prop([fc.array(fc.integer({ min: 0, max: 600 })), fc.array(fc.integer({ min: 0, max: 600 })), fc.integer({ min: 0, max: 600 })])(
    'is up exactly when a report (not any other line) came at most every + grace before now',
    (reports, others, now) => {
      const checks = [...reports.map((m) => heartbeatReport(T0 + m * MIN)), ...others.map((m) => other(T0 + m * MIN))];
      const verdict = judgeHeartbeat(probe, checks, T0 + now * MIN);
      const seen = reports.filter((m) => m <= now);
      const fresh = seen.some((m) => now - m <= 70);
      expect(verdict.status).toBe(fresh ? 'up' : 'down');
      if (!fresh) expect(verdict.error).toBe('missed');
      expect(verdict.extra.last).toBe(seen.length ? new Date(T0 + Math.max(...seen) * MIN).toISOString().replace('.000Z', 'Z') : undefined);
    },
  );
});

describe('heartbeat of a monthly job', () => {
  const monthly = probeSchema.parse({ kind: 'heartbeat', every: '30d', grace: '1d' }) as HeartbeatProbe;
  const DAY = 24 * 60 * MIN;

  test.prop([fc.integer({ min: 15, max: 30 })])('is still up once its report line was rolled up, from the time verdicts carried forward', (days) => {
    // Daily verdicts since the report; only the last 14 days are kept as raw lines.
    const verdicts: CheckResult[] = [];
    for (let d = 1; d <= days; d++) {
      const verdict = judgeHeartbeat(monthly, [heartbeatReport(T0), ...verdicts], T0 + d * DAY);
      verdicts.push({ at: T0 + d * DAY, status: verdict.status, ms: 0, attempts: 1, extra: verdict.extra });
    }
    const kept = verdicts.filter((c) => c.at > T0 + (days - 14) * DAY);
    expect(judgeHeartbeat(monthly, kept, T0 + (days + 0.5) * DAY)).toMatchObject({ status: 'up', extra: { last: '2026-11-23T00:00:00Z' } });
  });
});

describe('statuspage mapping', () => {
  const STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
  const RANK = { operational: 0, under_maintenance: 0, degraded_performance: 1, partial_outage: 2, major_outage: 3 };

  test.prop([fc.array(fc.constantFrom(...STATUSES), { minLength: 1, maxLength: 6 }), fc.constantFrom(...STATUSES)])(
    'takes the worst of the named components, keeps degraded apart from outages, and ignores the others',
    (named, unnamed) => {
      const components = [...named.map((status, i) => ({ name: `C${i}`, status })), { name: 'Other', status: unnamed }];
      const summary = summarySchema.parse({ status: { indicator: 'critical' }, components, incidents: [] });
      const probe = probeSchema.parse({ kind: 'statuspage', url: 'https://status.example.com/', components: named.map((_, i) => `C${i}`) }) as StatuspageProbe;
      const verdict = judgeSummary(probe, summary);
      const worst = named.reduce((w, s) => (RANK[s] > RANK[w] ? s : w), 'operational' as (typeof STATUSES)[number]);
      expect(verdict.status).toBe(({ 0: 'up', 1: 'degraded', 2: 'down', 3: 'down' } as const)[RANK[worst]]);
      expect(verdict.extra.upstream).toBe(RANK[worst] === 0 ? undefined : worst);
    },
  );

  test.prop([fc.constantFrom('none', 'minor', 'major', 'critical', 'maintenance')])('maps the page indicator when no component is named', (indicator) => {
    const probe = probeSchema.parse({ kind: 'statuspage', url: 'https://status.example.com/' }) as StatuspageProbe;
    const verdict = judgeSummary(probe, summarySchema.parse({ status: { indicator } }));
    expect([verdict.status, verdict.extra.upstream]).toEqual(
      {
        none: ['up', undefined],
        maintenance: ['up', undefined],
        minor: ['degraded', 'degraded_performance'],
        major: ['down', 'partial_outage'],
        critical: ['down', 'major_outage'],
      }[indicator],
    );
  });
});

describe('probe kinds and SEV levels', () => {
  test.prop([fc.constantFrom('http', 'https', 'tcp'), fc.domain(), fc.integer({ min: 1, max: 65535 })])(
    'a probe without kind is http or tcp by its URL scheme',
    (scheme, host, port) => {
      const parsed = probeSchema.parse({ url: `${scheme}://${host}:${port}${scheme === 'tcp' ? '' : '/'}` });
      expect(parsed.kind).toBe(scheme === 'tcp' ? 'tcp' : 'http');
    },
  );

  test.prop([fc.constantFrom(...IMPACTS), fc.constantFrom('SEV-', 'sev-', 'Sev', 'SEV', '')])('every SEV spelling names its impact', (impact, prefix) => {
    expect(impactOfSev(`${prefix}${sevLevel(impact).slice(4)}`)).toBe(impact);
  });
});
