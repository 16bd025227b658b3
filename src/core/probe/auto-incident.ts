import { fold, isReopen, type Timeline } from '#core/derive/timeline.ts';
import type { CheckResult, ProbeData } from '#core/model/check-data.ts';
import type { Component, Config } from '#core/model/config.ts';
import { AFFECTED_STATUSES, type AffectedStatus, label, type Source, type Status } from '#core/model/enums.ts';
import { PROBE_AUTHOR } from '#core/model/incident.ts';
import type { ProbeKind } from '#core/model/probe.ts';
import { incidentId } from '#core/model/slug.ts';
import { shortLine } from '#core/model/text.ts';
import { dayKey, formatDuration, isoInZone, isoUtc } from '#core/model/time.ts';
import { formatIncidentFile, nextFreeSecond, updateFileName } from '#core/parse/incident-file.ts';
import type { Incident } from '#core/parse/repository.ts';
import { formatDateTime } from '#core/render/format.ts';
import type { UpstreamIncident } from './upstream.ts';
import { describeCheck } from './verdict.ts';

/**
 * The probe's incident state machine, per component, derived from its results and the incidents
 * in the repository (never from a hidden state file):
 * - `failure_threshold` consecutive failed checks open an auto-incident, dated at the first of them;
 * - `success_threshold` consecutive good checks resolve it, dated at the first of those;
 * - never two open auto-incidents for a component; none while it is under maintenance or already
 *   covered by an active incident declared by people; none within the cooldown after the last
 *   auto-incident of the component was resolved.
 * A streak breaks where checks are more than three probe intervals apart (the data went stale).
 */

export interface AutoIncidentInput {
  config: Config;
  /** Every incident in the repository, drafts included. */
  incidents: Incident[];
  /** Results by component, including this run's. */
  probeData: Map<string, ProbeData>;
  /** Components probed in this run; only they get actions. */
  probed: string[];
  /** Folder names already used under `incidents/`, readable or not. */
  takenIds: Iterable<string>;
  now: number;
  /** The upstream incident behind a statuspage probe's failure in this run, by component. */
  upstream?: Map<string, UpstreamIncident>;
}

export interface IncidentAction {
  kind: 'open' | 'resolve';
  component: string;
  incident: string;
  files: Array<{ path: string; text: string }>;
  title: string;
  /** One line of evidence, for logs and pull request titles. */
  summary: string;
}

type Kind = 'down' | 'degraded';
const AFFECTED: Record<Kind, AffectedStatus> = { down: 'major_outage', degraded: 'degraded_performance' };

interface Folded {
  incident: Incident;
  timeline: Timeline;
}

function affects(incident: Incident, id: string): boolean {
  return incident.entries.some((e) => e.components?.[id] !== undefined);
}

/** Who drafts an incident for each kind of probe. */
export const SOURCE_OF: Record<ProbeKind, Source> = {
  http: 'auto:uptime',
  tcp: 'auto:uptime',
  dns: 'auto:uptime',
  heartbeat: 'auto:heartbeat',
  statuspage: 'auto:integration',
};

function isAuto(f: Folded): boolean {
  return f.incident.source.startsWith('auto:') && f.incident.type === 'incident';
}

/**
 * From when checks speak for an incident's recovery: its start, or the last time it was reopened.
 * Whoever reopened it saw the problem back, whatever the checks before said.
 */
function watchedSince(timeline: Timeline): number {
  let since = timeline.startedAt;
  let before: Status | undefined;
  // Entries are newest first.
  for (const e of [...timeline.entries].reverse()) {
    if (before !== undefined && isReopen(before, e.state.status)) since = e.at;
    before = e.state.status;
  }
  return since;
}

/** The newest checks that all pass `accept`, oldest first, up to the first gap in the data. */
function trailing(checks: CheckResult[], interval: number, accept: (c: CheckResult) => boolean): CheckResult[] {
  const out: CheckResult[] = [];
  for (let i = checks.length - 1; i >= 0; i--) {
    const c = checks[i]!;
    if (!accept(c) || (out.length > 0 && out.at(-1)!.at - c.at > 3 * interval)) break;
    out.push(c);
  }
  return out.reverse();
}

function checksUpTo(history: ProbeData | undefined, now: number): CheckResult[] {
  return (history?.checks ?? []).filter((c) => c.at <= now);
}

export function autoIncidentActions(input: AutoIncidentInput): IncidentAction[] {
  const { config, now } = input;
  const tz = config.site.timezone;
  const byId = new Map(config.components.map((c) => [c.id, c]));
  const folded: Folded[] = input.incidents.map((incident) => ({ incident, timeline: fold(incident, now) }));
  const taken = new Set(input.takenIds);
  const actions: IncidentAction[] = [];
  const probed = new Set(input.probed);

  const openAuto = folded.filter((f) => isAuto(f) && f.timeline.status !== 'resolved');

  // Resolutions: an open auto-incident resolves once every probed component it affects is good again.
  for (const f of openAuto) {
    const ids = [...byId.keys()].filter((id) => affects(f.incident, id) && byId.get(id)!.probe);
    if (!ids.some((id) => probed.has(id))) continue;
    const since = watchedSince(f.timeline);
    const streaks = ids.map((id) => {
      const probe = byId.get(id)!.probe!;
      const good = trailing(checksUpTo(input.probeData.get(id), now), probe.interval, (c) => c.status === 'up' && c.at >= since);
      return { id, good, enough: good.length >= probe.success_threshold };
    });
    if (!streaks.every((s) => s.enough)) continue;
    const recoveredAt = Math.max(...streaks.map((s) => s.good[0]!.at));
    actions.push(resolve(f, byId.get(streaks[0]!.id)!, recoveredAt, streaks[0]!.good.length, tz));
  }

  for (const id of input.probed) {
    const component = byId.get(id);
    const probe = component?.probe;
    if (!component || !probe) continue;
    const own = folded.filter((f) => affects(f.incident, id));
    if (own.some((f) => isAuto(f) && f.timeline.status !== 'resolved')) continue;
    const active = own.filter((f) => !f.incident.draft && f.timeline.active);
    // Maintenance is expected downtime; an incident people declared already tells readers.
    if (active.length > 0) continue;

    const lastResolved = Math.max(-Infinity, ...own.filter(isAuto).map((f) => f.timeline.resolvedAt ?? -Infinity));
    if (now - lastResolved < config.site.auto_incidents.cooldown) continue;
    // Failures while people had an incident open were theirs to tell: a streak starts after it.
    const lastEnded = Math.max(
      lastResolved,
      ...own.filter((f) => !f.incident.draft && f.incident.type === 'incident').map((f) => f.timeline.resolvedAt ?? -Infinity),
    );
    const maintenance = own
      .filter((f) => f.incident.type === 'maintenance' && !f.incident.draft)
      .flatMap((f) => f.timeline.spans.filter((s) => s.components[id] !== undefined));
    const failing = trailing(
      checksUpTo(input.probeData.get(id), now),
      probe.interval,
      (c) =>
        c.status !== 'up' &&
        c.at > lastEnded &&
        !maintenance.some((s) => c.at >= s.start && c.at < s.end) &&
        // An upstream page that could not be read (or lacks a named component) reports no outage.
        (probe.kind !== 'statuspage' || c.extra.upstream !== undefined),
    );
    if (failing.length < probe.failure_threshold || now - failing.at(-1)!.at > 3 * probe.interval) continue;
    const kind: Kind = failing.slice(-probe.failure_threshold).some((c) => c.status === 'down') ? 'down' : 'degraded';
    const action = open(component, kind, failing, taken, config, input.upstream?.get(id));
    taken.add(action.incident);
    actions.push(action);
  }
  return actions;
}

/** What the probe saw, for the incident's message: the first paragraph differs by kind. */
function observation(component: Component, kind: Kind, failing: CheckResult[], tz: string, upstream?: UpstreamIncident): string[] {
  const probe = component.probe!;
  const first = failing[0]!;
  const last = failing.at(-1)!;
  if (probe.kind === 'heartbeat') {
    const since = last.extra.last ? `since ${formatDateTime(Date.parse(last.extra.last), tz)}` : 'since it was set up';
    return [
      `The scheduled job behind ${component.name} has not reported in ${since}; it reports every ${formatDuration(probe.every)} (${formatDuration(probe.grace)} grace).`,
    ];
  }
  if (probe.kind === 'statuspage') {
    const level = label(affectedBy(kind, last)).toLowerCase();
    const lines = [`The upstream status page that ${component.name} depends on reports ${level}, since ${formatDateTime(first.at, tz)}.`];
    if (upstream)
      lines.push(
        '',
        `Upstream incident: ${upstream.url ? `[${markdownText(upstream.name)}](${upstream.url.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : markdownText(upstream.name)}`,
      );
    return lines;
  }
  const observed = kind === 'down' ? 'failed' : 'found it degraded';
  return [
    `Automated checks of ${component.name} ${observed} ${failing.length === 1 ? 'once' : `${failing.length} times in a row`}, since ${formatDateTime(first.at, tz)}.`,
    '',
    `Latest check (${formatDateTime(last.at, tz)}): ${describeCheck(last, probe)}.`,
  ];
}

/** "3 consecutive checks", or "1 check" (a threshold of 1). */
function inARow(n: number): string {
  return n === 1 ? '1 check' : `${n} consecutive checks`;
}

/** Upstream text in our Markdown: no markup of its own. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

/** How the component is affected: a statuspage probe keeps the upstream's partial or major outage. */
function affectedBy(kind: Kind, last: CheckResult): AffectedStatus {
  const upstream = last.extra.upstream;
  return upstream && (AFFECTED_STATUSES as readonly string[]).includes(upstream) ? (upstream as AffectedStatus) : AFFECTED[kind];
}

function open(component: Component, kind: Kind, failing: CheckResult[], taken: Set<string>, config: Config, upstream?: UpstreamIncident): IncidentAction {
  const probe = component.probe!;
  const tz = config.site.timezone;
  const first = failing[0]!;
  const last = failing.at(-1)!;
  const id = incidentId(dayKey(first.at, tz), `${component.id}-${kind}`, taken);
  const title =
    probe.kind === 'heartbeat'
      ? `${component.name} missed its heartbeat`
      : probe.kind === 'statuspage' && upstream
        ? // The upstream page's words are another company's, and may be anything: one line that fits a pull request title.
          `${component.name}: ${shortLine(upstream.name, Math.max(40, 200 - component.name.length - 2))}`
        : `${component.name} is ${kind}`;
  const body = [
    ...observation(component, kind, failing, tz, upstream),
    '',
    'This incident was drafted by the probe. It resolves itself once checks succeed again.',
  ].join('\n');
  const text = formatIncidentFile(
    {
      title,
      source: SOURCE_OF[probe.kind],
      impact: probe.impact[kind],
      at: isoInZone(first.at, tz),
      components: { [component.id]: affectedBy(kind, last) },
      author: PROBE_AUTHOR,
    },
    body,
  );
  return {
    kind: 'open',
    component: component.id,
    incident: id,
    files: [{ path: `incidents/${id}/index.md`, text }],
    title,
    summary: `${inARow(failing.length)} ${kind === 'down' ? 'failed' : 'degraded'} since ${isoUtc(first.at)}: ${describeCheck(last, probe)}`,
  };
}

function resolve(f: Folded, component: Component, recoveredAt: number, good: number, tz: string): IncidentAction {
  const { incident, timeline } = f;
  const newest = Math.max(...incident.entries.map((e) => e.at));
  // Never before (nor at the instant of) an update people already posted: the timeline must keep moving forward.
  const at = nextFreeSecond(
    Math.max(recoveredAt, newest),
    incident.entries.map((e) => e.at),
  );
  const folder = incident.file.slice(0, incident.file.lastIndexOf('/'));
  const taken = new Set([...incident.entries.map((e) => e.file), incident.postmortem?.file ?? ''].map((p) => p.slice(p.lastIndexOf('/') + 1)));
  const name = updateFileName(at, 'resolved', tz, taken);
  const downtime = formatDuration(recoveredAt - timeline.startedAt);
  const since = formatDateTime(recoveredAt, tz);
  const body =
    component.probe?.kind === 'heartbeat'
      ? `The scheduled job behind ${component.name} reports in again, since ${since}. The problem lasted ${downtime}.`
      : component.probe?.kind === 'statuspage'
        ? `The upstream status page reports no problem for ${component.name} again: ${inARow(good)} since ${since}. The problem lasted ${downtime}.`
        : `${component.name} is answering normally again: ${inARow(good)} succeeded since ${since}. The problem lasted ${downtime}.`;
  return {
    kind: 'resolve',
    component: component.id,
    incident: incident.id,
    files: [{ path: `${folder}/${name}`, text: formatIncidentFile({ at: isoInZone(at, tz), status: 'resolved', author: PROBE_AUTHOR }, body) }],
    title: incident.title,
    summary: `${inARow(good)} succeeded since ${isoUtc(recoveredAt)}; lasted ${downtime}`,
  };
}
