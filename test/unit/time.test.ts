import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { dayKey, dayStart, formatDuration, isoInZone, parseDuration, toInstant, wallClock, wallClockExists } from '#core/model/time.ts';

describe('times', () => {
  it('reads a time without an offset as wall-clock time in the site zone, across DST', () => {
    expect(toInstant('2026-11-20 14:05', 'Europe/Berlin')).toBe(Date.parse('2026-11-20T13:05:00Z'));
    expect(toInstant('2026-07-20T14:05:00', 'Europe/Berlin')).toBe(Date.parse('2026-07-20T12:05:00Z'));
    expect(toInstant('2026-11-20', 'America/New_York')).toBe(Date.parse('2026-11-20T05:00:00Z'));
    // The night clocks go forward: 03:30 exists, at +02:00.
    expect(toInstant('2026-03-29T03:30', 'Europe/Berlin')).toBe(Date.parse('2026-03-29T01:30:00Z'));
  });

  it('honours an explicit offset whatever the zone', () => {
    expect(toInstant('2026-11-20T14:05:00+05:30', 'Europe/Berlin')).toBe(Date.parse('2026-11-20T08:35:00Z'));
    expect(toInstant('2026-11-20T14:05:00.250Z', 'Europe/Berlin')).toBe(Date.parse('2026-11-20T14:05:00.250Z'));
  });

  it('rejects calendar nonsense instead of rolling it over', () => {
    expect(toInstant('2026-02-30T10:00:00Z', 'UTC')).toBeUndefined();
    expect(toInstant('2026-11-20T24:00:00Z', 'UTC')).toBeUndefined();
    expect(toInstant('yesterday', 'UTC')).toBeUndefined();
  });

  it('finds calendar days in the site zone', () => {
    const late = Date.parse('2026-11-20T23:30:00Z');
    expect(dayKey(late, 'UTC')).toBe('2026-11-20');
    expect(dayKey(late, 'Europe/Berlin')).toBe('2026-11-21');
    expect(dayStart('2026-11-21', 'Europe/Berlin')).toBe(Date.parse('2026-11-20T23:00:00Z'));
    expect(isoInZone(late, 'Europe/Berlin')).toBe('2026-11-21T00:30:00+01:00');
  });

  it('reads and writes durations for people', () => {
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('10')).toBeUndefined();
    expect(formatDuration(90 * 60_000)).toBe('1h 30m');
    expect(formatDuration(26 * 3_600_000 + 5 * 60_000)).toBe('1d 2h');
    expect(formatDuration(45_000)).toBe('45s');
  });
});

describe('wall clocks', () => {
  it('know the times the clocks skip', () => {
    expect(wallClockExists('2027-03-28T02:30', 'Europe/Berlin')).toBe(false);
    expect(wallClockExists('2027-03-28T03:30', 'Europe/Berlin')).toBe(true);
    expect(wallClockExists('2027-03-28T01:59', 'Europe/Berlin')).toBe(true);
    expect(wallClockExists('2027-03-28T02:30+01:00', 'Europe/Berlin')).toBe(true);
    // The hour that repeats in autumn exists (twice).
    expect(wallClockExists('2026-10-25T02:30', 'Europe/Berlin')).toBe(true);
  });

  const ZONES = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'America/St_Johns',
    'Africa/Casablanca',
  ];
  const intl = (instant: number, timeZone: string) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(instant));
    const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return { y: n('year'), mo: n('month'), d: n('day'), h: n('hour'), mi: n('minute'), s: n('second') };
  };
  // Any instant from 1970 to 2100, and instants within a minute of an hour's turn, where offsets change.
  const instant = fc.oneof(
    fc.integer({ min: 0, max: 4_102_444_800_000 }),
    fc.tuple(fc.integer({ min: 0, max: 1_139_000 }), fc.integer({ min: -60_000, max: 60_000 })).map(([h, ms]) => Math.max(0, h * 3_600_000 + ms)),
  );
  test.prop([instant, fc.constantFrom(...ZONES)], { numRuns: 3000 })('agree with Intl in every zone, across offset changes', (at, zone) => {
    expect(wallClock(at, zone)).toEqual(intl(at, zone));
  });
});
