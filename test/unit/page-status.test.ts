import { describe, expect, it } from 'vitest';
import { PAGE_STATUS_TEXT } from '#core/derive/page-status.ts';
import { snapshot } from '#core/derive/snapshot.ts';
import { parseCheckLines } from '#core/model/check-data.ts';
import { repo, t, testConfig } from '../helpers.ts';

const md = (front: string, body = 'Message.') => `---\n${front.trim()}\n---\n${body}\n`;

/** Four probed components and one without a probe. */
const FOUR_PROBED_CONFIG = testConfig(
  {
    ...Object.fromEntries(['a', 'b', 'c', 'd'].map((id) => [id, `name: ${id.toUpperCase()}\nprobe:\n  url: https://${id}.t.example/`])),
    manual: 'name: Manual',
  },
  { title: 'T', url: 'https://status.t.example/', timezone: 'UTC' },
);

const NOW = '2026-11-20T12:00:00Z';

/** The page's banner for the given newest check of each probed component and incident files. */
function banner(checks: Record<string, string>, files: Record<string, string> = {}, now = NOW): string {
  const { repository, diagnostics } = repo(files, FOUR_PROBED_CONFIG);
  expect(diagnostics).toEqual([]);
  for (const [id, line] of Object.entries(checks)) repository!.probeData.set(id, { checks: parseCheckLines(line, id).checks, daily: [] });
  return PAGE_STATUS_TEXT[snapshot(repository!, t(now)).page];
}

const fresh = (status: string) => `2026-11-20T11:58:00Z ${status} 120 200 - 1`;

describe('page status', () => {
  const up = { a: fresh('up'), b: fresh('up'), c: fresh('up'), d: fresh('up') };

  it('is operational when everything is up', () => {
    expect(banner(up)).toBe('All Systems Operational');
  });

  it('counts outages against the components that have a status: 75% and more is major', () => {
    // 5 components with a status (4 probed + manual). 4 of 5 down = 80%.
    expect(banner({ ...up, a: fresh('down'), b: fresh('down'), c: fresh('down'), d: fresh('down') })).toBe('Major System Outage');
    // 3 of 5 = 60%.
    expect(banner({ ...up, a: fresh('down'), b: fresh('down'), c: fresh('down') })).toBe('Partial System Outage');
    // Without data for d, 3 of 4 are out: exactly 75%.
    expect(banner({ a: fresh('down'), b: fresh('down'), c: fresh('down') })).toBe('Major System Outage');
  });

  it('has the same thresholds for degradation', () => {
    expect(banner({ a: fresh('degraded'), b: fresh('degraded'), c: fresh('degraded') })).toBe('Degraded Performance');
    expect(banner({ a: fresh('degraded'), b: fresh('degraded'), c: fresh('up') })).toBe('Partial Degraded Performance');
  });

  it('never lets maintenance mask an outage', () => {
    const maintenance = md(
      'title: M\ntype: maintenance\nat: 2026-11-19T10:00:00Z\nwindow:\n  start: 2026-11-20T11:00:00Z\n  end: 2026-11-20T13:00:00Z\ncomponents: [a]',
    );
    expect(banner(up, { 'incidents/m/index.md': maintenance })).toBe('Under Maintenance');
    expect(banner({ ...up, b: fresh('down') }, { 'incidents/m/index.md': maintenance })).toBe('Partial System Outage');
    // The component under maintenance is expected to be down: it does not count as an outage.
    expect(banner({ ...up, a: fresh('down') }, { 'incidents/m/index.md': maintenance })).toBe('Under Maintenance');
  });

  it('treats data older than three probe intervals as unknown', () => {
    const stale = { a: '2026-11-20T11:44:00Z down 1 - timeout 3', b: '2026-11-20T11:46:00Z down 1 - timeout 3' };
    // a's check is 16 minutes old (interval 5m): unknown. b's is 14: counts.
    expect(banner(stale)).toBe('Partial System Outage');
    expect(banner({ a: stale.a })).toBe('All Systems Operational');
  });

  it('has no status when nothing has one', () => {
    const config = 'site:\n  title: T\n  url: https://status.t.example/\ncomponents:\n  - id: a\n    name: A\n    probe:\n      url: https://a.t.example/\n';
    const { repository } = repo({}, config);
    expect(PAGE_STATUS_TEXT[snapshot(repository!, t(NOW)).page]).toBe('No Status Available');
  });

  it('lets an incident override a component with its impact on it', () => {
    const files = { 'incidents/i/index.md': md('title: I\nat: 2026-11-20T11:00:00Z\ncomponents:\n  manual: major_outage\n  a: degraded_performance') };
    const { repository } = repo(files, FOUR_PROBED_CONFIG);
    for (const id of ['a', 'b', 'c', 'd']) repository!.probeData.set(id, { checks: parseCheckLines(fresh('up'), id).checks, daily: [] });
    const s = snapshot(repository!, t(NOW));
    expect(s.components.get('manual')).toMatchObject({ status: 'major_outage', incidents: ['i'] });
    expect(s.components.get('a')!.status).toBe('degraded_performance');
    expect(PAGE_STATUS_TEXT[s.page]).toBe('Partial System Outage');
    expect(s.activeIncidents.map((f) => f.incident.id)).toEqual(['i']);
  });

  it('raises the page for an active global incident without components, by impact', () => {
    const global = (impact: string, extra = '') => ({ 'incidents/g/index.md': md(`title: G\nimpact: ${impact}\nat: 2026-11-20T11:00:00Z${extra}`) });
    expect(banner(up, global('critical'))).toBe('Major System Outage');
    expect(banner(up, global('major'))).toBe('Partial System Outage');
    expect(banner(up, global('minor'))).toBe('Partial Degraded Performance');
    expect(banner(up, global('none'))).toBe('All Systems Operational');
    expect(banner(up, global('critical', '\nglobal: false'))).toBe('All Systems Operational');
    // Never lowers it.
    expect(banner({ ...up, a: fresh('down'), b: fresh('down'), c: fresh('down'), d: fresh('down') }, global('minor'))).toBe('Major System Outage');
  });

  it('ignores drafts completely', () => {
    const files = { 'incidents/d/index.md': md('title: D\ndraft: true\nimpact: critical\nat: 2026-11-20T11:00:00Z\ncomponents:\n  manual: major_outage') };
    const { repository } = repo(files, FOUR_PROBED_CONFIG);
    for (const id of ['a', 'b', 'c', 'd']) repository!.probeData.set(id, { checks: parseCheckLines(fresh('up'), id).checks, daily: [] });
    repository!.listedSince.set('manual', t('2026-11-01T00:00:00Z'));
    const s = snapshot(repository!, t(NOW));
    expect(PAGE_STATUS_TEXT[s.page]).toBe('All Systems Operational');
    expect(s.all).toEqual([]);
    expect(s.uptime('manual').measure(t('2026-11-20T11:00:00Z'), t(NOW))).toEqual({ ratio: 1, downMs: 0, observedMs: 3_600_000, windowMs: 3_600_000 });
  });
});

describe('a statuspage probe', () => {
  const VENDOR = testConfig({ vendor: 'name: Vendor\nprobe:\n  kind: statuspage\n  url: https://status.vendor.example/' }, { timezone: 'UTC' });
  /** The vendor's status and its last hour's figures, given check lines a minute apart. */
  function vendor(lines: string[]) {
    const { repository } = repo({}, VENDOR);
    repository!.probeData.set('vendor', { checks: parseCheckLines(lines.join('\n'), 'vendor').checks, daily: [] });
    const s = snapshot(repository!, t(NOW));
    return { status: s.components.get('vendor')!.status, hour: s.uptime('vendor').measure(t(NOW) - 2 * 3_600_000, t(NOW)) };
  }
  const run = (minutesAgo: number, rest: string) => `${new Date(t(NOW) - minutesAgo * 60_000).toISOString()} ${rest}`;
  const series = (rest: string) => Array.from({ length: 120 }, (_, i) => run(120 - i, rest));

  it('shows what the upstream page reports, partial outage and maintenance included', () => {
    expect(vendor(series('down 80 200 upstream 1 upstream=partial_outage')).status).toBe('partial_outage');
    expect(vendor(series('down 80 200 upstream 1 upstream=under_maintenance')).status).toBe('under_maintenance');
    expect(vendor(series('degraded 80 200 upstream 1 upstream=degraded_performance')).status).toBe('degraded_performance');
  });

  it('says nothing of the upstream service when its page could not be read: No data, not an outage', () => {
    const unread = vendor(series('down 5000 - refused 1'));
    expect(unread.status).toBe('unknown');
    expect(unread.hour).toMatchObject({ downMs: 0, observedMs: 0, ratio: undefined });
  });

  it('counts an upstream partial outage half, as an incident saying so would', () => {
    expect(vendor(series('down 80 200 upstream 1 upstream=partial_outage')).hour).toMatchObject({ ratio: 0.5 });
  });
});

describe('an incident the probe drafted', () => {
  const AUTO = (components: string) =>
    md(`title: A is degraded\nsource: auto:uptime\nimpact: minor\nat: 2026-11-20T11:00:00Z\ncomponents:\n  ${components}\nauthor: Cairn probe`);
  const status = (files: Record<string, string>, check: string) => {
    const { repository } = repo(files, FOUR_PROBED_CONFIG);
    repository!.probeData.set('a', { checks: parseCheckLines(fresh(check), 'a').checks, daily: [] });
    return snapshot(repository!, t(NOW)).components.get('a')!.status;
  };

  it('yields to a fresh check that says worse: a degraded service that went down shows down', () => {
    expect(status({ 'incidents/a/index.md': AUTO('a: degraded_performance') }, 'down')).toBe('major_outage');
    // Never better than it says.
    expect(status({ 'incidents/a/index.md': AUTO('a: degraded_performance') }, 'up')).toBe('degraded_performance');
  });

  it("does not overrule a person's incident", () => {
    const person = md('title: A is slow\nimpact: minor\nat: 2026-11-20T11:00:00Z\ncomponents:\n  a: degraded_performance');
    expect(status({ 'incidents/p/index.md': person }, 'down')).toBe('degraded_performance');
  });
});
