import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CheckResult, formatCheckLine, type ProbeData } from '#core/model/check-data.ts';
import { type Diagnostic, formatDiagnostics } from '#core/model/diagnostics.ts';
import { label } from '#core/model/enums.ts';
import { suggest } from '#core/model/suggest.ts';
import { quoted } from '#core/model/text.ts';
import { dayKey, isoUtc } from '#core/model/time.ts';
import { CONFIG_FILE, type Repository } from '#core/parse/repository.ts';
import { listWords } from '#core/parse/yaml-source.ts';
import { autoIncidentActions, type IncidentAction } from '#core/probe/auto-incident.ts';
import { describeCheck } from '#core/probe/verdict.ts';
import { appendLines, createFileExclusive, sweepLeftovers } from '../../src/fs-atomic.ts';
import { DATA_DIR, loadRepository, sampleDataProblem } from '../../src/load.ts';
import { defineCommand, type Io, UsageError } from '../cli/command.ts';
import type { RunResult } from '../probe/attempt.ts';
import { runChecks } from '../probe/run.ts';
import { prepareTargets } from '../probe/target.ts';

function selectComponents(repository: Repository, only: string | undefined) {
  const all = repository.config.components.map((component, index) => ({ component, index }));
  const probed = all.filter((c) => c.component.probe);
  if (only === undefined) return probed;
  const ids = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) {
    const found = all.find((c) => c.component.id === id);
    if (!found) {
      const hint = suggest(
        id,
        all.map((c) => c.component.id),
      );
      throw new UsageError(
        `--only: unknown component ${quoted(id)}${hint ? `; did you mean "${hint}"?` : `, expected ${listWords(probed.map((c) => c.component.id))}`}`,
      );
    }
    if (!found.component.probe) throw new UsageError(`--only: component ${quoted(id)} has no probe in ${CONFIG_FILE}`);
  }
  return probed.filter((c) => ids.includes(c.component.id));
}

/** The check as the data keeps it: the upstream incident's words stay out of the data files. */
function withoutUpstream({ upstream: _, ...check }: RunResult): CheckResult {
  return check;
}

/**
 * Appends each result to its component's day file as one whole line with one O_APPEND write, so
 * runs appending at the same time (in one checkout) keep every line; nothing is read first.
 */
function appendResults(root: string, results: CheckResult[], ids: string[], timeZone: string): void {
  results.forEach((r, i) => appendLines(join(root, DATA_DIR, ids[i]!, `${dayKey(r.at, timeZone)}.txt`), `${formatCheckLine(r)}\n`));
}

/**
 * Creates the files of the incident actions; a file another run created meanwhile is left as it
 * is (that run drafted the same incident from the same checks).
 */
function writeActions(root: string, actions: IncidentAction[]): IncidentAction[] {
  return actions.filter((a) => {
    try {
      for (const f of a.files) createFileExclusive(join(root, f.path), f.text);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  });
}

function printHuman(io: Io, results: Array<{ id: string; result: CheckResult; line: string }>, actions: IncidentAction[], dryRun: boolean): void {
  const width = Math.max(0, ...results.map((r) => r.id.length));
  for (const { id, result, line } of results) io.stdout(`${id.padEnd(width)}  ${label(result.status).padEnd(8)}  ${line}\n`);
  for (const a of actions) {
    const verb = a.kind === 'open' ? (dryRun ? 'Would open' : 'Opened') : dryRun ? 'Would resolve' : 'Resolved';
    io.stdout(`${verb} ${a.incident}: ${a.title} (${a.summary})\n${a.files.map((f) => `  ${f.path}\n`).join('')}`);
  }
  if (dryRun) io.stdout('Dry run: nothing was written.\n');
}

export const probe = defineCommand({
  name: 'probe',
  usage: 'cairn probe [--dry-run] [--json] [--only <component,…>]',
  help: [
    'Appends one result per component to status-data/<component>/<day>.txt, then writes an incident',
    'under incidents/ when a component failed failure_threshold runs in a row, or a resolution when',
    'it succeeded success_threshold runs in a row. Exits 0 even when components are down; 1 when',
    'components.yml is wrong, a ${NAME} it uses is not listed under probe.secrets or not set, or the',
    'files cannot be written. A check that carries a ${NAME} value never follows a redirect to',
    'another origin (error class cross-origin).',
    '',
    'Options:',
    '  --dry-run           check and print what would be written, without writing',
    '  --json              print { at, results, actions } as JSON',
    '  --only api,web      check only these components',
    '',
    'Examples:',
    '  cairn probe',
    '  API_TOKEN=… cairn probe --only api --dry-run',
  ].join('\n'),
  options: { 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, only: { type: 'string' } },
  async run({ values }, io) {
    const dryRun = values['dry-run'] === true;
    const sample = sampleDataProblem(io.cwd);
    if (sample && !dryRun) throw new Error(sample);
    if (!dryRun) {
      // What a killed or failed run left behind goes first.
      sweepLeftovers(join(io.cwd, DATA_DIR));
      sweepLeftovers(join(io.cwd, 'incidents'), { emptyFolders: true });
    }
    const { repository, configSource, diagnostics } = loadRepository(io.cwd, { now: io.now });
    // The folders taken when the incidents were read, not after the checks: a run that drafted the
    // same incident meanwhile took its id, and this run then leaves that file as it is, rather
    // than drafting a second incident under the next free id.
    const incidentsDir = join(io.cwd, 'incidents');
    const takenIds = existsSync(incidentsDir) ? readdirSync(incidentsDir) : [];
    const errors = (d: Diagnostic) => d.severity === 'error';
    const configErrors = diagnostics.filter((d) => errors(d) && d.file === CONFIG_FILE);
    if (!repository || configErrors.length) {
      io.stderr(`${formatDiagnostics(configErrors.length ? configErrors : diagnostics.filter(errors), 'human')}\n`);
      return 1;
    }
    const { config } = repository;
    const selected = selectComponents(repository, values.only);
    const { targets, diagnostics: targetErrors } = prepareTargets(selected, config.probe.secrets, io.env, io.cwd, configSource);
    if (targetErrors.length) {
      io.stderr(`${formatDiagnostics(targetErrors, 'human')}\n`);
      return 1;
    }

    // Whole seconds: the data lines stay short and all records of a run share one time.
    const at = Math.floor(io.now / 1000) * 1000;
    const results = await runChecks(targets, { concurrency: config.probe.concurrency, perOrigin: config.probe.per_origin }, at, repository.probeData);
    const ids = targets.map((t) => t.component);
    const history = new Map<string, ProbeData>(repository.probeData);
    results.forEach((r, i) => {
      const h = history.get(ids[i]!) ?? { checks: [], daily: [] };
      history.set(ids[i]!, { ...h, checks: [...h.checks, withoutUpstream(r)] });
    });

    // A broken incident file could hide an open auto-incident: draft nothing until it is fixed.
    const incidentErrors = diagnostics.filter((d) => errors(d) && d.file.startsWith('incidents/'));
    const planned = incidentErrors.length
      ? []
      : autoIncidentActions({
          config,
          incidents: repository.incidents,
          probeData: history,
          probed: ids,
          takenIds,
          now: at,
          upstream: new Map(results.flatMap((r, i) => (r.upstream ? [[ids[i]!, r.upstream] as const] : []))),
        });
    if (incidentErrors.length) {
      io.stderr(`${formatDiagnostics(incidentErrors, 'human')}\nNo incident was drafted: fix the files above first (the results are recorded).\n`);
    }

    let actions = planned;
    if (!dryRun) {
      try {
        appendResults(io.cwd, results, ids, config.site.timezone);
        actions = writeActions(io.cwd, planned);
      } catch (e) {
        io.stderr(`cairn probe: cannot write the results: ${(e as Error).message}\n`);
        return 1;
      }
    }

    if (values.json) {
      io.stdout(
        `${JSON.stringify(
          {
            at: isoUtc(at),
            results: results.map((r, i) => ({
              component: ids[i]!,
              status: r.status,
              ms: Math.round(r.ms),
              code: r.code,
              error: r.error,
              attempts: r.attempts,
            })),
            actions: actions.map((a) => ({
              kind: a.kind,
              component: a.component,
              incident: a.incident,
              files: a.files.map((f) => f.path),
              title: a.title,
              summary: a.summary,
              // So that "cairn propose apply - --dry-run" can show what it would do with them.
              ...(dryRun ? { unwritten: a.files } : {}),
            })),
          },
          null,
          2,
        )}\n`,
      );
    } else {
      if (targets.length === 0) io.stdout(`No component has a probe: add "probe:" with a url to a component in ${CONFIG_FILE}.\n`);
      const rows = results.map((result, i) => ({ id: ids[i]!, result, line: describeCheck(result, targets[i]!.probe) }));
      printHuman(io, rows, actions, dryRun);
    }
    return 0;
  },
});
