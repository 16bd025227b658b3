import { affectedComponents } from '#core/derive/affected.ts';
import { describeBreach, type Metrics, type MetricsGroup } from '#core/derive/metrics.ts';
import { PAGE_INDICATOR } from '#core/derive/page-status.ts';
import type { Snapshot } from '#core/derive/snapshot.ts';
import type { Folded } from '#core/derive/timeline.ts';
import type { Config } from '#core/model/config.ts';
import { type ComponentStatus, type Impact, label, sevLevel } from '#core/model/enums.ts';
import { formatDuration, isoInZone } from '#core/model/time.ts';
import { escapeTerminal } from '#core/render/escape.ts';
import { formatDateTime, formatRange } from '#core/render/format.ts';
import { impactName, impactText, pageHeadline } from '#core/render/labels.ts';
import { plainText } from '#core/render/markdown.ts';
import { routes } from '#core/render/routes.ts';
import { urls } from '#core/render/urls.ts';

/**
 * What the CLI shows of a repository: text for a terminal, coloured only when asked (a person
 * is watching), and the same facts as JSON for scripts.
 */

const ANSI = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', blue: '34', boldRed: '1;31' } as const;
type Colour = keyof typeof ANSI;

const STATUS_COLOUR: Record<ComponentStatus, Colour> = {
  unknown: 'dim',
  operational: 'green',
  under_maintenance: 'blue',
  degraded_performance: 'yellow',
  partial_outage: 'red',
  major_outage: 'boldRed',
};
const IMPACT_COLOUR: Record<Impact, Colour> = { none: 'green', minor: 'yellow', major: 'red', critical: 'boldRed' };

function painter(colour: boolean) {
  return (text: string, c: Colour) => (colour ? `\x1b[${ANSI[c]}m${text}\x1b[0m` : text);
}

/** Words wrapped to `width` columns, each line indented. */
function wrap(text: string, indent: string, width = 80): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** The page status, components by group, and active incidents and maintenance, as the site shows them now. */
export function renderStatus(s: Snapshot, colour: boolean): string {
  const paint = painter(colour);
  const tz = s.config.site.timezone;
  const out: string[] = [];
  const indicator = PAGE_INDICATOR[s.page];
  const pageColour: Colour = s.page === 'maintenance' ? 'blue' : s.page === 'unknown' ? 'dim' : IMPACT_COLOUR[indicator];
  out.push(`${paint(escapeTerminal(s.config.site.title), 'bold')}: ${paint(escapeTerminal(pageHeadline(s)), pageColour)}`);
  out.push(paint(`as of ${formatDateTime(s.now, tz)}`, 'dim'), '');

  const names = new Map(s.config.components.map((c) => [c.id, escapeTerminal(c.name)]));
  const width =
    Math.max(...s.sections.flatMap((sec) => [sec.group ? escapeTerminal(sec.group.name).length : 0, ...sec.members.map((m) => 2 + names.get(m.id)!.length)])) +
    3;
  const statusCell = (status: ComponentStatus) => paint(label(status), STATUS_COLOUR[status]);
  for (const section of s.sections) {
    if (section.group) out.push(`${paint(escapeTerminal(section.group.name).padEnd(width), 'bold')}${statusCell(section.status)}`);
    const indent = section.group ? '  ' : '';
    for (const m of section.members) out.push(`${(indent + names.get(m.id)!).padEnd(width)}${statusCell(m.status)}`);
  }

  const block = (title: string, items: Folded[], describe: (f: Folded) => string) => {
    if (!items.length) return;
    out.push('', paint(title, 'bold'));
    for (const f of items) {
      out.push(`  ${paint(escapeTerminal(f.incident.title), 'bold')}  ${paint(f.incident.id, 'dim')}`);
      out.push(`    ${describe(f)}`);
      const latest = f.timeline.entries[0];
      if (latest) out.push(...wrap(`${formatDateTime(latest.at, tz)}: ${escapeTerminal(plainText(latest.body))}`, '    '));
    }
  };
  block('Active incidents', s.activeIncidents, (f) => {
    const parts = [
      paint(impactText(f), IMPACT_COLOUR[f.timeline.impact]),
      label(f.timeline.status),
      `since ${formatDateTime(f.timeline.startedAt, tz)} (${formatDuration(s.now - f.timeline.startedAt)})`,
    ];
    return parts.join(' · ');
  });
  const windowText = (f: Folded) => {
    const w = f.incident.window!;
    const affected = affectedComponents(s.config, f.timeline.components)
      .map((c) => escapeTerminal(c.name))
      .join(', ');
    return [label(f.timeline.status), formatRange(w.start, w.end, tz), affected].filter(Boolean).join(' · ');
  };
  block('Maintenance in progress', s.ongoingMaintenance, windowText);
  block('Upcoming maintenance', s.upcomingMaintenance, windowText);
  if (!s.activeIncidents.length && !s.ongoingMaintenance.length) out.push('', 'No active incidents.');
  return `${out.join('\n')}\n`;
}

/** One incident or maintenance for scripts: what `cairn list --json` and `cairn status --json` print. */
export function incidentSummary(f: Folded, config: Config) {
  const tz = config.site.timezone;
  const time = (t: number | undefined) => (t === undefined ? null : isoInZone(t, tz));
  return {
    id: f.incident.id,
    title: f.incident.title,
    type: f.incident.type,
    status: f.timeline.status,
    impact: f.incident.type === 'maintenance' ? null : f.timeline.impact,
    sev: f.incident.type === 'maintenance' ? null : sevLevel(f.timeline.impact),
    components: f.timeline.components,
    started_at: time(f.timeline.startedAt),
    resolved_at: time(f.timeline.resolvedAt),
    duration_ms: f.timeline.durationMs ?? null,
    window: f.incident.window ? { start: time(f.incident.window.start), end: time(f.incident.window.end) } : null,
    url: urls(config.site.url).absolute(routes.incident(f.incident.id)),
  };
}

export function statusJson(s: Snapshot) {
  const component = (id: string) => s.config.components.find((c) => c.id === id)!;
  return {
    page: { status: s.page, description: pageHeadline(s), indicator: PAGE_INDICATOR[s.page] },
    now: isoInZone(s.now, s.config.site.timezone),
    components: s.sections.flatMap((sec) =>
      sec.members.map((m) => ({ id: m.id, name: component(m.id).name, group: sec.group?.id ?? null, status: m.status, incidents: m.incidents })),
    ),
    active_incidents: s.activeIncidents.map((f) => incidentSummary(f, s.config)),
    ongoing_maintenance: s.ongoingMaintenance.map((f) => incidentSummary(f, s.config)),
    upcoming_maintenance: s.upcomingMaintenance.map((f) => incidentSummary(f, s.config)),
  };
}

/** A table of incidents, newest first, or a sentence when there are none. */
export function renderList(items: Folded[], config: Config, colour: boolean): string {
  if (!items.length) return 'No incidents match.\n';
  const paint = painter(colour);
  const tz = config.site.timezone;
  const rows = items.map((f) => ({
    cells: [
      f.incident.id,
      label(f.timeline.status),
      impactText(f),
      formatDateTime(f.timeline.startedAt, tz),
      f.timeline.durationMs !== undefined ? formatDuration(f.timeline.durationMs) : f.timeline.active ? 'ongoing' : '',
      escapeTerminal(f.incident.title),
    ],
    colour: (f.incident.type === 'maintenance' ? 'blue' : f.timeline.active ? IMPACT_COLOUR[f.timeline.impact] : 'dim') as Colour,
  }));
  const [head, ...lines] = table(
    ['ID', 'STATUS', 'IMPACT', 'STARTED', 'DURATION', 'TITLE'],
    rows.map((r) => r.cells),
  );
  return `${[paint(head!, 'bold'), ...lines.map((l, i) => paint(l, rows[i]!.colour))].join('\n')}\n`;
}

/** A table with a header row; the last column is not padded. */
function table(head: string[], rows: string[][], indent = ''): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => indent + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)];
}

const duration = (ms: number | undefined) => (ms === undefined ? '–' : formatDuration(ms));

/** `cairn metrics`: counts, MTTA and MTTR with SLA breaches, overall, by impact and by component. */
export function renderMetrics(m: Metrics, config: Config): string {
  const tz = config.site.timezone;
  const out: string[] = [];
  const period =
    m.from === undefined ? `All incidents up to ${formatDateTime(m.to, tz)}` : `Incidents from ${formatDateTime(m.from, tz)} to ${formatDateTime(m.to, tz)}`;
  const o = m.overall;
  out.push(period, `${o.incidents} incident${o.incidents === 1 ? '' : 's'}: ${o.resolved} resolved, ${o.incidents - o.resolved} open`, '');
  const head = ['', 'INCIDENTS', 'MTTA', 'MTTR', 'LATE ACK', 'LATE RESOLVE'];
  const row = (name: string, g: MetricsGroup) => [
    name,
    String(g.incidents),
    duration(g.mtta.ms),
    duration(g.mttr.ms),
    String(g.breaches.acknowledge),
    String(g.breaches.resolve),
  ];
  out.push(...table(head, [row('Overall', o), ...m.byImpact.map((g) => row(impactName(g.impact), g))]));
  out.push(
    '',
    ...table(
      ['By component', ...head.slice(1)],
      m.byComponent.map((g) => row(escapeTerminal(g.name), g)),
    ),
  );
  if (m.responders.length) {
    out.push(
      '',
      ...table(
        ['By responder', 'ACKS', 'UPDATES', 'INCIDENTS', 'MEDIAN FIRST RESPONSE'],
        m.responders.map((r) => [escapeTerminal(r.author), String(r.acks), String(r.updates), String(r.incidents), formatDuration(r.medianFirstResponseMs)]),
      ),
    );
  }
  const targets = Object.entries(config.site.sla) as Array<[Impact, { acknowledge: number; resolve: number }]>;
  out.push(
    '',
    'SLA targets (acknowledge / resolve, by highest impact): ' +
      targets.map(([impact, t]) => `${sevLevel(impact)} ${formatDuration(t.acknowledge)} / ${formatDuration(t.resolve)}`).join(', '),
  );
  out.push('', m.breaches.length ? 'SLA breaches' : 'No SLA breaches.');
  for (const b of m.breaches) out.push(`  ${b.id}  ${sevLevel(b.sla.impact)}  ${describeBreach(b.sla)}`);
  return `${out.join('\n')}\n`;
}
