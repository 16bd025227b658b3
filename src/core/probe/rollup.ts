import { type DailySummary, formatDailyLine, parseCheckLine, summarizeDay } from '#core/model/check-data.ts';
import { dayKey, dayStart, MINUTE, nextDay } from '#core/model/time.ts';

/**
 * Compaction of probe history: raw days older than a number of days become one summary line
 * each, so a component-year stays in the tens of kilobytes. Only finished days are rolled up, and
 * only checks that are in the roll-up are ever removed.
 */

/** The first day that stays raw when keeping `keepDays` days (today counts as one). */
export function keepFrom(now: number, keepDays: number, timeZone: string): string {
  return nextDay(dayKey(now, timeZone), -(keepDays - 1));
}

/** A raw day file (`<day>.txt`) of one component: its lines, and whether every line reads. */
export interface RawFile {
  day: string;
  lines: string[];
  readable: boolean;
}

/**
 * What `cairn compact` does to one component, in this order, so that a run stopped at any point
 * loses nothing and the next run finishes it:
 * 1. `grow`: lines of old files that belong to another day (the site's time zone changed, or a
 *    check was filed under a neighbouring day) are added to that day's file, unless already there
 *    (`append`: added line by line to a file that may be appended to meanwhile or does not read;
 *    else the file is written whole);
 * 2. `shrink`: then the old files keep only their own day's lines (an empty list: the file goes);
 * 3. `daily`: every summary, written at once, including one per `rolled` day;
 * 4. the files of the `rolled` days are deleted: each holds every check of its day, all summarised.
 * A day with checks in a file that stays raw (a recent file, or one with an unreadable line) is
 * not rolled up, so a summary never stands beside a part of its day's checks.
 */
export interface Compaction {
  grow: Array<{ day: string; lines: string[]; append: boolean }>;
  shrink: Map<string, string[]>;
  daily: DailySummary[];
  rolled: string[];
}

function dayOf(line: string, timeZone: string): string | undefined {
  const check = parseCheckLine(line);
  return check && dayKey(check.at, timeZone);
}

/** `lines` without one occurrence of each line of `present` (a multiset difference). */
function missing(lines: string[], present: string[]): string[] {
  const count = new Map<string, number>();
  for (const l of present) count.set(l, (count.get(l) ?? 0) + 1);
  return lines.filter((l) => {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    return n === 0;
  });
}

export function planCompaction(files: RawFile[], daily: DailySummary[], firstKept: string, interval: number, timeZone: string): Compaction {
  const byDay = new Map(files.map((f) => [f.day, f]));
  const isOld = (day: string) => day < firstKept && byDay.get(day)?.readable !== false;
  // Days of the old files: each file's own lines, and the lines other old files hold for it.
  const own = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  const pinned = new Set<string>();
  for (const f of files) {
    if (!isOld(f.day)) {
      // Stays as it is: the old days it holds checks of stay raw too.
      if (!f.readable) pinned.add(f.day);
      for (const line of f.lines) {
        const day = dayOf(line, timeZone);
        if (day !== undefined && day < firstKept) pinned.add(day);
      }
      continue;
    }
    own.set(f.day, []);
    for (const line of f.lines) {
      const day = dayOf(line, timeZone)!;
      if (day === f.day) own.get(f.day)!.push(line);
      else incoming.set(day, [...(incoming.get(day) ?? []), line]);
    }
  }

  const grow: Compaction['grow'] = [];
  const bucketed = new Map(own);
  for (const [day, lines] of [...incoming].sort(([a], [b]) => a.localeCompare(b))) {
    const current = byDay.get(day)?.lines ?? [];
    const add = missing(lines, current);
    if (add.length === 0) continue;
    const append = !isOld(day);
    grow.push({ day, lines: append ? add : [...current, ...add], append });
    if (!append) bucketed.set(day, [...(bucketed.get(day) ?? []), ...add]);
  }
  const shrink = new Map<string, string[]>();
  for (const [day, lines] of own) if (lines.length < byDay.get(day)!.lines.length) shrink.set(day, bucketed.get(day)!);

  const summaries = new Map(daily.map((d) => [d.day, d]));
  const rolled: string[] = [];
  for (const [day, lines] of [...bucketed].sort(([a], [b]) => a.localeCompare(b))) {
    if (pinned.has(day) || lines.length === 0) continue;
    const checks = lines.map((l) => parseCheckLine(l)!).sort((a, b) => a.at - b.at);
    const end = dayStart(nextDay(day), timeZone);
    const summary = summarizeDay(day, checks, interval, timeZone, end);
    // A day rolled up before gets raw lines again when the site's zone moved west, or from a late
    // probe line: they join its summary. Lines that make exactly that summary are the ones it was
    // made of (a run stopped before deleting their file): they do not count twice.
    const earlier = summaries.get(day);
    const again = earlier === undefined || formatDailyLine(earlier) === formatDailyLine(summary);
    summaries.set(day, again ? summary : joinSummaries(earlier, summary, (end - dayStart(day, timeZone)) / MINUTE));
    rolled.push(day);
  }
  return { grow, shrink, daily: [...summaries.values()].sort((a, b) => a.day.localeCompare(b.day)), rolled };
}

/**
 * Two summaries of one day's distinct checks as one: counts and minutes add up (minutes to at most
 * the day's length); percentiles of the two cannot be joined exactly, so each is weighted by its
 * number of checks.
 */
function joinSummaries(a: DailySummary, b: DailySummary, dayMinutes: number): DailySummary {
  const checks = a.checks + b.checks;
  const weighted = (x: number, y: number) => (checks === 0 ? 0 : (x * a.checks + y * b.checks) / checks);
  const minutes = (x: number, y: number) => Math.min(dayMinutes, x + y);
  return {
    day: a.day,
    checks,
    up: a.up + b.up,
    degraded: a.degraded + b.degraded,
    down: a.down + b.down,
    observed_min: minutes(a.observed_min, b.observed_min),
    down_min: minutes(a.down_min, b.down_min),
    degraded_min: minutes(a.degraded_min, b.degraded_min),
    p50: weighted(a.p50, b.p50),
    p95: weighted(a.p95, b.p95),
  };
}

export const DEFAULT_KEEP_DAYS = 14;
/** Raw days are never rolled up sooner than this, so the probe never appends to a compacted day. */
export const MIN_KEEP_DAYS = 1;
