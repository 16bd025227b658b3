#!/usr/bin/env node
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fold } from '#core/derive/timeline.ts';
import { type CheckResult, formatCheckLine, formatDailyLine, summarizeDay } from '#core/model/check-data.ts';
import type { Component } from '#core/model/config.ts';
import { formatDiagnostics, hasErrors } from '#core/model/diagnostics.ts';
import { type AffectedStatus, severity } from '#core/model/enums.ts';
import { seededRandom } from '#core/model/random.ts';
import { dayKey, dayStart, nextDay, wallClock } from '#core/model/time.ts';
import { published, type Repository } from '#core/parse/repository.ts';
import { writeFilesAtomic } from '../../src/fs-atomic.ts';
import { DATA_DIR, loadRepository, SAMPLE_MARKER as MARKER, resolveNow, SAMPLE_DATA_ENV } from '../../src/load.ts';

/**
 * Believable, deterministic check history for trying Cairn on the example repository: a check
 * every probe interval for `site.history_days` up to now, with a daily rhythm in response times,
 * noise, and failures exactly where the repository's incidents say components were down or slow.
 * It writes only into a `status-data/` it created itself (marked by `status-data/.sample`), so it
 * never mixes invented data into a real repository's history; builds and commands refuse a marked
 * folder unless CAIRN_SAMPLE_DATA=1 (as `npm run demo` sets).
 */
const RAW_DAYS = 14;

interface Effect {
  start: number;
  end: number;
  status: AffectedStatus;
  /** The probe itself reported it: such incidents describe timeouts, people's describe errors. */
  automatic: boolean;
}

/** Periods in which published incidents and maintenance affected each component. */
function effects(repository: Repository, now: number): Map<string, Effect[]> {
  const out = new Map<string, Effect[]>();
  for (const incident of published(repository).incidents) {
    for (const span of fold(incident, now).spans) {
      for (const [id, status] of Object.entries(span.components)) {
        const list = out.get(id) ?? [];
        list.push({ start: span.start, end: span.end, status, automatic: incident.source.startsWith('auto:') });
        out.set(id, list);
      }
    }
  }
  return out;
}

/** The checks one component's probe would have recorded from `from` to `now`. */
export function sampleChecks(component: Component, componentEffects: Effect[], from: number, now: number, timeZone: string): CheckResult[] {
  const probe = component.probe!;
  const rand = seededRandom(component.id);
  const tcp = probe.url.startsWith('tcp://');
  const base = tcp ? 3 + rand() * 5 : 90 + rand() * 260;
  const slow = probe.degraded_after ?? base * 8;
  const checks: CheckResult[] = [];
  for (let slot = from; slot <= now; slot += probe.interval) {
    // Scheduled runs start a few seconds late.
    const at = Math.min(now, slot + Math.floor(rand() * 20) * 1000);
    const hour = wallClock(at, timeZone).h;
    const rhythm = 1 + 0.35 * Math.sin(((hour - 8) / 24) * 2 * Math.PI);
    const noise = Math.exp((rand() + rand() + rand() - 1.5) * 0.35);
    // Outside incidents, responses stay below the degraded threshold, so the bars agree with the incidents.
    let ms = Math.min(base * rhythm * noise * (rand() < 0.01 ? 1.5 + rand() : 1), slow * 0.8);
    const effect = componentEffects
      .filter((e) => e.start <= at && at < e.end)
      .reduce<Effect | undefined>((w, e) => (w && severity(w.status) >= severity(e.status) ? w : e), undefined);
    let status: CheckResult['status'] = 'up';
    let down = false;
    switch (effect?.status) {
      case 'major_outage':
        down = true;
        break;
      case 'partial_outage':
        down = rand() < 0.5;
        break;
      case 'degraded_performance':
        ms = slow * (1.1 + rand() * 0.8);
        break;
      case 'under_maintenance':
        ms *= 1.5 + rand();
        break;
    }
    if (probe.degraded_after !== undefined && ms > probe.degraded_after) status = 'degraded';
    const attempts = down ? probe.retries + 1 : 1;
    if (!down) {
      checks.push({ at, status, ms, code: tcp ? undefined : 200, attempts, extra: {} });
    } else if (tcp) {
      checks.push({ at, status: 'down', ms: 0, error: 'refused', attempts, extra: {} });
    } else if (effect!.automatic) {
      checks.push({ at, status: 'down', ms: probe.timeout, error: 'timeout', attempts, extra: {} });
    } else {
      checks.push({ at, status: 'down', ms: ms * 0.4, code: 503, error: 'status', attempts, extra: {} });
    }
  }
  return checks;
}

/** The files of `status-data/`: raw days for the last two weeks, a daily summary before that. */
export function sampleFiles(repository: Repository, now: number): Array<{ path: string; text: string }> {
  const { site } = repository.config;
  const tz = site.timezone;
  const today = dayKey(now, tz);
  const firstDay = nextDay(today, -(site.history_days - 1));
  const firstRaw = nextDay(today, -(RAW_DAYS - 1));
  const byComponent = effects(repository, now);
  const files: Array<{ path: string; text: string }> = [];
  for (const component of repository.config.components) {
    if (!component.probe) continue;
    const checks = sampleChecks(component, byComponent.get(component.id) ?? [], dayStart(firstDay, tz), now, tz);
    const byDay = new Map<string, CheckResult[]>();
    for (const c of checks) {
      const day = dayKey(c.at, tz);
      const list = byDay.get(day) ?? [];
      list.push(c);
      byDay.set(day, list);
    }
    const daily: string[] = [];
    for (const [day, own] of byDay) {
      if (day >= firstRaw) {
        files.push({ path: `${component.id}/${day}.txt`, text: own.map((c) => `${formatCheckLine(c)}\n`).join('') });
      } else {
        daily.push(formatDailyLine(summarizeDay(day, own, component.probe.interval, tz, dayStart(nextDay(day), tz))));
      }
    }
    if (daily.length) files.push({ path: `${component.id}/daily.txt`, text: `${daily.join('\n')}\n` });
  }
  return files;
}

function main(): number {
  const root = process.env.CAIRN_ROOT ?? process.cwd();
  const dataDir = join(root, DATA_DIR);
  if (existsSync(dataDir) && !existsSync(join(dataDir, MARKER))) {
    process.stderr.write(
      `sample-data: ${dataDir} already exists and was not made by this script (no ${DATA_DIR}/${MARKER}).\n` +
        'It holds real check history, so nothing was written. Sample data is only for trying Cairn on the example;\n' +
        `to use it anyway, move ${DATA_DIR}/ out of the way first.\n`,
    );
    return 1;
  }
  const now = resolveNow();
  // Its own earlier sample data is about to be replaced: read the repository past it.
  const { repository, diagnostics } = loadRepository(root, { env: { ...process.env, [SAMPLE_DATA_ENV]: '1' } });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!repository || hasErrors(errors)) {
    process.stderr.write(`sample-data: the repository has errors; fix them first:\n${formatDiagnostics(errors, 'human')}`);
    return 1;
  }
  const files = sampleFiles(repository, now).map((f) => ({ path: join(dataDir, f.path), text: f.text }));
  writeFilesAtomic([
    { path: join(dataDir, MARKER), text: 'Sample check data written by scripts/dev/sample-data.ts for a demo; not real measurements.\n' },
    ...files,
  ]);
  // Days from an earlier run that this one did not write would otherwise linger.
  const written = new Set(files.map((f) => f.path));
  for (const entry of readdirSync(dataDir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name !== MARKER && !written.has(path)) rmSync(path);
  }
  const components = new Set(files.map((f) => f.path.split('/').at(-2)));
  process.stdout.write(
    `Wrote sample check history for ${components.size} components to ${relative(process.cwd(), dataDir) || '.'}/ (marked as sample data).\n`,
  );
  return 0;
}

if (import.meta.main) process.exitCode = main();
