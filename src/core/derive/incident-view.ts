import { type AffectedStatus, label } from '#core/model/enums.ts';
import { isMade } from '#core/model/time.ts';
import { everAffected } from './affected.ts';
import type { Folded, TimelineEntry } from './timeline.ts';

/** How pages name an incident's parts. */

/**
 * The heading of a timeline entry: the status it set (the declaration always has one), else
 * "Acknowledged" for an acknowledgement, else "Update".
 */
export function entryLabel(entry: TimelineEntry): string {
  if (entry.id === 'declared' || entry.status !== undefined) return label(entry.state.status);
  return entry.ack ? 'Acknowledged' : 'Update';
}

/** The postmortem once readers can see it; one without `at` is shown but cannot be dated. */
export function visiblePostmortem(f: Folded, now: number): Folded['incident']['postmortem'] {
  const pm = f.incident.postmortem;
  return pm && (pm.at === undefined || isMade(pm.at, now)) ? pm : undefined;
}

/**
 * Which components an incident header shows, and as what: an active incident what it affects
 * now; a resolved one what it affected and how badly at worst; planned maintenance what it will
 * affect, never as a status of now.
 */
export interface AffectedView {
  when: 'now' | 'at-worst' | 'planned';
  /** `Affected now`, `Affected at worst`, `Planned for`. */
  caption: string;
  components: Record<string, AffectedStatus>;
}

export function affectedView({ incident, timeline }: Folded): AffectedView {
  // Scheduled, or called off before it started (it never affected anything): what was planned.
  if (incident.type === 'maintenance' && (timeline.status === 'scheduled' || timeline.calledOff))
    return { when: 'planned', caption: 'Planned for', components: timeline.components };
  if (timeline.active) return { when: 'now', caption: 'Affected now', components: timeline.components };
  return { when: 'at-worst', caption: 'Affected at worst', components: everAffected(timeline.entries.map((e) => e.state)) };
}

/**
 * When a maintenance window is shown as running: the planned window while it is scheduled and
 * when it was called off; else from its real start (an early one included) to its real end, the
 * planned end until it is over.
 */
export function windowShown({ incident, timeline }: Folded): { start: number; end: number } {
  const window = incident.window!;
  if (timeline.calledOff) return window;
  return { start: timeline.startedAt, end: timeline.resolvedAt ?? window.end };
}
