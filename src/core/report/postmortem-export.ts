import { type AffectedComponent, affectedComponents, everAffected } from '#core/derive/affected.ts';
import { entryLabel } from '#core/derive/incident-view.ts';
import { sla } from '#core/derive/sla.ts';
import type { Folded } from '#core/derive/timeline.ts';
import type { Config } from '#core/model/config.ts';
import { type AffectedStatus, type Impact, label, type Status, sevLevel } from '#core/model/enums.ts';
import { formatDuration, isoInZone } from '#core/model/time.ts';
import { formatDateTime } from '#core/render/format.ts';
import { describeAffected, impactName } from '#core/render/labels.ts';
import { routes } from '#core/render/routes.ts';
import { urls } from '#core/render/urls.ts';

/**
 * The postmortem document of one incident, as data (`cairn export --format json`) and as Markdown
 * to paste into a review: summary with SLA, the timeline oldest first, the postmortem text, and a
 * checklist of action items taken from the postmortem.
 */

export interface TargetFigure {
  ms?: number;
  target_ms: number;
  met: boolean;
}

export interface PostmortemDocument {
  id: string;
  title: string;
  url: string;
  time_zone: string;
  summary: {
    /** The highest impact it had, which the SLA targets go by (the page shows the current one). */
    impact: Impact;
    sev: string;
    status: Status;
    /** Every component it affected, with the worst status it gave each. */
    components: AffectedComponent[];
    started_at: string;
    resolved_at: string | null;
    duration_ms: number | null;
    acknowledge: TargetFigure;
    resolve: TargetFigure;
  };
  timeline: Array<{
    at: string;
    /** The status it set, or "Update" for a message alone. */
    label: string;
    /** The status after it. */
    status: Status;
    /** Set when the entry changed the impact (always on the declaration). */
    impact: Impact | null;
    /** The affected components after the entry, when it set them. */
    components: Record<string, AffectedStatus> | null;
    author: string | null;
    message: string;
  }>;
  postmortem: { at: string | null; author: string | null; markdown: string } | null;
  action_items: ActionItem[];
}

// Whole words: "Failed transactions" is not a heading of action items.
const ACTION_HEADING = /\b(actions?|action items?|follow[- ]?ups?|next steps?|remediation|prevent\w*|what we (are|'re|will) chang\w*)\b/i;

export interface ActionItem {
  text: string;
  done: boolean;
}

/**
 * The list items under the postmortem's action-item headings ("Action items", "What we are
 * changing"…), and the rest of the text: a section that holds nothing but those items is taken
 * out of it, so the document does not list them twice.
 */
export function splitActionItems(markdown: string): { items: ActionItem[]; narrative: string } {
  const lines = markdown.split('\n');
  const items: ActionItem[] = [];
  const taken = new Set<number>();
  let section: { level: number; lines: number[]; onlyItems: boolean } | undefined;
  let current: string[] | undefined;
  const flush = () => {
    if (!current) return;
    const text = current.join(' ').replace(/\s+/g, ' ').trim();
    const box = /^\[([ xX])\]\s*/.exec(text);
    items.push({ text: box ? text.slice(box[0].length) : text, done: box ? box[1] !== ' ' : false });
    current = undefined;
  };
  const close = () => {
    flush();
    if (section?.onlyItems) for (const i of section.lines) taken.add(i);
    section = undefined;
  };
  let fenced = false;
  lines.forEach((line, i) => {
    // A `#` line inside a code block is code, not a heading.
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading && section && heading[1]!.length <= section.level) close();
    if (heading && !section) {
      if (ACTION_HEADING.test(heading[2]!)) section = { level: heading[1]!.length, lines: [i], onlyItems: true };
      return;
    }
    if (!section) return;
    section.lines.push(i);
    const item = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      current = [item[1]!];
    } else if (line.trim() === '') flush();
    else if (current && !heading) current.push(line.trim());
    else {
      // A sub-heading or a paragraph: the section says more than its items and stays.
      flush();
      section.onlyItems = false;
    }
  });
  close();
  return {
    items,
    narrative: lines
      .filter((_, i) => !taken.has(i))
      .join('\n')
      .trim(),
  };
}

export function postmortemDocument(f: Folded, config: Config, now: number): PostmortemDocument {
  const tz = config.site.timezone;
  const { incident, timeline } = f;
  const iso = (t: number | undefined) => (t === undefined ? null : isoInZone(t, tz));
  const s = sla(timeline, config, now);
  const chronological = [...timeline.entries].reverse();
  let impact: Impact | undefined;
  return {
    id: incident.id,
    title: incident.title,
    url: urls(config.site.url).absolute(routes.incident(incident.id)),
    time_zone: tz,
    summary: {
      impact: timeline.peakImpact,
      sev: sevLevel(timeline.peakImpact),
      status: timeline.status,
      components: affectedComponents(config, everAffected(chronological.map((e) => e.state))),
      started_at: isoInZone(timeline.startedAt, tz),
      resolved_at: iso(timeline.resolvedAt),
      duration_ms: timeline.durationMs ?? null,
      acknowledge: { ms: s.acknowledgeMs, target_ms: s.targets.acknowledgeMs, met: !s.acknowledgeBreached },
      resolve: { ms: s.resolveMs, target_ms: s.targets.resolveMs, met: !s.resolveBreached },
    },
    timeline: chronological.map((e) => {
      const changed = e.state.impact !== impact;
      impact = e.state.impact;
      return {
        at: isoInZone(e.at, tz),
        label: entryLabel(e),
        status: e.state.status,
        impact: changed ? e.state.impact : null,
        components: e.components ? e.state.components : null,
        author: e.author ?? null,
        message: e.body.trim(),
      };
    }),
    postmortem: incident.postmortem
      ? { at: iso(incident.postmortem.at), author: incident.postmortem.author ?? null, markdown: incident.postmortem.body.trim() }
      : null,
    action_items: incident.postmortem ? splitActionItems(incident.postmortem.body).items : [],
  };
}

/** Headings one level down, so the postmortem sits under the document's own headings. */
function demote(markdown: string): string {
  let fenced = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (/^(```|~~~)/.test(line)) fenced = !fenced;
      return !fenced && /^#{1,5}\s/.test(line) ? `#${line}` : line;
    })
    .join('\n');
}

/** `over`: the incident is resolved, so what has not happened by now never will. */
function targetText(t: TargetFigure, what: string, over: boolean): string {
  const target = `target ${formatDuration(t.target_ms)}`;
  if (t.ms === undefined) return `${over ? `never ${what}` : `not ${what} yet`} (${target}${t.met ? '' : ', missed'})`;
  return `${formatDuration(t.ms)} (${target}, ${t.met ? 'met' : `missed by ${formatDuration(t.ms - t.target_ms)}`})`;
}

export function renderPostmortemMarkdown(doc: PostmortemDocument, config: Config): string {
  const tz = doc.time_zone;
  const time = (iso: string) => formatDateTime(Date.parse(iso), tz);
  const affected = (components: Record<string, AffectedStatus>) => describeAffected(components, config) || 'none';
  const s = doc.summary;
  const out = [
    `# Postmortem: ${doc.title}`,
    '',
    `Incident \`${doc.id}\`: ${doc.url}`,
    '',
    '## Summary',
    '',
    '| | |',
    '| --- | --- |',
    `| Highest impact | ${impactName(s.impact)} |`,
    `| Status | ${label(s.status)} |`,
    // A "|" in a component's name would end the cell.
    `| Components | ${affected(Object.fromEntries(s.components.map((c) => [c.id, c.status]))).replace(/\|/g, '\\|')} |`,
    `| Started | ${time(s.started_at)} |`,
    `| Resolved | ${s.resolved_at ? time(s.resolved_at) : 'not yet'} |`,
    `| Duration | ${s.duration_ms === null ? 'ongoing' : formatDuration(s.duration_ms)} |`,
    `| Time to acknowledge | ${targetText(s.acknowledge, 'acknowledged by a person', s.resolved_at !== null)} |`,
    `| Time to resolve | ${targetText(s.resolve, 'resolved', false)} |`,
    '',
    '## Timeline',
  ];
  for (const e of doc.timeline) {
    const notes = [e.impact && `Impact: ${impactName(e.impact)}`, e.components && `Components: ${affected(e.components)}`, e.author && `By ${e.author}`].filter(
      Boolean,
    );
    out.push('', `### ${time(e.at)}: ${e.label}`, '');
    if (notes.length) out.push(`_${notes.join(' · ')}_`, '');
    out.push(e.message);
  }
  out.push('', '## Postmortem');
  if (doc.postmortem) {
    const by = [doc.postmortem.author && `by ${doc.postmortem.author}`, doc.postmortem.at && `on ${time(doc.postmortem.at)}`].filter(Boolean);
    if (by.length) out.push('', `_Written ${by.join(' ')}._`);
    const { narrative } = splitActionItems(doc.postmortem.markdown);
    if (narrative) out.push('', demote(narrative));
  } else {
    out.push('', `_No postmortem yet: write it in incidents/${doc.id}/postmortem.md._`);
  }
  out.push('', '## Action items', '');
  if (doc.action_items.length) out.push(...doc.action_items.map((a) => `- [${a.done ? 'x' : ' '}] ${a.text}`));
  else out.push('_None recorded yet: list them in the postmortem under a heading such as "Action items"._');
  return `${out.join('\n')}\n`;
}
