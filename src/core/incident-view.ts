import { label, type Impact } from './enums.ts';
import type { Timeline, TimelineEntry } from './timeline.ts';

/** How pages name an incident's parts. */

/** The heading of a timeline entry: the status it set (the declaration always has one), else "Update". */
export function entryLabel(entry: TimelineEntry): string {
  return entry.id === 'declared' || entry.status !== undefined ? label(entry.state.status) : 'Update';
}

/** An open incident shows its impact now; a closed one is remembered by the worst it got. */
export function shownImpact(timeline: Timeline): Impact {
  return timeline.active ? timeline.impact : timeline.peakImpact;
}
