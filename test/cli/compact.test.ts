import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { componentUptime } from '#core/derive/uptime.ts';
import { type CheckResult, formatCheckLine, parseDailyLines } from '#core/model/check-data.ts';
import { DAY, dayKey, MINUTE } from '#core/model/time.ts';
import { parseConfig } from '#core/parse/repository.ts';
import { readProbeData } from '../../src/load.ts';
import { readTree, t, tempDir, testConfig, writeFiles } from '../helpers.ts';
import { cairn } from '../probe-servers.ts';

/** One API probed every 30 minutes. */
const COMPACT_CONFIG = testConfig({ api: 'name: API\nprobe:\n  url: https://api.test.example/\n  interval: 30m' }, { title: 'Compact Test' });
const NOW = '2026-11-23T12:00:00Z';
const TZ = 'Europe/Berlin';

/**
 * Raw day files for `days` days before NOW: a check every 30 minutes, down 09:00–10:00 local each
 * day; filed under the days of `filedIn` (another zone: the site's zone changed since).
 */
function rawDays(days: number, filedIn = TZ): Record<string, string> {
  const files: Record<string, string[]> = {};
  const end = t(NOW);
  for (let at = end - days * DAY; at < end; at += 30 * MINUTE) {
    const hour = new Date(at + 60 * MINUTE).getUTCHours();
    const down = hour === 9;
    const r: CheckResult = {
      at,
      status: down ? 'down' : 'up',
      ms: 100 + ((at / MINUTE) % 50),
      code: down ? 500 : 200,
      error: down ? 'status' : undefined,
      attempts: 1,
      extra: { ttfb: '80' },
    };
    (files[`status-data/api/${dayKey(at, filedIn)}.txt`] ??= []).push(`${formatCheckLine(r)}\n`);
  }
  return Object.fromEntries(Object.entries(files).map(([p, lines]) => [p, lines.join('')]));
}

function uptimeByDay(dir: string, days: string[]) {
  const config = parseConfig({ path: 'components.yml', text: COMPACT_CONFIG }).config!;
  const history = readProbeData(dir).probeData.get('api');
  return componentUptime(config.components[0]!, history, [], TZ)
    .days(days, t(NOW))
    .map((d) => ({ day: d.day, status: d.status, ratio: d.ratio, downMs: d.downMs }));
}

/**
 * Asserts that the roll-up plus the raw lines kept is the input `raw`: each check once, and its
 * down checks with it. Returns what is rolled up and what is kept.
 */
function accountedFor(dir: string, raw: Record<string, string>) {
  const lines = (text: string) => text.split('\n').filter(Boolean);
  const input = Object.values(raw).flatMap(lines);
  const tree = readTree(join(dir, 'status-data/api'));
  const daily = parseDailyLines(tree['daily.txt']!, 'daily.txt').daily;
  const kept = Object.entries(tree)
    .filter(([name]) => name !== 'daily.txt')
    .flatMap(([, text]) => lines(text));
  expect(daily.reduce((n, d) => n + d.checks, 0) + kept.length).toBe(input.length);
  expect(new Set(kept).size).toBe(kept.length);
  const down = (l: string[]) => l.filter((x) => x.includes(' down ')).length;
  expect(daily.reduce((n, d) => n + d.down, 0) + down(kept)).toBe(down(input));
  return { daily, kept };
}

describe('cairn compact', () => {
  it('counts days, not days times components', async () => {
    const dir = tempDir('cairn-compact-');
    const web = Object.fromEntries(Object.entries(rawDays(20)).map(([path, text]) => [path.replace('/api/', '/web/'), text]));
    const config = `${COMPACT_CONFIG}  - id: web\n    name: Web\n    probe:\n      url: https://web.test.example/\n      interval: 30m\n`;
    writeFiles(dir, { 'components.yml': config, ...rawDays(20), ...web });
    const run = await cairn(dir, ['compact'], { CAIRN_NOW: NOW });
    expect(run.stdout).toBe('Rolled up 7 days of 2 components into daily.txt; raw data kept from 2026-11-10.\n');
  });

  it('rolls days older than --days into daily.txt, deletes their raw files and keeps uptime as it was', async () => {
    const dir = tempDir('cairn-compact-');
    writeFiles(dir, { 'components.yml': COMPACT_CONFIG, ...rawDays(20) });
    const days = Object.keys(readTree(join(dir, 'status-data/api')))
      .map((f) => f.slice(0, 10))
      .sort();
    const before = uptimeByDay(dir, days);

    const run = await cairn(dir, ['compact'], { CAIRN_NOW: NOW });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe('Rolled up 7 days of 1 component into daily.txt; raw data kept from 2026-11-10.\n');

    const files = Object.keys(readTree(join(dir, 'status-data/api'))).sort();
    expect(files).toEqual([...days.filter((d) => d >= '2026-11-10').map((d) => `${d}.txt`), 'daily.txt']);
    const daily = parseDailyLines(readFileSync(join(dir, 'status-data/api/daily.txt'), 'utf8'), 'daily.txt');
    expect(daily.diagnostics).toEqual([]);
    expect(daily.daily.map((d) => d.day)).toEqual(days.filter((d) => d < '2026-11-10'));
    // A whole day: 48 checks, 2 of them down (09:00 and 09:30), one hour down.
    expect(daily.daily[1]).toMatchObject({ checks: 48, up: 46, down: 2, degraded: 0, down_min: 60 });

    const after = uptimeByDay(dir, days);
    expect(after.map((d) => [d.day, d.status, d.downMs])).toEqual(before.map((d) => [d.day, d.status, d.downMs]));
    after.forEach((d, i) => expect(d.ratio).toBeCloseTo(before[i]!.ratio!, 2));
  });

  it('keeps every check when the files were named in another time zone', async () => {
    const dir = tempDir('cairn-compact-');
    const raw = rawDays(20, 'Pacific/Auckland');
    writeFiles(dir, { 'components.yml': COMPACT_CONFIG, ...raw });
    const run = await cairn(dir, ['compact'], { CAIRN_NOW: NOW });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const { daily, kept } = accountedFor(dir, raw);
    // The first day starts at 13:00, after that day's hour down.
    for (const d of daily.slice(1)) expect(d.down_min).toBe(60);
    // No day is both summarised and raw; the day before 2026-11-10 stays raw, as a kept file (named
    // in the other zone) holds some of its checks.
    const rawDayKeys = new Set(kept.map((l) => dayKey(Date.parse(l.split(' ')[0]!), TZ)));
    expect(daily.filter((d) => rawDayKeys.has(d.day))).toEqual([]);
    expect([...rawDayKeys].sort()[0]).toBe('2026-11-09');
  });

  it('joins checks of a day rolled up before to its summary, after the site zone moved west', async () => {
    const dir = tempDir('cairn-compact-');
    const raw = rawDays(20);
    writeFiles(dir, { 'components.yml': COMPACT_CONFIG, ...raw });
    await cairn(dir, ['compact'], { CAIRN_NOW: NOW });
    writeFileSync(join(dir, 'components.yml'), COMPACT_CONFIG.replace('timezone: Europe/Berlin', 'timezone: America/Los_Angeles'));
    const run = await cairn(dir, ['compact'], { CAIRN_NOW: '2026-11-24T12:00:00Z' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    accountedFor(dir, raw);
  });

  it('is idempotent, and finishes an interrupted run without counting a day twice', async () => {
    const dir = tempDir('cairn-compact-');
    const raw = rawDays(20);
    writeFiles(dir, { 'components.yml': COMPACT_CONFIG, ...raw });
    await cairn(dir, ['compact', '--days', '14'], { CAIRN_NOW: NOW });
    const daily = readFileSync(join(dir, 'status-data/api/daily.txt'), 'utf8');
    // As if the previous run stopped after writing daily.txt, before deleting a raw file.
    const leftover = 'status-data/api/2026-11-05.txt';
    writeFileSync(join(dir, leftover), raw[leftover]!);
    const again = await cairn(dir, ['compact', '--days', '14'], { CAIRN_NOW: NOW });
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'status-data/api/daily.txt'), 'utf8')).toBe(daily);
    expect(existsSync(join(dir, leftover))).toBe(false);
    expect((await cairn(dir, ['compact'], { CAIRN_NOW: NOW })).stdout).toBe('Nothing to roll up: no raw day before 2026-11-10.\n');
  });

  it('keeps a component-year in tens of kilobytes', async () => {
    const dir = tempDir('cairn-compact-');
    writeFiles(dir, { 'components.yml': COMPACT_CONFIG, ...rawDays(365) });
    const rawBytes = Object.values(readTree(join(dir, 'status-data'))).reduce((s, text) => s + text.length, 0);
    await cairn(dir, ['compact', '--days', '1'], { CAIRN_NOW: NOW });
    const tree = readTree(join(dir, 'status-data/api'));
    expect(Object.keys(tree)).toEqual(expect.arrayContaining(['daily.txt', '2026-11-23.txt']));
    expect(Object.keys(tree)).toHaveLength(2);
    expect(tree['daily.txt']!.trim().split('\n')).toHaveLength(365);
    expect(tree['daily.txt']!.length).toBeLessThan(50 * 1024);
    // The same year raw, at one check every 30 minutes, is about 750 KB.
    expect(rawBytes).toBeGreaterThan(700 * 1024);
  });

  it('leaves a raw file with an unreadable line in place, says which, and exits 1', async () => {
    const dir = tempDir('cairn-compact-');
    const raw = rawDays(16);
    const damaged = 'status-data/api/2026-11-08.txt';
    writeFiles(dir, { 'components.yml': COMPACT_CONFIG, ...raw, [damaged]: `${raw[damaged]}this is not a check\n` });
    const run = await cairn(dir, ['compact'], { CAIRN_NOW: NOW });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^status-data\/api\/2026-11-08\.txt:49:1 warning Unreadable check line "this is not a check"/m);
    expect(run.stderr).toContain('Files with unreadable lines were kept');
    expect(existsSync(join(dir, damaged))).toBe(true);
    expect(existsSync(join(dir, 'status-data/api/2026-11-07.txt'))).toBe(false);
  });

  it('rejects a --days that is not a whole number of days', async () => {
    const dir = tempDir('cairn-compact-');
    writeFiles(dir, { 'components.yml': COMPACT_CONFIG });
    const run = await cairn(dir, ['compact', '--days', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--days "0" is not accepted; expected a whole number of days, at least 1');
  });
});
