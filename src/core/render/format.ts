/** Times and dates as pages show them: in the site's time zone, with the zone named. */

const dateTimes = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dateTimes.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
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
  const date = p
    .filter((x) => ['day', 'month', 'year'].includes(x.type))
    .map((x) => x.value)
    .join(' ');
  const time = p
    .slice(p.findIndex((x) => x.type === 'hour'))
    .map((x) => x.value)
    .join('');
  return { date, time };
}

/** `29 Nov 2026, 04:00 – 06:00 CET`, or both dates in full when the range spans days. */
export function formatRange(start: number, end: number, timeZone: string): string {
  const a = parts(start, timeZone);
  const b = parts(end, timeZone);
  // The zone is said once, unless the clocks change in between (01:30 CET – 03:30 CEST).
  const zone = (time: string) => /\s\S+$/.exec(time)?.[0];
  if (a.date === b.date) return `${a.date}, ${zone(a.time) === zone(b.time) ? a.time.replace(/\s\S+$/, '') : a.time} – ${b.time}`;
  return `${formatDateTime(start, timeZone)} – ${formatDateTime(end, timeZone)}`;
}

const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** `23 Nov 2026` for a calendar day `2026-11-23`. */
export function formatDay(day: string): string {
  return DAY.format(Date.parse(`${day}T12:00:00Z`));
}

/** `November 2026` for `2026-11`. */
export function formatMonth(month: string): string {
  return MONTH.format(Date.parse(`${month}-15T12:00:00Z`));
}

const SHORT_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });

/** `23 Nov` for a calendar day `2026-11-23`, for chart axes. */
export function formatShortDay(day: string): string {
  return SHORT_DAY.format(Date.parse(`${day}T12:00:00Z`));
}

/** `249 ms`, `1.8 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
