import { stringify } from 'yaml';
import { SECOND, wallClock } from '#core/model/time.ts';

/** Writing incident files: the inverse of `repository.ts`, for the CLI and the probe. */

/** Frontmatter (fields in the given order, undefined left out) and a Markdown body, as one file. */
export function formatIncidentFile(frontmatter: Record<string, unknown>, body: string): string {
  const fields = Object.fromEntries(Object.entries(frontmatter).filter(([, v]) => v !== undefined));
  const yaml = stringify(fields, { lineWidth: 0 }).trimEnd();
  return `---\n${yaml}\n---\n${body.trim()}\n`;
}

/**
 * `2026-11-23T1305-identified.md`: the time (wall clock of the site's zone) and what the update
 * does, so a folder lists in timeline order. A name already taken gets `-2`, `-3`…. Statuses
 * with an underscore (`in_progress`) are written with a hyphen, as update names allow.
 */
export function updateFileName(at: number, what: string, timeZone: string, taken: ReadonlySet<string>): string {
  const w = wallClock(at, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  const stem = `${w.y}-${p(w.mo)}-${p(w.d)}T${p(w.h)}${p(w.mi)}-${what.replaceAll('_', '-')}`;
  let name = `${stem}.md`;
  for (let i = 2; taken.has(name); i++) name = `${stem}-${i}.md`;
  return name;
}

/**
 * The time a new entry of an incident gets: `at` to the second (files keep seconds), moved on to
 * the next second that no entry of the incident has. Two entries at one instant could not be
 * ordered, so writers never make one.
 */
export function nextFreeSecond(at: number, taken: Iterable<number>): number {
  const used = new Set(taken);
  let t = Math.floor(at / SECOND) * SECOND;
  while (used.has(t)) t += SECOND;
  return t;
}
