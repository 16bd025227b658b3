import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatDailyLine, parseCheckLines, parseDailyLines } from '#core/model/check-data.ts';
import { type Diagnostic, formatDiagnostics } from '#core/model/diagnostics.ts';
import { quoted } from '#core/model/text.ts';
import { MINUTE } from '#core/model/time.ts';
import { CONFIG_FILE, parseConfig } from '#core/parse/repository.ts';
import { DEFAULT_KEEP_DAYS, keepFrom, MIN_KEEP_DAYS, planCompaction, type RawFile } from '#core/probe/rollup.ts';
import { appendLines, lock, sweepLeftovers, writeFileAtomic } from '../../src/fs-atomic.ts';
import { DATA_DIR } from '../../src/load.ts';
import { COMPACT_LOCK } from '../automation/data-branch.ts';
import { defineCommand, UsageError } from '../cli/command.ts';

const RAW_DAY = /^(\d{4}-\d{2}-\d{2})\.txt$/;

/** The non-empty lines of a file, trimmed as the readers read them. */
function lineList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

function text(lines: string[]): string {
  return lines.map((l) => `${l}\n`).join('');
}

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
      throw new UsageError(`--days ${quoted(String(values.days))} is not accepted; expected a whole number of days, at least ${MIN_KEEP_DAYS}`);
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
    sweepLeftovers(dataDir);
    const problems: Diagnostic[] = [];
    // Days, not component-days: five components rolled up for one day is one day.
    const days = new Set<string>();
    let touched = 0;
    const components = existsSync(dataDir) ? readdirSync(dataDir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')) : [];
    let release: () => void;
    try {
      release = lock(join(dataDir, COMPACT_LOCK));
    } catch (e) {
      io.stderr(`cairn compact: ${(e as Error).message}\n`);
      return 1;
    }
    try {
      for (const { name: id } of components) {
        const dir = join(dataDir, id);
        const names = readdirSync(dir).filter((f) => RAW_DAY.test(f));
        if (!names.some((f) => f.slice(0, 10) < firstKept)) continue;
        const dailyPath = join(dir, 'daily.txt');
        const daily = existsSync(dailyPath) ? parseDailyLines(readFileSync(dailyPath, 'utf8'), `${DATA_DIR}/${id}/daily.txt`) : { daily: [], diagnostics: [] };
        if (daily.diagnostics.length) {
          // Rewriting daily.txt would drop its unreadable lines: leave the component alone.
          problems.push(...daily.diagnostics);
          continue;
        }
        const files: RawFile[] = names.map((name) => {
          const text = readFileSync(join(dir, name), 'utf8');
          const parsed = parseCheckLines(text, `${DATA_DIR}/${id}/${name}`);
          // A file with a line that cannot be read stays as it is, for a person to fix.
          if (name.slice(0, 10) < firstKept) problems.push(...parsed.diagnostics);
          return { day: name.slice(0, 10), lines: lineList(text), readable: parsed.diagnostics.length === 0 };
        });
        const interval = config.components.find((c) => c.id === id)?.probe?.interval ?? DEFAULT_INTERVAL;
        const plan = planCompaction(files, daily.daily, firstKept, interval, tz);
        const path = (day: string) => join(dir, `${day}.txt`);
        // Every line is in its new place before any leaves its old one (see planCompaction).
        for (const g of plan.grow) {
          if (g.append) for (const line of g.lines) appendLines(path(g.day), `${line}\n`);
          else writeFileAtomic(path(g.day), text(g.lines));
        }
        for (const [day, lines] of plan.shrink) {
          if (lines.length) writeFileAtomic(path(day), text(lines));
          else rmSync(path(day), { force: true });
        }
        if (plan.rolled.length) {
          writeFileAtomic(dailyPath, text(plan.daily.map(formatDailyLine)));
          for (const day of plan.rolled) rmSync(path(day), { force: true });
          touched++;
        }
        for (const day of plan.rolled) days.add(day);
      }
    } catch (e) {
      io.stderr(`cairn compact: cannot write: ${(e as Error).message}\nNothing was lost: run cairn compact again to finish.\n`);
      return 1;
    } finally {
      release();
    }
    io.stdout(
      days.size === 0
        ? `Nothing to roll up: no raw day before ${firstKept}.\n`
        : `Rolled up ${days.size} day${days.size === 1 ? '' : 's'} of ${touched} component${touched === 1 ? '' : 's'} into daily.txt; raw data kept from ${firstKept}.\n`,
    );
    if (problems.length) {
      io.stderr(`${formatDiagnostics(problems, 'human')}\nFiles with unreadable lines were kept: fix or remove those lines, then run cairn compact again.\n`);
      return 1;
    }
    return 0;
  },
});
