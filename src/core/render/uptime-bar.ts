import { type ComponentUptime, combine, formatUptime, type Uptime, type UptimeDay } from '#core/derive/uptime.ts';
import type { ComponentStatus } from '#core/model/enums.ts';
import { HOUR, lastDays } from '#core/model/time.ts';

/** What the uptime bars and figures of the home and component pages show. */

/** Days in a row with one status, `from` (inclusive) to `to` (exclusive) in day positions. */
export interface BarRun {
  status: ComponentStatus;
  from: number;
  to: number;
}

/**
 * A bar as one SVG path per status other than operational, which is the bar's background (the
 * home page lists every component, so a bar costs a few elements, not one per day): each path is
 * a horizontal line through its runs of days; the stylesheet cuts the bar into one mark per day.
 * Day-level details live on the component page.
 */
export interface UptimeBar {
  days: number;
  paths: Array<{ status: Exclude<ComponentStatus, 'operational'>; d: string }>;
  total: Uptime;
  /** The legend's figures: over the days the bar shows on wide screens, and on narrow ones. */
  legend: { wide: string; narrow: string };
  /** One sentence for screen readers, which skip the drawing. */
  summary: string;
}

/**
 * A day's uptime in words: `100%` for a day without down time, `Maintenance` when maintenance
 * took all of its observed time, or `No data` when too little of it was observed.
 */
export function dayFigure(d: UptimeDay): string {
  if (d.ratio === undefined) return d.status === 'under_maintenance' && d.observedMs === 0 ? 'Maintenance' : 'No data';
  return d.downMs === 0 ? '100%' : formatUptime(d.ratio);
}

/** Consecutive days with the same status, oldest first. */
export function barRuns(statuses: ComponentStatus[]): BarRun[] {
  const runs: BarRun[] = [];
  statuses.forEach((status, i) => {
    const last = runs.at(-1);
    if (last?.status === status) last.to = i + 1;
    else runs.push({ status, from: i, to: i + 1 });
  });
  return runs;
}

/** The day's status for each day, as paths per status, and the figure over all days. */
export function uptimeBar(days: UptimeDay[]): UptimeBar {
  // Relative commands along y = 0 (the viewBox is centred on it): `M0 0h3m7 0h2` is a run of
  // three days, then one of two days seven days on. Short, as 200 bars add up.
  const byStatus = new Map<Exclude<ComponentStatus, 'operational'>, { d: string; end: number }>();
  for (const run of barRuns(days.map((d) => d.status))) {
    if (run.status === 'operational') continue;
    const path = byStatus.get(run.status);
    const move = path ? `m${run.from - path.end} 0` : `M${run.from} 0`;
    byStatus.set(run.status, { d: `${path?.d ?? ''}${move}h${run.to - run.from}`, end: run.to });
  }
  const total = combine(days);
  const withIncidents = days.filter((d) => d.incidents.length > 0).length;
  const withoutData = days.filter((d) => d.status === 'unknown').length;
  const parts = [`Uptime over the last ${days.length} days: ${formatUptime(total.ratio)}`];
  if (withIncidents) parts.push(`${withIncidents} ${withIncidents === 1 ? 'day' : 'days'} with incidents or maintenance`);
  if (withoutData) parts.push(`${withoutData} ${withoutData === 1 ? 'day' : 'days'} without data`);
  const figure = (shown: number) => {
    const { ratio } = combine(days.slice(-shown));
    return ratio === undefined ? 'No data' : `${formatUptime(ratio)} uptime`;
  };
  return {
    days: days.length,
    paths: [...byStatus].map(([status, p]) => ({ status, d: p.d })),
    total,
    legend: { wide: figure(WIDE_DAYS), narrow: figure(NARROW_DAYS) },
    summary: `${parts.join(', ')}.`,
  };
}

export interface UptimeWindow {
  label: string;
  uptime: Uptime;
}

/**
 * Uptime over the last 24 hours (measured exactly), and over the last 7, 30 and 90 calendar days
 * (from the day figures, which also cover days only kept as daily summaries).
 */
export function uptimeWindows(uptime: ComponentUptime, now: number, timeZone: string): UptimeWindow[] {
  const days = uptime.days(lastDays(now, 90, timeZone), now);
  return [
    { label: '24 hours', uptime: uptime.measure(now - 24 * HOUR, now) },
    ...[7, 30, 90].map((n) => ({ label: `${n} days`, uptime: combine(days.slice(-n)) })),
  ];
}

/** Days the bars show on narrow screens, where ninety would be under 3 px each. */
export const NARROW_DAYS = 30;
/** Days the bars show on wider screens, where a year would be under 2 px each. */
export const WIDE_DAYS = 90;

const daysAgo = (n: number) => `"${n} ${n === 1 ? 'day' : 'days'} ago → today"`;

/**
 * The bars' settings for the stylesheet: days per bar, how far to zoom in to show only the latest
 * days (on wide and on narrow screens), and the legend's first label for each.
 */
export function barCss(days: number): string {
  const wide = Math.min(days, WIDE_DAYS);
  const narrow = Math.min(days, NARROW_DAYS);
  return `:root{--bar-days:${days};--bar-zoom-wide:${days / wide};--bar-zoom-narrow:${days / narrow};--bar-from:${daysAgo(wide)};--bar-from-narrow:${daysAgo(narrow)}}`;
}
