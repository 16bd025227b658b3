import { join } from 'node:path';
import type { z } from 'zod';
import { checkRepository } from '#core/derive/check.ts';
import { type Diagnostic, formatDiagnostics } from '#core/model/diagnostics.ts';
import type { incidentFrontmatterSchema, updateFrontmatterSchema } from '#core/model/incident.ts';
import { incidentId } from '#core/model/slug.ts';
import { dayKey, isoInZone } from '#core/model/time.ts';
import { resolveId } from '#core/parse/id-prefix.ts';
import { formatIncidentFile, nextFreeSecond, updateFileName } from '#core/parse/incident-file.ts';
import type { Incident, Repository, RepositoryInput } from '#core/parse/repository.ts';
import { listNames } from '#core/render/labels.ts';
import { createFileExclusive, sweepLeftovers, writeFilesAtomic } from '../../src/fs-atomic.ts';
import { incidentWritePath } from '../../src/incident-path.ts';
import { requireRepository } from '../../src/load.ts';
import { gitUserName } from './git-user.ts';

/**
 * Writing incident files safely: every write is checked first by building the repository as it
 * would be (the files on disk plus the new ones) and running the same rules as `cairn check`.
 * Anything that would add an error is refused and nothing is written.
 */

/** A status repository as read from disk, ready to be changed. */
export interface Workspace {
  root: string;
  input: RepositoryInput;
  repository: Repository;
  /** What `cairn check` reports now: a command refuses only the problems it would add. */
  diagnostics: Diagnostic[];
}

/** A file to write, its path relative to the repository root. */
export interface FileChange {
  path: string;
  text: string;
}

export interface Written {
  /** The incident as it is with the file. */
  incident: Incident;
  /** The file written, relative to the repository root. */
  path: string;
  /**
   * What to tell about: warnings the change added, such as a stale incident, and errors the
   * incident's files had already (the change was allowed, but no site builds until they are fixed).
   */
  warnings: Diagnostic[];
  /** The time of the entry written. */
  at?: number;
  /** Said when the entry got another time than asked, so that it follows the incident's newest one. */
  note?: string;
}

type IncidentFields = z.input<typeof incidentFrontmatterSchema>;
type UpdateFields = z.input<typeof updateFrontmatterSchema>;

/** Declaration fields, with times as instants; they are written in the site's zone. */
export type Declaration = Omit<IncidentFields, 'at' | 'window'> & { at: number; window?: { start: number; end: number } };
export type Update = Omit<UpdateFields, 'at'> & { at: number };

/** The repository as it is on disk, for commands that only read it. */
export function readWorkspace(root: string, now: number): Workspace {
  const { input, repository, diagnostics } = requireRepository(root, { now });
  return { root, input, repository, diagnostics };
}

/** The repository, for a command about to write: what an interrupted write left (a temporary file, an empty incident folder) goes first. */
export function openWorkspace(root: string, now: number): Workspace {
  sweepLeftovers(join(root, 'incidents'), { emptyFolders: true });
  return readWorkspace(root, now);
}

/** What `--help` of a command that reports them says. */
export const ERRORS_HELP = 'A file with errors may be left out: then the problems follow on stderr, and the exit code is 1.';

/**
 * A file with errors is left out of the repository, or read only in part, where a build would
 * refuse it. A command that reads the repository says so, on stderr, and fails: its answer may
 * miss an incident. What is dated after "now" is not an error here: it is not shown yet.
 */
export function reportErrors(io: { stderr(t: string): void }, command: string, ws: Workspace): 0 | 1 {
  const errors = ws.diagnostics.filter((d) => d.severity === 'error' && d.rule !== 'future-time');
  if (!errors.length) return 0;
  const files = new Set(errors.map((d) => d.file)).size;
  io.stderr(
    `cairn ${command}: ${files === 1 ? 'a file has' : `${files} files have`} errors, so the answer may be wrong or miss an incident; fix ${files === 1 ? 'it' : 'them'} ("cairn check" says how):\n${formatDiagnostics(errors, 'human')}\n`,
  );
  return 1;
}

/** A workspace over files read from elsewhere, such as a commit. */
export function workspaceOf(root: string, input: RepositoryInput | undefined, now: number): Workspace {
  const { repository, diagnostics } = input ? checkRepository(input, now) : { repository: undefined, diagnostics: [] };
  if (!input || !repository) {
    const errors = formatDiagnostics(
      diagnostics.filter((d) => d.severity === 'error'),
      'human',
    );
    throw new Error(`cannot read the status repository; fix these first:\n${errors}`);
  }
  return { root, input, repository, diagnostics };
}

/** The incident (or maintenance, or draft) that `query` names or abbreviates. */
export function findIncident(ws: Workspace, query: string): Incident {
  const found = resolveId(
    query,
    ws.repository.incidents.map((i) => i.id),
  );
  if ('error' in found) {
    // An incident whose declaration has errors is not read at all: say so rather than "no incident".
    const broken = [...new Set(ws.diagnostics.filter((d) => d.severity === 'error' && d.file.split('/')[1]?.includes(query)).map((d) => d.file))];
    throw new Error(broken.length ? `${found.error}; ${listNames(broken)} ${broken.length === 1 ? 'has' : 'have'} errors: run "cairn check"` : found.error);
  }
  return ws.repository.incidents.find((i) => i.id === found.id)!;
}

/** `--author`, else `git config user.name`, else nobody (the loader then falls back to the commit's author). */
export function authorFor(flag: string | undefined, cwd: string): string | undefined {
  return flag?.trim() || gitUserName(cwd);
}

// Problems are compared without their position: rewriting a file moves lines, not problems.
const key = (d: Diagnostic) => `${d.severity}\0${d.file}\0${d.rule}\0${d.message}`;

/** The repository with the changes, when it has no error it did not have before; else throws. */
function checkChanges(ws: Workspace, changes: FileChange[], now: number): { repository: Repository; warnings: Diagnostic[] } {
  const changed = new Map(changes.map((c) => [c.path, c.text]));
  const kept = ws.input.incidentFiles.filter((f) => !changed.has(f.path));
  const replaced = ws.input.incidentFiles.filter((f) => changed.has(f.path));
  const incidentFiles = [...kept, ...changes.map((c) => ({ path: c.path, text: c.text, gitAuthor: replaced.find((f) => f.path === c.path)?.gitAuthor }))];
  const { repository, diagnostics } = checkRepository({ ...ws.input, incidentFiles }, now);
  const before = new Set(ws.diagnostics.map(key));
  const added = diagnostics.filter((d) => !before.has(key(d)));
  const errors = added.filter((d) => d.severity === 'error');
  if (!repository || errors.length) {
    throw new Error(`refused, nothing was written; the result would not pass "cairn check":\n${formatDiagnostics(errors, 'human')}`);
  }
  const folders = new Set(changes.map((c) => c.path.slice(0, c.path.lastIndexOf('/') + 1)));
  const standing = diagnostics.filter((d) => d.severity === 'error' && before.has(key(d)) && folders.has(d.file.slice(0, d.file.lastIndexOf('/') + 1)));
  return { repository, warnings: [...standing, ...added.filter((d) => d.severity === 'warning')] };
}

/** Writes the changes when the repository with them has no error it did not have before. */
export function writeChecked(ws: Workspace, changes: FileChange[], now: number): { repository: Repository; warnings: Diagnostic[] } {
  const checked = checkChanges(ws, changes, now);
  writeFilesAtomic(changes.map((c) => ({ path: incidentWritePath(ws.root, c.path), text: c.text })));
  return checked;
}

/** Writes one file of incident `id`. */
export function writeIncidentFile(ws: Workspace, id: string, change: FileChange, now: number): Written {
  const { repository, warnings } = writeChecked(ws, [change], now);
  return { incident: repository.incidents.find((i) => i.id === id)!, path: change.path, warnings };
}

/** Writes a new file of incident `id` that must not exist: one written meanwhile by another run is never replaced. */
export function createIncidentFile(ws: Workspace, id: string, change: FileChange, now: number): Written {
  const planned = planFile(ws, id, change, now);
  try {
    createFileExclusive(incidentWritePath(ws.root, change.path), change.text);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${change.path} was written meanwhile, by another run: edit it`);
    throw e;
  }
  return planned;
}

/** A new file, checked but not written yet. */
export interface Planned extends Written {
  change: FileChange;
}

function planFile(ws: Workspace, id: string, change: FileChange, now: number): Planned {
  const { repository, warnings } = checkChanges(ws, [change], now);
  return { incident: repository.incidents.find((i) => i.id === id)!, path: change.path, warnings, change };
}

/**
 * Writes a new file, never over another: when the planned path exists by now (another writer was
 * quicker), the repository is read again, with what that writer added, and `plan` is asked again
 * with that path among the `taken` ones: it picks the next free name and the next free second.
 */
function createNew(ws: Workspace, now: number, plan: (ws: Workspace, taken: ReadonlySet<string>) => Planned): Written {
  const taken = new Set<string>();
  for (let current = ws; ; ) {
    const planned = plan(current, taken);
    try {
      createFileExclusive(incidentWritePath(ws.root, planned.change.path), planned.change.text);
      return planned;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || taken.has(planned.change.path)) throw e;
      taken.add(planned.change.path);
      current = readWorkspace(ws.root, now);
    }
  }
}

/**
 * The file that declares an incident: `incidents/<day>-<slug>/index.md`, maintenance taking the day
 * its window starts; an id whose folder exists (or holds one of the `taken` paths) gets `-2`, `-3`….
 */
export function planDeclaration(ws: Workspace, d: Declaration, message: string, now: number, taken: ReadonlySet<string> = new Set()): Planned {
  const tz = ws.repository.config.site.timezone;
  const maintenance = d.type === 'maintenance';
  const folders = new Set([...ws.input.incidentFiles.map((f) => f.path), ...taken].map((p) => p.split('/')[1]!));
  const id = incidentId(dayKey(d.window?.start ?? d.at, tz), d.title, folders, maintenance ? 'maintenance' : 'incident');
  const path = `incidents/${id}/index.md`;
  const frontmatter = {
    title: d.title,
    type: maintenance ? 'maintenance' : undefined,
    impact: d.impact,
    status: d.status,
    at: isoInZone(d.at, tz),
    window: d.window && { start: isoInZone(d.window.start, tz), end: isoInZone(d.window.end, tz) },
    components: d.components,
    source: d.source === 'manual' ? undefined : d.source,
    draft: d.draft || undefined,
    global: d.global === false ? false : undefined,
    author: d.author,
  };
  return planFile(ws, id, { path, text: formatIncidentFile(frontmatter, message) }, now);
}

/** Creates `incidents/<day>-<slug>/index.md`, taking the next free id when the folder exists. */
export function declare(ws: Workspace, d: Declaration, message: string, now: number): Written {
  return createNew(ws, now, (current, taken) => planDeclaration(current, d, message, now, taken));
}

/** One update file of an incident, named by its time and `what` it does; a taken name gets `-2`, `-3`…. */
export function planUpdate(
  ws: Workspace,
  incident: Incident,
  u: Update,
  what: string,
  message: string,
  now: number,
  taken: ReadonlySet<string> = new Set(),
): Planned {
  const tz = ws.repository.config.site.timezone;
  const folder = `incidents/${incident.id}/`;
  const names = new Set([...ws.input.incidentFiles.map((f) => f.path), ...taken].filter((p) => p.startsWith(folder)).map((p) => p.slice(folder.length)));
  const at = nextFreeSecond(
    u.at,
    incident.entries.map((e) => e.at),
  );
  const path = folder + updateFileName(at, what, tz, names);
  const frontmatter = { at: isoInZone(at, tz), ack: u.ack, status: u.status, impact: u.impact, components: u.components, author: u.author };
  const planned = planFile(ws, incident.id, { path, text: formatIncidentFile(frontmatter, message) }, now);
  const asked = nextFreeSecond(u.at, []);
  return at === asked
    ? { ...planned, at }
    : {
        ...planned,
        at,
        note: `Stamped ${isoInZone(at, tz)}: ${isoInZone(asked, tz)} already has an entry of ${incident.id}, and two entries at one instant cannot be ordered.`,
      };
}

/**
 * Adds one update file to an incident, named by its time and `what` it does, so that two people
 * updating at once add two files and never conflict.
 */
export function postUpdate(ws: Workspace, incident: Incident, u: Update, what: string, message: string, now: number): Written {
  return createNew(ws, now, (current, taken) =>
    planUpdate(current, current.repository.incidents.find((i) => i.id === incident.id) ?? incident, u, what, message, now, taken),
  );
}

/** What to do next with a newly declared incident or maintenance. */
export function publishHint(incident: Incident): string {
  return incident.draft ? `It is a draft: nobody sees it until "cairn publish ${incident.id}".` : 'Commit and push it to publish it.';
}

/** What a write command prints: a headline, the file, and any warning the change brought. */
export function report(io: { stdout(t: string): void; stderr(t: string): void }, headline: string, written: Written, next?: string): void {
  io.stdout(`${headline}\n  ${written.path}\n${written.note ? `${written.note}\n` : ''}${next ? `${next}\n` : ''}`);
  if (!written.warnings.length) return;
  const standing = written.warnings.some((d) => d.severity === 'error');
  io.stderr(
    `${standing ? 'The incident already had errors, which keep the site from building until they are fixed ("cairn check" says how):\n' : ''}${formatDiagnostics(written.warnings, 'human')}\n`,
  );
}
