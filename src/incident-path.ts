import { lstatSync, realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/**
 * The absolute path of an incident file to write, confined to the repository's real
 * `incidents/` folder: a path that leaves it (`..`, an absolute path) or passes through a
 * symbolic link (which could point anywhere) is refused before anything is written.
 */
export function incidentWritePath(root: string, path: string): string {
  const parts = path.split('/');
  if (parts[0] !== 'incidents' || parts.length < 2 || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\')))
    throw new Error(`refused to write ${JSON.stringify(path)}: incident files live in incidents/<id>/`);
  const realRoot = realpathSync(root);
  let current = realRoot;
  for (const part of parts) {
    current = join(current, part);
    const stat = lstatSync(current, { throwIfNoEntry: false });
    if (!stat) break;
    if (stat.isSymbolicLink()) throw new Error(`refused to write ${path}: ${current.slice(realRoot.length + 1)} is a symbolic link`);
  }
  const target = resolve(realRoot, ...parts);
  if (!target.startsWith(join(realRoot, 'incidents') + sep)) throw new Error(`refused to write ${path}: outside incidents/`);
  return target;
}
