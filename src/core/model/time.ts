// Instants are epoch milliseconds throughout the core; text is parsed once, at the edge.

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * Whether an entry stamped `at` has been made by `now`. Writers stamp the next free second (two
 * entries at one instant could not be ordered), so `cairn reopen` right after `cairn resolve`
 * writes a second ahead of now; times are shown to the minute, so anything less than a minute
 * ahead counts as made, everywhere "now" is read.
 */
export function isMade(at: number, now: number): boolean {
  return at < now + MINUTE;
}

const EXAMPLE = 'such as 2026-11-20T14:05:00Z or 2026-11-20 14:05';

/** What is wrong with `text` as a time, or undefined when it is an ISO 8601 date or date-time Cairn accepts. */
export function timeProblem(text: string): string | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return `Expected an ISO 8601 time ${EXAMPLE}`;
  // Two-digit years written with four digits (0026) and dates before Unix time are typos, not history.
  if (Number(m[1]) < 1970) return `Expected a year from 1970 on, ${EXAMPLE}`;
  if (m[8] !== undefined && offsetMinutes(m[8]) === undefined) return 'Expected an offset between -14:00 and +14:00, such as +02:00 or Z';
  return parseParts(text) ? undefined : `Expected an ISO 8601 time ${EXAMPLE}`;
}

/** True when `text` is an ISO 8601 date or date-time, with or without an offset. */
export function isIsoTime(text: string): boolean {
  return parseParts(text) !== undefined;
}

/** Minutes east of UTC, or undefined outside -14:00…+14:00 (the offsets time zones use). */
function offsetMinutes(offset: string): number | undefined {
  if (/^z$/i.test(offset)) return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || 0);
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return undefined;
  return sign * (hours * 60 + minutes);
}

/** True when `text` carries its own offset (or Z), so no time zone is needed to read it. */
export function hasOffset(text: string): boolean {
  return ISO.exec(text.trim())?.[8] !== undefined;
}

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  offset?: string;
}

function parseParts(text: string): Parts | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v === undefined ? undefined : Number(v)));
  const parts: Parts = {
    y: y!,
    mo: mo!,
    d: d!,
    h: h!,
    mi: mi!,
    s: s!,
    ms: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
    offset: m[8],
  };
  const probe = new Date(Date.UTC(parts.y, parts.mo - 1, parts.d, parts.h, parts.mi, parts.s));
  // Reject calendar nonsense such as 2026-02-30 or 25:00 rather than rolling it over.
  if (probe.getUTCMonth() !== parts.mo - 1 || probe.getUTCDate() !== parts.d || parts.h > 23 || parts.mi > 59 || parts.s > 59) return undefined;
  if (parts.y < 1970 || (parts.offset !== undefined && offsetMinutes(parts.offset) === undefined)) return undefined;
  return parts;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds, as Intl computes it (slow). */
function exactOffset(instant: number, timeZone: string): number {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(out.year!, out.month! - 1, out.day!, out.hour!, out.minute!, out.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

// Offsets by UTC hour: a zone changes its offset at most once in an hour, so an hour whose first and
// last second agree has one offset throughout. A build converts millions of check times; asking Intl
// each time was most of the cost.
const offsets = new Map<string, Map<number, number | null>>();

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
export function zoneOffset(instant: number, timeZone: string): number {
  // UTC, the default zone, is never anything but UTC.
  if (timeZone === 'UTC') return 0;
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const hour = Math.floor(instant / HOUR);
  let offset = zone.get(hour);
  if (offset === undefined) {
    const first = exactOffset(hour * HOUR, timeZone);
    offset = first === exactOffset(hour * HOUR + HOUR - 1000, timeZone) ? first : null;
    zone.set(hour, offset);
  }
  return offset ?? exactOffset(instant, timeZone);
}

/** Wall-clock fields of `instant` in `timeZone`. */
export function wallClock(instant: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const w = new Date(Math.floor(instant / 1000) * 1000 + zoneOffset(instant, timeZone));
  return { y: w.getUTCFullYear(), mo: w.getUTCMonth() + 1, d: w.getUTCDate(), h: w.getUTCHours(), mi: w.getUTCMinutes(), s: w.getUTCSeconds() };
}

/** The instant at which the wall clock in `timeZone` shows the given fields. */
function fromWallClock(p: Parts, timeZone: string): number {
  const naive = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms);
  // Two passes settle the offset around DST changes.
  let instant = naive - zoneOffset(naive, timeZone);
  instant = naive - zoneOffset(instant, timeZone);
  return instant;
}

/**
 * Whether the wall-clock time of an ISO time without an offset happens in `timeZone`: not when the
 * clocks skip it (02:30 on the night summer time starts). One with an offset always does.
 */
export function wallClockExists(text: string, timeZone: string): boolean {
  const p = parseParts(text);
  if (!p || p.offset !== undefined) return true;
  const w = wallClock(fromWallClock(p, timeZone), timeZone);
  return w.y === p.y && w.mo === p.mo && w.d === p.d && w.h === p.h && w.mi === p.mi;
}

/** Reads an ISO time; one without an offset is wall-clock time in `timeZone`. */
export function toInstant(text: string, timeZone: string): number | undefined {
  const p = parseParts(text);
  if (!p) return undefined;
  if (p.offset === undefined) return fromWallClock(p, timeZone);
  const naive = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms);
  return naive - offsetMinutes(p.offset)! * MINUTE;
}

/** `YYYY-MM-DD` of `instant` in `timeZone`. */
export function dayKey(instant: number, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}`;
}

/** The instant a calendar day begins in `timeZone`. */
export function dayStart(day: string, timeZone: string): number {
  return toInstant(`${day}T00:00:00`, timeZone)!;
}

/** The day after `day` (calendar arithmetic, time zone free). */
export function nextDay(day: string, delta = 1): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + delta)).toISOString().slice(0, 10);
}

/** ISO 8601 with the offset of `timeZone`, e.g. `2026-11-20T10:05:00+01:00`. */
export function isoInZone(instant: number, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  const off = Math.round(zoneOffset(instant, timeZone) / MINUTE);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function isoUtc(instant: number): string {
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE, h: HOUR, d: DAY };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/** Reads `90s`, `15m`, `1h30m`, `2d`, `500ms`; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (!DURATION.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * UNITS[m[2]!]!;
  return total;
}

/** `1h 5m`, `3d 2h`, `45s`: the two largest units, for people. */
export function formatDuration(ms: number): string {
  if (ms < MINUTE) return `${Math.max(0, Math.round(ms / 1000))}s`;
  const units: Array<[string, number]> = [
    ['d', DAY],
    ['h', HOUR],
    ['m', MINUTE],
  ];
  const parts: string[] = [];
  let rest = Math.round(ms / MINUTE) * MINUTE;
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) parts.push(`${n}${name}`);
    if (n > 0) rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ') || '0m';
}

/** The last `count` calendar days up to `now` in `timeZone`, oldest first. */
export function lastDays(now: number, count: number, timeZone: string): string[] {
  const today = dayKey(now, timeZone);
  return Array.from({ length: count }, (_, i) => nextDay(today, i - count + 1));
}

/** Where a window of `days` calendar days up to `now` begins: the first of them, at midnight in `timeZone`. */
export function historyStart(now: number, days: number, timeZone: string): number {
  return dayStart(lastDays(now, days, timeZone)[0]!, timeZone);
}
