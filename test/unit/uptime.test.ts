import { describe, expect, it } from 'vitest';
import { snapshot } from '#core/derive/snapshot.ts';
import { formatUptime } from '#core/derive/uptime.ts';
import { formatCheckLine, parseCheckLines, parseDailyLines, summarizeDay } from '#core/model/check-data.ts';
import { repo, t, testConfig } from '../helpers.ts';

const md = (front: string, body = 'Message.') => `---\n${front.trim()}\n---\n${body}\n`;
/** A probed API (every 10 minutes) and a component without a probe. */
const UPTIME_CONFIG = testConfig(
  { api: 'name: API\nprobe:\n  url: https://api.t.example/\n  interval: 10m', manual: 'name: Manual' },
  { title: 'T', url: 'https://status.t.example/', timezone: 'UTC' },
);
const MIN = 60_000;

/** Checks every 10 minutes over a span, with a status per check from `status(i)`. */
function checks(from: string, count: number, status: (i: number) => string): string {
  return Array.from({ length: count }, (_, i) => `${new Date(t(from) + i * 10 * MIN).toISOString()} ${status(i)} 100 200 - 1`).join('\n');
}

function build(files: Record<string, string>, raw = '', daily = '', now = '2026-11-21T00:00:00Z') {
  const { repository, diagnostics } = repo(files, UPTIME_CONFIG);
  expect(diagnostics).toEqual([]);
  repository!.probeData.set('api', { checks: parseCheckLines(raw, 'api').checks, daily: parseDailyLines(daily, 'daily').daily });
  // Listed in components.yml (as Git history would say) well before the days measured.
  repository!.listedSince.set('manual', t('2026-11-01T00:00:00Z'));
  return snapshot(repository!, t(now));
}

describe('uptime', () => {
  it('counts probe-observed down time over observed time', () => {
    // Checks 12:00–13:50, 12:30–13:00 down (3 checks). A check speaks until the next one, and the
    // last for three intervals (as long as the page shows it): observed 12:00–14:20.
    const s = build(
      {},
      checks('2026-11-20T12:00:00Z', 12, (i) => (i >= 3 && i < 6 ? 'down' : 'up')),
    );
    const day = s.uptime('api').days(['2026-11-20'], s.now)[0]!;
    expect(day).toMatchObject({ day: '2026-11-20', downMs: 30 * MIN, observedMs: 140 * MIN, status: 'major_outage' });
    expect(formatUptime(day.ratio)).toBe('78.57%');
  });

  it('counts degraded as up, and time nobody observed not at all', () => {
    const s = build(
      {},
      checks('2026-11-20T12:00:00Z', 6, () => 'degraded'),
    );
    // Nothing before 12:00 was observed; checks until 12:50, the last speaking until 13:20.
    const day = s.uptime('api').days(['2026-11-20'], s.now)[0]!;
    expect(day).toMatchObject({ ratio: 1, downMs: 0, observedMs: 80 * MIN, status: 'degraded_performance' });
  });

  it('shows a day without data as such, never as up', () => {
    const s = build(
      {},
      checks('2026-11-20T12:00:00Z', 6, () => 'up'),
    );
    expect(s.uptime('api').days(['2026-11-19'], s.now)[0]).toEqual({
      day: '2026-11-19',
      ratio: undefined,
      downMs: 0,
      observedMs: 0,
      windowMs: 1440 * MIN,
      status: 'unknown',
      incidents: [],
    });
    expect(formatUptime(undefined)).toBe('No data');
  });

  it('unions incident spans with probe down spans; a partial outage counts half', () => {
    const files = {
      'incidents/i/index.md': md('title: I\nat: 2026-11-20T12:20:00Z\ncomponents:\n  api: partial_outage'),
      'incidents/i/r.md': md('at: 2026-11-20T13:20:00Z\nstatus: resolved', 'Done.'),
    };
    // Probe down 12:30–13:00, inside the incident: that half hour counts fully, the other half hour half.
    const s = build(
      files,
      checks('2026-11-20T12:00:00Z', 12, (i) => (i >= 3 && i < 6 ? 'down' : 'up')),
    );
    const day = s.uptime('api').days(['2026-11-20'], s.now)[0]!;
    expect(day.downMs).toBe(30 * MIN + 30 * MIN * 0.5);
    expect(day.incidents).toEqual(['i']);
  });

  it('takes maintenance out of the denominator', () => {
    const files = {
      'incidents/m/index.md': md(
        'title: M\ntype: maintenance\nat: 2026-11-19T00:00:00Z\nwindow:\n  start: 2026-11-20T12:00:00Z\n  end: 2026-11-20T13:00:00Z\ncomponents: [api]',
      ),
    };
    const s = build(
      files,
      checks('2026-11-20T12:00:00Z', 12, (i) => (i < 6 ? 'down' : 'up')),
    );
    const day = s.uptime('api').days(['2026-11-20'], s.now)[0]!;
    // Observed 12:00–14:20 less the window 12:00–13:00; the expected down time shows as maintenance.
    expect(day).toMatchObject({ ratio: 1, downMs: 0, observedMs: 80 * MIN, status: 'under_maintenance' });
  });

  it('counts a component without a probe as up unless an incident says otherwise', () => {
    const files = {
      'incidents/i/index.md': md('title: I\nat: 2026-11-20T06:00:00Z\ncomponents:\n  manual: major_outage'),
      'incidents/i/r.md': md('at: 2026-11-20T12:00:00Z\nstatus: resolved', 'Done.'),
    };
    const s = build(files);
    const [before, day] = s.uptime('manual').days(['2026-11-19', '2026-11-20'], s.now);
    expect(before).toMatchObject({ ratio: 1, status: 'operational' });
    expect(day).toMatchObject({ ratio: 0.75, status: 'major_outage', incidents: ['i'] });
  });

  it('reads rolled-up days, and rolls up raw days without changing the figures', () => {
    const raw = checks('2026-11-20T00:00:00Z', 144, (i) => (i < 6 ? 'down' : i < 12 ? 'degraded' : 'up'));
    const rawSnapshot = build({}, raw);
    const fromRaw = rawSnapshot.uptime('api').days(['2026-11-20'], rawSnapshot.now)[0]!;
    const summary = summarizeDay('2026-11-20', parseCheckLines(raw, 'api').checks, 10 * MIN, 'UTC', t('2026-11-21T00:00:00Z'));
    expect(summary).toMatchObject({ checks: 144, up: 132, degraded: 6, down: 6, observed_min: 1440, down_min: 60, degraded_min: 60 });
    const rolled = build({}, '', `2026-11-20 checks=144 up=132 degraded=6 down=6 observed_min=1440 down_min=60 degraded_min=60 p50=100 p95=100`);
    const fromDaily = rolled.uptime('api').days(['2026-11-20'], rolled.now)[0]!;
    expect(fromDaily).toEqual(fromRaw);
  });

  it('never rounds a bad day up to 100%', () => {
    expect(formatUptime(0.99999)).toBe('99.99%');
    expect(formatUptime(1)).toBe('100.00%');
  });
});

describe('check data lines', () => {
  it('round-trip, and report unreadable lines with their position', () => {
    const line = '2026-11-20T12:00:00Z down 5003 - timeout 3 cert_days=12';
    const { checks: parsed } = parseCheckLines(line, 'x');
    expect(formatCheckLine(parsed[0]!)).toBe(line);
    expect(parseCheckLines(`${line}\ngarbage here`, 'status-data/api/2026-11-20.txt').diagnostics).toEqual([
      {
        file: 'status-data/api/2026-11-20.txt',
        line: 2,
        column: 1,
        severity: 'warning',
        rule: 'data-line',
        message: 'Unreadable check line "garbage here", expected "<time> <up|degraded|down> <ms> <code|-> <error|-> <attempts>"',
      },
    ]);
  });
});
