import { execFileSync } from 'node:child_process';
import { main } from '../scripts/cairn.ts';
import { EXAMPLE_NOW, readTree } from './helpers.ts';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one `cairn` command line in-process, as the entry point does, with standard input,
 * "now" and the terminal given here and everything printed captured.
 */
export async function cairn(
  cwd: string,
  args: string[],
  { now = EXAMPLE_NOW, stdin = '', isTTY = false, env = {} }: { now?: string; stdin?: string; isTTY?: boolean; env?: Record<string, string> } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CAIRN_NOW: now, ...env },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => stdin,
    isTTY,
  });
  return { code, stdout, stderr };
}

/** Makes `dir` a Git repository whose `user.name` is `name`, as an operator's clone would be. */
export function gitInit(dir: string, name = 'Ada Operator'): void {
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['config', 'user.name', name], { cwd: dir });
  execFileSync('git', ['config', 'user.email', 'ada@example.com'], { cwd: dir });
}

/** The files below `incidents/`, to see that a refused command wrote nothing. */
export function incidentFiles(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(readTree(dir)).filter(([path]) => path.startsWith('incidents/')));
}
