import { type CheckResult, type DailySummary, summarizeDay } from '#core/model/check-data.ts';
import { dayKey, dayStart, nextDay } from '#core/model/time.ts';

/**
 * Compaction of probe history: raw days older than a number of days become one summary line
 * each, so a component-year stays in the tens of kilobytes. Only finished days are rolled up.
 */

export interface Rollup {
  /** Every summary line of the component, old and new, by day. */
  daily: DailySummary[];
  /** Raw days now covered by a summary; their files can go. */
  rolled: string[];
}

/** The first day that stays raw when keeping `keepDays` days (today counts as one). */
export function keepFrom(now: number, keepDays: number, timeZone: string): string {
  return nextDay(dayKey(now, timeZone), -(keepDays - 1));
}

/**
 * Rolls the raw days before `keepFrom` into summaries. A day that has both a summary and raw
 * checks (an interrupted earlier compaction) is summarised again from its checks.
 */
export function rollUp(rawDays: Map<string, CheckResult[]>, daily: DailySummary[], firstKept: string, interval: number, timeZone: string): Rollup {
  const byDay = new Map(daily.map((d) => [d.day, d]));
  const rolled: string[] = [];
  for (const [day, checks] of [...rawDays].sort(([a], [b]) => a.localeCompare(b))) {
    if (day >= firstKept) continue;
    byDay.set(day, summarizeDay(day, checks, interval, timeZone, dayStart(nextDay(day), timeZone)));
    rolled.push(day);
  }
  return { daily: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)), rolled };
}

export const DEFAULT_KEEP_DAYS = 14;
/** Raw days are never rolled up sooner than this, so the probe never appends to a compacted day. */
export const MIN_KEEP_DAYS = 1;
