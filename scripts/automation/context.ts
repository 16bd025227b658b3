import { appendFileSync } from 'node:fs';
import type { Config } from '#core/model/config.ts';
import { requireRepository } from '../../src/load.ts';
import type { Io } from '../cli/command.ts';
import type { DataBranch } from './data-branch.ts';
import type { Actor } from './git.ts';

/** What the automation commands share: where they print, their settings, GitHub's step outputs. */

/** The remote the automation fetches from and pushes to. */
export const REMOTE = 'origin';

export function actorFor(io: Io, dryRun: boolean): Actor {
  return { dryRun, log: (line) => io.stdout(`${line}\n`) };
}

/** `components.yml` of the repository at `root`; its errors stop the command. */
export function readConfig(root: string): Config {
  return requireRepository(root, { probeData: false }).repository.config;
}

export function dataBranch(root: string, config: Config): DataBranch {
  return { root, remote: REMOTE, branch: config.probe.data_branch };
}

/** Sets a step output (`steps.<id>.outputs.<name>`) when running in GitHub Actions. */
export function setOutput(io: Io, name: string, value: string): void {
  const file = io.env.GITHUB_OUTPUT;
  if (file) appendFileSync(file, `${name}=${value}\n`);
}
