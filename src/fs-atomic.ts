import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

let counter = 0;

/**
 * Writes every file to a temporary name first and renames only when all are written, so an
 * interrupted run leaves each file either as it was or complete, never torn.
 */
export function writeFilesAtomic(files: Array<{ path: string; text: string }>): void {
  const staged: Array<{ tmp: string; path: string }> = [];
  try {
    for (const { path, text } of files) {
      mkdirSync(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.${counter++}.tmp`;
      writeFileSync(tmp, text);
      staged.push({ tmp, path });
    }
  } catch (e) {
    for (const { tmp } of staged) rmSync(tmp, { force: true });
    throw e;
  }
  for (const { tmp, path } of staged) renameSync(tmp, path);
}

export function writeFileAtomic(path: string, text: string): void {
  writeFilesAtomic([{ path, text }]);
}
