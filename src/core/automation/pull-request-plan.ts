import { z } from 'zod';
import { fold } from '#core/derive/timeline.ts';
import type { CheckResult } from '#core/model/check-data.ts';
import type { Component, Config } from '#core/model/config.ts';
import { label, sevLevel } from '#core/model/enums.ts';
import { formatDuration } from '#core/model/time.ts';
import type { Incident } from '#core/parse/repository.ts';
import { describeCheck } from '#core/probe/verdict.ts';
import { codeSpan } from '#core/render/escape.ts';
import { formatDateTime } from '#core/render/format.ts';
import { routes } from '#core/render/routes.ts';
import { urls } from '#core/render/urls.ts';

/**
 * Auto-incident pull requests: how the probe's drafts become reviewable branches. Pure: the shell
 * lists pull requests and branches, this module decides what to do and writes the words.
 */

/** One drafted change as `cairn probe --json` reports it. */
const incidentFilePath = z.string().regex(/^incidents\/[^/]+\/[^/]+\.md$/, { error: 'Expected a file under incidents/<id>/' });
export const probeActionSchema = z.object({
  kind: z.enum(['open', 'resolve']),
  component: z.string(),
  incident: z.string(),
  files: z.array(incidentFilePath).min(1),
  title: z.string(),
  summary: z.string(),
  /** What `cairn probe --dry-run` would have written: the files are not in the working tree. */
  unwritten: z.array(z.object({ path: incidentFilePath, text: z.string() })).optional(),
});
export type ProbeAction = z.output<typeof probeActionSchema>;

/** The part of `cairn probe --json` that turns into pull requests and commits. */
export const probeReportSchema = z.looseObject({
  at: z.string().optional(),
  actions: z.array(probeActionSchema).default([]),
});

const AUTO_PREFIX = 'cairn/auto/';
const RESOLVED_SUFFIX = '-resolved';
/** Labels of auto-incident pull requests, and of those written from other systems. */
export const AUTO_LABELS = ['incident', 'auto'];
export const API_LABELS = ['incident', 'api'];

/** `cairn/auto/<id>`: the branch that drafts incident `id`. */
export function autoBranch(incident: string): string {
  return `${AUTO_PREFIX}${incident}`;
}

/** `cairn/auto/<id>-resolved`: the branch that resolves an incident already published. */
export function resolutionBranch(incident: string): string {
  return `${AUTO_PREFIX}${incident}${RESOLVED_SUFFIX}`;
}

export type PullKind = 'open' | 'resolve';

/** What an auto branch is for; undefined for any other branch. */
export function parseAutoBranch(branch: string): { incident: string; kind: PullKind } | undefined {
  if (!branch.startsWith(AUTO_PREFIX)) return undefined;
  const rest = branch.slice(AUTO_PREFIX.length);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(rest)) return undefined;
  return rest.endsWith(RESOLVED_SUFFIX) ? { incident: rest.slice(0, -RESOLVED_SUFFIX.length), kind: 'resolve' } : { incident: rest, kind: 'open' };
}

/** An open pull request of an auto branch. */
export interface AutoPull {
  number: number;
  branch: string;
  incident: string;
  kind: PullKind;
  title: string;
  url: string;
}

/** The label that keeps a pull request from being published after the delay. */
export const HOLD_LABEL = 'hold';

/** An open auto pull request as the delayed publication looks at it. */
export interface PendingPull extends AutoPull {
  createdAt: number;
  labels: string[];
  /** Its head commit, which the merge must still find (nobody pushed in between). */
  sha: string;
  /** True when a commit on its branch is not the probe's: a person edited it, so a person publishes it. */
  editedByPerson: boolean;
}

export type MergeDecision = { pull: PendingPull; merge: true } | { pull: PendingPull; merge: false; reason: string };

/**
 * With `publish: after <delay>` (for drafts) or `resolve: after <delay>` (for recoveries of
 * published incidents), a pull request nobody held, edited or closed is merged by the first run
 * once the delay since it was opened has passed. Others are left for people, with the reason.
 */
export function dueMerges(pulls: PendingPull[], settings: Pick<Config['site']['auto_incidents'], 'publish' | 'resolve'>, now: number): MergeDecision[] {
  return pulls.flatMap((pull): MergeDecision[] => {
    const mode = pull.kind === 'open' ? settings.publish : settings.resolve;
    if (mode.mode !== 'after') return [];
    if (pull.labels.includes(HOLD_LABEL)) return [{ pull, merge: false, reason: `labelled ${HOLD_LABEL}: left for review` }];
    if (pull.editedByPerson) return [{ pull, merge: false, reason: 'edited by a person: left for them to merge' }];
    const due = pull.createdAt + mode.delay;
    if (now < due) return [{ pull, merge: false, reason: `publishes after ${formatDuration(due - now)} more unless closed or labelled ${HOLD_LABEL}` }];
    return [{ pull, merge: true }];
  });
}

/** What the pull request says once the probe merged it. */
export function mergeComment(pull: PendingPull, delay: number): string {
  const what = pull.kind === 'open' ? 'publish' : 'resolve';
  return `Merged by the probe: nobody closed this pull request, labelled it \`${HOLD_LABEL}\` or changed it within ${formatDuration(delay)} of its opening (\`site.auto_incidents.${what}: after ${formatDuration(delay)}\`).`;
}

export interface Situation {
  actions: ProbeAction[];
  /** Open pull requests of auto branches. */
  pulls: AutoPull[];
  /** Incidents present on the base branch. */
  onBase: ReadonlySet<string>;
  settings: Pick<Config['site']['auto_incidents'], 'publish' | 'resolve' | 'cooldown'>;
}

/** What to do with one of the probe's actions. */
export type Step =
  | { kind: 'create'; action: ProbeAction; branch: string; pullKind: PullKind }
  | { kind: 'commit'; action: ProbeAction; pull: AutoPull }
  | { kind: 'publish'; action: ProbeAction }
  | { kind: 'skip'; action: ProbeAction; reason: string };

/**
 * Routes each drafted change: a new incident becomes a branch and pull request (or a commit to the
 * base branch when published immediately); a change to an incident under review goes onto its
 * branch; the recovery of a published incident becomes a pull request of its own (or a commit to
 * the base branch when resolved immediately).
 */
export function plan(s: Situation): Step[] {
  return s.actions.map((action): Step => {
    const pulls = s.pulls.filter((p) => p.incident === action.incident);
    const drafting = pulls.find((p) => p.kind === 'open');
    const resolving = pulls.find((p) => p.kind === 'resolve');
    if (action.kind === 'open') {
      if (drafting) return { kind: 'commit', action, pull: drafting };
      if (s.onBase.has(action.incident)) return { kind: 'skip', action, reason: `incidents/${action.incident}/ is already published` };
      if (s.settings.publish.mode === 'immediate') return { kind: 'publish', action };
      return { kind: 'create', action, branch: autoBranch(action.incident), pullKind: 'open' };
    }
    if (drafting) return { kind: 'commit', action, pull: drafting };
    if (resolving) return { kind: 'commit', action, pull: resolving };
    if (!s.onBase.has(action.incident)) {
      return { kind: 'skip', action, reason: `incidents/${action.incident}/ is neither published nor under review (its pull request was closed)` };
    }
    if (s.settings.resolve.mode === 'immediate') return { kind: 'publish', action };
    return { kind: 'create', action, branch: resolutionBranch(action.incident), pullKind: 'resolve' };
  });
}

/** The subject of the commit that carries an action, on a branch for review or on the base branch. */
export function commitSubject(action: ProbeAction, published: boolean): string {
  if (action.kind === 'resolve') return `Resolve incident: ${action.title}`;
  return `${published ? 'Publish' : 'Draft'} incident: ${action.title}`;
}

/** "Draft incident: API is down"; a recovered draft says so. */
export function pullTitle(kind: PullKind, title: string, recovered = false): string {
  if (kind === 'resolve') return `Resolve incident: ${title}`;
  return `Draft incident: ${title}${recovered ? ' (recovered)' : ''}`;
}

/**
 * The subject of the merge that publishes a pull request: "Publish incident: …" for a draft,
 * "Resolve incident: …" for a recovery, as immediate commits say (a title a person changed is kept).
 */
export function mergeSubject(kind: PullKind, title: string): string {
  if (kind === 'resolve' && title.startsWith('Resolve incident: ')) return title;
  return `${kind === 'resolve' ? 'Resolve' : 'Publish'} incident: ${title.replace(/^Draft incident: /, '')}`;
}

/** Everything a pull request body tells the reviewer. */
export interface BodyInput {
  kind: PullKind;
  /** The incident as it is on the branch, the probe's change included. */
  incident: Incident;
  component: Component;
  config: Config;
  /** The component's checks around the incident, any order. */
  checks: CheckResult[];
  /** The probe's one line of evidence for its newest change. */
  summary: string;
  now: number;
}

const EVIDENCE_ROWS = 12;

/** The evidence table: the newest checks since shortly before the incident began, newest first. */
export function evidence(checks: CheckResult[], component: Component, since: number, tz: string): string {
  const probe = component.probe;
  if (!probe) return '';
  const rows = checks
    .filter((c) => c.at >= since - 2 * probe.interval)
    .sort((a, b) => b.at - a.at)
    .slice(0, EVIDENCE_ROWS);
  if (rows.length === 0) return '';
  return [
    '| Time | Result | What the check saw |',
    '| --- | --- | --- |',
    ...rows.map((c) => `| ${formatDateTime(c.at, tz)} | ${label(c.status)} | ${escapeCell(describeCheck(c, probe))} |`),
  ].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The pull request's description: what the probe saw, what was drafted, and what merging does. */
export function pullBody(input: BodyInput): string {
  const { incident, component, config, kind } = input;
  const tz = config.site.timezone;
  const timeline = fold(incident, input.now);
  const folder = `incidents/${incident.id}/`;
  const page = urls(config.site.url).absolute(routes.incident(incident.id));
  const recovered = timeline.status === 'resolved';
  const affected = Object.entries(timeline.components)
    .map(([id, status]) => `${config.components.find((c) => c.id === id)?.name ?? id}: ${label(status).toLowerCase()}`)
    .join(', ');
  const table = evidence(input.checks, component, timeline.startedAt, tz);
  const lines: string[] = [];

  if (kind === 'open') {
    lines.push(
      `The probe drafted an incident: **${codeSpan(incident.title)}**. Nothing is published until this pull request is merged.`,
      '',
      `> ${input.summary}`,
      '',
      '### The drafted incident',
      '',
      `- \`${folder}\`: ${sevLevel(timeline.impact)} (${label(timeline.impact).toLowerCase()} impact), ${affected || 'no components'}`,
      `- Began ${formatDateTime(timeline.startedAt, tz)}${recovered && timeline.resolvedAt !== undefined ? `, recovered ${formatDateTime(timeline.resolvedAt, tz)} after ${formatDuration(timeline.resolvedAt - timeline.startedAt)}` : ', still ongoing'}`,
    );
  } else {
    lines.push(
      `The probe saw **${component.name}** recover and drafted the resolution of [${codeSpan(incident.title)}](${page}), which is published and still shows as ongoing.`,
      '',
      `> ${input.summary}`,
    );
  }
  if (table) lines.push('', '### Evidence', '', `Checks of ${component.name} (\`${component.id}\`), newest first:`, '', table);

  lines.push('', '### What merging does', '');
  if (kind === 'open') {
    lines.push(
      recovered
        ? '- **Merge** publishes the incident, already resolved: the status page, feeds and API show it after the next deploy, and subscribers are notified.'
        : '- **Merge** publishes the incident: the status page, feeds and API show it after the next deploy, and subscribers are notified.',
      `- **Edit first** if you like: title, impact and message are in \`${folder}index.md\` (Files changed → Edit file). \`cairn check\` runs on every change.`,
      `- **Close without merging** discards it: nothing is published, and the probe drafts no new incident for ${component.name} for ${formatDuration(config.site.auto_incidents.cooldown)} (the cooldown).`,
      recovered ? '' : `- While this pull request is open the probe keeps watching: when ${component.name} recovers, it adds the resolution to this branch.`,
    );
  } else {
    lines.push(
      `- **Merge** marks the incident resolved${timeline.resolvedAt === undefined ? '' : ` at ${formatDateTime(timeline.resolvedAt, tz)}`} on the status page, in the feeds and the API, and notifies subscribers.`,
      `- **Close without merging** leaves it ongoing on the page; resolve it yourself with \`npx cairn resolve ${incident.id}\`.`,
    );
  }
  const mode = kind === 'open' ? config.site.auto_incidents.publish : config.site.auto_incidents.resolve;
  if (mode.mode === 'after') {
    lines.push(
      `- **Nobody acts**: the probe merges it ${formatDuration(mode.delay)} after it was opened, unless it was closed, labelled \`${HOLD_LABEL}\` or edited.`,
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The comment that tells reviewers what a later commit on their branch changed. */
export function pullComment(step: { action: ProbeAction; pull: AutoPull }, component: Component): string {
  const { action, pull } = step;
  const files = action.files.map((f) => `\`${f}\``).join(', ');
  if (action.kind === 'resolve' && pull.kind === 'open') {
    return `The probe saw ${component.name} recover: ${action.summary}.\n\nThe resolution is now on this branch (${files}): merging publishes the incident already resolved.`;
  }
  return `The probe updated ${files}: ${action.summary}.`;
}

/**
 * Where a message written by another system (`cairn dispatch`) waits for review:
 * `cairn/api/<id>` for a new incident, `cairn/api/<id>-<update>` for an update.
 */
export function apiBranch(path: string): string {
  const [, id, file] = path.split('/');
  return file === 'index.md' ? `cairn/api/${id}` : `cairn/api/${id}-${file!.replace(/\.md$/, '').toLowerCase()}`;
}

export function apiPullTitle(path: string, title: string): string {
  return path.endsWith('/index.md') ? `Incident from the API: ${title}` : `Update from the API: ${title}`;
}

export function apiPullBody(path: string, title: string): string {
  const declaration = path.endsWith('/index.md');
  return [
    `Another system ${declaration ? 'declared an incident' : 'posted an update to the incident'} **${codeSpan(title)}** through the repository's API (a \`repository_dispatch\` event or the Incident workflow): \`${path}\`.`,
    '',
    '### What merging does',
    '',
    `- **Merge** publishes it: the status page, feeds and API show it after the next deploy, and subscribers are notified.`,
    `- **Edit first** if you like (Files changed → Edit file); \`cairn check\` runs on every change.`,
    '- **Close without merging** discards it: nothing is published.',
    '',
  ].join('\n');
}
