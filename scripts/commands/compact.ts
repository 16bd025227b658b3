import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type CheckResult, formatDailyLine, parseCheckLines, parseDailyLines } from '#core/model/check-data.ts';
import { type Diagnostic, formatDiagnostics } from '#core/model/diagnostics.ts';
import { dayKey, MINUTE } from '#core/model/time.ts';
import { CONFIG_FILE, parseConfig } from '#core/parse/repository.ts';
import { DEFAULT_KEEP_DAYS, keepFrom, MIN_KEEP_DAYS, rollUp } from '#core/probe/rollup.ts';
import { writeFilesAtomic } from '../../src/fs-atomic.ts';
import { DATA_DIR } from '../../src/load.ts';
import { defineCommand, UsageError } from '../cli/command.ts';

const RAW_DAY = /^(\d{4}-\d{2}-\d{2})\.txt$/;
/** For components no longer in components.yml, the probe's default interval. */
const DEFAULT_INTERVAL = 5 * MINUTE;

export const compact = defineCommand({
  name: 'compact',
  usage: 'cairn compact [--days 14]',
  help: [
    'For every component under status-data/, days before the last N (today counts as one) become',
    'one line each in daily.txt (checks, up, degraded, down, minutes down, p50/p95 response time),',
    'and their raw files are deleted. Uptime and history pages read both forms.',
    '',
    'Examples:',
    '  cairn compact',
    '  cairn compact --days 30',
  ].join('\n'),
  options: { days: { type: 'string', default: String(DEFAULT_KEEP_DAYS) } },
  async run({ values }, io) {
    const keepDays = Number(values.days);
    if (!Number.isInteger(keepDays) || keepDays < MIN_KEEP_DAYS)
      throw new UsageError(`--days "${String(values.days)}" is not accepted; expected a whole number of days, at least ${MIN_KEEP_DAYS}`);
    const configPath = join(io.cwd, CONFIG_FILE);
    if (!existsSync(configPath)) {
      io.stderr(`No ${CONFIG_FILE} in ${io.cwd}: run cairn from the root of a status repository\n`);
      return 1;
    }
    const { config, diagnostics: configDiagnostics } = parseConfig({ path: CONFIG_FILE, text: readFileSync(configPath, 'utf8') });
    if (!config) {
      io.stderr(`${formatDiagnostics(configDiagnostics, 'human')}\n`);
      return 1;
    }
    const tz = config.site.timezone;
    const firstKept = keepFrom(io.now, keepDays, tz);
    const dataDir = join(io.cwd, DATA_DIR);
    const writes: Array<{ path: string; text: string }> = [];
    const deletions: string[] = [];
    const problems: Diagnostic[] = [];
    let days = 0;
    const components = existsSync(dataDir) ? readdirSync(dataDir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')) : [];
    for (const { name: id } of components) {
      const dir = join(dataDir, id);
      const rawDays = new Map<string, CheckResult[]>();
      const unreadable = new Set<string>();
      const old = readdirSync(dir)
        .filter((f) => {
          const day = RAW_DAY.exec(f)?.[1];
          return day !== undefined && day < firstKept;
        })
        .sort();
      if (old.length === 0) continue;
      const dailyPath = join(dir, 'daily.txt');
      const daily = existsSync(dailyPath) ? parseDailyLines(readFileSync(dailyPath, 'utf8'), `${DATA_DIR}/${id}/daily.txt`) : { daily: [], diagnostics: [] };
      if (daily.diagnostics.length) {
        // Rewriting daily.txt would drop its unreadable lines: leave the component alone.
        problems.push(...daily.diagnostics);
        continue;
      }
      for (const file of old) {
        const parsed = parseCheckLines(readFileSync(join(dir, file), 'utf8'), `${DATA_DIR}/${id}/${file}`);
        // A line that cannot be read is kept in its file for a person to fix, never silently dropped.
        if (parsed.diagnostics.length) unreadable.add(file);
        problems.push(...parsed.diagnostics);
        for (const c of parsed.checks) {
          const day = dayKey(c.at, tz);
          rawDays.set(day, [...(rawDays.get(day) ?? []), c]);
        }
      }
      const interval = config.components.find((c) => c.id === id)?.probe?.interval ?? DEFAULT_INTERVAL;
      const rolled = rollUp(rawDays, daily.daily, firstKept, interval, tz);
      writes.push({ path: dailyPath, text: rolled.daily.map((d) => `${formatDailyLine(d)}\n`).join('') });
      deletions.push(...old.filter((f) => !unreadable.has(f)).map((f) => join(dir, f)));
      days += rolled.rolled.length;
    }

    try {
      // Summaries first: an interrupted run leaves a day both summarised and raw, which reads the same.
      writeFilesAtomic(writes);
      for (const path of deletions) rmSync(path, { force: true });
    } catch (e) {
      io.stderr(`cairn compact: cannot write: ${(e as Error).message}\n`);
      return 1;
    }
    io.stdout(
      days === 0
        ? `Nothing to roll up: no raw day before ${firstKept}.\n`
        : `Rolled up ${days} day${days === 1 ? '' : 's'} of ${writes.length} component${writes.length === 1 ? '' : 's'} into daily.txt; raw data kept from ${firstKept}.\n`,
    );
    if (problems.length) {
      io.stderr(`${formatDiagnostics(problems, 'human')}\nFiles with unreadable lines were kept: fix or remove those lines, then run cairn compact again.\n`);
      return 1;
    }
    return 0;
  },
});
