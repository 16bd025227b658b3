import { execFileSync } from 'node:child_process';

/** `git config user.name` as seen from `cwd`; undefined outside Git or when unset. */
export function gitUserName(cwd: string): string | undefined {
  try {
    const name = execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return name || undefined;
  } catch {
    return undefined;
  }
}
