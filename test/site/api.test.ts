import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '#core/derive/snapshot.ts';
import { type CairnApi, cairnApiSchema } from '#core/outputs/cairn-api.ts';
import { STATUSPAGE_SCHEMAS, type StatuspageDocuments, type StatuspageEndpoint, statuspageDocuments } from '#core/outputs/statuspage.ts';
import { routes } from '#core/render/routes.ts';
import { urls } from '#core/render/urls.ts';
import { builtSite } from '../build.ts';
import { EXAMPLE_NOW, repo, t } from '../helpers.ts';
import { SITES as FIXTURE_SITES } from '../sites.ts';

/** Each site under test with its "now". The fixtures each hold one draft that must never show. */
const SITES = {
  example: EXAMPLE_NOW,
  'no-incidents': FIXTURE_SITES['no-incidents'].now,
  critical: FIXTURE_SITES.critical.now,
  'maintenance-ongoing': FIXTURE_SITES['maintenance-ongoing'].now,
  reopened: FIXTURE_SITES.reopened.now,
} as const;
type Site = keyof typeof SITES;
const DRAFTS: Record<Exclude<Site, 'example'>, string> = {
  'no-incidents': '2026-03-09-draft-outage',
  critical: '2026-05-03-draft-idea',
  'maintenance-ongoing': '2026-06-09-draft-maintenance',
  reopened: '2026-06-30-draft-note',
};

const ENDPOINTS = Object.keys(STATUSPAGE_SCHEMAS) as StatuspageEndpoint[];
// The example with its demo's probe history; critical with its payments probe failing (test/sites.ts).
const dists = Object.fromEntries(await Promise.all((Object.keys(SITES) as Site[]).map(async (s) => [s, await builtSite(s)]))) as Record<Site, string>;

const read = (site: Site, path: string) => readFileSync(join(dists[site], path), 'utf8');
const v2 = <K extends StatuspageEndpoint>(site: Site, endpoint: K): StatuspageDocuments[K] =>
  STATUSPAGE_SCHEMAS[endpoint].parse(JSON.parse(read(site, routes.api[endpoint]))) as StatuspageDocuments[K];
const cairn = (site: Site): CairnApi => cairnApiSchema.parse(JSON.parse(read(site, routes.api.cairn)));

describe.each(Object.keys(SITES) as Site[])('the API of %s', (site) => {
  it.each(ENDPOINTS)('%s matches Statuspage’s shape', (endpoint) => {
    const result = STATUSPAGE_SCHEMAS[endpoint].safeParse(JSON.parse(read(site, routes.api[endpoint])));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('cairn.json matches its schema', () => {
    const result = cairnApiSchema.safeParse(JSON.parse(read(site, routes.api.cairn)));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('reports the same updated_at as the page compares', () => {
    const updated = v2(site, 'status').page.updated_at;
    expect(read(site, 'index.html')).toContain(`data-updated="${updated}"`);
    expect(cairn(site).page.updated_at).toBe(updated);
  });

  it('publishes no draft in any file', () => {
    const secrets =
      site === 'example' ? ['Search results incomplete', '2026-11-23-search-reindex'] : ['Unpublished draft outage', 'must never be published', DRAFTS[site]];
    const dist = dists[site];
    for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      for (const secret of secrets) expect(text.includes(secret), `${secret} in ${join(entry.parentPath, entry.name)}`).toBe(false);
    }
  });
});

describe('Statuspage shapes', () => {
  it('show groups as components with their members, and members with their group', () => {
    const { components } = v2('critical', 'components');
    expect(components.map((c) => [c.id, c.group, c.position, c.group_id, c.status])).toEqual([
      ['group:core', true, 1, null, 'major_outage'],
      ['payments', false, 2, 'group:core', 'major_outage'],
      ['login', false, 3, 'group:core', 'degraded_performance'],
      ['docs', false, 4, null, 'operational'],
    ]);
    expect(components[0]!.components).toEqual(['payments', 'login']);
    expect(components[1]!.components).toBeUndefined();
    const example = v2('example', 'summary').components.filter((c) => c.group);
    expect(example.map((c) => [c.id, c.components])).toEqual([
      ['group:platform', ['api', 'checkout', 'dashboard', 'webhooks']],
      ['group:infrastructure', ['database', 'search', 'cdn']],
    ]);
  });

  it('keep a group apart from a component of the same id', () => {
    const config =
      'site:\n  title: T\n  url: https://t.example/\ngroups:\n  - id: api\n    name: API group\ncomponents:\n  - id: api\n    name: API\n    group: api\n';
    const { repository } = repo({}, config);
    const { components } = statuspageDocuments(snapshot(repository!, t('2026-01-01T00:00:00Z')), urls('https://t.example/')).components;
    expect(components.map((c) => [c.id, c.group, c.group_id, c.components])).toEqual([
      ['group:api', true, null, ['api']],
      ['api', false, 'group:api', undefined],
    ]);
  });

  it('describe the page: where it lives, its time zone and its status', () => {
    const { page, status } = v2('no-incidents', 'status');
    expect(page).toEqual({
      id: 'acme.github.io/acme-status',
      name: 'Acme Status',
      url: 'https://acme.github.io/acme-status/',
      time_zone: 'UTC',
      updated_at: '2026-03-10T12:00:00Z',
    });
    // Operational, but never claimed for all while a probed component has no data: it is named.
    expect(status).toEqual({ indicator: 'none', description: 'No data for Mobile API; everything else is operational' });
    expect(v2('critical', 'status').status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(v2('maintenance-ongoing', 'status').status).toEqual({ indicator: 'none', description: 'Under Maintenance' });
  });

  it('report a component without data as operational there, and as unknown in cairn.json', () => {
    const mobile = v2('no-incidents', 'components').components.find((c) => c.id === 'mobile-api')!;
    expect(mobile.status).toBe('operational');
    const own = cairn('no-incidents').components.find((c) => c.id === 'mobile-api')!;
    expect(own).toMatchObject({ status: 'unknown', status_label: 'No data', probed: true, fresh: false, last_check: null });
    expect(own.uptime_30d.uptime).toBeNull();
    expect(own.days).toHaveLength(90);
    expect(new Set(own.days.map((d) => d.status))).toEqual(new Set(['unknown']));
  });

  it('list nothing where nothing happened', () => {
    const summary = v2('no-incidents', 'summary');
    expect(summary.incidents).toEqual([]);
    expect(summary.scheduled_maintenances).toEqual([]);
    for (const endpoint of ['incidents', 'unresolved'] as const) expect(v2('no-incidents', endpoint).incidents).toEqual([]);
    for (const endpoint of ['maintenances', 'upcoming', 'active'] as const) expect(v2('no-incidents', endpoint).scheduled_maintenances).toEqual([]);
  });

  it('give an active incident its updates newest first, with the components each one changed', () => {
    const [incident, ...rest] = v2('critical', 'unresolved').incidents;
    expect(rest).toEqual([]);
    expect(incident).toMatchObject({
      id: '2026-05-04-payments-down',
      name: 'Payments & refunds failing',
      status: 'identified',
      impact: 'critical',
      created_at: '2026-05-04T13:12:00Z',
      started_at: '2026-05-04T13:12:00Z',
      updated_at: '2026-05-04T14:40:00Z',
      monitoring_at: null,
      resolved_at: null,
      shortlink: 'https://status.orbit.example/incidents/2026-05-04-payments-down/',
    });
    expect(incident!.incident_updates.map((u) => [u.id, u.status, u.display_at])).toEqual([
      ['2026-05-04-payments-down/2026-05-04T1040-update', 'identified', '2026-05-04T14:40:00Z'],
      ['2026-05-04-payments-down/2026-05-04T0930-identified', 'identified', '2026-05-04T13:30:00Z'],
      ['2026-05-04-payments-down/declared', 'investigating', '2026-05-04T13:12:00Z'],
    ]);
    const [later, identified, declared] = incident!.incident_updates;
    expect(later!.affected_components).toEqual([]);
    expect(identified!.affected_components).toEqual([
      { code: 'payments', name: 'Payments', old_status: 'major_outage', new_status: 'major_outage' },
      { code: 'login', name: 'Login', old_status: 'operational', new_status: 'degraded_performance' },
    ]);
    expect(declared!.affected_components).toEqual([{ code: 'payments', name: 'Payments', old_status: 'operational', new_status: 'major_outage' }]);
    // Plain text, as Statuspage sends it: the message's HTML is gone, its words stay.
    expect(declared!.body).toBe('All payment requests fail with 502 errors. We are investigating.');
    expect(incident!.components.map((c) => [c.id, c.status])).toEqual([
      ['payments', 'major_outage'],
      ['login', 'degraded_performance'],
    ]);
    expect(v2('critical', 'summary').incidents).toEqual([incident]);
  });

  it('mark a resolved incident with a postmortem as postmortem', () => {
    const { incidents } = v2('critical', 'incidents');
    expect(incidents.map((i) => [i.id, i.status])).toEqual([
      ['2026-05-04-payments-down', 'identified'],
      ['2026-04-20-login-errors', 'postmortem'],
    ]);
    expect(incidents[1]).toMatchObject({
      monitoring_at: '2026-04-20T14:20:00Z',
      resolved_at: '2026-04-20T15:00:00Z',
      impact: 'minor',
      updated_at: '2026-04-22T09:00:00Z',
    });
    expect(incidents[1]!.incident_updates[0]!.affected_components).toEqual([
      { code: 'login', name: 'Login', old_status: 'partial_outage', new_status: 'operational' },
    ]);
  });

  it('show a reopened incident as unresolved again', () => {
    const [incident] = v2('reopened', 'unresolved').incidents;
    expect(incident).toMatchObject({ id: '2026-07-01-queue-backlog', status: 'investigating', impact: 'major', resolved_at: null, monitoring_at: null });
    expect(incident!.incident_updates.map((u) => u.status)).toEqual(['investigating', 'resolved', 'monitoring', 'investigating']);
    expect(incident!.incident_updates[0]!.affected_components).toEqual([
      { code: 'queue', name: 'Job queue', old_status: 'operational', new_status: 'major_outage' },
      { code: 'web', name: 'Web app', old_status: 'operational', new_status: 'degraded_performance' },
    ]);
    expect(v2('reopened', 'incidents').incidents).toEqual([incident]);
    expect(v2('reopened', 'status').status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
  });

  it('split maintenance into active, upcoming and all, with its window', () => {
    const [active, ...more] = v2('maintenance-ongoing', 'active').scheduled_maintenances;
    expect(more).toEqual([]);
    expect(active).toMatchObject({
      id: '2026-06-10-database-maintenance',
      status: 'in_progress',
      impact: 'maintenance',
      scheduled_for: '2026-06-10T20:00:00Z',
      scheduled_until: '2026-06-11T00:00:00Z',
      started_at: '2026-06-10T20:00:00Z',
      created_at: '2026-06-03T08:00:00Z',
      updated_at: '2026-06-10T20:15:00Z',
    });
    expect(active!.incident_updates.map((u) => [u.status, u.affected_components])).toEqual([
      ['in_progress', [{ code: 'database', name: 'Datenbank', old_status: 'operational', new_status: 'under_maintenance' }]],
      ['scheduled', [{ code: 'database', name: 'Datenbank', old_status: 'operational', new_status: 'operational' }]],
    ]);
    expect(v2('maintenance-ongoing', 'upcoming').scheduled_maintenances.map((m) => [m.id, m.status])).toEqual([['2026-06-20-network-upgrade', 'scheduled']]);
    const all = v2('maintenance-ongoing', 'maintenances').scheduled_maintenances;
    expect(all.map((m) => [m.id, m.status, m.resolved_at])).toEqual([
      ['2026-06-20-network-upgrade', 'scheduled', null],
      ['2026-06-10-database-maintenance', 'in_progress', null],
      ['2026-05-28-cache-rollout', 'completed', '2026-05-28T04:50:00Z'],
    ]);
    const summary = v2('maintenance-ongoing', 'summary');
    expect(summary.scheduled_maintenances.map((m) => m.id)).toEqual(['2026-06-10-database-maintenance', '2026-06-20-network-upgrade']);
    expect(summary.components.find((c) => c.id === 'database')!.status).toBe('under_maintenance');
    expect(summary.incidents).toEqual([]);
  });
});

describe('cairn.json', () => {
  it('gives each component its live status, newest check and incidents', () => {
    const { components } = cairn('critical');
    expect(components.map((c) => [c.id, c.status, c.group])).toEqual([
      ['payments', 'major_outage', 'core'],
      ['login', 'degraded_performance', 'core'],
      ['docs', 'operational', null],
    ]);
    expect(components[0]).toMatchObject({
      probed: true,
      fresh: true,
      incidents: ['2026-05-04-payments-down'],
      last_check: { at: '2026-05-04T14:55:00Z', status: 'down', response_ms: 10009, http_code: null, error: 'timeout' },
      url: 'https://status.orbit.example/components/payments/',
      badges: {
        status: 'https://status.orbit.example/badges/payments.svg',
        uptime: 'https://status.orbit.example/badges/payments-uptime.svg',
        shields: 'https://status.orbit.example/badges/payments.json',
        shields_uptime: 'https://status.orbit.example/badges/payments-uptime.json',
      },
    });
    expect(components[1]).toMatchObject({ probed: false, fresh: false, last_check: null });
  });

  it('gives each incident its source, times and SLA figures', () => {
    const api = cairn('critical');
    const active = api.incidents.find((i) => i.id === '2026-05-04-payments-down')!;
    expect(active).toMatchObject({
      type: 'incident',
      source: 'manual',
      status: 'identified',
      impact: 'critical',
      peak_impact: 'critical',
      active: true,
      started_at: '2026-05-04T13:12:00Z',
      acknowledged_at: '2026-05-04T13:30:00Z',
      resolved_at: null,
      duration_seconds: null,
      updates: 3,
      postmortem: false,
      window: null,
      sla: {
        impact: 'critical',
        acknowledge_seconds: 1080,
        resolve_seconds: null,
        acknowledge_target_seconds: 900,
        resolve_target_seconds: 3600,
        acknowledge_breached: true,
        resolve_breached: true,
      },
    });
    expect(api.incidents.find((i) => i.id === '2026-04-20-login-errors')).toMatchObject({ status: 'resolved', postmortem: true, duration_seconds: 3600 });
    expect(api.sla).toMatchObject({
      days: 90,
      incidents: 2,
      acknowledged: 2,
      resolved: 1,
      mean_time_to_acknowledge_seconds: 1140,
      mean_time_to_resolve_seconds: 3600,
      acknowledge_breaches: 1,
      resolve_breaches: 1,
    });
    expect(api.sla.targets.critical).toEqual({ acknowledge_seconds: 900, resolve_seconds: 3600 });
  });

  it('gives maintenance its window and no SLA', () => {
    const m = cairn('maintenance-ongoing').incidents.find((i) => i.id === '2026-06-10-database-maintenance')!;
    expect(m).toMatchObject({ type: 'maintenance', status: 'in_progress', window: { start: '2026-06-10T20:00:00Z', end: '2026-06-11T00:00:00Z' }, sla: null });
  });

  it('keeps page status words beside Statuspage’s indicator', () => {
    expect(cairn('critical').page).toMatchObject({
      status: 'partial_outage',
      description: 'Partial System Outage',
      indicator: 'major',
      newest_check_at: '2026-05-04T14:55:00Z',
    });
  });
});
