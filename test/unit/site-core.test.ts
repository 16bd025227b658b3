import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { affectedComponents } from '#core/derive/affected.ts';
import { freshness } from '#core/derive/freshness.ts';
import { affectedView, entryLabel } from '#core/derive/incident-view.ts';
import { snapshot } from '#core/derive/snapshot.ts';
import type { UptimeDay } from '#core/derive/uptime.ts';
import type { CheckResult } from '#core/model/check-data.ts';
import { COMPONENT_STATUSES } from '#core/model/enums.ts';
import { HOUR, lastDays, MINUTE } from '#core/model/time.ts';
import { robotsTxt, sitemapRoutes, sitemapXml } from '#core/outputs/sitemap.ts';
import { msAxisLabels, niceStep, responseTimeChart, uptimeBarsChart } from '#core/render/chart.ts';
import { formatDateTime, formatDay, formatMonth, formatMs, formatRange, formatShortDay } from '#core/render/format.ts';
import { historyPages } from '#core/render/history-pages.ts';
import { contrast, DARK_BACKGROUND, LIGHT_BACKGROUND, theme, themeCss } from '#core/render/theme.ts';
import { barCss, barRuns, dayFigure, uptimeBar } from '#core/render/uptime-bar.ts';
import { urls } from '#core/render/urls.ts';
import { repo, t } from '../helpers.ts';

const incident = (fields: string, body = 'Message.') => `---\n${fields.trim()}\n---\n${body}\n`;

function site(files: Record<string, string>, now: string, config?: string) {
  const { repository, diagnostics } = repo(files, config);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return snapshot(repository!, t(now));
}

describe('theme', () => {
  it.each(['#2f6f4f', '#ffd000', '#ffffff', '#000000', '#3b5bdb', '#ff00ff'])('keeps links and header text readable for brand colour %s', (brand) => {
    const th = theme(brand);
    expect(contrast(th.linkLight, LIGHT_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(th.linkDark, DARK_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(th.onBrand, th.brand)).toBeGreaterThanOrEqual(4.5);
  });

  it('leaves a colour that already reads well as it is', () => {
    expect(theme('#2F6F4F')).toMatchObject({ brand: '#2f6f4f', onBrand: '#ffffff', linkLight: '#2f6f4f' });
    expect(themeCss(theme('#ffd000'))).toBe(':root{--brand:#ffd000;--on-brand:#111111;--link-light:#806800;--link-dark:#ffd000}');
  });
});

describe('display of times', () => {
  it('shows instants in the site zone, naming the zone', () => {
    expect(formatDateTime(t('2026-11-23T13:40:00Z'), 'Europe/Berlin')).toBe('23 Nov 2026, 14:40 CET');
    expect(formatDateTime(t('2026-07-01T13:40:00Z'), 'Europe/Berlin')).toBe('1 Jul 2026, 15:40 CEST');
    expect(formatDateTime(t('2026-07-01T13:40:00Z'), 'UTC')).toBe('1 Jul 2026, 13:40 UTC');
  });

  it('writes a window within one day once, and across days in full', () => {
    expect(formatRange(t('2026-11-29T03:00:00Z'), t('2026-11-29T05:00:00Z'), 'Europe/Berlin')).toBe('29 Nov 2026, 04:00 – 06:00 CET');
    expect(formatRange(t('2026-11-29T22:00:00Z'), t('2026-11-30T01:00:00Z'), 'Europe/Berlin')).toBe('29 Nov 2026, 23:00 CET – 30 Nov 2026, 02:00 CET');
    // Across the change to summer time, each end has its own zone.
    expect(formatRange(t('2027-03-28T00:30:00Z'), t('2027-03-28T01:30:00Z'), 'Europe/Berlin')).toBe('28 Mar 2027, 01:30 CET – 03:30 CEST');
  });

  it('names days, months and response times', () => {
    expect(formatDay('2026-09-01')).toBe('1 Sept 2026');
    expect(formatShortDay('2026-11-23')).toBe('23 Nov');
    expect(formatMonth('2026-02')).toBe('February 2026');
    expect([formatMs(249.4), formatMs(1830), formatMs(12_400)]).toEqual(['249 ms', '1.8 s', '12 s']);
  });
});

describe('uptime bars', () => {
  const day = (d: string, fields: Partial<UptimeDay>): UptimeDay => ({
    day: d,
    status: 'operational',
    incidents: [],
    downMs: 0,
    observedMs: 1440 * MINUTE,
    windowMs: 1440 * MINUTE,
    ratio: 1,
    ...fields,
  });

  it('covers the last days up to today in the site zone', () => {
    // 23:30 UTC on 31 Dec is already 1 January in Berlin.
    expect(lastDays(t('2026-12-31T23:30:00Z'), 3, 'Europe/Berlin')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01']);
  });

  it('draws one path per status but operational (the background) through its runs of days, and sums the period up for screen readers', () => {
    const bar = uptimeBar([
      day('2026-11-21', { status: 'unknown', ratio: undefined, observedMs: 0 }),
      day('2026-11-22', { status: 'major_outage', incidents: ['cdn-down'], downMs: 25 * MINUTE, ratio: 1 - 25 / 1440 }),
      day('2026-11-23', { status: 'under_maintenance', incidents: ['upgrade'], ratio: undefined, observedMs: 0 }),
      day('2026-11-24', {}),
      day('2026-11-25', {}),
      day('2026-11-26', { status: 'major_outage', downMs: MINUTE, ratio: 1 - 1 / 1440 }),
    ]);
    expect(bar.days).toBe(6);
    expect(bar.paths).toEqual([
      { status: 'unknown', d: 'M0 0h1' },
      { status: 'major_outage', d: 'M1 0h1m3 0h1' },
      { status: 'under_maintenance', d: 'M2 0h1' },
    ]);
    expect(bar.summary).toBe('Uptime over the last 6 days: 99.54%, 2 days with incidents or maintenance, 1 day without data.');
  });

  it('gives the legend the figure over the days each screen shows: the latest 90, or 30 on phones', () => {
    // An outage 60 days ago, then 59 good days: it counts on wide screens, not on phones.
    const days = Array.from({ length: 120 }, (_, i) => day(`d${i}`, i === 60 ? { status: 'major_outage', downMs: 144 * MINUTE, ratio: 0.9 } : {}));
    const bar = uptimeBar(days);
    expect(bar.legend).toEqual({ wide: '99.88% uptime', narrow: '100.00% uptime' });
  });

  test.prop([fc.array(fc.constantFrom(...COMPONENT_STATUSES), { maxLength: 120 })])('runs cover every day once, in order, with its status', (statuses) => {
    const runs = barRuns(statuses);
    expect(runs.flatMap((run) => Array.from({ length: run.to - run.from }, () => run.status))).toEqual(statuses);
    runs.forEach((run, i) => {
      expect(run.to).toBeGreaterThan(run.from);
      if (i > 0) expect(runs[i - 1]!.status).not.toBe(run.status);
    });
  });

  it('zooms the bars to the latest 90 days, 30 on narrow screens, and names the ends', () => {
    expect(barCss(90)).toBe(
      ':root{--bar-days:90;--bar-zoom-wide:1;--bar-zoom-narrow:3;--bar-from:"90 days ago → today";--bar-from-narrow:"30 days ago → today"}',
    );
    expect(barCss(1)).toBe(':root{--bar-days:1;--bar-zoom-wide:1;--bar-zoom-narrow:1;--bar-from:"1 day ago → today";--bar-from-narrow:"1 day ago → today"}');
    // A year: the latest 90 days on wide screens, 30 on narrow ones.
    expect(barCss(360)).toBe(
      ':root{--bar-days:360;--bar-zoom-wide:4;--bar-zoom-narrow:12;--bar-from:"90 days ago → today";--bar-from-narrow:"30 days ago → today"}',
    );
  });

  it('never calls a day with down time 100%', () => {
    expect(dayFigure(day('2026-11-22', { downMs: 1000, ratio: 1 - 1000 / (1440 * MINUTE) }))).toBe('99.99%');
  });
});

describe('history pages', () => {
  const files: Record<string, string> = {};
  for (const [i, d] of ['2026-01-05', '2026-01-20', '2026-01-25', '2026-03-02', '2026-03-03'].entries()) {
    files[`incidents/i${i}/index.md`] = incident(`title: Incident ${i}\nat: ${d}T10:00:00Z\ncomponents: [${i % 2 ? 'api' : 'web'}]`);
    files[`incidents/i${i}/${d}T1100-resolved.md`] = incident(`at: ${d}T11:00:00Z\nstatus: resolved`);
  }
  const snap = site(files, '2026-04-10T12:00:00Z');

  it('lists every month from now back to the oldest incident, quiet months included, newest first', () => {
    const [page] = historyPages(snap.all, snap.now, 'Europe/Berlin');
    expect(page!.months.map((m) => [m.month, m.items.map((f) => f.incident.title)])).toEqual([
      ['2026-04', []],
      ['2026-03', ['Incident 4', 'Incident 3']],
      ['2026-02', []],
      ['2026-01', ['Incident 2', 'Incident 1', 'Incident 0']],
    ]);
  });

  it('cuts long months across pages and says where a month continues', () => {
    const pages = historyPages(snap.all, snap.now, 'Europe/Berlin', 2);
    expect(pages.map((p) => p.months.map((m) => `${m.month}${m.continued ? '+' : ''}:${m.items.length}`))).toEqual([
      ['2026-04:0', '2026-03:2'],
      ['2026-02:0', '2026-01:2'],
      ['2026-01+:1'],
    ]);
    expect(pages.map((p) => [p.page, p.pages])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('shows the current month as quiet when there is nothing at all', () => {
    const empty = site({}, '2026-04-10T12:00:00Z');
    expect(historyPages(empty.all, empty.now, 'UTC')).toEqual([{ page: 1, pages: 1, months: [{ month: '2026-04', items: [], continued: false }] }]);
  });
});

describe('charts', () => {
  it('picks round steps for axes', () => {
    expect([niceStep(180), niceStep(2700), niceStep(9)]).toEqual([50, 1000, 5]);
  });

  it('draws the median per bucket, leaves gaps without data, and ignores failed checks', () => {
    const from = t('2026-11-23T00:00:00Z');
    const check = (at: number, ms: number, status: CheckResult['status'] = 'up'): CheckResult => ({ at, ms, status, attempts: 1, extra: {} });
    const checks = [
      check(from, 100),
      check(from + 10 * MINUTE, 300),
      check(from + 20 * MINUTE, 200),
      check(from + 2 * HOUR, 400),
      check(from + 2 * HOUR + 5 * MINUTE, 10_000, 'down'),
    ];
    const chart = responseTimeChart(checks, from, from + 3 * HOUR, HOUR, 'UTC');
    // Two runs (hour 0, hour 2): the line is broken where hour 1 had no data.
    expect(chart.median.match(/M/g)).toHaveLength(2);
    expect(chart.p95.match(/Z/g)).toHaveLength(2);
    expect(chart.yTicks.map((t) => t.label)).toEqual(['0 ms', '100 ms', '200 ms', '300 ms', '400 ms']);
    expect(chart.summary).toBe("Median response time 200 ms, 95th percentile 400 ms, slowest hour's 95th percentile 400 ms.");
    expect(responseTimeChart([], from, from + HOUR, HOUR, 'UTC')).toMatchObject({ median: '', empty: true });
  });

  it('labels a response-time axis in one unit', () => {
    expect(msAxisLabels([0, 100, 200], 100)).toEqual(['0 ms', '100 ms', '200 ms']);
    expect(msAxisLabels([0, 500, 1000, 1500], 500)).toEqual(['0.0 s', '0.5 s', '1.0 s', '1.5 s']);
    expect(msAxisLabels([0, 2000, 4000], 2000)).toEqual(['0 s', '2 s', '4 s']);
  });

  test.prop([fc.array(fc.integer({ min: 1, max: 60_000 }), { minLength: 1, maxLength: 50 })])('never mixes units on one axis', (times) => {
    const from = t('2026-11-23T00:00:00Z');
    const checks = times.map((ms, i): CheckResult => ({ at: from + i * MINUTE, ms, status: 'up', attempts: 1, extra: {} }));
    const units = new Set(responseTimeChart(checks, from, from + HOUR, HOUR, 'UTC').yTicks.map((tick) => tick.label.split(' ')[1]));
    expect(units.size).toBe(1);
  });

  it('says "no data" rather than drawing an empty chart', () => {
    const none: UptimeDay = { day: '2026-11-21', ratio: undefined, status: 'unknown', incidents: [], downMs: 0, observedMs: 0, windowMs: 86_400_000 };
    expect(uptimeBarsChart([none, { ...none, day: '2026-11-22' }])).toMatchObject({ empty: true, summary: 'No uptime data for the last 2 days.' });
  });

  it('scales daily uptime from 0 to 100% for every component, and marks days without data', () => {
    const day = (d: string, ratio: number | undefined, status: UptimeDay['status'] = 'operational'): UptimeDay => ({
      day: d,
      ratio,
      status,
      incidents: [],
      downMs: ratio === undefined || ratio === 1 ? 0 : 1,
      observedMs: 1,
      windowMs: 1,
    });
    const chart = uptimeBarsChart([day('2026-11-21', undefined, 'unknown'), day('2026-11-22', 0.98, 'major_outage'), day('2026-11-23', 1)]);
    expect(chart.yTicks.map((t) => t.label)).toEqual(['0%', '50%', '100%']);
    expect(chart.empty).toBe(false);
    const [none, bad, good] = chart.bars;
    expect(none!.h).toBe(3);
    expect(bad!.h).toBeLessThanOrEqual(good!.h);
    expect(bad!.h).toBeGreaterThan(none!.h);
    expect([none!.figure, bad!.figure, good!.figure]).toEqual(['No data', '98.00%', '100%']);
    expect(chart.summary).toBe('Daily uptime over 3 days; 1 day below 100%, lowest 98.00%.');
  });
});

describe('what pages show of an incident', () => {
  const snap = site(
    {
      'incidents/a/index.md': incident('title: A\nat: 2026-05-01T10:00:00Z\ncomponents:\n  api: major_outage\n  web: partial_outage'),
      'incidents/a/2026-05-01T1030-update.md': incident('at: 2026-05-01T10:30:00Z\ncomponents:\n  api: degraded_performance'),
      'incidents/a/2026-05-01T1100-resolved.md': incident('at: 2026-05-01T11:00:00Z\nstatus: resolved'),
    },
    '2026-05-02T00:00:00Z',
  );
  const a = snap.byId.get('a')!;

  it('names entries by the status they set, else "Update"', () => {
    expect(a.timeline.entries.map(entryLabel)).toEqual(['Resolved', 'Update', 'Investigating']);
  });

  it('shows a resolved incident with one impact and every component it affected at worst, labelled so', () => {
    expect(a.timeline.impact).toBe('minor');
    const view = affectedView(a);
    expect(view.caption).toBe('Affected at worst');
    expect(affectedComponents(snap.config, view.components)).toEqual([
      { id: 'api', name: 'API', status: 'major_outage' },
      { id: 'web', name: 'Website', status: 'partial_outage' },
    ]);
  });
});

describe('freshness', () => {
  const config = `site:\n  title: T\n  url: https://t.example/\ncomponents:\n  - id: api\n    name: API\n    probe:\n      url: https://api.t.example/\n  - id: web\n    name: Web\n`;

  it('calls a probed component without recent checks stale', () => {
    const { repository } = repo({}, config);
    repository!.probeData.set('api', { checks: [{ at: t('2026-05-01T10:00:00Z'), status: 'up', ms: 100, attempts: 1, extra: {} }], daily: [] });
    expect(freshness(snapshot(repository!, t('2026-05-01T10:10:00Z')))).toEqual({
      builtAt: t('2026-05-01T10:10:00Z'),
      newestCheck: t('2026-05-01T10:00:00Z'),
      ageMs: 10 * MINUTE,
      stale: [],
    });
    expect(freshness(snapshot(repository!, t('2026-05-01T11:00:00Z'))).stale).toEqual(['api']);
  });
});

describe('links', () => {
  it('keep absolute URLs and put site paths below the base', () => {
    const u = urls('https://example.github.io/status/');
    expect([u.link('https://acme.example/'), u.link('mailto:a@b.example'), u.link('docs/'), u.link('/logo.svg')]).toEqual([
      'https://acme.example/',
      'mailto:a@b.example',
      '/status/docs/',
      '/status/logo.svg',
    ]);
  });

  it('list every page in the sitemap, and no draft', () => {
    const snap = site(
      {
        'incidents/open/index.md': incident('title: Open\nat: 2026-05-01T10:00:00Z\ncomponents: [api]'),
        'incidents/hidden/index.md': incident('title: Hidden\ndraft: true\nat: 2026-05-01T10:00:00Z'),
      },
      '2026-05-02T00:00:00Z',
    );
    const routes = sitemapRoutes(snap);
    expect(routes).toContain('incidents/open/');
    expect(routes).toContain('history/api/');
    expect(routes.join(' ')).not.toContain('hidden');
    const u = urls('https://example.github.io/status/');
    expect(sitemapXml(['', 'history/'], u)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        '  <url><loc>https://example.github.io/status/</loc></url>\n  <url><loc>https://example.github.io/status/history/</loc></url>\n</urlset>\n',
    );
    expect(robotsTxt(u)).toBe('User-agent: *\nAllow: /\n\nSitemap: https://example.github.io/status/sitemap.xml\n');
  });
});
