import { type Impact, label } from '#core/model/enums.ts';
import type { Folded, Timeline, TimelineEntry } from './timeline.ts';

/** How pages name an incident's parts. */

/**
 * The heading of a timeline entry: the status it set (the declaration always has one), else
 * "Acknowledged" for an acknowledgement, else "Update".
 */
export function entryLabel(entry: TimelineEntry): string {
  if (entry.id === 'declared' || entry.status !== undefined) return label(entry.state.status);
  return entry.ack ? 'Acknowledged' : 'Update';
}

/** An open incident shows its impact now; a closed one is remembered by the worst it got. */
export function shownImpact(timeline: Timeline): Impact {
  return timeline.active ? timeline.impact : timeline.peakImpact;
}

/** The postmortem once readers can see it; one without `at` is shown but cannot be dated. */
export function visiblePostmortem(f: Folded, now: number): Folded['incident']['postmortem'] {
  const pm = f.incident.postmortem;
  return pm && (pm.at === undefined || pm.at <= now) ? pm : undefined;
}
