import type { CheckResult } from '#core/model/check-data.ts';
import type { HeartbeatProbe } from '#core/model/probe.ts';
import { isoUtc } from '#core/model/time.ts';
import type { Verdict } from './verdict.ts';

/**
 * Heartbeats: a scheduled job reports in (`cairn heartbeat <component>`), which appends a check
 * line marked `via=heartbeat` to the component's data. A probe run then judges from those lines
 * alone: down when the newest report is older than `every` plus `grace`, or when none came yet.
 */

export const REPORT_EXTRA = { via: 'heartbeat' } as const;

export function isReport(check: CheckResult): boolean {
  return check.extra.via === REPORT_EXTRA.via;
}

/** The line `cairn heartbeat` appends: up, at `at`. */
export function heartbeatReport(at: number): CheckResult {
  return { at, status: 'up', ms: 0, attempts: 1, extra: { ...REPORT_EXTRA } };
}

/** When a line says the job last reported: its own time for a report, the `last` it carried forward for a verdict. */
function reportedAt(check: CheckResult): number {
  if (isReport(check)) return check.at;
  return check.extra.last === undefined ? -Infinity : Date.parse(check.extra.last);
}

/**
 * The verdict at `now`, with the newest report's time (`last`) among the measurements when there
 * is one. Each verdict carries that time forward, so a job that reports monthly is still known
 * once its report line has been rolled up into a daily summary.
 */
export function judgeHeartbeat(probe: HeartbeatProbe, checks: CheckResult[], now: number): Verdict & { extra: Record<string, string> } {
  const last = checks.filter((c) => c.at <= now).reduce((newest, c) => Math.max(newest, reportedAt(c)), -Infinity);
  const extra: Record<string, string> = Number.isFinite(last) ? { last: isoUtc(last) } : {};
  if (now - last > probe.every + probe.grace) return { status: 'down', error: 'missed', extra };
  return { status: 'up', extra };
}
