import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

export function gitUser(dir: string): void {
  git(dir, 'config', 'user.name', 'Ada Operator');
  git(dir, 'config', 'user.email', 'ada@example.com');
}

/**
 * Cairn as it is published: a bare repository ("upstream") holding one commit of this working
 * tree's files (tracked ones and new ones not ignored), so tests see the code under test, not
 * the last commit. Returns the bare repository and the working copy it was pushed from.
 */
export function publishedCairn(): { upstream: string; work: string } {
  const base = tempDir('cairn-upstream-');
  const work = join(base, 'work');
  const upstream = join(base, 'cairn.git');
  mkdirSync(work);
  const files = git(ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(work, file)), { recursive: true });
    try {
      cpSync(join(ROOT, file), join(work, file));
    } catch {
      // A file deleted in the working tree but not yet in the index is not part of it.
    }
  }
  git(work, 'init', '-q', '-b', 'main');
  gitUser(work);
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', 'Cairn');
  git(base, 'clone', '-q', '--bare', work, upstream);
  return { upstream, work };
}

/**
 * A newcomer's clone of Cairn. Its node_modules is this project's, linked: a fresh `npm install`
 * takes over 30 s here and every copy would install the same lock file.
 */
export function cloneCairn(upstream: string): string {
  const dir = join(tempDir('cairn-clone-'), 'status');
  execFileSync('git', ['clone', '-q', upstream, dir]);
  gitUser(dir);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

export { git };
