import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  costSentence,
  cronFor,
  PROBE_WORKFLOW,
  probeInterval,
  STARTER_TEMPLATE,
  type StarterAnswers,
  type StarterComponent,
  starterConfig,
  starterTemplate,
  withProbeSchedule,
} from '#core/automation/starter.ts';
import { checkRepository } from '#core/derive/check.ts';
import { siteSchema } from '#core/model/config.ts';
import { EXAMPLE, OWNER_MARKER } from '#core/model/content.ts';
import { formatDiagnostics, hasErrors } from '#core/model/diagnostics.ts';
import { probeSchema } from '#core/model/probe.ts';
import { quoted } from '#core/model/text.ts';
import { formatDuration, isoUtc } from '#core/model/time.ts';
import { CONFIG_FILE, parseConfig } from '#core/parse/repository.ts';
import { TEMPLATES_DIR } from '#core/parse/template.ts';
import { writeFilesAtomic } from '../../src/fs-atomic.ts';
import { DATA_DIR, SAMPLE_MARKER } from '../../src/load.ts';
import { defineCommand, type Io, UsageError } from '../cli/command.ts';

const URL_HELP = [
  'The address your page will be published at.',
  'On GitHub Pages without a domain of your own it is a project site:',
  '  https://<user or organisation>.github.io/<repository>/',
  'With your own domain: https://status.example.com/',
];

/** What the example (or the owner's earlier content) leaves that init removes: folders, for people and for rm. */
function leftovers(root: string): string[] {
  const incidents = existsSync(join(root, 'incidents')) ? readdirSync(join(root, 'incidents')).map((name) => `incidents/${name}`) : [];
  const sample = existsSync(join(root, DATA_DIR, SAMPLE_MARKER)) ? [DATA_DIR] : [];
  return [...incidents.sort(), ...sample];
}

/** Removes a file or folder, except the files in `kept` (paths relative to `root`). */
function removeExcept(root: string, path: string, kept: Set<string>): void {
  if (kept.has(path)) return;
  if ([...kept].some((k) => k.startsWith(`${path}/`))) {
    for (const name of readdirSync(join(root, path))) removeExcept(root, `${path}/${name}`, kept);
  } else {
    rmSync(join(root, path), { recursive: true, force: true });
  }
}

/** Incident folders and templates under incidents/, as `incidents/<name>` and `incidents/_templates/<file>`. */
function incidentEntries(root: string): string[] {
  const dir = join(root, 'incidents');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) =>
      name === '_templates' && lstatSync(join(dir, name)).isDirectory()
        ? readdirSync(join(dir, name))
            .filter((file) => !file.startsWith('.'))
            .map((file) => `${name}/${file}`)
        : [name],
    )
    .sort();
}

/**
 * The repository holds its owner's content: init ran before, components.yml is not the example's
 * (another address or other components), or incidents/ has incidents or templates the example
 * does not.
 */
function ownContent(root: string): string | undefined {
  if (existsSync(join(root, OWNER_MARKER))) return `${OWNER_MARKER} says "cairn init" ran here already`;
  const { config } = parseConfig({ path: CONFIG_FILE, text: readFileSync(join(root, CONFIG_FILE), 'utf8') });
  if (config?.site.url !== EXAMPLE.siteUrl) return `${CONFIG_FILE} is not the example's (site.url is ${config?.site.url ?? 'unreadable'})`;
  const components = config.components.filter((c) => !EXAMPLE.components.includes(c.id)).map((c) => c.id);
  if (components.length) return `${CONFIG_FILE} lists components the example does not (${components.join(', ')})`;
  const added = incidentEntries(root).filter((entry) => !EXAMPLE.incidents.includes(entry));
  if (added.length) return `${added.map((entry) => `incidents/${entry}`).join(', ')} ${added.length === 1 ? 'is' : 'are'} not the example's`;
  return undefined;
}

/** The first thing `cairn check` would say of a value, or undefined when it is fine. */
function problemOf(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string | undefined {
  return result.success ? undefined : result.error?.issues[0]?.message;
}

const siteUrlProblem = (url: string) => problemOf(siteSchema.shape.url.safeParse(url));
const probeUrlProblem = (url: string) => problemOf(probeSchema.safeParse({ url }));
const timeZoneProblem = (zone: string) => problemOf(siteSchema.shape.timezone.safeParse(zone));

/** `Name` or `Name=URL`. */
function parseComponent(value: string): StarterComponent {
  const at = value.indexOf('=');
  const name = (at < 0 ? value : value.slice(0, at)).trim();
  const url = at < 0 ? undefined : value.slice(at + 1).trim() || undefined;
  if (!name) throw new UsageError(`--component ${quoted(value)} has no name; write "Name" or "Name=https://example.com/health"`);
  const problem = url && probeUrlProblem(url);
  if (problem) throw new UsageError(`--component ${quoted(value)}: ${problem}`);
  return { name, url };
}

interface InitValues {
  title?: string;
  url?: string;
  timezone?: string;
  component?: string[];
  'probe-every'?: string;
}

async function answers(values: InitValues, io: Io): Promise<StarterAnswers> {
  const ask = io.isTTY ? io.ask : undefined;
  /**
   * An answer, asked again (saying what is wrong) until `problem` has nothing to say. An empty
   * answer takes `fallback`, or is asked again when there is none.
   */
  const askUntilFine = async (question: string, problem: (answer: string) => string | undefined, fallback?: string): Promise<string> => {
    for (;;) {
      const answer = (await ask!(question)).trim();
      if (!answer && fallback !== undefined) return fallback;
      const wrong = answer ? problem(answer) : undefined;
      if (answer && !wrong) return answer;
      if (wrong) io.stdout(`${wrong}\n`);
    }
  };
  /** A flag's value, refused when `problem` says something, else asked for in a terminal. */
  const get = async (
    flag: 'title' | 'url' | 'timezone',
    question: string,
    problem: (answer: string) => string | undefined,
    example: string,
    fallback?: string,
  ) => {
    const given = values[flag]?.trim();
    if (given) {
      const wrong = problem(given);
      if (wrong) throw new UsageError(`--${flag} ${quoted(given)}: ${wrong}`);
      return given;
    }
    if (ask) return askUntilFine(question, problem, fallback);
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${flag} is required, such as --${flag} ${example}`);
  };
  const title = await get('title', 'Title of the page (such as "Acme Status"): ', () => undefined, '"Acme Status"');
  if (!values.url && ask) io.stdout(`\n${URL_HELP.join('\n')}\n`);
  let url = await get('url', 'Address of the page: ', siteUrlProblem, 'https://acme.github.io/status/');
  if (!url.endsWith('/')) url += '/';
  const machineZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const timezone = await get('timezone', `Time zone [${machineZone}]: `, timeZoneProblem, 'Europe/Berlin', machineZone);

  const listed = (values.component ?? []).map(parseComponent);
  if (listed.length === 0 && ask) {
    io.stdout('\nComponents: the parts of your service readers care about. An empty name ends the list.\n');
    for (;;) {
      const name = (await ask(`Component ${listed.length + 1} name: `)).trim();
      if (!name) {
        if (listed.length) break;
        continue;
      }
      const probe = await askUntilFine('  URL to check (http(s)://… or tcp://host:port; empty for none): ', probeUrlProblem, '');
      listed.push({ name, url: probe || undefined });
    }
  }
  if (listed.length === 0) throw new UsageError('--component is required at least once, such as --component "API=https://api.acme.com/health"');

  const every = values['probe-every'] ?? '5m';
  const { interval, error } = probeInterval(every);
  if (interval === undefined) throw new UsageError(`--probe-every ${error}`);
  return { title, url, timezone, components: listed, interval };
}

export const init = defineCommand({
  name: 'init',
  usage: 'cairn init --title TEXT --url URL --component NAME[=URL]... [--timezone ZONE] [--probe-every DURATION] [--force]',
  help: [
    'Replaces the example company with yours: writes components.yml with your title, address, time',
    'zone and components, removes every example incident, template and sample data, and leaves one',
    `template (${TEMPLATES_DIR}/${STARTER_TEMPLATE}.md). Until the first probe run, components with`,
    'a probe show "No data". In a terminal, what is not given as an option is asked for.',
    '',
    'Options:',
    '  --title TEXT           Name of the page, such as "Acme Status".',
    '  --url URL              Where the page is published. GitHub Pages without your own domain:',
    '                         https://<user or organisation>.github.io/<repository>/',
    '  --component NAME[=URL] A component, and what the probe checks (http://, https:// or',
    '                         tcp://host:port); repeat it for each component.',
    "  --timezone ZONE        IANA time zone of the page (default: this machine's).",
    '  --probe-every DURATION How often the Probe workflow runs (default 5m; 5m to 24h). Sets',
    `                         the schedule in ${PROBE_WORKFLOW} and each probe's interval, and`,
    '                         prints the Actions minutes a month it costs.',
    '  --force                Replace a repository that already has its own content.',
    '',
    'Examples:',
    '  cairn init --title "Acme Status" --url https://acme.github.io/status/ \\',
    '    --component "API=https://api.acme.com/health" --component Dashboard --probe-every 15m',
  ].join('\n'),
  options: {
    title: { type: 'string' },
    url: { type: 'string' },
    timezone: { type: 'string' },
    component: { type: 'string', multiple: true },
    'probe-every': { type: 'string' },
    force: { type: 'boolean' },
  },
  async run({ values }, io) {
    const root = io.cwd;
    if (!existsSync(join(root, CONFIG_FILE))) throw new Error(`no ${CONFIG_FILE} in ${root}: run cairn init from the root of a copy of Cairn`);
    const remove = leftovers(root);
    const owned = ownContent(root);
    if (owned && !values.force) {
      const lost = remove.length ? `; it would delete ${remove.join(', ')} and rewrite ${CONFIG_FILE}` : `; it would rewrite ${CONFIG_FILE}`;
      throw new Error(`this repository has its own content (${owned})${lost}. Run "cairn init --force" to replace it`);
    }
    const starter = await answers(values, io);

    const template = { path: `${TEMPLATES_DIR}/${STARTER_TEMPLATE}.md`, text: starterTemplate(starter) };
    const config = { path: CONFIG_FILE, text: starterConfig(starter) };
    // Nothing is written unless the result passes the same rules as `cairn check`.
    const { diagnostics } = checkRepository({ config, incidentFiles: [template] }, io.now);
    if (hasErrors(diagnostics)) throw new Error(`these settings do not pass "cairn check"; nothing was written:\n${formatDiagnostics(diagnostics, 'human')}`);

    const writes = [
      config,
      template,
      { path: OWNER_MARKER, text: `# Written by "cairn init" on ${isoUtc(io.now)}: the content of this repository is its owner's.\n` },
    ];
    const workflowPath = join(root, PROBE_WORKFLOW);
    const cron = cronFor(starter.interval)!;
    if (existsSync(workflowPath)) {
      const workflow = withProbeSchedule(readFileSync(workflowPath, 'utf8'), cron);
      if (workflow === undefined) throw new Error(`${PROBE_WORKFLOW} has no single "cron:" schedule to set; nothing was written`);
      writes.push({ path: PROBE_WORKFLOW, text: workflow });
    }
    // The new files first: should a removal fail, what is left is the owner's settings plus
    // leftovers that "cairn check" points at, never a repository without its settings.
    writeFilesAtomic(writes.map((w) => ({ path: join(root, w.path), text: w.text })));
    const kept = new Set(writes.map((w) => w.path));
    for (const path of remove) removeExcept(root, path, kept);

    io.stdout(
      [
        remove.length ? `Removed ${remove.join(', ')}.` : '',
        `Wrote ${writes.map((w) => w.path).join(', ')}.`,
        costSentence(starter.interval),
        '',
        'Next:',
        '  npx cairn check                      # should report nothing',
        '  git add -A && git commit -m "Our status page" && git push',
        '  On GitHub: Settings → Pages → Source: GitHub Actions; Settings → Actions → General →',
        '  Workflow permissions: Read and write, and allow GitHub Actions to create pull requests',
        '  (the probe opens them). Then Actions → Deploy → Run workflow publishes',
        `  ${starter.url}, and the Probe workflow checks your components every ${formatDuration(starter.interval)}.`,
        '',
      ]
        .filter((line, i) => line !== '' || i > 0)
        .join('\n'),
    );
    return 0;
  },
});
