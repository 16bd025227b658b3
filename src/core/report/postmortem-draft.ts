import type { Config } from '#core/model/config.ts';
import { formatDuration } from '#core/model/time.ts';
import { formatDateTime } from '#core/render/format.ts';
import { describeAffected, impactName } from '#core/render/labels.ts';
import type { PostmortemDocument } from './postmortem-export.ts';

/**
 * The first draft of `postmortem.md` (`cairn postmortem`): the facts the timeline already knows,
 * and headings with a sentence saying what the team should write under each. Prompts are in
 * italics, never list items, so an unfinished draft shows no invented action item.
 */
export function postmortemDraft(doc: PostmortemDocument, config: Config): string {
  const tz = doc.time_zone;
  const time = (iso: string) => formatDateTime(Date.parse(iso), tz);
  const s = doc.summary;
  const components = describeAffected(Object.fromEntries(s.components.map((c) => [c.id, c.status])), config) || 'no listed component';
  const lasted = s.duration_ms === null ? 'is not resolved yet' : `lasted ${formatDuration(s.duration_ms)}`;
  const acknowledged = s.acknowledge.ms === undefined ? 'was not acknowledged' : `was acknowledged after ${formatDuration(s.acknowledge.ms)}`;
  const firstLine = (text: string) =>
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '';
  return [
    '## Summary',
    '',
    `${doc.title}: a ${impactName(s.impact)} incident that began ${time(s.started_at)}, affected ${components}, ${acknowledged} and ${lasted}.`,
    '',
    '_Say in two or three sentences what happened and what readers felt._',
    '',
    '## Timeline',
    '',
    ...doc.timeline.map((e) => `- ${time(e.at)}: ${e.label}${e.author ? ` (${e.author})` : ''}. ${firstLine(e.message)}`),
    '',
    '## Impact',
    '',
    `${components}, for ${s.duration_ms === null ? 'as long as it lasts' : formatDuration(s.duration_ms)}.`,
    '',
    '_Say who was affected and how: failed requests, delayed payments, customers who had to retry._',
    '',
    '## Root cause',
    '',
    '_Say why it happened, and why it was not caught earlier._',
    '',
    '## Action items',
    '',
    '_List each change that keeps it from happening again as "- [ ] what (owner)"; tick it once done._',
    '',
  ].join('\n');
}
