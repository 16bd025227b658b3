import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AUTO_LABELS,
  type AutoPull,
  commitSubject,
  dueMerges,
  type MergeDecision,
  mergeComment,
  mergeSubject,
  type PendingPull,
  type ProbeAction,
  parseAutoBranch,
  plan,
  pullBody,
  pullComment,
  pullTitle,
  type Step,
} from '#core/automation/pull-request-plan.ts';
import { fold } from '#core/derive/timeline.ts';
import type { Config } from '#core/model/config.ts';
import { PROBE_AUTHOR } from '#core/model/incident.ts';
import { DAY, isoInZone } from '#core/model/time.ts';
import { formatIncidentFile, nextFreeSecond, updateFileName } from '#core/parse/incident-file.ts';
import { CONFIG_FILE, type Repository, readRepository } from '#core/parse/repository.ts';
import { writeFilesAtomic } from '../../src/fs-atomic.ts';
import { incidentWritePath } from '../../src/incident-path.ts';
import { requireRepository } from '../../src/load.ts';
import { readConfig } from './context.ts';
import {
  type Actor,
  authorsSince,
  automationEmail,
  commitFiles,
  type FileChange,
  fetchBranchSince,
  fetchRef,
  forcePush,
  git,
  listFiles,
  pushFiles,
  readFiles,
  tryGit,
} from './git.ts';
import type { GitHub, Pull } from './github.ts';

/**
 * The life of auto-incident pull requests around a probe run. Before it, `prepare` puts the
 * incidents of open auto pull requests (and of recently discarded ones) into the working tree, so
 * the probe's dedup, recovery and cooldown see them. After it, `apply` moves the probe's new files
 * where they belong: a branch and pull request, a commit on the branch under review, or the base
 * branch itself. The checkout's own branch, index and files are never committed.
 */

export interface Lifecycle {
  root: string;
  remote: string;
  /** The branch incidents are published on, such as main. */
  base: string;
  github: GitHub;
  actor: Actor;
  now: number;
}

/** The branch the checkout is on, which is where incidents get published. */
export function currentBranch(root: string): string {
  const r = tryGit(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (r.code !== 0) throw new Error('the checkout is not on a branch: pass --base <branch> (the branch incidents are published on)');
  return r.stdout.trim();
}

function fromThisRepository(pull: Pull, github: GitHub): boolean {
  return pull.head.repo?.full_name.toLowerCase() === github.repository.toLowerCase();
}

/** Open pull requests of auto branches, from this repository (never a fork's). */
export async function openAutoPulls(github: GitHub): Promise<AutoPull[]> {
  const out: AutoPull[] = [];
  for (const pull of await github.listPulls('open')) {
    const parsed = parseAutoBranch(pull.head.ref);
    if (!parsed || !fromThisRepository(pull, github)) continue;
    out.push({ number: pull.number, branch: pull.head.ref, title: pull.title, url: pull.html_url, ...parsed });
  }
  return out;
}

function loaded(root: string): Repository {
  return requireRepository(root).repository;
}

/** The repository as if the files a dry run of the probe did not write were there. */
function withUnwritten(root: string, unwritten: FileChange[]): Repository {
  if (unwritten.length === 0) return loaded(root);
  const { input } = requireRepository(root);
  const paths = new Set(unwritten.map((f) => f.path));
  const { repository } = readRepository({ ...input, incidentFiles: [...input.incidentFiles.filter((f) => !paths.has(f.path)), ...unwritten] });
  if (!repository) throw new Error('cannot read the status repository with the files of the dry run');
  return repository;
}

/** Writes the files that the working tree does not have yet; returns their paths. */
function addMissing(root: string, files: FileChange[]): string[] {
  const missing = files.filter((f) => !existsSync(join(root, f.path)));
  writeFilesAtomic(missing.map((f) => ({ path: incidentWritePath(root, f.path), text: f.text })));
  return missing.map((f) => f.path);
}

/**
 * A discarded draft as the probe should see it: resolved when its pull request was closed, so the
 * cooldown runs from then. Written for the probe's input only, never committed.
 */
function discardedFiles(config: Config, configText: string, files: FileChange[], pull: Pull, now: number): FileChange[] {
  const { repository } = readRepository({ config: { path: CONFIG_FILE, text: configText }, incidentFiles: files });
  const incident = repository?.incidents[0];
  if (!incident || fold(incident, now).status === 'resolved') return files;
  const closedAt = nextFreeSecond(
    Date.parse(pull.closed_at!),
    incident.entries.map((e) => e.at),
  );
  const tz = config.site.timezone;
  const taken = new Set(files.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)));
  const name = updateFileName(closedAt, 'resolved', tz, taken);
  const text = formatIncidentFile(
    { at: isoInZone(closedAt, tz), status: 'resolved', author: PROBE_AUTHOR },
    `Discarded: pull request #${pull.number} was closed without merging.`,
  );
  return [...files, { path: `incidents/${incident.id}/${name}`, text }];
}

/**
 * Puts into the working tree, for the probe to read: the incidents of open auto pull requests as
 * they are on their branches, and recently discarded drafts, resolved at closing time.
 * Returns the paths written.
 */
export async function prepare(ctx: Lifecycle): Promise<string[]> {
  const { root, remote, github, actor } = ctx;
  const config = readConfig(root);
  const written: string[] = [];
  for (const pull of await openAutoPulls(github)) {
    const tip = fetchRef(root, remote, `refs/heads/${pull.branch}`, `refs/cairn/pull/${pull.number}`);
    if (!tip) {
      actor.log(`Pull request #${pull.number}: its branch ${pull.branch} is gone; skipped`);
      continue;
    }
    const folder = `incidents/${pull.incident}`;
    const added = addMissing(root, readFiles(root, tip, listFiles(root, tip, folder)));
    written.push(...added);
    actor.log(`Pull request #${pull.number} (${pull.branch}): ${added.length ? `added ${added.join(', ')}` : 'nothing new'}`);
  }

  // Discarded drafts stay visible for a day at least, not just the cooldown: a later draft then
  // counts from the closing and gets an id (and a branch) of its own.
  const since = ctx.now - Math.max(config.site.auto_incidents.cooldown, DAY);
  const configText = readFileSync(join(root, CONFIG_FILE), 'utf8');
  const closed = (await github.listPulls('closed', 1)).filter((p) => {
    const parsed = parseAutoBranch(p.head.ref);
    return parsed?.kind === 'open' && p.merged_at === null && p.closed_at !== null && Date.parse(p.closed_at) >= since && fromThisRepository(p, github);
  });
  for (const pull of closed) {
    const incident = parseAutoBranch(pull.head.ref)!.incident;
    const folder = `incidents/${incident}`;
    if (existsSync(join(root, folder))) continue;
    // The branch may be deleted after closing; GitHub keeps the pull request's head.
    const tip = fetchRef(root, remote, `refs/pull/${pull.number}/head`, `refs/cairn/pull/${pull.number}`);
    if (!tip) continue;
    const files = discardedFiles(config, configText, readFiles(root, tip, listFiles(root, tip, folder)), pull, ctx.now);
    const added = addMissing(root, files);
    written.push(...added);
    actor.log(`Pull request #${pull.number} was closed without merging at ${pull.closed_at}: ${incident} counts as discarded (cooldown)`);
  }
  return written;
}

export interface Outcome {
  step: Step;
  /** What happened, for people. */
  line: string;
  error?: Error;
}

export interface MergeOutcome {
  decision: MergeDecision;
  line: string;
  error?: Error;
}

/**
 * Publication after a delay: merges the auto pull requests whose delay has passed, unless closed,
 * labelled hold or edited by a person, and says so on each. Nothing happens without an "after"
 * setting.
 */
export async function mergeDue(ctx: Lifecycle): Promise<MergeOutcome[]> {
  const { root, remote, base, github, actor } = ctx;
  const settings = readConfig(root).site.auto_incidents;
  if (settings.publish.mode !== 'after' && settings.resolve.mode !== 'after') return [];
  const open = (await github.listPulls('open')).filter((p) => parseAutoBranch(p.head.ref) && fromThisRepository(p, github));
  if (open.length === 0) return [];
  const baseTip = fetchRef(root, remote, `refs/heads/${base}`, 'refs/cairn/base', false);
  if (!baseTip) throw new Error(`the base branch ${base} does not exist on ${remote}`);
  const probe = automationEmail(root);
  const pending: PendingPull[] = [];
  for (const pull of open) {
    // The whole branch, not just its tip: an edit under a later commit of the probe still counts.
    const tip = fetchBranchSince(root, remote, `refs/heads/${pull.head.ref}`, `refs/cairn/pull/${pull.number}`, base);
    if (!tip) continue;
    pending.push({
      number: pull.number,
      branch: pull.head.ref,
      title: pull.title,
      url: pull.html_url,
      ...parseAutoBranch(pull.head.ref)!,
      createdAt: Date.parse(pull.created_at ?? ''),
      labels: pull.labels.map((l) => l.name),
      sha: tip,
      editedByPerson: authorsSince(root, baseTip, tip).some((email) => email !== probe),
    });
  }
  const outcomes: MergeOutcome[] = [];
  for (const decision of dueMerges(pending, settings, ctx.now)) {
    const { pull } = decision;
    if (!decision.merge) {
      outcomes.push({ decision, line: `Pull request #${pull.number} (${pull.branch}): ${decision.reason}` });
      continue;
    }
    try {
      await github.mergePull(pull.number, pull.sha, mergeSubject(pull.kind, pull.title));
      const mode = pull.kind === 'open' ? settings.publish : settings.resolve;
      await github.comment(pull.number, mergeComment(pull, mode.mode === 'after' ? mode.delay : 0));
      outcomes.push({ decision, line: `${actor.dryRun ? 'Would merge' : 'Merged'} pull request #${pull.number} (${pull.branch}): ${pull.title}` });
    } catch (e) {
      outcomes.push({ decision, line: `Failed to merge pull request #${pull.number}: ${(e as Error).message}`, error: e as Error });
    }
  }
  return outcomes;
}

/** Incident ids published on the base branch's tip. */
function publishedIds(root: string, tip: string): Set<string> {
  return new Set(
    git(root, ['ls-tree', '--name-only', tip, 'incidents/'])
      .split('\n')
      .filter(Boolean)
      .map((p) => p.slice('incidents/'.length)),
  );
}

/** Turns the probe's drafted files into pull requests and commits. */
export async function apply(ctx: Lifecycle, actions: ProbeAction[]): Promise<Outcome[]> {
  const { root, remote, base, github } = ctx;
  if (actions.length === 0) return [];
  const repository = withUnwritten(
    root,
    actions.flatMap((a) => a.unwritten ?? []),
  );
  const { config } = repository;
  const tip = fetchRef(root, remote, `refs/heads/${base}`, 'refs/cairn/base');
  if (!tip) throw new Error(`the base branch ${base} does not exist on ${remote}`);
  const steps = plan({ actions, pulls: await openAutoPulls(github), onBase: publishedIds(root, tip), settings: config.site.auto_incidents });

  const outcomes: Outcome[] = [];
  for (const step of steps) {
    try {
      outcomes.push(await carry(ctx, repository, step));
    } catch (e) {
      outcomes.push({ step, line: `Failed on ${step.action.incident}: ${(e as Error).message}`, error: e as Error });
    }
  }
  return outcomes;
}

async function carry(ctx: Lifecycle, repository: Repository, step: Step): Promise<Outcome> {
  const { root, remote, base, github, actor } = ctx;
  const { action } = step;
  if (step.kind === 'skip') return { step, line: `Skipped ${action.incident}: ${step.reason}` };

  const files = action.files.map((path) => ({ path, text: action.unwritten?.find((f) => f.path === path)?.text ?? readFileSync(join(root, path), 'utf8') }));
  const incident = repository.incidents.find((i) => i.id === action.incident);
  const component = repository.config.components.find((c) => c.id === action.component);
  if (!incident || !component) throw new Error(`the probe's files for ${action.incident} are not in the working tree`);
  const body = (kind: 'open' | 'resolve') =>
    pullBody({
      kind,
      incident,
      component,
      config: repository.config,
      checks: repository.probeData.get(component.id)?.checks ?? [],
      summary: action.summary,
      now: ctx.now,
    });
  const message = (published: boolean) => `${commitSubject(action, published)}\n\n${action.summary}\n`;

  if (step.kind === 'publish') {
    const commit = pushFiles(actor, root, { remote, branch: base, files, message: message(true) });
    return { step, line: commit ? `Committed ${action.files.join(', ')} to ${base}` : `${base} already has ${action.files.join(', ')}` };
  }

  if (step.kind === 'commit') {
    const { pull } = step;
    const commit = pushFiles(actor, root, { remote, branch: pull.branch, files, message: message(false) });
    if (!commit) return { step, line: `Pull request #${pull.number} already has ${action.files.join(', ')}` };
    const recovered = pull.kind === 'open' && fold(incident, ctx.now).status === 'resolved';
    // A title a reviewer rewrote is theirs to keep.
    const title = pull.title === pullTitle(pull.kind, incident.title) ? pullTitle(pull.kind, incident.title, recovered) : undefined;
    await github.updatePull(pull.number, { ...(title && title !== pull.title ? { title } : {}), body: body(pull.kind) });
    await github.comment(pull.number, pullComment({ action, pull }, component));
    return { step, line: `Added ${action.files.join(', ')} to pull request #${pull.number} (${pull.url})` };
  }

  const baseTip = fetchRef(root, remote, `refs/heads/${base}`, 'refs/cairn/base')!;
  const commit = commitFiles(root, baseTip, files, message(false));
  // A branch left by a discarded draft of the same name is replaced: that pull request is closed.
  forcePush(actor, root, remote, commit, step.branch, commitSubject(action, false));
  const title = pullTitle(step.pullKind, incident.title, step.pullKind === 'open' && fold(incident, ctx.now).status === 'resolved');
  const pull = await github.createPull({ title, head: step.branch, base, body: body(step.pullKind) });
  await github.addLabels(pull?.number, AUTO_LABELS);
  if (!pull) return { step, line: `Would open a pull request from ${step.branch}: ${title}` };
  return { step, line: `Opened pull request #${pull.number} from ${step.branch}: ${title} (${pull.html_url})` };
}
