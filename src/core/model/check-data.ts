import { z } from 'zod';
import type { Diagnostic } from './diagnostics.ts';
import { AFFECTED_STATUSES, type AffectedStatus, type ComponentStatus, checkStatusSchema, errorClassSchema } from './enums.ts';
import type { ProbeKind } from './probe.ts';
import { dayKey, isoUtc } from './time.ts';

/**
 * Probe history under `status-data/<component>/`:
 * - `<YYYY-MM-DD>.txt`: one line per check, `<time> <status> <ms> <http code|-> <error class|-> <attempts> [key=value…]`
 * - `daily.txt`: one line per rolled-up day, `<YYYY-MM-DD> key=value…`
 * Days are calendar days in the site's time zone.
 */

export const checkResultSchema = z.object({
  at: z.number().describe('Epoch milliseconds'),
  status: checkStatusSchema,
  ms: z.number().nonnegative().describe('Total response time'),
  code: z.int().optional().describe('HTTP status code'),
  error: errorClassSchema.optional(),
  attempts: z.int().min(1).default(1),
  extra: z.record(z.string(), z.string()).default({}).describe('Further measurements, such as cert_days or ttfb'),
});
export type CheckResult = z.output<typeof checkResultSchema>;

/**
 * What a check says of its component's status. A `statuspage` check reports the upstream's own
 * status (`upstream=partial_outage`, or under maintenance); one that could not read the upstream
 * page (refused, a timeout, a renamed component) says nothing about the upstream service:
 * undefined, as if there were no check.
 */
export function checkSays(check: CheckResult, kind: ProbeKind | undefined): ComponentStatus | undefined {
  if (check.status === 'up') return 'operational';
  const upstream = check.extra.upstream;
  if (upstream !== undefined && (AFFECTED_STATUSES as readonly string[]).includes(upstream)) return upstream as AffectedStatus;
  if (kind === 'statuspage') return undefined;
  return check.status === 'degraded' ? 'degraded_performance' : 'major_outage';
}

export const dailySummarySchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  checks: z.int().nonnegative(),
  up: z.int().nonnegative(),
  degraded: z.int().nonnegative(),
  down: z.int().nonnegative(),
  observed_min: z.number().nonnegative().describe('Minutes covered by checks'),
  down_min: z.number().nonnegative(),
  degraded_min: z.number().nonnegative(),
  p50: z.number().nonnegative(),
  p95: z.number().nonnegative(),
});
export type DailySummary = z.output<typeof dailySummarySchema>;

/** Raw checks and rolled-up days of one component. */
export interface ProbeData {
  checks: CheckResult[];
  daily: DailySummary[];
}

export function formatCheckLine(r: CheckResult): string {
  const extra = Object.entries(r.extra)
    .map(([k, v]) => ` ${k}=${v}`)
    .join('');
  return `${isoUtc(r.at)} ${r.status} ${Math.round(r.ms)} ${r.code ?? '-'} ${r.error ?? '-'} ${r.attempts}${extra}`;
}

export function formatDailyLine(s: DailySummary): string {
  const { day, ...rest } = s;
  return `${day} ${Object.entries(rest)
    .map(([k, v]) => `${k}=${Math.round(v * 10) / 10}`)
    .join(' ')}`;
}

function lineDiagnostic(file: string, line: number, message: string): Diagnostic {
  return { file, line, column: 1, severity: 'warning', rule: 'data-line', message };
}

// Parsed checks hold these strings rather than the copies split from each line.
const STATUSES = new Map<string, CheckResult['status']>(checkStatusSchema.options.map((s) => [s, s]));
const ERRORS = new Map<string, NonNullable<CheckResult['error']>>(errorClassSchema.options.map((e) => [e, e]));

/** `2026-11-20T12:00:00Z`, the form the probe writes, without Date.parse's generality. */
function utcSeconds(t: string): number {
  const n = (from: number, to: number) => Number(t.slice(from, to));
  if (t[4] !== '-' || t[10] !== 'T') return NaN;
  return Date.UTC(n(0, 4), n(5, 7) - 1, n(8, 10), n(11, 13), n(14, 16), n(17, 19));
}

// Most lines carry no key=value: they share one frozen empty object instead of holding one each.
const NO_EXTRA: Record<string, string> = Object.freeze({});

/** One check line, or undefined when it is not one. Hand-written: a year of data is a million lines. */
export function parseCheckLine(line: string): CheckResult | undefined {
  const [time = '', status, ms, code, error, attempts, ...rest] = line.split(/\s+/);
  const at = time.length === 20 && time.endsWith('Z') ? utcSeconds(time) : Date.parse(time);
  const checkStatus = STATUSES.get(status ?? '');
  const errorClass = error === undefined || error === '-' ? undefined : ERRORS.get(error);
  if (checkStatus === undefined || (errorClass === undefined && error !== undefined && error !== '-')) return undefined;
  const result: CheckResult = {
    at,
    status: checkStatus,
    ms: Number(ms),
    code: code === '-' ? undefined : Number(code),
    error: errorClass,
    attempts: attempts === undefined ? 1 : Number(attempts),
    extra: rest.length ? {} : NO_EXTRA,
  };
  for (const kv of rest) {
    const eq = kv.indexOf('=');
    if (eq <= 0) return undefined;
    result.extra[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const valid =
    Number.isFinite(at) &&
    Number.isFinite(result.ms) &&
    result.ms >= 0 &&
    (result.code === undefined || Number.isInteger(result.code)) &&
    Number.isInteger(result.attempts) &&
    result.attempts >= 1;
  return valid ? result : undefined;
}

/** Reads the non-empty lines of a data file; each unreadable one becomes a warning with its line number. */
function parseLines<T>(
  text: string,
  file: string,
  parseLine: (line: string) => T | undefined,
  unreadable: (line: string) => string,
): { values: T[]; diagnostics: Diagnostic[] } {
  const values: T[] = [];
  const diagnostics: Diagnostic[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const parsed = parseLine(line);
    if (parsed) values.push(parsed);
    else diagnostics.push(lineDiagnostic(file, i + 1, unreadable(line)));
  });
  return { values, diagnostics };
}

export function parseCheckLines(text: string, file: string): { checks: CheckResult[]; diagnostics: Diagnostic[] } {
  const { values: checks, diagnostics } = parseLines(
    text,
    file,
    parseCheckLine,
    (line) => `Unreadable check line "${line}", expected "<time> <up|degraded|down> <ms> <code|-> <error|-> <attempts>"`,
  );
  checks.sort((a, b) => a.at - b.at);
  return { checks, diagnostics };
}

function parseDailyLine(line: string): DailySummary | undefined {
  const [day, ...fields] = line.split(/\s+/);
  const values = Object.fromEntries(
    fields.map((kv) => {
      const [k, v] = kv.split('=', 2);
      return [k, Number(v)];
    }),
  );
  const parsed = dailySummarySchema.safeParse({ day, ...values });
  return parsed.success ? parsed.data : undefined;
}

export function parseDailyLines(text: string, file: string): { daily: DailySummary[]; diagnostics: Diagnostic[] } {
  const { values: daily, diagnostics } = parseLines(
    text,
    file,
    parseDailyLine,
    (line) =>
      `Unreadable daily summary "${line}", expected "<YYYY-MM-DD> checks=… up=… degraded=… down=… observed_min=… down_min=… degraded_min=… p50=… p95=…"`,
  );
  daily.sort((a, b) => a.day.localeCompare(b.day));
  return { daily, diagnostics };
}

/**
 * How long a check speaks for: until the next check, but never longer than three probe
 * intervals (after that the data is stale and the time counts as unobserved).
 */
export function coverage(checks: CheckResult[], interval: number): Array<{ start: number; end: number; check: CheckResult }> {
  return checks.map((check, i) => ({ start: check.at, end: coverageEnd(checks, i, interval), check }));
}

/** Where the coverage of `checks[i]` ends (see `coverage`); never decreases along sorted checks. */
export function coverageEnd(checks: CheckResult[], i: number, interval: number): number {
  return Math.min(checks[i + 1]?.at ?? Infinity, checks[i]!.at + 3 * interval);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Rolls the checks of one day into a summary line; spans are cut at the end of the day. */
export function summarizeDay(day: string, checks: CheckResult[], interval: number, timeZone: string, dayEnd: number): DailySummary {
  const own = checks.filter((c) => dayKey(c.at, timeZone) === day);
  const spans = coverage(own, interval);
  const minutes = (status?: string) =>
    spans.filter((s) => status === undefined || s.check.status === status).reduce((sum, s) => sum + (Math.min(s.end, dayEnd) - s.start) / 60_000, 0);
  const times = own.map((c) => c.ms).sort((a, b) => a - b);
  return {
    day,
    checks: own.length,
    up: own.filter((c) => c.status === 'up').length,
    degraded: own.filter((c) => c.status === 'degraded').length,
    down: own.filter((c) => c.status === 'down').length,
    observed_min: minutes(),
    down_min: minutes('down'),
    degraded_min: minutes('degraded'),
    p50: percentile(times, 50),
    p95: percentile(times, 95),
  };
}
