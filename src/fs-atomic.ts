import {
  closeSync,
  type Dirent,
  fstatSync,
  ftruncateSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writing files so that a write that fails (full disk) or is killed leaves each file as it was or
 * complete. Temporary files are named `<file>.<pid>.<n>.tmp`: a later run removes those whose
 * process is gone (`sweepLeftovers`).
 */

let counter = 0;

function temporaryName(path: string): string {
  return `${path}.${process.pid}.${counter++}.tmp`;
}

/** Creates the folder of `path`; returns a function that removes what it created, if still empty. */
function makeFolder(path: string): () => void {
  const dir = dirname(path);
  const first = mkdirSync(dir, { recursive: true });
  return () => {
    if (first === undefined) return;
    for (let d = dir; d.length >= first.length; d = dirname(d)) {
      try {
        rmdirSync(d);
      } catch {
        return; // not empty (another writer uses it) or already gone
      }
    }
  };
}

/** Writes `text` to a new temporary file next to `path`; nothing is left behind when it fails. */
function stage(path: string, text: string): string {
  const tmp = temporaryName(path);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return tmp;
}

/**
 * Writes every file to a temporary name first and renames only when all are written, so an
 * interrupted run leaves each file either as it was or complete, never torn.
 */
export function writeFilesAtomic(files: Array<{ path: string; text: string }>): void {
  const staged: Array<{ tmp: string; path: string }> = [];
  const undo: Array<() => void> = [];
  try {
    for (const { path, text } of files) {
      undo.push(makeFolder(path));
      staged.push({ tmp: stage(path, text), path });
    }
  } catch (e) {
    for (const { tmp } of staged) rmSync(tmp, { force: true });
    for (const u of undo.reverse()) u();
    throw e;
  }
  for (const { tmp, path } of staged) renameSync(tmp, path);
}

export function writeFileAtomic(path: string, text: string): void {
  writeFilesAtomic([{ path, text }]);
}

/**
 * Creates `path` with `text`, complete or not at all, and only when it does not exist: a hard link
 * from a finished temporary file fails with EEXIST when another writer got there first.
 */
export function createFileExclusive(path: string, text: string): void {
  for (let attempt = 1; ; attempt++) {
    const undo = makeFolder(path);
    let tmp: string | undefined;
    try {
      tmp = stage(path, text);
      linkSync(tmp, path);
      return;
    } catch (e) {
      undo();
      // A sweep removed the (then empty) folder between its creation and the link: make it again.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && tmp !== undefined && attempt < 5) continue;
      throw e;
    } finally {
      if (tmp !== undefined) rmSync(tmp, { force: true });
    }
  }
}

/**
 * Appends whole lines with one write(2) to a file opened with O_APPEND. The kernel puts each such
 * write at the end of the file as one piece, whatever other processes append at the same time,
 * and a process killed by a signal has made the write or not. Only a full disk can cut it short:
 * those bytes are taken back (nobody else can append to a full disk meanwhile).
 */
export function appendLines(path: string, text: string): void {
  const undo = makeFolder(path);
  const bytes = Buffer.from(text);
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (e) {
    undo();
    throw e;
  }
  try {
    let written = 0;
    try {
      written = writeSync(fd, bytes);
    } finally {
      if (written > 0 && written < bytes.length) ftruncateSync(fd, fstatSync(fd).size - written);
    }
    if (written < bytes.length) throw Object.assign(new Error(`${path}: no space left for the whole line`), { code: 'ENOSPC' });
  } finally {
    closeSync(fd);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const LEFTOVER = /\.(\d+)\.\d+\.tmp$/;

/**
 * Removes what interrupted writes left below `dir`: temporary files of processes that are gone,
 * and, with `emptyFolders`, empty folders (an incident folder created just before a kill).
 * Returns the paths removed.
 */
export function sweepLeftovers(dir: string, options: { emptyFolders?: boolean } = {}): string[] {
  const removed: string[] = [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return removed;
  }
  const folders: string[] = [];
  for (const e of entries) {
    const path = join(e.parentPath, e.name);
    if (e.isDirectory()) {
      if (!path.split('/').includes('.git')) folders.push(path);
      continue;
    }
    const pid = LEFTOVER.exec(e.name)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid))) {
      rmSync(path, { force: true });
      removed.push(path);
    }
  }
  if (options.emptyFolders) {
    // Deepest first, so a folder holding only empty folders goes too.
    for (const f of folders.sort((a, b) => b.length - a.length)) {
      try {
        rmdirSync(f);
        removed.push(f);
      } catch {
        // not empty
      }
    }
  }
  return removed;
}

/**
 * Takes the lock file `path` (created exclusively, holding the process id) and returns its
 * release. A lock whose process is gone (killed) is taken over; a live one is an error.
 */
export function lock(path: string): () => void {
  for (let attempt = 1; ; attempt++) {
    try {
      // Linked from a finished file: the lock never exists without its holder's id.
      createFileExclusive(path, `${process.pid}\n`);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw e;
    }
    let holder = Number.NaN;
    try {
      holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
    } catch {
      continue; // released meanwhile
    }
    if (isAlive(holder)) throw new Error(`${path} is held by process ${holder}: another run is at work; try again when it has finished`);
    rmSync(path, { force: true });
  }
}
