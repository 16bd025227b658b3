import { fold, isFinal, type Timeline } from '#core/derive/timeline.ts';
import { label } from '#core/model/enums.ts';
import type { Incident } from '#core/parse/repository.ts';
import { formatDateTime } from '#core/render/format.ts';
import type { CommandArgs, Io } from './command.ts';
import { parseAt, type WRITE_OPTIONS } from './flags.ts';
import { authorFor, findIncident, openWorkspace, postUpdate, report, type Update, type Workspace } from './incident-writer.ts';
import { readMessage } from './message.ts';

/** What one of the update commands (update, resolve, reopen, escalate, affect) adds to an incident. */
export interface UpdatePlan {
  update: Omit<Update, 'at' | 'author'>;
  /** Names the file: `2026-11-23T1305-<what>.md`. */
  what: string;
  /** The message when none is given, for commands whose change speaks for itself. */
  fallback?: string;
  /** The line printed once written, from the incident's state with the update. */
  headline(after: Timeline): string;
}

type Args = CommandArgs<typeof WRITE_OPTIONS>;

/** Finds the incident, lets `plan` decide (or refuse) the update, reads the message and writes the file. */
export async function runUpdate(
  { values, positionals }: Args,
  io: Io,
  plan: (incident: Incident, now: Timeline, ws: Workspace) => UpdatePlan,
): Promise<number> {
  const ws = openWorkspace(io.cwd, io.now);
  const incident = findIncident(ws, positionals[0]!);
  const p = plan(incident, fold(incident, io.now), ws);
  const at = parseAt(values.at, ws.repository.config.site.timezone, io.now);
  const message = await readMessage(io, values.message, { fallback: p.fallback });
  const written = postUpdate(ws, incident, { ...p.update, at, author: authorFor(values.author, io.cwd) }, p.what, message, io.now);
  report(io, p.headline(fold(written.incident, Math.max(io.now, written.at ?? at))), written);
  return 0;
}

/** A resolved incident (or completed maintenance) is not resolved again: it is reopened first. */
export function refuseFinal(incident: Incident, now: Timeline, timeZone: string): void {
  if (!isFinal(now.status)) return;
  const when = now.resolvedAt === undefined ? '' : ` (${formatDateTime(now.resolvedAt, timeZone)})`;
  const hint = incident.type === 'incident' ? `; to reopen it, run "cairn reopen ${incident.id}"` : '';
  throw new Error(`${incident.id} is already ${label(now.status).toLowerCase()}${when}${hint}`);
}

/** `identified → monitoring`, or `still identified` when the status did not change. */
export function statusChange(before: Timeline, after: Timeline): string {
  const b = label(before.status).toLowerCase();
  const a = label(after.status).toLowerCase();
  return a === b ? `still ${a}` : `${b} → ${a}`;
}
