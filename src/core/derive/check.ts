import type { Diagnostic } from '#core/model/diagnostics.ts';
import { type Repository, type RepositoryInput, readRepository } from '#core/parse/repository.ts';
import type { YamlSource } from '#core/parse/yaml-source.ts';
import { checkRules } from './rules.ts';

/** A repository as `cairn check` sees it: what could be read, and every problem found. */
export interface CheckedRepository {
  repository?: Repository;
  configSource?: YamlSource;
  diagnostics: Diagnostic[];
}

/**
 * Reads the repository and runs every rule of `cairn check` on it as of `now`: the one check
 * behind the command, the build, the probe and every write (which checks the files it is about
 * to add before writing them).
 */
export function checkRepository(input: RepositoryInput, now: number): CheckedRepository {
  const { repository, configSource, diagnostics } = readRepository(input);
  return { repository, configSource, diagnostics: repository ? [...diagnostics, ...checkRules(repository, configSource, now)] : diagnostics };
}
