import { stringify } from 'yaml';
import { slugify } from '#core/model/slug.ts';
import { DAY, formatDuration, HOUR, MINUTE, parseDuration } from '#core/model/time.ts';

/** What `cairn init` writes for a new owner: settings, components, one template and the probe's schedule. */

export interface StarterComponent {
  name: string;
  /** What the probe checks (http, https or tcp URL); without one the component is set by incidents only. */
  url?: string;
}

export interface StarterAnswers {
  title: string;
  url: string;
  timezone: string;
  components: StarterComponent[];
  /** How often the probe runs, in milliseconds. */
  interval: number;
}

/** GitHub runs scheduled workflows at most every five minutes. */
const SHORTEST = 5 * MINUTE;
const MONTH = 30 * DAY;

/**
 * The cron schedule of a probe interval. Only intervals that divide an hour or a day evenly have
 * one, so that runs are evenly spaced.
 */
export function cronFor(interval: number): string | undefined {
  if (interval < SHORTEST || interval % MINUTE !== 0) return undefined;
  const minutes = interval / MINUTE;
  if (minutes < 60) return 60 % minutes === 0 ? `*/${minutes} * * * *` : undefined;
  if (interval % HOUR !== 0) return undefined;
  const hours = interval / HOUR;
  if (hours === 1) return '0 * * * *';
  if (hours === 24) return '0 0 * * *';
  return 24 % hours === 0 ? `0 */${hours} * * *` : undefined;
}

/** Reads `--probe-every`, explaining which values have a schedule. */
export function probeInterval(text: string): { interval?: number; error?: string } {
  const interval = parseDuration(text);
  if (interval !== undefined && cronFor(interval)) return { interval };
  return {
    error: `"${text}" is not a probe interval; use 5m, 10m, 15m, 20m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h or 24h (GitHub runs schedules at most every 5 minutes)`,
  };
}

/** Runs a month of the Probe workflow at this interval. */
export function monthlyRuns(interval: number): number {
  return Math.round(MONTH / interval);
}

/** The hourly deploy: its build, deploy and notify jobs, a month. */
const HOURLY_DEPLOY_JOBS = 3 * 720;

/**
 * The least job-minutes a month at this interval. GitHub bills each job by the minute, rounded
 * up: each probe run is one job, and starts the Deploy workflow's gate job, which deploys only
 * when the run asked for it; the hourly deploy adds its three jobs. Deploys after pushes and
 * status changes come on top.
 */
export function monthlyMinutes(interval: number): number {
  return 2 * monthlyRuns(interval) + HOURLY_DEPLOY_JOBS;
}

/** One sentence on what an interval costs, for `cairn init` and the docs. */
export function costSentence(interval: number): string {
  const runs = monthlyRuns(interval).toLocaleString('en-US');
  const minutes = monthlyMinutes(interval).toLocaleString('en-US');
  return `Probing every ${formatDuration(interval)} runs the Probe workflow ${runs} times a month: with the hourly deploy, at least ${minutes} Actions minutes. They are free for public repositories; a private repository on GitHub Free includes 2,000 a month.`;
}

/** Ids from names, made unique with -2, -3…. */
export function componentIds(components: StarterComponent[]): string[] {
  const taken = new Set<string>();
  return components.map(({ name }) => {
    const slug = slugify(name);
    // An id of digits only would take a page of the history: "2" becomes component-2.
    const stem = !slug ? 'component' : /^\d+$/.test(slug) ? `component-${slug}` : slug;
    let id = stem;
    for (let i = 2; taken.has(id); i++) id = `${stem}-${i}`;
    taken.add(id);
    return id;
  });
}

/** The new `components.yml`: the owner's title, address, zone and components, nothing of the example. */
export function starterConfig(answers: StarterAnswers): string {
  const ids = componentIds(answers.components);
  const config = {
    site: { title: answers.title, url: answers.url, timezone: answers.timezone },
    components: answers.components.map((c, i) => ({
      id: ids[i],
      name: c.name,
      ...(c.url ? { probe: { url: c.url, interval: formatDuration(answers.interval).replace(' ', '') } } : {}),
    })),
  };
  return [
    '# yaml-language-server: $schema=./schema/components.schema.json',
    '# Settings, component groups and components of this status page. Run `npx cairn check` after editing.',
    '# Every setting: docs/configuration.md',
    stringify(config, { lineWidth: 0 }).trimEnd(),
    '',
  ].join('\n');
}

/** The Probe workflow, whose schedule `cairn init` sets and `cairn upgrade` keeps. */
export const PROBE_WORKFLOW = '.github/workflows/probe.yml';

/** Name of the one template `cairn init` leaves, in `incidents/_templates/`. */
export const STARTER_TEMPLATE = 'outage';

/** A template naming the first component, so `cairn new --template outage` works at once. */
export function starterTemplate(answers: StarterAnswers): string {
  const [id] = componentIds(answers.components);
  const name = answers.components[0]?.name ?? answers.title;
  return [
    '---',
    `title: ${JSON.stringify(`Problems with ${name}`)}`,
    'impact: major',
    // Quoted: an id such as 00 or 1e3 would otherwise be read as a number.
    ...(id ? ['components:', `  ${JSON.stringify(id)}: partial_outage`] : []),
    '---',
    '',
    `Some requests to ${name} fail. We are investigating and will post an update within 30 minutes.`,
    '',
  ].join('\n');
}

/** The Probe workflow with its `cron:` schedule replaced; undefined when it has no single schedule to replace. */
export function withProbeSchedule(workflow: string, cron: string): string | undefined {
  const lines = [...workflow.matchAll(/^(\s*- cron:\s*)(["']?)[^"'\n]*\2\s*$/gm)];
  if (lines.length !== 1) return undefined;
  return workflow.replace(lines[0]![0], `${lines[0]![1]}"${cron}"`);
}

/** The `cron:` schedule of a workflow, when it has exactly one. */
export function probeSchedule(workflow: string): string | undefined {
  const lines = [...workflow.matchAll(/^\s*- cron:\s*(["']?)([^"'\n]*)\1\s*$/gm)];
  return lines.length === 1 ? lines[0]![2] : undefined;
}

/** Line index of the Probe workflow's `- name: Probe` step and the indentation of that step's keys. */
function probeStep(lines: string[]): { at: number; indent: number } | undefined {
  const at = lines.findIndex((l) => /^\s*- name:\s*["']?Probe["']?\s*$/.test(l));
  return at < 0 ? undefined : { at, indent: lines[at]!.indexOf('-') + 2 };
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** Where the Probe step's `env:` block starts and ends (exclusive), when it has one. */
function envBlock(lines: string[]): { start: number; end: number } | undefined {
  const step = probeStep(lines);
  if (!step) return undefined;
  for (let i = step.at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (indentOf(line) < step.indent) return undefined;
    if (indentOf(line) === step.indent && /^env:\s*(#.*)?$/.test(line.trimStart())) {
      let end = i + 1;
      while (end < lines.length && (lines[end]!.trim() === '' || indentOf(lines[end]!) > step.indent)) end++;
      while (lines[end - 1]!.trim() === '') end--;
      return { start: i, end };
    }
  }
  return undefined;
}

/**
 * The `env:` block of the Probe workflow's Probe step, as written: where owners pass their
 * secrets to the probe (docs/probe.md), so an upgrade keeps it like the schedule.
 */
export function probeStepEnv(workflow: string): string | undefined {
  const lines = workflow.split('\n');
  const block = envBlock(lines);
  return block && lines.slice(block.start, block.end).join('\n');
}

/**
 * The Probe workflow with `env` as its Probe step's `env:` block; undefined when it has no Probe
 * step, or one with an `env:` of its own that the owner's would replace.
 */
export function withProbeStepEnv(workflow: string, env: string): string | undefined {
  const lines = workflow.split('\n');
  const step = probeStep(lines);
  if (!step || envBlock(lines)) return undefined;
  lines.splice(step.at + 1, 0, env);
  return lines.join('\n');
}
