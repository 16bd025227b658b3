import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROBE_WORKFLOW } from '#core/automation/starter.ts';
import { exampleLeftovers } from '#core/derive/example-leftovers.ts';
import { probeScheduleRules } from '#core/derive/probe-schedule.ts';
import { OWNER_MARKER } from '#core/model/content.ts';
import { FORMATS, formatDiagnostics, hasErrors } from '#core/model/diagnostics.ts';
import { loadRepository } from '../../src/load.ts';
import { defineCommand, oneOf } from '../cli/command.ts';

export const check = defineCommand({
  name: 'check',
  usage: 'cairn check [--format human|json|github]',
  help: [
    'Exits 1 when there is any error, 0 when there are only warnings or nothing.',
    'After "cairn init", mentions of the example company are warned about. A probe interval',
    `shorter than the wait between runs of the schedule in ${PROBE_WORKFLOW} is warned about too.`,
    '',
    'Examples:',
    '  cairn check',
    '  cairn check --format github   # annotations on the changed lines of a pull request',
  ].join('\n'),
  options: { format: { type: 'string', default: 'human' } },
  async run({ values }, io) {
    const format = oneOf('format', values.format, FORMATS);
    // Probe data lives on its own branch and is checked as the probe writes it: content only here.
    const { input, repository, configSource, diagnostics } = loadRepository(io.cwd, { probeData: false, now: io.now });
    if (input && existsSync(join(io.cwd, OWNER_MARKER))) diagnostics.push(...exampleLeftovers([input.config, ...input.incidentFiles]));
    if (repository) diagnostics.push(...probeScheduleRules(repository.config, configSource, { path: PROBE_WORKFLOW, crons: probeSchedule(io.cwd) }));
    const text = formatDiagnostics(diagnostics, format);
    if (text) io.stdout(`${text}\n`);
    return hasErrors(diagnostics) ? 1 : 0;
  },
});

/** The cron schedules of the Probe workflow; none when it is missing or unreadable (the probe may run elsewhere). */
function probeSchedule(root: string): string[] {
  try {
    const schedule: unknown = parse(readFileSync(join(root, PROBE_WORKFLOW), 'utf8'))?.on?.schedule;
    return Array.isArray(schedule) ? schedule.map((s) => s?.cron).filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}
