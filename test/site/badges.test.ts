import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '#core/derive/snapshot.ts';
import { parseCheckLines } from '#core/model/check-data.ts';
import {
  BADGE_COLORS,
  badgeFiles,
  componentBadge,
  pageBadge,
  renderBadge,
  shieldsEndpointSchema,
  textWidth,
  uptimeBadge,
  uptimeColor,
} from '#core/outputs/badges.ts';
import { routes } from '#core/render/routes.ts';
import { contrast } from '#core/render/theme.ts';
import { builtSite } from '../build.ts';
import { repo, t, testConfig } from '../helpers.ts';

/** A title with markup characters, a probed API and a website without a probe. */
const BADGE_CONFIG = testConfig(
  { api: 'name: API\nprobe:\n  url: https://api.t.example/', web: 'name: Website' },
  { title: 'R&D <Status>', url: 'https://status.t.example/', timezone: 'UTC' },
);
const NOW = '2026-08-10T12:00:00Z';

function site(files: Record<string, string> = {}, config = BADGE_CONFIG, checks?: string) {
  const { repository, diagnostics } = repo(files, config);
  expect(diagnostics).toEqual([]);
  if (checks) repository!.probeData.set('api', { checks: parseCheckLines(checks, 'api').checks, daily: [] });
  return snapshot(repository!, t(NOW));
}

describe('badge drawing', () => {
  it('measures text with Verdana 11px widths, as shields.io does', () => {
    expect(textWidth('status')).toBeCloseTo(33.69, 2);
    expect(textWidth('WWW')).toBeGreaterThan(textWidth('iii') * 3);
    expect(textWidth('Störung')).toBeGreaterThan(textWidth('Strung'));
  });

  it('is an image with a title and a label for screen readers, its text escaped', () => {
    const svg = renderBadge({ label: 'R&D', message: '<ok>', color: BADGE_COLORS.operational, title: 'R&D: "ok"' });
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="(\d+)" height="20" viewBox="0 0 \1 20" role="img" aria-label="R&amp;D: &quot;ok&quot;">/,
    );
    expect(svg).toContain('<title>R&amp;D: &quot;ok&quot;</title>');
    expect(svg).toContain('>R&amp;D</text>');
    expect(svg).toContain('>&lt;ok&gt;</text>');
    // Each side is its text plus 6px on either side.
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(width).toBe(Math.round(textWidth('R&D') + 12) + Math.round(textWidth('<ok>') + 12));
  });

  it('uses colours that white text reads on (WCAG AA)', () => {
    for (const [name, color] of Object.entries(BADGE_COLORS)) expect(contrast(color, '#ffffff'), name).toBeGreaterThanOrEqual(4.5);
  });

  it('colours uptime from green to red, and grey without data', () => {
    expect([0.9995, 0.999, 0.995, 0.96, 0.9, undefined].map(uptimeColor)).toEqual([
      BADGE_COLORS.operational,
      BADGE_COLORS.operational,
      BADGE_COLORS.degraded,
      BADGE_COLORS.partial,
      BADGE_COLORS.major,
      BADGE_COLORS.unknown,
    ]);
  });
});

describe('badges of a page', () => {
  it('say the status in words, not only in colour', () => {
    const quiet = site();
    // The API's probe has no data: the page badge does not claim that all is operational.
    expect(componentBadge(quiet, 'api')).toEqual({ label: 'API', message: 'No data', color: BADGE_COLORS.unknown, title: 'API: No data' });
    expect(componentBadge(quiet, 'web')).toMatchObject({ message: 'Operational', color: BADGE_COLORS.operational });
    expect(pageBadge(quiet)).toEqual({
      label: 'status',
      message: 'No data for API',
      color: BADGE_COLORS.unknown,
      title: 'R&D <Status>: No data for API; everything else is operational',
    });
    const checked = site({}, BADGE_CONFIG, '2026-08-10T11:59:00Z up 120 200 - 1');
    expect(pageBadge(checked)).toEqual({
      label: 'status',
      message: 'All Systems Operational',
      color: BADGE_COLORS.operational,
      title: 'R&D <Status>: All Systems Operational',
    });

    const down = site({
      'incidents/2026-08-10-web-down/index.md':
        '---\ntitle: Website down\nat: 2026-08-10T11:00:00Z\ncomponents:\n  web: major_outage\n---\nThe website is down.\n',
    });
    expect(componentBadge(down, 'web')).toMatchObject({ message: 'Major outage', color: BADGE_COLORS.major });
    expect(pageBadge(down)).toMatchObject({ message: 'Major System Outage', color: BADGE_COLORS.major });
  });

  it('give uptime over the last 30 days', () => {
    // Up all day on the 10th until noon, down for the last hour.
    const lines = Array.from({ length: 144 }, (_, i) => {
      const at = t('2026-08-10T00:00:00Z') + i * 5 * 60_000;
      return `${new Date(at).toISOString()} ${at >= t('2026-08-10T11:00:00Z') ? 'down' : 'up'} 120 200 - 1`;
    }).join('\n');
    const s = site({}, BADGE_CONFIG, lines);
    const badge = uptimeBadge(s, 'api');
    expect(badge.label).toBe('API 30d uptime');
    expect(badge.message).toBe('91.66%');
    expect(badge.color).toBe(BADGE_COLORS.major);
    expect(badge.title).toBe('API: 91.66% uptime over the last 30 days');
    expect(uptimeBadge(site(), 'api')).toMatchObject({ message: 'No data', color: BADGE_COLORS.unknown, title: 'API: no uptime data over the last 30 days' });
  });

  it('refuse a component id whose badge would overwrite another', () => {
    const clash = (ids: string[]) => () =>
      badgeFiles(site({}, `site:\n  title: T\n  url: https://t.example/\ncomponents:\n${ids.map((id) => `  - id: ${id}\n    name: ${id}\n`).join('')}`));
    expect(clash(['page'])).toThrow(/Two badges would be written to badges\/page\.svg: rename the component/);
    expect(clash(['db', 'db-uptime'])).toThrow(/badges\/db-uptime\.svg/);
    expect(clash(['db', 'uptime'])).not.toThrow();
  });
});

describe('badges of a built site', async () => {
  // The critical fixture with its payments probe failing (test/sites.ts).
  const dist = await builtSite('critical');
  const read = (path: string) => readFileSync(join(dist, path), 'utf8');

  it('has an SVG and a shields.io endpoint for the page and for each component', () => {
    expect(read(routes.badge.page)).toContain('<title>Orbit &amp; Co Status: Partial System Outage</title>');
    expect(shieldsEndpointSchema.parse(JSON.parse(read(routes.badge.pageShields)))).toEqual({
      schemaVersion: 1,
      label: 'status',
      message: 'Partial System Outage',
      color: BADGE_COLORS.partial,
      cacheSeconds: 300,
    });
    const expected = { payments: 'Major outage', login: 'Degraded performance', docs: 'Operational' };
    for (const [id, message] of Object.entries(expected)) {
      expect(read(routes.badge.component(id))).toContain(`>${message}</text>`);
      expect(shieldsEndpointSchema.parse(JSON.parse(read(routes.badge.shields(id)))).message).toBe(message);
      expect(read(routes.badge.uptime(id))).toMatch(/<title>[^<]+ over the last 30 days<\/title>/);
      expect(shieldsEndpointSchema.parse(JSON.parse(read(routes.badge.shieldsUptime(id)))).label).toMatch(/ 30d uptime$/);
    }
    // docs has no probe and was never committed in this copy: nobody can say since when it was watched.
    expect(shieldsEndpointSchema.parse(JSON.parse(read(routes.badge.shieldsUptime('docs')))).message).toBe('No data');
  });
});
