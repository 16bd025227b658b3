import { type ComponentUptime, combine, formatUptime, type Uptime, type UptimeDay } from '#core/derive/uptime.ts';
import type { ComponentStatus } from '#core/model/enums.ts';
import { HOUR, lastDays } from '#core/model/time.ts';
import { formatDay } from './format.ts';

/** What the uptime bars and figures of the home and component pages show. */

export interface BarCell {
  day: string;
  status: ComponentStatus;
  /** `23 Nov 2026: 99.95% · Webhook deliveries delayed`, for the tooltip. */
  label: string;
}

export interface UptimeBar {
  cells: BarCell[];
  total: Uptime;
  /** One sentence for screen readers, which skip the cells. */
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

/** One cell per day with the day's worst status, and the figure over all days. */
export function uptimeBar(days: UptimeDay[], titleOf: (incidentId: string) => string | undefined): UptimeBar {
  const cells = days.map((d) => {
    const titles = d.incidents.map(titleOf).filter((t) => t !== undefined);
    return { day: d.day, status: d.status, label: [`${formatDay(d.day)}: ${dayFigure(d)}`, ...titles].join(' · ') };
  });
  const total = combine(days);
  const withIncidents = days.filter((d) => d.incidents.length > 0).length;
  const withoutData = days.filter((d) => d.status === 'unknown').length;
  const parts = [`Uptime over the last ${days.length} days: ${formatUptime(total.ratio)}`];
  if (withIncidents) parts.push(`${withIncidents} ${withIncidents === 1 ? 'day' : 'days'} with incidents or maintenance`);
  if (withoutData) parts.push(`${withoutData} ${withoutData === 1 ? 'day' : 'days'} without data`);
  return { cells, total, summary: `${parts.join(', ')}.` };
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
