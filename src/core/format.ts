import { formatDuration } from './time.ts';

/** Times and dates as pages show them: in the site's time zone, with the zone named. */

const dateTimes = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dateTimes.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
    });
    dateTimes.set(timeZone, f);
  }
  return f;
}

/** `23 Nov 2026, 14:40 CET` */
export function formatDateTime(instant: number, timeZone: string): string {
  return dateTimeFormat(timeZone).format(instant);
}

/** The date (`29 Nov 2026`) and the time with its zone (`04:00 CET`). */
function parts(instant: number, timeZone: string): { date: string; time: string } {
  const p = dateTimeFormat(timeZone).formatToParts(instant);
  const date = p.filter((x) => ['day', 'month', 'year'].includes(x.type)).map((x) => x.value).join(' ');
  const time = p.slice(p.findIndex((x) => x.type === 'hour')).map((x) => x.value).join('');
  return { date, time };
}

/** `29 Nov 2026, 04:00 – 06:00 CET`, or both dates in full when the range spans days. */
export function formatRange(start: number, end: number, timeZone: string): string {
  const a = parts(start, timeZone);
  const b = parts(end, timeZone);
  if (a.date === b.date) return `${a.date}, ${a.time.replace(/\s\S+$/, '')} – ${b.time}`;
  return `${formatDateTime(start, timeZone)} – ${formatDateTime(end, timeZone)}`;
}

const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** `Mon 23 Nov 2026` for a calendar day `2026-11-23`. */
export function formatDay(day: string): string {
  return DAY.format(Date.parse(`${day}T12:00:00Z`)).replace(',', '');
}

/** `November 2026` for `2026-11`. */
export function formatMonth(month: string): string {
  return MONTH.format(Date.parse(`${month}-15T12:00:00Z`));
}

/** `12m ago`, `just now`. */
export function formatAgo(ms: number): string {
  return ms < 60_000 ? 'just now' : `${formatDuration(ms)} ago`;
}
