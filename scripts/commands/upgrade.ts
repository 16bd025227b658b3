import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBE_WORKFLOW, probeSchedule, probeStepEnv, withProbeSchedule, withProbeStepEnv } from '#core/automation/starter.ts';
import { CONTENT_PATHS, isContent } from '#core/model/content.ts';
import { quoted } from '#core/model/text.ts';
import { git, tryGit } from '../automation/git.ts';
import { defineCommand, type Io } from '../cli/command.ts';

const DEFAULT_REMOTE = 'upstream';

function tree(root: string, commit: string): string[] {
  return git(root, ['ls-tree', '-r', '-z', '--name-only', commit]).split('\0').filter(Boolean);
}

function version(root: string, commit: string): string {
  const r = tryGit(root, ['show', `${commit}:package.json`]);
  try {
    return r.code === 0 ? String(JSON.parse(r.stdout).version ?? '?') : '?';
  } catch {
    return '?';
  }
}

/** Runs a step of the upgrade (npm install, cairn check) with its output shown; true when it passed. */
function step(io: Io, label: string, command: string, args: string[], shell = false): boolean {
  io.stdout(`${label}…\n`);
  const r = spawnSync(command, args, { cwd: io.cwd, env: io.env, encoding: 'utf8', shell, maxBuffer: 64 * 1024 * 1024 });
  if (r.status === 0) return true;
  io.stderr(`${[r.stdout, r.stderr, r.error?.message].filter(Boolean).join('').trimEnd()}\n`);
  return false;
}

/**
 * The install step. `CAIRN_UPGRADE_INSTALL` replaces it with another shell command: a copy whose
 * node_modules is shared with other copies (as in tests) must not rewrite it.
 */
function install(io: Io): boolean {
  const custom = io.env.CAIRN_UPGRADE_INSTALL;
  return custom ? step(io, `Installing (${custom})`, custom, [], true) : step(io, 'npm install', 'npm', ['install', '--no-audit', '--no-fund'], false);
}

export const upgrade = defineCommand({
  name: 'upgrade',
  usage: 'cairn upgrade [<git url or remote>] [--to TAG|BRANCH]',
  help: [
    'Fetches a newer Cairn and takes all of its code, leaving your content untouched:',
    `${CONTENT_PATHS.join(', ')}, and in ${PROBE_WORKFLOW} the schedule and the env: of the Probe`,
    "step (the secrets you pass to the probe). Files you added that were never Cairn's stay.",
    'Then runs "npm install" and "cairn check"; only when both pass is the result committed, in one',
    'commit naming both versions. Otherwise the working tree is put back as it was. Needs a clean',
    'working tree (commit or stash your changes first).',
    '',
    'Options:',
    `  <git url or remote>  Where Cairn comes from (default: the remote "${DEFAULT_REMOTE}").`,
    '  --to TAG|BRANCH      What to take (default: main).',
    '',
    'Examples:',
    '  git remote add upstream https://github.com/<owner>/cairn.git   # once',
    '  cairn upgrade --to v0.2.0',
    '  cairn upgrade https://github.com/<owner>/cairn.git --to main',
  ].join('\n'),
  options: { to: { type: 'string' } },
  positionals: { min: 0, max: 1 },
  async run({ values, positionals }, io) {
    const root = io.cwd;
    const source = positionals[0] ?? DEFAULT_REMOTE;
    const ref = values.to ?? 'main';
    if (positionals[0] === undefined && tryGit(root, ['remote', 'get-url', DEFAULT_REMOTE]).code !== 0) {
      throw new Error(
        `no remote "${DEFAULT_REMOTE}": name Cairn's repository, such as "cairn upgrade https://github.com/<owner>/cairn.git", or add it with "git remote add ${DEFAULT_REMOTE} <url>"`,
      );
    }
    if (git(root, ['status', '--porcelain', '--untracked-files=no']).trim()) {
      throw new Error('the working tree has uncommitted changes; commit or stash them first, so an upgrade that fails can be undone');
    }
    const fetched = tryGit(root, ['fetch', '--quiet', '--no-tags', source, ref]);
    if (fetched.code !== 0) throw new Error(`cannot fetch ${quoted(ref)} from ${source}: ${fetched.stderr.trim()}`);
    const target = git(root, ['rev-parse', 'FETCH_HEAD^{commit}']).trim();
    const from = version(root, 'HEAD');
    const to = version(root, target);

    const all = tree(root, target);
    // Taking "all of the code" from something else would delete this copy's code.
    if (!all.includes('scripts/cairn.ts') || !all.includes('package.json')) {
      throw new Error(`${source} ${ref} (${target.slice(0, 7)}) is not Cairn: it has no scripts/cairn.ts; nothing was changed`);
    }
    const theirs = new Set(all.filter((p) => !isContent(p)));
    // The checkout would overwrite a file Git does not track, and undoing could not bring it back.
    const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z'])
      .split('\0')
      .filter((p) => theirs.has(p));
    if (untracked.length) {
      throw new Error(
        `${ref} of ${source} has files where you have files Git does not track: ${untracked.join(', ')}; move or commit them first; nothing was changed`,
      );
    }
    const dropped = tree(root, 'HEAD').filter((p) => !isContent(p) && !theirs.has(p));
    // Only files that were Cairn's (in the version this copy shares with the new one) are removed:
    // files the owner added, such as a CODEOWNERS or a logo outside public/brand/, stay.
    const base = tryGit(root, ['merge-base', 'HEAD', target]);
    const cairns = new Set(base.code === 0 ? tree(root, base.stdout.trim()) : []);
    const gone = dropped.filter((p) => cairns.has(p));
    const kept = dropped.filter((p) => !cairns.has(p));
    // The schedule and the secrets passed to the probe are the owner's, kept across upgrades.
    const workflowPath = join(root, PROBE_WORKFLOW);
    const owners = existsSync(workflowPath) ? readFileSync(workflowPath, 'utf8') : undefined;
    const schedule = owners && probeSchedule(owners);
    const env = owners && probeStepEnv(owners);

    const undo = (installed: boolean) => {
      git(root, ['reset', '--quiet', '--hard', 'HEAD']);
      io.stderr('Put the working tree back as it was; nothing was committed.\n');
      if (installed) install(io);
    };
    git(root, ['checkout', target, '--pathspec-from-file=-', '--pathspec-file-nul'], { input: [...theirs].join('\0') });
    if (gone.length) git(root, ['rm', '--quiet', '--pathspec-from-file=-', '--pathspec-file-nul'], { input: gone.join('\0') });
    if (existsSync(workflowPath)) {
      let workflow = readFileSync(workflowPath, 'utf8');
      if (schedule) workflow = withProbeSchedule(workflow, schedule) ?? workflow;
      if (env) {
        const withEnv = withProbeStepEnv(workflow, env);
        if (withEnv === undefined) {
          undo(false);
          throw new Error(
            `the Probe step of the new ${PROBE_WORKFLOW} cannot take your env: (the secrets you pass to the probe): it is missing or has an env: of its own. Take the new version by hand and add your env: to its Probe step`,
          );
        }
        workflow = withEnv;
      }
      writeFileSync(workflowPath, workflow);
    }
    if (!install(io) || !step(io, 'cairn check', process.execPath, ['scripts/cairn.ts', 'check'])) {
      undo(true);
      return 1;
    }
    // The checkout staged the code; the kept schedule and what npm install wrote are added here.
    git(root, ['add', '--', ...[PROBE_WORKFLOW, 'package-lock.json'].filter((p) => existsSync(join(root, p)))]);
    if (tryGit(root, ['diff', '--cached', '--quiet']).code === 0) {
      io.stdout(`Already up to date with ${source} ${ref} (${target.slice(0, 7)}).\n`);
      return 0;
    }
    git(root, ['commit', '--quiet', '-m', `Upgrade Cairn ${from} → ${to} (${source} ${ref}, ${target.slice(0, 7)})`]);
    io.stdout(`Upgraded Cairn ${from} → ${to} (${target.slice(0, 7)}); your content is untouched. Push to publish.\n`);
    if (kept.length) io.stdout(`Kept files that are yours, not Cairn's: ${kept.join(', ')}.\n`);
    return 0;
  },
});
