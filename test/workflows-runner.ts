import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { scratch } from './automation-fakes.ts';
import { ROOT } from './helpers.ts';

/**
 * A stand-in for a GitHub Actions runner, for one job of a workflow file: its `run:` steps in
 * order through bash, with `if:` conditions, `${{ }}` expressions, step outputs and
 * `continue-on-error` as GitHub evaluates them. `uses:` steps (actions) are skipped: they need
 * GitHub itself. `npx cairn` runs this project's CLI, as it does in a checkout of it.
 */

type Value = string | boolean | undefined;

interface StepResult {
  outcome: 'success' | 'failure' | 'skipped';
  conclusion: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
}

export interface JobRun {
  steps: Record<string, StepResult & { name: string; stdout: string; stderr: string }>;
  /** What the steps wrote to $GITHUB_STEP_SUMMARY. */
  summary: string;
  /** Names of the steps that ran, in order. */
  ran: string[];
  failed: boolean;
}

/** Evaluates GitHub's expression language, as far as the workflows here use it. */
function evaluate(expression: string, context: (path: string) => Value, jobFailed: boolean): Value {
  const tokens = expression.match(/'(?:[^']|'')*'|==|!=|&&|\|\||[!()]|[A-Za-z_][\w.-]*(?:\(\))?/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const truthy = (v: Value) => v !== undefined && v !== '' && v !== false;
  const primary = (): Value => {
    const t = tokens[i++]!;
    if (t === '!') return !truthy(primary());
    if (t === '(') {
      const v = or();
      i++;
      return v;
    }
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'success()') return !jobFailed;
    if (t === 'failure()') return jobFailed;
    if (t === 'cancelled()') return false;
    if (t === 'always()') return true;
    return context(t);
  };
  const comparison = (): Value => {
    const left = primary();
    if (peek() === '==' || peek() === '!=') {
      const op = tokens[i++];
      const right = primary();
      return op === '==' ? String(left ?? '') === String(right ?? '') : String(left ?? '') !== String(right ?? '');
    }
    return left;
  };
  const and = (): Value => {
    let v = comparison();
    while (peek() === '&&') {
      i++;
      const r = comparison();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (peek() === '||') {
      i++;
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  return or();
}

function interpolate(text: string, context: (path: string) => Value, jobFailed: boolean): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => String(evaluate(e, context, jobFailed) ?? ''));
}

/**
 * A PATH entry whose `npx cairn …` runs this project's CLI with its own Node, and whose `date`
 * tells `now` when given (the workflows read the clock only to fix CAIRN_NOW).
 */
function shims(now?: string): string {
  const dir = join(scratch(), 'bin');
  mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
  };
  write(
    'npx',
    `#!/bin/sh\nif [ "$1" = cairn ]; then shift; exec "${ROOT}/node_modules/.bin/node" "${ROOT}/scripts/cairn.ts" "$@"; fi\necho "npx $1: not available here" >&2; exit 127\n`,
  );
  if (now) write('date', `#!/bin/sh\necho ${now}\n`);
  return dir;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', script], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * Runs job `job` of `.github/workflows/<file>` in `cwd`. `skip` names steps left out (such as the
 * dependency install, which this checkout does not need); `env` is the runner's environment;
 * `secrets` fills `secrets.*`, `github` the `github.*` values a step reads and `needs` the
 * outputs of the jobs it needs (`build.outputs.now`); `now` is what
 * `date` says. Lines a step appends to $GITHUB_ENV reach the steps after it, as on a runner.
 */
export async function runJob(
  file: string,
  job: string,
  cwd: string,
  options: {
    env: NodeJS.ProcessEnv;
    secrets: Record<string, string>;
    github?: Record<string, string>;
    needs?: Record<string, string>;
    skip?: string[];
    now?: string;
  },
): Promise<JobRun> {
  const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8'));
  const spec = workflow.jobs[job];
  const temp = scratch();
  const result: JobRun = { steps: {}, summary: '', ran: [], failed: false };
  const context = (path: string): Value => {
    const [root, ...rest] = path.split('.');
    if (root === 'secrets') return options.secrets[rest[0]!];
    if (root === 'steps') {
      const step = result.steps[rest[0]!];
      if (!step) return undefined;
      return rest[1] === 'outputs' ? step.outputs[rest[2]!] : step[rest[1] as 'outcome' | 'conclusion'];
    }
    if (root === 'github' && rest[0] === 'token') return options.secrets.GITHUB_TOKEN;
    if (root === 'needs' && options.needs?.[rest.join('.')] !== undefined) return options.needs[rest.join('.')];
    if (root === 'github' && options.github?.[rest.join('.')] !== undefined) return options.github[rest.join('.')];
    throw new Error(`${file}: the runner stand-in cannot evaluate ${path}`);
  };
  const env: NodeJS.ProcessEnv = {
    PATH: `${shims(options.now)}:${process.env.PATH}`,
    HOME: temp,
    GIT_CONFIG_GLOBAL: join(temp, 'gitconfig'),
    RUNNER_TEMP: temp,
    ...options.env,
  };
  for (const [k, v] of Object.entries(spec.env ?? {})) env[k] = interpolate(String(v), context, false);

  for (const [index, step] of (spec.steps as Array<Record<string, any>>).entries()) {
    const name: string = step.name ?? step.uses ?? `step ${index}`;
    const id: string = step.id ?? `__${index}`;
    if (step.uses || options.skip?.includes(name)) continue;
    const condition = step.if === undefined ? 'success()' : String(step.if).replace(/^\$\{\{(.*)\}\}$/s, '$1');
    const runs = /success\(\)|failure\(\)|cancelled\(\)|always\(\)/.test(condition)
      ? evaluate(condition, context, result.failed)
      : !result.failed && evaluate(condition, context, result.failed);
    if (!runs || runs === '') {
      result.steps[id] = { name, outcome: 'skipped', conclusion: 'skipped', outputs: {}, stdout: '', stderr: '' };
      continue;
    }
    const output = join(temp, `output-${index}`);
    const exported = join(temp, `env-${index}`);
    writeFileSync(output, '');
    writeFileSync(exported, '');
    const stepEnv: NodeJS.ProcessEnv = { ...env, GITHUB_OUTPUT: output, GITHUB_ENV: exported, GITHUB_STEP_SUMMARY: join(temp, 'summary.md') };
    for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = interpolate(String(v), context, result.failed);
    const r = await bash(interpolate(step.run, context, result.failed), cwd, stepEnv);
    const lines = (path: string) =>
      Object.fromEntries(
        readFileSync(path, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
      );
    const outputs = lines(output);
    Object.assign(env, lines(exported));
    const outcome = r.code === 0 ? 'success' : 'failure';
    const conclusion = outcome === 'failure' && step['continue-on-error'] ? 'success' : outcome;
    result.steps[id] = { name, outcome, conclusion, outputs, stdout: r.stdout, stderr: r.stderr };
    result.ran.push(name);
    if (conclusion === 'failure') result.failed = true;
  }
  result.summary = existsSync(join(temp, 'summary.md')) ? readFileSync(join(temp, 'summary.md'), 'utf8') : '';
  return result;
}
