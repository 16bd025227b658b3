import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseCheckLines } from '#core/model/check-data.ts';
import type { CheckStatus } from '#core/model/enums.ts';
import { lock, sweepLeftovers } from '../../src/fs-atomic.ts';
import { DATA_DIR } from '../../src/load.ts';
import { type Actor, commitFiles, fetchRef, GitError, git, identityEnv, isRejection, readFiles, revParse, tryGit } from './git.ts';

/**
 * The data branch: probe results live on a branch of their own (default `status-data`), checked
 * out as a worktree at `status-data/`, so `main` keeps only human history. Results are appended
 * by many runs; a push that loses a race is rebased and retried, and a conflict between two runs
 * appending to the same day file keeps the lines of both.
 */

export interface DataBranch {
  root: string;
  remote: string;
  branch: string;
}

const README = `# Probe results

This branch holds the check results of the status page: one folder per component, one file per
day, one line per check (\`<time> <status> <ms> <http code> <error class> <attempts>\`), and
\`daily.txt\` with the days rolled up. The probe workflow appends to it; the deploy workflow checks
it out as \`status-data/\` to build the site. It is never merged into the main branch.
`;

/** Two compactions at once would both move the same lines: the second one stops. */
export const COMPACT_LOCK = '.compact.lock';

function dataDir(d: DataBranch): string {
  return join(d.root, DATA_DIR);
}

function remoteRef(d: DataBranch): string {
  return `refs/remotes/${d.remote}/${d.branch}`;
}

function isCheckout(dir: string): boolean {
  return existsSync(join(dir, '.git'));
}

/**
 * Checks the data branch out at `status-data/`: fetched when the remote has it, else started
 * afresh (the first push creates it on the remote). An existing checkout is fast-forwarded.
 */
export function checkoutData(d: DataBranch): 'updated' | 'fetched' | 'created' {
  const dir = dataDir(d);
  const checkedOut = isCheckout(dir);
  const before = revParse(d.root, remoteRef(d));
  // The data branch shares no history with main and grows every few minutes: its tip is enough
  // for a new checkout. An existing one fetches the commits since its own, so the histories meet.
  const tip = fetchRef(d.root, d.remote, `refs/heads/${d.branch}`, remoteRef(d), !checkedOut);
  if (checkedOut) {
    // Results an earlier run committed but could not push are replayed on the new tip.
    if (tip && tryGit(dir, ['merge', '--quiet', '--ff-only', tip]).code !== 0) rebaseOnto(dir, tip, before);
    return 'updated';
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`${DATA_DIR}/ holds files but is not a checkout of the ${d.branch} branch: move them away first (they are results of a local probe run)`);
  }
  rmSync(dir, { recursive: true, force: true });
  // Never offered for a commit to main, even where .gitignore does not list it.
  if (tryGit(d.root, ['check-ignore', '--quiet', `${DATA_DIR}/`]).code !== 0) {
    const exclude = join(d.root, git(d.root, ['rev-parse', '--git-path', 'info/exclude']).trim());
    mkdirSync(dirname(exclude), { recursive: true });
    appendFileSync(exclude, `\n/${DATA_DIR}/\n`);
  }
  git(d.root, ['worktree', 'prune']);
  const start = tip ?? commitFiles(d.root, undefined, [{ path: 'README.md', text: README }], `Start the ${d.branch} branch for probe results\n`);
  git(d.root, ['worktree', 'add', '--quiet', '--force', '-B', d.branch, dir, start]);
  return tip ? 'fetched' : 'created';
}

const DAY_FILE = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.txt$/;

/** The newest check's status of each component, from the day files of `rev` ('' for the index). */
function newestStatuses(dir: string, rev: string, paths: string[]): Map<string, CheckStatus> {
  const newest = new Map<string, string>();
  for (const p of paths) {
    const m = DAY_FILE.exec(p);
    if (m && (newest.get(m[1]!) ?? '') < p) newest.set(m[1]!, p);
  }
  const out = new Map<string, CheckStatus>();
  for (const file of readFiles(dir, rev, [...newest.values()])) {
    const last = parseCheckLines(file.text, file.path).checks.at(-1);
    if (last) out.set(file.path.split('/')[0]!, last.status);
  }
  return out;
}

export interface StatusChange {
  component: string;
  from?: CheckStatus;
  to: CheckStatus;
}

/** Components whose newest check says something else than before. */
export function statusChanges(before: Map<string, CheckStatus>, after: Map<string, CheckStatus>): StatusChange[] {
  return [...after].filter(([id, to]) => before.get(id) !== to).map(([component, to]) => ({ component, from: before.get(component), to }));
}

/** Lines present in either version, in order (they start with their time), each once. */
function unionLines(a: string, b: string): string {
  const lines = [...new Set([...a.split('\n'), ...b.split('\n')].filter((l) => l.trim() !== ''))].sort();
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Settles a rebase stopped by conflicts: data files keep the lines of both sides, others ours. */
function settleConflicts(dir: string): boolean {
  const paths = git(dir, ['diff', '--name-only', '--diff-filter=U', '-z']).split('\0').filter(Boolean);
  for (const path of paths) {
    const stage = (n: number) => {
      const r = tryGit(dir, ['show', `:${n}:${path}`]);
      return r.code === 0 ? r.stdout : undefined;
    };
    // During a rebase, stage 2 is the remote's version and stage 3 this run's.
    const theirs = stage(2);
    const mine = stage(3);
    writeFileSync(join(dir, path), path.endsWith('.txt') ? unionLines(theirs ?? '', mine ?? '') : (mine ?? theirs ?? ''));
    git(dir, ['add', '--', path]);
  }
  return paths.length > 0;
}

/** Replays this checkout's unpushed commits onto `onto`, settling conflicts as they come. */
function rebaseOnto(dir: string, onto: string, upstream: string | undefined): void {
  const env = { GIT_EDITOR: 'true', ...identityEnv(dir) };
  let r = tryGit(dir, ['rebase', '--quiet', '--onto', onto, ...(upstream ? [upstream] : ['--root'])], { env });
  for (let guard = 0; r.code !== 0; guard++) {
    if (guard > 100) throw new GitError(['rebase'], r.stderr);
    const settled = settleConflicts(dir);
    r = tryGit(dir, ['rebase', settled ? '--continue' : '--skip'], { env });
    // A commit whose changes the remote already has becomes empty: drop it.
    if (r.code !== 0 && /nothing to commit|No changes/i.test(r.stdout + r.stderr)) r = tryGit(dir, ['rebase', '--skip'], { env });
  }
}

export interface Pushed {
  /** The commit pushed; undefined when there was nothing to commit. */
  commit?: string;
  changes: StatusChange[];
  attempts: number;
}

/**
 * Commits everything in `status-data/` and pushes it to the data branch. When another run pushed
 * first, rebases onto its commit and tries again, up to `attempts` times, so no result is lost.
 * `message(changes)` writes the commit message once the status changes are known.
 */
export function pushData(d: DataBranch, actor: Actor, message: (changes: StatusChange[]) => string, attempts = 30): Pushed {
  const dir = dataDir(d);
  if (!isCheckout(dir)) throw new Error(`${DATA_DIR}/ is not a checkout of the ${d.branch} branch: run "cairn data checkout" first`);
  const gitDir = git(dir, ['rev-parse', '--absolute-git-dir']).trim();
  const release = lock(join(gitDir, 'cairn-push.lock'));
  try {
    undoInterrupted(d, dir, gitDir);
    return commitAndPush(d, dir, actor, message, attempts);
  } finally {
    release();
  }
}

/**
 * What a push killed midway left in the checkout: a rebase stopped halfway is undone (its commit
 * is still there and is rebased again), and git's own lock files are stale, as only one push
 * at a time works here (the lock above).
 */
function undoInterrupted(d: DataBranch, dir: string, gitDir: string): void {
  const common = git(dir, ['rev-parse', '--path-format=absolute', '--git-common-dir']).trim();
  for (const stale of [
    join(gitDir, 'index.lock'),
    join(gitDir, 'HEAD.lock'),
    join(common, `refs/heads/${d.branch}.lock`),
    join(common, `${remoteRef(d)}.lock`),
  ]) {
    rmSync(stale, { force: true });
  }
  if (existsSync(join(gitDir, 'rebase-merge')) || existsSync(join(gitDir, 'rebase-apply'))) git(dir, ['rebase', '--abort']);
}

function commitAndPush(d: DataBranch, dir: string, actor: Actor, message: (changes: StatusChange[]) => string, attempts: number): Pushed {
  // Temporary files of killed writers and the lock of a running compaction are never data.
  sweepLeftovers(dir);
  git(dir, ['add', '--all', '--', '.', ':(exclude)*.tmp', `:(exclude)${COMPACT_LOCK}`]);
  if (tryGit(dir, ['diff', '--cached', '--quiet']).code === 0 && revParse(dir, remoteRef(d)) === revParse(dir, 'HEAD')) {
    return { changes: [], attempts: 0 };
  }
  const indexFiles = git(dir, ['ls-files', '-z']).split('\0').filter(Boolean);
  let changes = statusChanges(newestStatuses(dir, 'HEAD', filesAt(dir, 'HEAD')), newestStatuses(dir, '', indexFiles));
  const text = message(changes);
  if (actor.dryRun) {
    actor.log(`would run: git commit   # in ${DATA_DIR}/: ${text.split('\n')[0]}`);
    actor.log(`would run: git push ${d.remote} HEAD:refs/heads/${d.branch}`);
    return { changes, attempts: 0 };
  }
  if (tryGit(dir, ['diff', '--cached', '--quiet']).code !== 0)
    git(dir, ['commit', '--quiet', '--no-verify', '-F', '-'], { input: text, env: identityEnv(dir) });

  for (let attempt = 1; ; attempt++) {
    const r = tryGit(dir, ['push', '--quiet', d.remote, `HEAD:refs/heads/${d.branch}`]);
    if (r.code === 0) {
      git(dir, ['update-ref', remoteRef(d), 'HEAD']);
      return { commit: revParse(dir, 'HEAD'), changes, attempts: attempt };
    }
    if (!isRejection(r.stderr) || attempt >= attempts) throw new GitError(['push', d.remote, `HEAD:${d.branch}`], r.stderr);
    const based = revParse(dir, remoteRef(d));
    const tip = fetchRef(dir, d.remote, `refs/heads/${d.branch}`, remoteRef(d), true);
    if (!tip) throw new GitError(['fetch', d.remote, d.branch], r.stderr);
    actor.log(`${d.branch} moved on ${d.remote}; rebasing this run's results onto it (attempt ${attempt + 1} of ${attempts})`);
    rebaseOnto(dir, tip, based);
    // The other run may have recorded the same change, or a newer check: what changes is now
    // measured against its commit, and the message says so.
    const rebased = statusChanges(newestStatuses(dir, tip, filesAt(dir, tip)), newestStatuses(dir, 'HEAD', filesAt(dir, 'HEAD')));
    if (JSON.stringify(rebased) !== JSON.stringify(changes) && revParse(dir, 'HEAD') !== tip) {
      changes = rebased;
      git(dir, ['commit', '--amend', '--quiet', '--no-verify', '-F', '-'], { input: message(changes), env: identityEnv(dir) });
    }
  }
}

/** The files of a commit, none before the first. */
function filesAt(dir: string, rev: string): string[] {
  return revParse(dir, rev) ? git(dir, ['ls-tree', '-r', '-z', '--name-only', rev]).split('\0').filter(Boolean) : [];
}
