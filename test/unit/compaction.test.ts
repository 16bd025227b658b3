import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { type CheckResult, type DailySummary, formatCheckLine, parseCheckLine, summarizeDay } from '#core/model/check-data.ts';
import { dayKey, dayStart, MINUTE, nextDay } from '#core/model/time.ts';
import { type Compaction, planCompaction, type RawFile } from '#core/probe/rollup.ts';

/**
 * Compaction loses nothing: for check data across time zones and days, filed under the days of
 * one zone and compacted in another (the site's zone changed), what is rolled up plus what stays
 * raw is the input, and a run stopped after any step is finished by the next one.
 */

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'America/St_Johns', 'Pacific/Kiritimati'];
const START = Date.UTC(2026, 10, 1);
const INTERVAL = 5 * MINUTE;
const GARBAGE = 'this line does not read';

interface State {
  files: Map<string, string[]>;
  daily: DailySummary[];
}

/** The steps of a plan in the order `cairn compact` takes them, each one applied at once. */
function steps(plan: Compaction): Array<(s: State) => void> {
  return [
    ...plan.grow.flatMap((g) =>
      g.append
        ? g.lines.map((line) => (s: State) => void s.files.set(g.day, [...(s.files.get(g.day) ?? []), line]))
        : [(s: State) => void s.files.set(g.day, g.lines)],
    ),
    ...[...plan.shrink].map(
      ([day, lines]) =>
        (s: State) =>
          void (lines.length ? s.files.set(day, lines) : s.files.delete(day)),
    ),
    ...(plan.rolled.length ? [(s: State) => void (s.daily = plan.daily)] : []),
    ...plan.rolled.map((day) => (s: State) => void s.files.delete(day)),
  ];
}

function compact(s: State, firstKept: string, tz: string, stopAfter = Infinity): State {
  const files: RawFile[] = [...s.files].map(([day, lines]) => ({ day, lines, readable: !lines.includes(GARBAGE) }));
  const plan = planCompaction(files, s.daily, firstKept, INTERVAL, tz);
  const next: State = { files: new Map(s.files), daily: s.daily };
  for (const step of steps(plan).slice(0, stopAfter)) step(next);
  return next;
}

const sortedLines = (lines: string[]) => [...lines].sort();

const data = fc.record({
  minutes: fc.uniqueArray(fc.integer({ min: 0, max: 12 * 24 * 60 }), { minLength: 1, maxLength: 300 }),
  statuses: fc.array(fc.constantFrom('up', 'up', 'degraded', 'down'), { minLength: 300, maxLength: 300 }),
  latencies: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 300, maxLength: 300 }),
  filedIn: fc.constantFrom(...ZONES),
  siteZone: fc.constantFrom(...ZONES),
  keepFromDay: fc.integer({ min: 0, max: 13 }),
  unreadable: fc.option(fc.integer({ min: 0, max: 13 })),
  stopAfter: fc.nat({ max: 40 }),
});

describe('planCompaction', () => {
  test.prop([data], { numRuns: 300 })('rolled up plus kept equals the input, even when a run stops after any step', (d) => {
    const checks: CheckResult[] = d.minutes
      .map((m, i) => ({
        at: START + m * MINUTE,
        status: d.statuses[i] as CheckResult['status'],
        ms: d.latencies[i]!,
        code: 200,
        attempts: 1,
        extra: {},
      }))
      .sort((a, b) => a.at - b.at);
    const lines = checks.map(formatCheckLine);
    const files = new Map<string, string[]>();
    for (const [i, c] of checks.entries()) {
      const day = dayKey(c.at, d.filedIn);
      files.set(day, [...(files.get(day) ?? []), lines[i]!]);
    }
    const unreadable = d.unreadable === null ? undefined : nextDay(dayKey(START, d.filedIn), d.unreadable);
    if (unreadable && files.has(unreadable)) files.get(unreadable)!.push(GARBAGE);
    const firstKept = nextDay(dayKey(START, d.siteZone), d.keepFromDay);
    const tz = d.siteZone;

    // A run stopped after some step, then a whole run.
    const interrupted = compact({ files, daily: [] }, firstKept, tz, d.stopAfter);
    const done = compact(interrupted, firstKept, tz);
    // A further run changes nothing.
    const again = compact(done, firstKept, tz);
    expect(again.daily).toEqual(done.daily);
    expect(again.files).toEqual(done.files);

    const rolled = new Set(done.daily.map((s) => s.day));
    const raw = [...done.files.values()].flat();
    // Nothing lost, nothing twice: every input line is raw or in a rolled-up day, never both.
    const dayOfLine = (l: string) => dayKey(parseCheckLine(l)!.at, tz);
    expect(sortedLines(raw.filter((l) => l !== GARBAGE))).toEqual(sortedLines(lines.filter((l) => !rolled.has(dayOfLine(l)))));
    expect(raw.filter((l) => l === GARBAGE).length).toBe(unreadable && files.has(unreadable) ? 1 : 0);
    // Each summary is exactly its day's checks: counts, down and degraded time, latency percentiles.
    for (const s of done.daily) {
      expect(s.day < firstKept).toBe(true);
      const own = checks.filter((c) => dayKey(c.at, tz) === s.day);
      expect(s).toEqual(summarizeDay(s.day, own, INTERVAL, tz, dayStart(nextDay(s.day), tz)));
    }
    const counted = done.daily.reduce((n, s) => n + s.checks, 0) + raw.filter((l) => l !== GARBAGE).length;
    expect(counted).toBe(checks.length);
  });
});
