import { describe, expect, it } from 'vitest';
import { affectedView } from '#core/derive/incident-view.ts';
import { groupStatus, PAGE_INDICATOR } from '#core/derive/page-status.ts';
import { checkRules } from '#core/derive/rules.ts';
import { recentUptime, snapshot } from '#core/derive/snapshot.ts';
import { formatUptime } from '#core/derive/uptime.ts';
import { parseCheckLines } from '#core/model/check-data.ts';
import type { ComponentStatus } from '#core/model/enums.ts';
import { DAY, HOUR, lastDays } from '#core/model/time.ts';
import { statuspageDocuments } from '#core/outputs/statuspage.ts';
import { pageHeadline } from '#core/render/labels.ts';
import { uptimeWindows } from '#core/render/uptime-bar.ts';
import { urls } from '#core/render/urls.ts';
import { repo, t } from '../helpers.ts';

/** Each case a reader or operator saw on a wrong page, named for what they saw. */

const md = (front: string, body = 'Message.') => `---\n${front.trim()}\n---\n${body}\n`;
const CONFIG = `site:
  title: T
  url: https://status.t.example/
  timezone: Europe/Berlin
components:
  - id: api
    name: Payments API
    probe:
      url: https://api.t.example/
  - id: database
    name: Database
  - id: webhooks
    name: Webhooks
`;
const NOW = '2026-11-28T12:00:00Z';
const upNow = `${new Date(t(NOW) - 60_000).toISOString()} up 100 200 - 1`;

function site(files: Record<string, string>, now = NOW, checks: string | undefined = upNow) {
  const { repository, diagnostics } = repo(files, CONFIG);
  expect(diagnostics).toEqual([]);
  if (checks !== undefined) repository!.probeData.set('api', { checks: parseCheckLines(checks, 'api').checks, daily: [] });
  repository!.listedSince.set('database', t('2026-01-01T00:00:00Z'));
  repository!.listedSince.set('webhooks', t('2026-01-01T00:00:00Z'));
  return { repository: repository!, s: snapshot(repository!, t(now)) };
}

const maintenance = (components: string, window = 'start: 2026-11-28T11:00:00Z\n  end: 2026-11-28T13:00:00Z') =>
  md(`title: Upgrade\ntype: maintenance\nat: 2026-11-20T09:00:00Z\nwindow:\n  ${window}\ncomponents:\n${components}`);

describe('maintenance and incidents', () => {
  it('"Under maintenance" with indicator none while a critical incident took the API down: now Major outage, indicator critical', () => {
    const { s } = site({
      'incidents/m/index.md': maintenance('  database: under_maintenance\n  api: under_maintenance'),
      'incidents/i/index.md': md('title: API down\nimpact: critical\nat: 2026-11-28T11:30:00Z\ncomponents:\n  api: major_outage'),
    });
    expect(s.components.get('api')!.status).toBe('major_outage');
    expect(s.components.get('database')!.status).toBe('under_maintenance');
    expect(s.page).toBe('partial_outage');
    expect(statuspageDocuments(s, urls(s.config.site.url)).status.status.indicator).toBe(PAGE_INDICATOR.partial_outage);
  });

  it('"Under maintenance" for a maintenance that says api: degraded_performance: now Degraded performance', () => {
    const { s } = site({ 'incidents/m/index.md': maintenance('  api: degraded_performance') });
    expect(s.components.get('api')!.status).toBe('degraded_performance');
  });

  it('"Under maintenance" days before the window: now unchanged, and listed as scheduled with a "Planned for" caption', () => {
    const { s } = site({ 'incidents/m/index.md': maintenance('  database: under_maintenance', 'start: 2026-11-29T03:00:00Z\n  end: 2026-11-29T05:00:00Z') });
    expect(s.components.get('database')!.status).toBe('operational');
    expect(s.page).toBe('operational');
    expect(s.upcomingMaintenance.map((f) => f.incident.id)).toEqual(['m']);
    expect(affectedView(s.byId.get('m')!)).toMatchObject({ when: 'planned', caption: 'Planned for' });
  });

  it('"Affected at worst: Under maintenance" on a maintenance called off before its window: shown as what was planned', () => {
    const { s } = site({
      'incidents/m/index.md': maintenance('  database: under_maintenance', 'start: 2026-11-29T03:00:00Z\n  end: 2026-11-29T05:00:00Z'),
      'incidents/m/off.md': md('at: 2026-11-20T11:00:00Z\nstatus: completed', 'Called off.'),
    });
    expect(s.byId.get('m')!.timeline).toMatchObject({ status: 'completed', calledOff: true, startedAt: t('2026-11-20T11:00:00Z'), durationMs: 0 });
    expect(affectedView(s.byId.get('m')!)).toMatchObject({ when: 'planned', caption: 'Planned for' });
  });

  it('"Under maintenance" days before the window of a maintenance declared in progress: the declaration does not start it', () => {
    const { s } = site({
      'incidents/m/index.md': md(
        'title: U\ntype: maintenance\nstatus: in_progress\nat: 2026-11-20T09:00:00Z\nwindow:\n  start: 2026-11-29T03:00:00Z\n  end: 2026-11-29T05:00:00Z\ncomponents: [database]',
      ),
    });
    expect(s.components.get('database')!.status).toBe('operational');
    expect(s.byId.get('m')!.timeline.status).toBe('scheduled');
  });
});

describe('maintenance', () => {
  it('100 % uptime under a red day for an outage declared inside a maintenance window: its time counts as down', () => {
    const { s } = site({
      'incidents/m/index.md': maintenance('  database: under_maintenance\n  webhooks: partial_outage'),
      'incidents/i/index.md': md('title: Down\nimpact: critical\nat: 2026-11-28T11:30:00Z\ncomponents:\n  database: major_outage'),
    });
    const window = (id: string) => s.uptime(id).measure(t('2026-11-28T00:00:00Z'), s.now);
    // Half an hour of major outage in the window; the half hour of plain maintenance before it is left out.
    expect(window('database')).toMatchObject({ downMs: 30 * 60_000, observedMs: 11.5 * HOUR });
    // The maintenance itself named a partial outage for an hour: counted half.
    expect(window('webhooks')).toMatchObject({ downMs: 30 * 60_000, observedMs: 12 * HOUR });
    const [today] = s.uptime('database').days(['2026-11-28'], s.now);
    expect(today!.status).toBe('major_outage');
    expect(today!.ratio).toBeLessThan(1);
  });

  it('"Maintenance" for three days before the window of a maintenance announced "in progress": it starts with its window', () => {
    const { s } = site({
      'incidents/m/index.md': md(
        'title: U\ntype: maintenance\nstatus: in_progress\nat: 2026-11-25T09:00:00Z\nwindow:\n  start: 2026-11-28T11:00:00Z\n  end: 2026-11-28T13:00:00Z\ncomponents: [database]',
      ),
    });
    const { timeline } = s.byId.get('m')!;
    expect(timeline).toMatchObject({ status: 'in_progress', startedAt: t('2026-11-28T11:00:00Z') });
    expect(timeline.spans.map((span) => span.start)).toEqual([t('2026-11-28T11:00:00Z')]);
    // The announcement reads as what it was when made.
    expect(timeline.entries.at(-1)!.state.status).toBe('scheduled');
    const days = s.uptime('database').days(['2026-11-26', '2026-11-28'], s.now);
    expect(days.map((d) => d.status)).toEqual(['operational', 'under_maintenance']);
  });
});

describe('impact', () => {
  const checkout = {
    'incidents/c/index.md': md(
      'title: Checkout errors\nimpact: critical\nat: 2026-11-17T10:12:00Z\ncomponents:\n  api: major_outage\n  webhooks: partial_outage',
    ),
    'incidents/c/2.md': md('at: 2026-11-17T10:58:00Z\nstatus: monitoring\ncomponents:\n  api: degraded_performance'),
    'incidents/c/3.md': md('at: 2026-11-17T11:31:00Z\nstatus: resolved'),
  };

  it('"Critical · SEV-1" on the page but "minor" in /api/v2/incidents.json: the declared impact stands everywhere', () => {
    const { s } = site(checkout);
    const f = s.byId.get('c')!;
    expect(f.timeline.impact).toBe('critical');
    expect(statuspageDocuments(s, urls(s.config.site.url)).incidents.incidents[0]!.impact).toBe('critical');
  });

  it('a resolved incident showed a red "Major outage" next to "Resolved": now captioned "Affected at worst"', () => {
    const { s } = site(checkout);
    expect(affectedView(s.byId.get('c')!)).toEqual({
      when: 'at-worst',
      caption: 'Affected at worst',
      components: { api: 'major_outage', webhooks: 'partial_outage' },
    });
  });

  it('an active incident now affecting only Webhooks listed "Payments API: Degraded": now only what it affects now', () => {
    const { s } = site({
      'incidents/w/index.md': md(
        'title: Delays\nimpact: major\nat: 2026-11-28T10:00:00Z\ncomponents:\n  webhooks: partial_outage\n  api: degraded_performance',
      ),
      'incidents/w/2.md': md('at: 2026-11-28T11:00:00Z\ncomponents:\n  webhooks: degraded_performance'),
    });
    const f = s.byId.get('w')!;
    expect(affectedView(f)).toEqual({ when: 'now', caption: 'Affected now', components: { webhooks: 'degraded_performance' } });
    expect(f.timeline.impact).toBe('major');
  });
});

describe('order', () => {
  it('"Reopened …: still resolved" after a reopen in the same minute as the resolve: same-instant entries are a check error with file and line', () => {
    const { repository } = site({
      'incidents/i/index.md': md('title: I\nat: 2026-11-28T10:00:00Z\ncomponents: [api]'),
      'incidents/i/2026-11-28T1100-resolved.md': md('at: 2026-11-28T11:00:00Z\nstatus: resolved'),
      'incidents/i/2026-11-28T1100-investigating.md': md('at: 2026-11-28T11:00:00Z\nstatus: investigating'),
    });
    const errors = checkRules(repository, undefined, t(NOW)).filter((d) => d.rule === 'same-instant');
    expect(errors).toEqual([expect.objectContaining({ file: 'incidents/i/2026-11-28T1100-resolved.md', line: 2, column: 5, severity: 'error' })]);
    expect(errors[0]!.message).toContain('incidents/i/2026-11-28T1100-investigating.md');
  });

  it('an old incident with a new update stayed below newer quiet ones: active incidents go by latest update', () => {
    const { s } = site({
      'incidents/old/index.md': md('title: Old\nat: 2026-11-27T08:00:00Z\ncomponents: [api]'),
      'incidents/old/2.md': md('at: 2026-11-28T11:50:00Z\nstatus: identified'),
      'incidents/new/index.md': md('title: New\nat: 2026-11-28T09:00:00Z\ncomponents: [webhooks]'),
    });
    expect(s.activeIncidents.map((f) => f.incident.id)).toEqual(['old', 'new']);
  });
});

describe('unknown components', () => {
  it('"All Systems Operational" above "No recent checks": the banner names the components without data', () => {
    const { s } = site({}, NOW, '');
    expect(s.page).toBe('operational');
    expect(pageHeadline(s)).toBe('No data for Payments API; everything else is operational');
  });

  it('a group "Operational" while its members had no data: the group has no data, unless one has a problem', () => {
    const state = (id: string, status: ComponentStatus) => ({ id, status, fresh: false, incidents: [] });
    expect(groupStatus([state('a', 'operational'), state('b', 'unknown'), state('c', 'unknown')])).toBe('unknown');
    expect(groupStatus([state('a', 'under_maintenance'), state('b', 'unknown')])).toBe('unknown');
    expect(groupStatus([state('a', 'partial_outage'), state('b', 'unknown')])).toBe('partial_outage');
    expect(groupStatus([state('a', 'operational'), state('b', 'under_maintenance')])).toBe('under_maintenance');
  });
});

describe('uptime', () => {
  it('"50.00%" for every window from a 10-second incident on a new component: now no data', () => {
    const { s } = site(
      {
        'incidents/i/index.md': md('title: I\nat: 2026-11-28T11:00:00Z\ncomponents: [api]'),
        'incidents/i/2.md': md('at: 2026-11-28T11:00:10Z\nstatus: resolved'),
      },
      NOW,
      `2026-11-28T11:00:00Z up 100 200 - 1\n2026-11-28T11:00:05Z up 100 200 - 1`,
    );
    const windows = uptimeWindows(s.uptime('api'), s.now, 'Europe/Berlin');
    expect(windows.map((w) => formatUptime(w.uptime.ratio))).toEqual(['No data', 'No data', 'No data', 'No data']);
    expect(formatUptime(recentUptime(s, 'api').ratio)).toBe('No data');
  });

  it('90 green days from before the page existed for a component without a probe: days before it was listed have no data', () => {
    const { repository } = site({});
    repository.listedSince.set('webhooks', t(NOW) - 2 * DAY);
    const s = snapshot(repository, t(NOW));
    const days = s.uptime('webhooks').days(lastDays(s.now, 90, 'Europe/Berlin'), s.now);
    expect(days.filter((d) => d.status === 'unknown')).toHaveLength(87);
    // Listed half an hour before the end of a day: that day is no up day.
    repository.listedSince.set('webhooks', t('2026-11-27T22:30:00Z'));
    expect(snapshot(repository, t(NOW)).uptime('webhooks').days(['2026-11-27'], t(NOW))[0]).toMatchObject({ status: 'unknown', ratio: undefined });
    expect(s.uptime('webhooks').measure(s.now - 30 * DAY, s.now).observedMs).toBe(2 * DAY);
    // Never listed in a commit: nobody can say since when it was watched.
    repository.listedSince.delete('webhooks');
    expect(
      snapshot(repository, t(NOW))
        .uptime('webhooks')
        .measure(s.now - HOUR, s.now).ratio,
    ).toBeUndefined();
  });
});
