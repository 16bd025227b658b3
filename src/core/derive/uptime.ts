import { checkSays, coverageEnd, type DailySummary, type ProbeData } from '#core/model/check-data.ts';
import type { Component } from '#core/model/config.ts';
import { type AffectedStatus, type ComponentStatus, severity, worstStatus } from '#core/model/enums.ts';
import { dayStart, HOUR, MINUTE, nextDay } from '#core/model/time.ts';
import type { Folded } from './timeline.ts';

/**
 * Uptime of one component. Down time is the union of probe-observed down spans and incident
 * spans (`major_outage` counts fully, `partial_outage` half); degraded counts as up; maintenance
 * leaves the denominator unless something worse was said of its time. Time nobody observed is
 * not counted at all: no data is never "up". A component is observed from its first check, or
 * (without a probe) from when it was first listed in components.yml, never before.
 */

export interface Uptime {
  /** 0…1, or undefined when too little was observed (see `MIN_OBSERVED_SHARE`). */
  ratio?: number;
  downMs: number;
  observedMs: number;
  /** Length of the window measured. */
  windowMs: number;
}

/** Under this share of a window observed, or under `MIN_OBSERVED_MS`, a window shows "no data". */
export const MIN_OBSERVED_SHARE = 0.01;
export const MIN_OBSERVED_MS = HOUR;

/** The figure of a window: a ratio only when enough of it was observed to speak for it. */
export function uptimeFigure(downMs: number, observedMs: number, windowMs: number): Uptime {
  const enough = observedMs > 0 && observedMs >= MIN_OBSERVED_MS && observedMs >= MIN_OBSERVED_SHARE * windowMs;
  return { ratio: enough ? 1 - downMs / observedMs : undefined, downMs, observedMs, windowMs };
}

export interface UptimeDay extends Uptime {
  day: string;
  /** Worst status seen that day; `unknown` when there is no data. */
  status: ComponentStatus;
  /** Incidents and maintenance that touched the component that day. */
  incidents: string[];
}

const WEIGHT: Record<AffectedStatus, number> = { major_outage: 1, partial_outage: 0.5, degraded_performance: 0, under_maintenance: 0 };

interface Span {
  start: number;
  end: number;
  weight: number;
  maintenance: boolean;
  status: ComponentStatus;
  incident?: string;
}

/** The first of `0…n` for which `holds` is true, given that it is false up to some index and true from there on. */
function firstWhere(n: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface ComponentUptime {
  measure(from: number, to: number): Uptime;
  days(days: string[], now: number): UptimeDay[];
}

/**
 * `listedSince`: when the component was first listed in components.yml (from Git history), for a
 * component without a probe; undefined when unknown, and then it was never observed.
 */
export function componentUptime(
  component: Component,
  history: ProbeData | undefined,
  folded: Folded[],
  timeZone: string,
  listedSince?: number,
): ComponentUptime {
  const interval = component.probe?.interval ?? 5 * MINUTE;
  const checks = history?.checks ?? [];
  // Checks are read where they are: a span object for each, in every window measured, would be
  // garbage by the hundred thousand.
  const checkEnd = (i: number) => coverageEnd(checks, i, interval);
  const incidentSpans: Span[] = [];
  for (const { incident, timeline } of folded) {
    for (const span of timeline.spans) {
      const status = span.components[component.id];
      if (status === undefined) continue;
      incidentSpans.push({
        start: span.start,
        end: span.end,
        weight: WEIGHT[status],
        maintenance: incident.type === 'maintenance' || status === 'under_maintenance',
        status,
        incident: incident.id,
      });
    }
  }
  const daily = new Map<string, DailySummary>((history?.daily ?? []).map((d) => [d.day, d]));
  const probed = component.probe !== undefined;
  const kind = component.probe?.kind;
  const firstDaily = history?.daily.reduce((m, d) => Math.min(m, dayStart(d.day, timeZone)), Infinity) ?? Infinity;
  const observedFrom = probed ? Math.min(checks[0]?.at ?? Infinity, firstDaily) : (listedSince ?? Infinity);

  /** The checks whose coverage overlaps the window, as indices `first…last - 1`, and the incident spans that do. */
  function spansIn(from: number, to: number): { first: number; last: number; incidents: Span[] } {
    const first = firstWhere(checks.length, (i) => checkEnd(i) > from);
    const last = Math.max(
      first,
      firstWhere(checks.length, (i) => checks[i]!.at >= to),
    );
    return { first, last, incidents: incidentSpans.filter((s) => s.start < to && s.end > from) };
  }

  function measure(windowFrom: number, to: number): Uptime {
    const from = Math.max(windowFrom, observedFrom);
    if (to <= from) return uptimeFigure(0, 0, Math.max(0, to - windowFrom));
    const { first, last, incidents } = spansIn(from, to);
    // Repeated cuts make empty pieces, which count for nothing.
    const points = [from, to];
    const cut = (t: number) => {
      if (t > from && t < to) points.push(t);
    };
    for (let i = first; i < last; i++) {
      cut(checks[i]!.at);
      cut(checkEnd(i));
    }
    for (const s of incidents) {
      cut(s.start);
      cut(s.end);
    }
    points.sort((a, b) => a - b);
    let downMs = 0;
    let observedMs = 0;
    let p = first;
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i]!;
      const b = points[i + 1]!;
      if (a === b) continue;
      while (p < last && checkEnd(p) <= a) p++;
      const check = p < last && checks[p]!.at <= a ? checks[p] : undefined;
      // A check that says nothing of the component (an upstream page that could not be read), or
      // that reports it under maintenance upstream, observes nothing.
      const says = check && checkSays(check, kind);
      let covered = !probed || (says !== undefined && says !== 'under_maintenance');
      let maintenance = false;
      let problem = false;
      let weight = 0;
      for (const s of incidents) {
        if (s.start <= a && s.end >= b) {
          covered = true;
          maintenance ||= s.maintenance;
          problem ||= severity(s.status) > severity('under_maintenance');
          weight = Math.max(weight, s.weight);
        }
      }
      // Planned time is left out, unless something worse than maintenance was said of it (the
      // status the page showed then); failed checks inside a window were expected.
      if (!covered || (maintenance && !problem)) continue;
      if (!maintenance && says !== undefined && says !== 'operational') weight = Math.max(weight, WEIGHT[says as AffectedStatus]);
      observedMs += b - a;
      downMs += (b - a) * weight;
    }
    return uptimeFigure(downMs, observedMs, to - windowFrom);
  }

  function day(key: string, now: number): UptimeDay {
    const start = dayStart(key, timeZone);
    const end = Math.min(dayStart(nextDay(key), timeZone), now);
    const { first, last, incidents } = spansIn(start, end);
    const touching = [...new Set(incidents.map((s) => s.incident!))];
    const rolled = daily.get(key);
    let figure = measure(start, end);
    // Down checks inside a maintenance window were expected: the day shows maintenance for them.
    const expected = (from: number, to: number) => incidents.some((m) => m.maintenance && m.start <= from && m.end >= to);
    const since = Math.max(start, observedFrom);
    const seen: ComponentStatus[] = [];
    for (let i = first; i < last; i++) {
      const says = checkSays(checks[i]!, kind);
      if (says !== undefined && checkEnd(i) > since && !expected(checks[i]!.at, checkEnd(i))) seen.push(says);
    }
    for (const s of incidents) if (s.end > since) seen.push(s.status);
    if (rolled && last === first) {
      // Older days keep only a summary: its figures stand, joined with incident time as best they can be.
      const observedMs = Math.max(rolled.observed_min * MINUTE, figure.observedMs);
      const downMs = Math.max(rolled.down_min * MINUTE, figure.downMs);
      figure = uptimeFigure(downMs, observedMs, end - start);
      if (rolled.down > 0) seen.push('major_outage');
      if (rolled.degraded > 0) seen.push('degraded_performance');
      if (rolled.checks > 0) seen.push('operational');
    }
    if (!probed && figure.observedMs > 0) seen.push('operational');
    // A day seen too little to have a figure is no "up" day, but a problem seen in it stays shown.
    const worst = worstStatus(seen);
    const status = worst === 'operational' && figure.ratio === undefined ? 'unknown' : worst;
    return { day: key, ...figure, status, incidents: touching };
  }

  // The home page, the component page, the API and the badges each ask for the same days.
  const known = new Map<string, UptimeDay>();
  return {
    measure,
    days: (keys, now) =>
      keys.map((k) => {
        const memo = `${k} ${now}`;
        let d = known.get(memo);
        if (!d) {
          d = day(k, now);
          known.set(memo, d);
        }
        return d;
      }),
  };
}

/** Combines day figures into one, such as "uptime over 90 days". */
export function combine(figures: Uptime[]): Uptime {
  const sum = (field: 'downMs' | 'observedMs' | 'windowMs') => figures.reduce((s, f) => s + f[field], 0);
  return uptimeFigure(sum('downMs'), sum('observedMs'), sum('windowMs'));
}

/** `99.95%`: two decimals, never rounded up to 100% while there was any down time. */
export function formatUptime(ratio: number | undefined): string {
  if (ratio === undefined) return 'No data';
  const pct = Math.floor(ratio * 10000) / 100;
  return `${pct.toFixed(2)}%`;
}
