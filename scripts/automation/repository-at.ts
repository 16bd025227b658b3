import type { ProbeData } from '#core/model/check-data.ts';
import { CONFIG_FILE, type Repository, readRepository } from '#core/parse/repository.ts';
import { listFiles, readFiles, revParse } from './git.ts';

/**
 * The status repository as it was at a commit, read straight from Git (nothing is checked out).
 * Undefined when the commit is unknown here or its files do not read as a repository.
 */
export function repositoryAt(root: string, rev: string, probeData: Map<string, ProbeData>): Repository | undefined {
  const commit = revParse(root, rev);
  if (!commit) return undefined;
  const paths = listFiles(root, commit, CONFIG_FILE);
  if (paths.length === 0) return undefined;
  const [config, ...incidentFiles] = readFiles(root, commit, [CONFIG_FILE, ...listFiles(root, commit, 'incidents')]);
  return readRepository({ config: config!, incidentFiles, probeData }).repository;
}
