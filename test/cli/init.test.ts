import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, OWNER_MARKER } from '#core/model/content.ts';
import { main } from '../../scripts/cairn.ts';
import { cairn } from '../cli-harness.ts';
import { copyRepository, ROOT, sampleData } from '../helpers.ts';

const NOW = '2026-12-01T09:00:00Z';
const FLAGS = ['--title', 'Acme Status', '--url', 'https://status.acme.test', '--timezone', 'UTC', '--component', 'API=https://api.acme.test/health'];

/** The example with its Probe workflow, as a fresh copy of Cairn has it. */
function example(): string {
  const dir = copyRepository('example');
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(dir, '.github/workflows/probe.yml'), readFileSync(join(ROOT, '.github/workflows/probe.yml'), 'utf8'));
  return dir;
}

/** `cairn init` on a terminal where a person gives `answers` in turn: what it asked and printed. */
async function initOnTerminal(dir: string, answers: string[]) {
  const questions: string[] = [];
  let stdout = '';
  const code = await main(['init'], {
    cwd: dir,
    env: { CAIRN_NOW: NOW },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stdout += t),
    readStdin: async () => '',
    isTTY: true,
    ask: async (q) => {
      questions.push(q);
      return answers.shift()!;
    },
  });
  return { code, questions, stdout };
}

describe('cairn init', () => {
  it('asks on a terminal for what no option gives, explaining the Pages address', async () => {
    const dir = example();
    const answers = ['Acme Status', 'https://acme.github.io/status', '', 'API', 'https://api.acme.test/health', 'Dashboard', '', ''];
    const { code, questions, stdout } = await initOnTerminal(dir, answers);
    expect(stdout).toContain('https://<user or organisation>.github.io/<repository>/');
    expect(code).toBe(0);
    expect(questions).toHaveLength(8);
    const config = readFileSync(join(dir, 'components.yml'), 'utf8');
    expect(config).toContain('url: https://acme.github.io/status/');
    expect(config).toContain('name: Dashboard');
    expect(config).toContain(`timezone: ${Intl.DateTimeFormat().resolvedOptions().timeZone}`);
    expect((await cairn(dir, ['check'], { now: NOW })).stdout).toBe('No problems found.\n');
  });

  it('on a terminal, says what is wrong with an answer and asks again, instead of ending', async () => {
    const dir = example();
    const answers = [
      'Acme Status',
      'acme.github.io/status',
      'https://acme.github.io/status',
      'Mars/Olympus',
      'UTC',
      'API',
      'htps//api',
      'https://api.acme.test/health',
      '',
    ];
    const { code, questions, stdout } = await initOnTerminal(dir, answers);
    expect(code).toBe(0);
    expect(questions.filter((q) => q.startsWith('Address'))).toHaveLength(2);
    expect(questions.filter((q) => q.startsWith('Time zone'))).toHaveLength(2);
    expect(questions.filter((q) => q.includes('URL to check'))).toHaveLength(2);
    expect(stdout).toContain('Expected the absolute URL the site is published at');
    expect(stdout).toContain('Expected an IANA time zone');
    expect(readFileSync(join(dir, 'components.yml'), 'utf8')).toContain('url: https://api.acme.test/health');
  });

  it('refuses an option value that would make components.yml fail cairn check, naming the option', async () => {
    const badUrl = await cairn(example(), ['init', ...FLAGS, '--url', 'status.acme.test'], { now: NOW });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('--url "status.acme.test": Expected the absolute URL');
    const badProbe = await cairn(example(), ['init', ...FLAGS, '--component', 'Web=https://:80/'], { now: NOW });
    expect(badProbe.code).toBe(2);
    expect(badProbe.stderr).toContain('--component "Web=https://:80/": Expected a host name in the URL');
  });

  it('replaces every example incident and template with one starter template, and sets the probe schedule', async () => {
    const dir = example();
    sampleData(dir, '2026-11-23T14:00:00Z');
    const run = await cairn(dir, ['init', ...FLAGS, '--probe-every', '30m'], { now: NOW });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('status-data');
    expect(existsSync(join(dir, 'status-data'))).toBe(false);
    expect(run.stdout).toContain('runs the Probe workflow 1,440 times a month: with the hourly deploy, at least 5,040 Actions minutes');
    // What GitHub needs from the owner before anything runs, as the README's steps say.
    expect(run.stdout).toContain('allow GitHub Actions to create pull requests');
    expect(readdirSync(join(dir, 'incidents'), { recursive: true })).toEqual(['_templates', '_templates/outage.md']);
    expect(readFileSync(join(dir, '.github/workflows/probe.yml'), 'utf8')).toContain('- cron: "*/30 * * * *"');
    expect(readFileSync(join(dir, 'components.yml'), 'utf8')).toContain('interval: 30m');
    expect(existsSync(join(dir, OWNER_MARKER))).toBe(true);
    expect((await cairn(dir, ['new', '--template', 'outage', '-m', 'Down.'], { now: NOW })).code).toBe(0);
  });

  it('refuses a repository with its own content, saying what it would delete, unless --force', async () => {
    const dir = example();
    await cairn(dir, ['init', ...FLAGS], { now: NOW });
    await cairn(dir, ['new', '--title', 'Our first incident', '--components', 'api', '-m', 'Down.'], { now: NOW });
    const before = readFileSync(join(dir, 'components.yml'), 'utf8');
    const refused = await cairn(dir, ['init', ...FLAGS, '--title', 'Other'], { now: NOW });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('incidents/2026-12-01-our-first-incident');
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(join(dir, 'components.yml'), 'utf8')).toBe(before);
    expect((await cairn(dir, ['init', ...FLAGS, '--force'], { now: NOW })).code).toBe(0);
    expect(existsSync(join(dir, 'incidents/2026-12-01-our-first-incident'))).toBe(false);
  });

  it('refuses a copy whose example has an incident or component of the owner, before any init', async () => {
    const dir = example();
    await cairn(dir, ['new', '--title', 'Our own thing', '--components', 'api', '-m', 'Down.'], { now: NOW });
    const refused = await cairn(dir, ['init', ...FLAGS], { now: NOW });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('incidents/2026-12-01-our-own-thing is not the example');
    expect(existsSync(join(dir, 'incidents/2026-12-01-our-own-thing'))).toBe(true);

    const other = example();
    writeFileSync(join(other, 'components.yml'), `${readFileSync(join(other, 'components.yml'), 'utf8')}  - id: ledger\n    name: Ledger\n`);
    const listed = await cairn(other, ['init', ...FLAGS], { now: NOW });
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('components the example does not (ledger)');
  });

  it("knows the example's incidents, templates and components as shipped", () => {
    const shipped = readdirSync(join(ROOT, 'incidents')).flatMap((name) =>
      name === '_templates' ? readdirSync(join(ROOT, 'incidents', name)).map((file) => `${name}/${file}`) : [name],
    );
    expect([...EXAMPLE.incidents].sort()).toEqual(shipped.sort());
    for (const [template, title] of Object.entries(EXAMPLE.templateTitles)) {
      expect(readFileSync(join(ROOT, 'incidents', template), 'utf8')).toContain(`title: ${title}\n`);
    }
    const ids = [...readFileSync(join(ROOT, 'components.yml'), 'utf8').matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1]);
    expect(ids.filter((id) => EXAMPLE.components.includes(id!))).toEqual(EXAMPLE.components);
  });

  it('refuses intervals GitHub cannot schedule evenly, and missing options without a terminal, writing nothing', async () => {
    const dir = example();
    const odd = await cairn(dir, ['init', ...FLAGS, '--probe-every', '7m'], { now: NOW });
    expect(odd.code).toBe(2);
    expect(odd.stderr).toContain('use 5m, 10m, 15m');
    const missing = await cairn(dir, ['init', '--title', 'Acme'], { now: NOW });
    expect(missing.stderr).toContain('--url is required');
    expect(readFileSync(join(dir, 'components.yml'), 'utf8')).toContain('Fernhill');
  });
});

describe('cairn check after cairn init', () => {
  it("warns about the example company's name, domain and e-mail, with the line", async () => {
    const dir = example();
    await cairn(dir, ['init', ...FLAGS], { now: NOW });
    writeFileSync(join(dir, 'incidents/_templates/outage.md'), '---\ntitle: API down\n---\n\nWrite to support@fernhill.example or see the Fernhill docs.\n');
    const check = await cairn(dir, ['check', '--format', 'json'], { now: NOW });
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual([
      expect.objectContaining({ file: 'incidents/_templates/outage.md', line: 5, severity: 'warning', rule: 'example-leftover' }),
    ]);
    // An incident and a template of the example, brought back.
    cpSync(join(ROOT, 'incidents/2026-11-05-dashboard-login-slow'), join(dir, 'incidents/2026-11-05-dashboard-login-slow'), { recursive: true });
    cpSync(join(ROOT, 'incidents/_templates/api-errors.md'), join(dir, 'incidents/_templates/api-errors.md'));
    const again = JSON.parse((await cairn(dir, ['check', '--format', 'json'], { now: NOW })).stdout) as Array<{ message: string }>;
    expect(again.map((d) => d.message)).toEqual(
      expect.arrayContaining([
        "incidents/2026-11-05-dashboard-login-slow is the example company's, not this status page's; remove it",
        "incidents/_templates/api-errors.md is the example company's, not this status page's; remove it",
      ]),
    );
    // A template of the owner's own that happens to have the name of one of the example's is theirs.
    writeFileSync(join(dir, 'incidents/_templates/db-latency.md'), '---\ntitle: Slow ledger database\n---\n\nThe ledger is slow.\n');
    const own = JSON.parse((await cairn(dir, ['check', '--format', 'json'], { now: NOW })).stdout) as Array<{ file: string }>;
    expect(own.map((d) => d.file)).not.toContain('incidents/_templates/db-latency.md');
    // The example itself, not initialised, is not warned about.
    expect((await cairn(example(), ['check'], { now: '2026-11-23T14:00:00Z' })).stdout).not.toContain('example-leftover');
  });
});
