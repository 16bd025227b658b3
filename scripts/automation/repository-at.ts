import type { ProbeData } from '#core/model/check-data.ts';
import { CONFIG_FILE, type Repository, type RepositoryInput, readRepository } from '#core/parse/repository.ts';
import { listFiles, readFiles, revParse } from './git.ts';

/** `components.yml` and `incidents/` as they were at a commit; undefined when it has no components.yml. */
export function inputAt(root: string, rev: string, probeData: Map<string, ProbeData> = new Map()): RepositoryInput | undefined {
  const commit = revParse(root, rev);
  if (!commit) return undefined;
  const paths = listFiles(root, commit, CONFIG_FILE);
  if (paths.length === 0) return undefined;
  const [config, ...incidentFiles] = readFiles(root, commit, [CONFIG_FILE, ...listFiles(root, commit, 'incidents')]);
  return { config: config!, incidentFiles, probeData };
}

/**
 * The status repository as it was at a commit, read straight from Git (nothing is checked out).
 * Undefined when the commit is unknown here or its files do not read as a repository.
 */
export function repositoryAt(root: string, rev: string, probeData: Map<string, ProbeData>): Repository | undefined {
  const input = inputAt(root, rev, probeData);
  return input && readRepository(input).repository;
}
