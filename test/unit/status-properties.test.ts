import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { MAJORITY, type PageStatus } from '#core/derive/page-status.ts';
import { checkRules } from '#core/derive/rules.ts';
import { recentUptime, type Snapshot, snapshot } from '#core/derive/snapshot.ts';
import { MIN_OBSERVED_MS, MIN_OBSERVED_SHARE, type Uptime } from '#core/derive/uptime.ts';
import { type ComponentStatus, severity } from '#core/model/enums.ts';
import { HOUR, lastDays } from '#core/model/time.ts';
import { badgeFiles } from '#core/outputs/badges.ts';
import { cairnApi } from '#core/outputs/cairn-api.ts';
import { feedDocument } from '#core/outputs/feeds.ts';
import { statuspageDocuments } from '#core/outputs/statuspage.ts';
import { urls } from '#core/render/urls.ts';
import { statusJson } from '#core/report/terminal.ts';
import { type GeneratedRepository, readGenerated, repositoryArb } from '../arbitraries.ts';

/** The rules of DESIGN.md "Status derivation", proven over generated repositories. */

const RUNS = { numRuns: 200 };
const snap = (g: GeneratedRepository, files = g.incidentFiles) => snapshot(readGenerated(g, files), g.now);

/** Everything a reader or a script can get out of a snapshot, as text. */
function outputs(s: Snapshot): string {
  const u = urls(s.config.site.url);
  const source = { snapshot: s, urls: u, message: (md: string) => ({ html: md, text: md, paragraphs: [md] }) };
  return JSON.stringify({
    status: statusJson(s),
    statuspage: statuspageDocuments(s, u),
    cairn: cairnApi(s, u),
    badges: badgeFiles(s),
    feed: feedDocument(source, 'json'),
  });
}

describe('generated repositories', () => {
  test.prop([repositoryArb], RUNS)('pass cairn check, so that they stand for what owners write', (g) => {
    const repository = readGenerated(g);
    const errors = checkRules(repository, undefined, g.now).filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
  });
});

describe('1. the order in which files are listed', () => {
  const shuffled = repositoryArb.chain((g) =>
    fc.tuple(fc.constant(g), fc.shuffledSubarray(g.incidentFiles, { minLength: g.incidentFiles.length, maxLength: g.incidentFiles.length })),
  );
  test.prop([shuffled], RUNS)('never changes any output', ([g, files]) => {
    expect(outputs(snap(g, files))).toBe(outputs(snap(g)));
  });
});

describe('2. incidents and maintenance', () => {
  test.prop([repositoryArb], RUNS)('no component is shown better than the worst active incident says for it', (g) => {
    const s = snap(g);
    for (const f of s.all) {
      if (!f.timeline.active) continue;
      for (const [id, effect] of Object.entries(f.timeline.components)) {
        expect(severity(s.components.get(id)!.status)).toBeGreaterThanOrEqual(severity(effect));
      }
    }
  });

  test.prop([repositoryArb], RUNS)('maintenance never makes a component look better than its active incidents do', (g) => {
    const withMaintenance = snap(g);
    const maintenanceFolders = new Set(withMaintenance.all.filter((f) => f.incident.type === 'maintenance').map((f) => `incidents/${f.incident.id}/`));
    const without = snap(
      g,
      g.incidentFiles.filter((f) => ![...maintenanceFolders].some((folder) => f.path.startsWith(folder))),
    );
    for (const [id, state] of without.components) {
      // Probe failures inside a window are expected; what incidents say is not.
      if (state.incidents.length === 0) continue;
      expect(severity(withMaintenance.components.get(id)!.status)).toBeGreaterThanOrEqual(severity(state.status));
    }
  });

  test.prop([repositoryArb], RUNS)('upcoming maintenance changes no status before its window starts', (g) => {
    const s = snap(g);
    for (const f of s.upcomingMaintenance) {
      expect(f.incident.window!.start).toBeGreaterThan(g.now);
      for (const id of Object.keys(f.timeline.components)) expect(s.components.get(id)!.incidents).not.toContain(f.incident.id);
    }
  });
});

/** DESIGN.md point 4, written out again as the oracle. */
function expectedPage(s: Snapshot): PageStatus {
  const known = [...s.components.values()].map((c) => c.status).filter((x) => x !== 'unknown');
  const share = (...of: ComponentStatus[]) => known.filter((x) => of.includes(x)).length / known.length;
  let page: PageStatus =
    known.length === 0
      ? 'unknown'
      : share('partial_outage', 'major_outage') > 0
        ? share('partial_outage', 'major_outage') >= MAJORITY
          ? 'major_outage'
          : 'partial_outage'
        : share('degraded_performance') > 0
          ? share('degraded_performance') >= MAJORITY
            ? 'degraded'
            : 'partial_degraded'
          : share('under_maintenance') > 0
            ? 'maintenance'
            : 'operational';
  const order: PageStatus[] = ['unknown', 'operational', 'maintenance', 'partial_degraded', 'degraded', 'partial_outage', 'major_outage'];
  const floors = { none: undefined, minor: 'partial_degraded', major: 'partial_outage', critical: 'major_outage' } as const;
  for (const f of s.all) {
    const global = f.incident.type === 'incident' && f.incident.global && f.timeline.active && Object.keys(f.timeline.components).length === 0;
    const floor = floors[f.timeline.impact];
    if (global && floor && order.indexOf(floor) > order.indexOf(page)) page = floor;
  }
  return page;
}

describe('3. the page status', () => {
  test.prop([repositoryArb], RUNS)('matches the table of DESIGN.md and is never better than its worst component', (g) => {
    const s = snap(g);
    expect(s.page).toBe(expectedPage(s));
    const worst = Math.max(...[...s.components.values()].map((c) => severity(c.status)));
    if (worst >= severity('partial_outage')) expect(['partial_outage', 'major_outage']).toContain(s.page);
    else if (worst >= severity('degraded_performance')) expect(['partial_degraded', 'degraded', 'partial_outage', 'major_outage']).toContain(s.page);
  });
});

describe('4. uptime', () => {
  const holds = (u: Uptime) => {
    if (u.ratio === undefined) return;
    expect(u.ratio).toBeGreaterThanOrEqual(0);
    expect(u.ratio).toBeLessThanOrEqual(1);
    expect(u.ratio === 1).toBe(u.downMs === 0);
    expect(u.observedMs).toBeGreaterThanOrEqual(Math.max(MIN_OBSERVED_MS, MIN_OBSERVED_SHARE * u.windowMs));
  };
  const absentWhenShort = (u: Uptime) => {
    if (u.observedMs < MIN_OBSERVED_MS || u.observedMs < MIN_OBSERVED_SHARE * u.windowMs) expect(u.ratio).toBeUndefined();
  };

  test.prop([repositoryArb], RUNS)('is within [0, 100] %, 100 % only without down time, and absent when observation is too short', (g) => {
    const s = snap(g);
    for (const c of s.config.components) {
      const uptime = s.uptime(c.id);
      const figures = [uptime.measure(s.now - 24 * HOUR, s.now), recentUptime(s, c.id, 7), recentUptime(s, c.id), recentUptime(s, c.id, 90)];
      const days = uptime.days(lastDays(s.now, 90, s.config.site.timezone), s.now);
      for (const u of [...figures, ...days]) {
        holds(u);
        absentWhenShort(u);
      }
      // A day without a figure is never drawn as an up day.
      for (const d of days) if (d.status === 'operational') expect(d.ratio).toBeDefined();
    }
  });

  test.prop([repositoryArb], RUNS)('never counts time before a component was first observed', (g) => {
    const s = snap(g);
    for (const c of s.config.components) {
      const first = c.probe ? g.probeData.get(c.id)?.checks[0]?.at : g.listedSince.get(c.id);
      const observed = s.uptime(c.id).measure(s.now - 200 * 24 * HOUR, s.now).observedMs;
      if (first === undefined) expect(observed).toBe(0);
      else expect(observed).toBeLessThanOrEqual(s.now - first + 3 * (c.probe?.interval ?? 0));
    }
  });
});
