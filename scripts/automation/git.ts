import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Git as the automation uses it: plain `git` processes, plumbing for commits that never touch the
 * working tree, and pushes that retry when someone else pushed first.
 */

export class GitError extends Error {
  readonly stderr: string;
  constructor(args: string[], stderr: string) {
    super(`git ${args.join(' ')} failed: ${stderr.trim() || 'no output'}`);
    this.stderr = stderr;
  }
}

export interface RunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs git in `cwd` and returns its exit code and output, without throwing. */
export function tryGit(cwd: string, args: string[], options: RunOptions = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('git', args, {
    cwd,
    input: options.input,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs git in `cwd` and returns its standard output; a failure throws with git's message. */
export function git(cwd: string, args: string[], options: RunOptions = {}): string {
  const r = tryGit(cwd, args, options);
  if (r.code !== 0) throw new GitError(args, r.stderr);
  return r.stdout;
}

/** Where the automation says what it does (or, in a dry run, would do). */
export interface Actor {
  dryRun: boolean;
  log(line: string): void;
}

/** The commit a ref points at, or undefined when it does not exist. */
export function revParse(cwd: string, ref: string): string | undefined {
  const r = tryGit(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/**
 * True when the checked-out history is cut off, as in the clone actions/checkout makes. Other
 * refs being shallow (the data branch's tip) does not count.
 */
function isShallow(cwd: string): boolean {
  const file = git(cwd, ['rev-parse', '--git-path', 'shallow']).trim();
  const path = isAbsolute(file) ? file : join(cwd, file);
  if (!existsSync(path)) return false;
  const cut = new Set(readFileSync(path, 'utf8').split('\n').filter(Boolean));
  return git(cwd, ['rev-list', '--max-parents=0', 'HEAD'])
    .split('\n')
    .some((c) => cut.has(c));
}

/**
 * Fetches one ref of the remote into `local` and returns its commit, or undefined when the remote
 * has no such ref. Commits are only ever built on a tip, so a shallow clone fetches the tip alone
 * (`shallow`); a complete clone stays complete unless asked, as a depth would cut its history.
 */
export function fetchRef(cwd: string, remote: string, ref: string, local: string, shallow = isShallow(cwd)): string | undefined {
  const r = tryGit(cwd, ['fetch', '--quiet', '--no-tags', ...(shallow ? ['--depth=1'] : []), remote, `+${ref}:${local}`]);
  if (r.code !== 0) {
    if (/couldn't find remote ref|no such remote ref|not our ref/i.test(r.stderr)) return undefined;
    throw new GitError(['fetch', remote, ref], r.stderr);
  }
  return revParse(cwd, local);
}

/**
 * Fetches a branch with every commit it has beyond `base` (a branch of the remote), also in a
 * shallow clone, where a tip fetched before is cut off from its parents: whose commits are on the
 * branch must be known from all of them, not the tip alone.
 */
export function fetchBranchSince(cwd: string, remote: string, ref: string, local: string, base: string): string | undefined {
  if (isShallow(cwd)) {
    const r = tryGit(cwd, ['fetch', '--quiet', '--no-tags', `--shallow-exclude=${base}`, remote, `+${ref}:${local}`]);
    if (r.code === 0) return revParse(cwd, local);
    // A branch with nothing beyond the base leaves nothing to fetch that way.
  }
  return fetchRef(cwd, remote, ref, local, false);
}

/** Author and committer for automated commits when the checkout has no identity of its own. */
export function identityEnv(cwd: string): NodeJS.ProcessEnv {
  if (tryGit(cwd, ['var', 'GIT_COMMITTER_IDENT']).code === 0) return {};
  const name = 'github-actions[bot]';
  const email = '41898283+github-actions[bot]@users.noreply.github.com';
  return { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
}

/** The e-mail address automated commits are made with in this checkout. */
export function automationEmail(cwd: string): string {
  const ident = git(cwd, ['var', 'GIT_AUTHOR_IDENT'], { env: identityEnv(cwd) });
  return /<([^>]*)>/.exec(ident)?.[1] ?? '';
}

/** Author e-mail addresses of the commits in `tip` that `base` does not have. */
export function authorsSince(cwd: string, base: string, tip: string): string[] {
  return git(cwd, ['log', '--format=%ae', tip, '--not', base]).split('\n').filter(Boolean);
}

export interface FileChange {
  path: string;
  text: string;
}

/**
 * A commit on top of `parent` (or a root commit) whose tree is the parent's with `files` written,
 * built in a private index so the working tree and the checkout's index stay as they are.
 */
export function commitFiles(cwd: string, parent: string | undefined, files: FileChange[], message: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-index-'));
  const env = { GIT_INDEX_FILE: join(dir, 'index'), ...identityEnv(cwd) };
  try {
    if (parent) git(cwd, ['read-tree', parent], { env });
    for (const f of files) {
      const blob = git(cwd, ['hash-object', '-w', '--stdin'], { input: f.text }).trim();
      git(cwd, ['update-index', '--add', '--cacheinfo', `100644,${blob},${f.path}`], { env });
    }
    const tree = git(cwd, ['write-tree'], { env }).trim();
    return git(cwd, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], { input: message, env }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when `commit` changes nothing against its first parent. */
export function isEmptyCommit(cwd: string, commit: string): boolean {
  return tryGit(cwd, ['diff', '--quiet', `${commit}^`, commit]).code === 0;
}

/** Paths of the files below `path` in `rev`. */
export function listFiles(cwd: string, rev: string, path: string): string[] {
  return git(cwd, ['ls-tree', '-r', '-z', '--name-only', rev, '--', path]).split('\0').filter(Boolean);
}

/** The text of many files of `rev` in one `git cat-file` process. */
export function readFiles(cwd: string, rev: string, paths: string[]): FileChange[] {
  if (paths.length === 0) return [];
  const r = spawnSync('git', ['cat-file', '--batch'], { cwd, input: paths.map((p) => `${rev}:${p}\n`).join(''), maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new GitError(['cat-file', '--batch'], String(r.stderr));
  const out = r.stdout;
  const files: FileChange[] = [];
  let at = 0;
  for (const path of paths) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (header.endsWith(' missing') || !Number.isFinite(size)) throw new Error(`${path} is not in ${rev}`);
    files.push({ path, text: out.subarray(eol + 1, eol + 1 + size).toString('utf8') });
    at = eol + 1 + size + 1;
  }
  return files;
}

const REJECTED = /\[rejected\]|\[remote rejected\]|non-fast-forward|fetch first|stale info|cannot lock ref/i;

/** What to commit: new files and the commit message. */
export interface PushPlan {
  files: FileChange[];
  message: string;
}

/** Paths of `files` that exist in `rev` with other content. */
function takenPaths(cwd: string, rev: string, files: FileChange[]): string[] {
  return files
    .filter((f) => {
      const r = tryGit(cwd, ['rev-parse', '--verify', '--quiet', `${rev}:${f.path}`]);
      return r.code === 0 && r.stdout.trim() !== git(cwd, ['hash-object', '--stdin'], { input: f.text }).trim();
    })
    .map((f) => f.path);
}

/**
 * Commits new files on top of the remote branch's tip and pushes; when someone else pushed first,
 * fetches the new tip and builds the commit again on it. A plan given as a function is made again
 * for each tip, so it can pick names that are still free there. A file is never written over
 * another version: a path the tip holds with other content stops the push with an error. Returns
 * the pushed commit, or undefined when the files are already there (nothing to push).
 */
export function pushFiles(
  actor: Actor,
  cwd: string,
  target: { remote: string; branch: string; attempts?: number } & (PushPlan | { plan: (tip: string) => PushPlan }),
): string | undefined {
  const { remote, branch } = target;
  const local = `refs/cairn/push/${branch}`;
  // Each refused push means another writer's push went through: many writers need many rounds.
  const attempts = target.attempts ?? 30;
  for (let attempt = 1; ; attempt++) {
    const tip = fetchRef(cwd, remote, `refs/heads/${branch}`, local);
    if (!tip) throw new Error(`the branch ${branch} does not exist on ${remote}`);
    const { files, message } = 'plan' in target ? target.plan(tip) : target;
    const taken = takenPaths(cwd, tip, files);
    if (taken.length) {
      throw new Error(`${branch} on ${remote} already has ${taken.join(', ')} with other content; nothing was pushed, so nothing was overwritten`);
    }
    const commit = commitFiles(cwd, tip, files, message);
    if (isEmptyCommit(cwd, commit)) return undefined;
    if (actor.dryRun) {
      actor.log(`would run: git push ${remote} ${commit}:refs/heads/${branch}   # ${message.split('\n')[0]}: ${files.map((f) => f.path).join(', ')}`);
      return commit;
    }
    const r = tryGit(cwd, ['push', '--quiet', remote, `${commit}:refs/heads/${branch}`]);
    if (r.code === 0) return commit;
    if (!REJECTED.test(r.stderr) || attempt >= attempts) throw new GitError(['push', remote, `HEAD:${branch}`], r.stderr);
    actor.log(`${branch} moved on ${remote} while committing; building the commit again on the new tip (attempt ${attempt + 1} of ${attempts})`);
  }
}

/** Pushes `commit` as branch `branch`, replacing whatever the branch held (a discarded draft). */
export function forcePush(actor: Actor, cwd: string, remote: string, commit: string, branch: string, what: string): void {
  if (actor.dryRun) {
    actor.log(`would run: git push --force ${remote} ${commit}:refs/heads/${branch}   # ${what}`);
    return;
  }
  git(cwd, ['push', '--quiet', '--force', remote, `${commit}:refs/heads/${branch}`]);
}

/**
 * Pushes `commit` as a new branch `branch`; false when the branch exists on the remote already
 * (another writer made it), in which case nothing is pushed: the lease expects no branch.
 */
export function createBranch(actor: Actor, cwd: string, remote: string, commit: string, branch: string, what: string): boolean {
  const args = ['push', '--quiet', `--force-with-lease=refs/heads/${branch}:`, remote, `${commit}:refs/heads/${branch}`];
  if (actor.dryRun) {
    actor.log(`would run: git ${args.filter((a) => a !== '--quiet').join(' ')}   # ${what}`);
    return true;
  }
  const r = tryGit(cwd, args);
  if (r.code === 0) return true;
  if (REJECTED.test(r.stderr)) return false;
  throw new GitError(args, r.stderr);
}

/**
 * Deletes a branch `createBranch` made, if it is still at `commit`: what a failed run leaves
 * behind must not take the names a run after it would use.
 */
export function deleteBranch(actor: Actor, cwd: string, remote: string, commit: string, branch: string): void {
  if (actor.dryRun) return;
  tryGit(cwd, ['push', '--quiet', `--force-with-lease=refs/heads/${branch}:${commit}`, remote, `:refs/heads/${branch}`]);
}

/** Whether a push was refused because the remote moved on, as opposed to any other failure. */
export function isRejection(stderr: string): boolean {
  return REJECTED.test(stderr);
}
