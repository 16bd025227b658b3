import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers.ts';

/**
 * The security rules every workflow keeps (GitHub's hardening guide): least privilege per job,
 * tokens only where used, pinned actions, no untrusted text in scripts. Each rule is also shown
 * to catch a workflow that breaks it.
 */

const DIR = join(ROOT, '.github', 'workflows');
const FILES = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  if?: string;
  permissions?: Record<string, string> | string;
  env?: Record<string, unknown>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, any> | string | string[];
  permissions?: Record<string, string> | string;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

/** A token or secret in a value: `secrets.X` or `github.token`. */
const CREDENTIAL = /\$\{\{[^}]*\b(secrets\.|github\.token\b)/;
/** The workflow's own tokens, which must never reach a step that runs what a pull request wrote. */
const GITHUB_TOKENS = /\$\{\{[^}]*\b(secrets\.(GITHUB_TOKEN|CAIRN_TOKEN)\b|github\.token\b)/;
/** Text anyone can choose (titles, branch names, payloads), never to be pasted into a script. */
const UNTRUSTED = /\$\{\{[^}]*\b(github\.event\b|github\.head_ref\b|inputs\.)/;
const PINNED = /^\s*(-\s+)?uses:\s+[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*\s*$/;

function triggers(on: Workflow['on']): string[] {
  if (typeof on === 'string') return [on];
  return Array.isArray(on) ? on : Object.keys(on);
}

const text = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));

/** Every rule `source` (a workflow file's text) breaks, in words. */
function violations(source: string): string[] {
  const out: string[] = [];
  const wf = parse(source) as Workflow;
  const on = triggers(wf.on);

  if (on.includes('pull_request_target')) out.push('pull_request_target runs with secrets on code from forks');
  if (typeof wf.permissions !== 'object' || Object.keys(wf.permissions).length)
    out.push('the workflow must set permissions: {} and let each job ask for what it needs');
  if (CREDENTIAL.test(text(wf.env))) out.push('a token or secret in the workflow-level env reaches every step');

  if (on.includes('workflow_run')) {
    const run = (wf.on as Record<string, any>).workflow_run ?? {};
    if (!Array.isArray(run.branches) || !run.branches.length) out.push('workflow_run must be filtered by branches');
    const guarded = Object.values(wf.jobs).some(
      (j) => /workflow_run\.head_repository\.full_name == github\.repository/.test(j.if ?? '') && /workflow_run\.event/.test(j.if ?? ''),
    );
    if (!guarded) out.push('workflow_run must be checked for its head_repository and event before anything runs on it');
  }

  source.split('\n').forEach((line, i) => {
    if (/^\s*(-\s+)?uses:/.test(line) && !PINNED.test(line))
      out.push(`line ${i + 1}: actions are pinned to a full commit SHA with the version in a comment ("@<sha> # v1.2.3")`);
  });

  for (const [id, job] of Object.entries(wf.jobs)) {
    const steps = job.steps ?? [];
    const perms = typeof job.permissions === 'object' ? job.permissions : undefined;
    if (!perms) out.push(`${id}: every job lists its permissions (read-all and write-all are not least privilege)`);
    if (CREDENTIAL.test(text(job.env))) out.push(`${id}: a token or secret in the job-level env reaches every step; give it to the steps that need it`);
    const pushes = perms?.contents === 'write';
    const runsTests = steps.some((s) => /\bnpm (test|run test)\b/.test(s.run ?? ''));
    for (const step of steps) {
      const name = step.name ?? step.uses ?? step.run;
      if (UNTRUSTED.test(step.run ?? '')) out.push(`${id}/${name}: untrusted text in run:; pass it through env`);
      if (step.uses?.startsWith('actions/checkout@')) {
        if (!pushes && step.with?.['persist-credentials'] !== false)
          out.push(`${id}/${name}: a job that pushes nothing checks out with persist-credentials: false`);
        if (step.with?.token !== undefined && !pushes) out.push(`${id}/${name}: a checkout token is for jobs that push`);
      } else if (CREDENTIAL.test(text(step.with))) {
        out.push(`${id}/${name}: a secret given to an action`);
      }
      const run = step.run ?? '';
      if (/\bnpm ci\b/.test(run) && !run.includes('--ignore-scripts') && !runsTests)
        out.push(`${id}/${name}: npm ci --ignore-scripts where no test needs install scripts`);
      if (/\bnpm (ci|install|run build)\b|\bastro build\b/.test(run) && CREDENTIAL.test(text(step.env)))
        out.push(`${id}/${name}: no token or secret for installing or building`);
      if (/\bcairn probe\b/.test(run) && GITHUB_TOKENS.test(text(step.env)))
        out.push(`${id}/${name}: the probe step never has the workflow's token: a \${NAME} in components.yml could send it away`);
    }
    if (perms?.pages === 'write' && steps.some((s) => s.run !== undefined || s.uses?.startsWith('actions/checkout@')))
      out.push(`${id}: the job that deploys to Pages runs only the Pages actions`);
    if (steps.some((s) => /\b(npm run build|astro build)\b/.test(s.run ?? '')) && Object.entries(perms ?? {}).some(([, v]) => v !== 'read'))
      out.push(`${id}: the job that builds has read permissions only`);
  }
  return out;
}

describe('workflow security rules', () => {
  it.each(FILES)('%s keeps every rule', (file) => {
    expect(violations(readFileSync(join(DIR, file), 'utf8'))).toEqual([]);
  });

  it('Dependabot updates the actions and the npm packages', () => {
    const config = parse(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as { updates: Array<{ 'package-ecosystem': string }> };
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
  });
});

describe('the rules catch a workflow that breaks them', () => {
  const SHA = '08c6903cd8c0fde910a37f88322edcfb5dd907a8';
  const good = `
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@${SHA} # v5.0.0
        with:
          persist-credentials: false
      - name: Install
        run: npm ci --ignore-scripts
      - name: Build
        run: npm run build
`;
  it('accepts the good one', () => {
    expect(violations(good)).toEqual([]);
  });

  it.each([
    ['pull_request_target', good.replace('on: push', 'on: pull_request_target'), /pull_request_target/],
    ['workflow permissions', good.replace('permissions: {}', 'permissions: write-all'), /permissions: \{\}/],
    ['job permissions', good.replace('    permissions:\n      contents: read\n', ''), /lists its permissions/],
    ['a write permission for the build', good.replace('contents: read', 'contents: write'), /builds has read permissions only/],
    ['an unpinned action', good.replace(`@${SHA} # v5.0.0`, '@v5'), /pinned to a full commit SHA/],
    ['a pin without its version', good.replace(' # v5.0.0', ''), /pinned to a full commit SHA/],
    ['persisted credentials', good.replace('        with:\n          persist-credentials: false\n', ''), /persist-credentials: false/],
    ['install scripts', good.replace(' --ignore-scripts', ''), /--ignore-scripts/],
    [
      'a token for the install',
      good.replace('run: npm ci --ignore-scripts', 'run: npm ci --ignore-scripts\n        env:\n          T: ${{ github.token }}'),
      /installing or building/,
    ],
    ['a token in the job env', good.replace('    steps:', '    env:\n      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n    steps:'), /job-level env/],
    ['a token in the workflow env', good.replace('permissions: {}', 'permissions: {}\nenv:\n  T: ${{ secrets.X }}'), /workflow-level env/],
    ['untrusted text in a script', good.replace('run: npm run build', 'run: echo "${{ github.event.pull_request.title }}"'), /untrusted text/],
    [
      'the token in the probe step',
      good.replace('run: npm run build', 'run: npx cairn probe\n        env:\n          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}'),
      /the probe step never has the workflow's token/,
    ],
    ['an unfiltered workflow_run', good.replace('on: push', 'on:\n  workflow_run:\n    workflows: [Probe]\n    types: [completed]'), /filtered by branches/],
    [
      'a workflow_run without the repository check',
      good.replace('on: push', 'on:\n  workflow_run:\n    workflows: [Probe]\n    branches: [main]'),
      /head_repository and event/,
    ],
    [
      'a Pages job that runs scripts',
      good.replace('contents: read', 'pages: write\n      id-token: write').replace('run: npm run build', 'run: echo hi'),
      /runs only the Pages actions/,
    ],
  ])('%s', (_, source, rule) => {
    expect(violations(source).join('\n')).toMatch(rule);
  });
});
