import { type AffectedStatus, type Impact, INCIDENT_STATUSES, MAINTENANCE_STATUSES, type Status, severity } from '#core/model/enums.ts';
import { API_AUTHOR, PROBE_AUTHOR } from '#core/model/incident.ts';
import { isMade } from '#core/model/time.ts';
import type { Entry, Incident } from '#core/parse/repository.ts';

/** An entry with the state of the incident right after it. */
export interface TimelineEntry extends Entry {
  state: { status: Status; impact: Impact; components: Record<string, AffectedStatus> };
}

export interface Timeline {
  status: Status;
  impact: Impact;
  /** The highest impact it ever had (SLA targets follow it). */
  peakImpact: Impact;
  components: Record<string, AffectedStatus>;
  startedAt: number;
  /**
   * When a person first acknowledged it: the first update after the declaration that a person
   * wrote (`cairn ack` or any other) before it was first resolved. Entries of the probe and of
   * other systems (author API) never count.
   */
  acknowledgedAt?: number;
  resolvedAt?: number;
  /** Resolution minus start; for an open incident, undefined. */
  durationMs?: number;
  /** A maintenance completed without ever being under way: called off before its window. */
  calledOff: boolean;
  /**
   * When readers last saw it change: its newest visible entry, or the start or end of its window
   * when that moved its status.
   */
  changedAt: number;
  /** Newest first, as pages show them; entries later than `now` are not yet visible. */
  entries: TimelineEntry[];
  active: boolean;
  /** Periods in which the incident affected components, for uptime. */
  spans: Array<{ start: number; end: number; components: Record<string, AffectedStatus> }>;
}

const IMPACT_ORDER: Impact[] = ['none', 'minor', 'major', 'critical'];

/** Statuspage's rule when nobody set one: the worst affected component decides. */
export function impactFromComponents(components: Record<string, AffectedStatus> | undefined, type: Incident['type']): Impact {
  if (type === 'maintenance') return 'none';
  const worst = Object.values(components ?? {}).reduce((w, s) => (severity(s) > severity(w) ? s : w), 'under_maintenance' as AffectedStatus);
  if (!components || Object.keys(components).length === 0) return 'minor';
  return ({ major_outage: 'critical', partial_outage: 'major', degraded_performance: 'minor', under_maintenance: 'none' } as const)[worst];
}

export function isFinal(status: Status): boolean {
  return status === 'resolved' || status === 'completed';
}

/** Rank of a status along its lifecycle; moves may only go up (or reopen a resolved incident). */
export function statusRank(status: Status): number {
  const i = (INCIDENT_STATUSES as readonly string[]).indexOf(status);
  return i >= 0 ? i : (MAINTENANCE_STATUSES as readonly string[]).indexOf(status);
}

/** Incidents affect their components until resolved; maintenance only while it is under way. */
export function isAffecting(type: Incident['type'], status: Status): boolean {
  return type === 'maintenance' ? status === 'in_progress' || status === 'verifying' : !isFinal(status);
}

export function isReopen(from: Status, to: Status): boolean {
  return from === 'resolved' && to === 'investigating';
}

export function isBackwards(from: Status, to: Status): boolean {
  return statusRank(to) < statusRank(from) && !isReopen(from, to);
}

/**
 * Folds an incident's entries, as of `now`, into its current state. Pure: the same incident and
 * `now` give the same timeline. Maintenance follows its window unless an update says otherwise.
 */
export function fold(incident: Incident, now: number): Timeline {
  const maintenance = incident.type === 'maintenance';
  const declaration = incident.entries[0]!;
  const visible = incident.entries.filter((e, i) => i === 0 || isMade(e.at, now));

  // The window's start and end act as updates that only ever move a maintenance forward.
  type Step = { at: number; entry?: Entry; status?: Status };
  // A maintenance declared before its window is only announced, whatever status its declaration
  // names, until the window starts (then with that status); an update saying it started early does start it.
  const started = !incident.window || incident.window.start <= now;
  const declared = declaration.status ?? (maintenance ? 'scheduled' : 'investigating');
  const held = maintenance && incident.window !== undefined && declaration.at < incident.window.start && isAffecting(incident.type, declared);
  const initial: Status = held ? 'scheduled' : declared;
  const steps: Step[] = visible.map((entry) => ({ at: entry.at, entry, status: entry === declaration ? initial : entry.status }));
  if (maintenance && incident.window) {
    if (started) steps.push({ at: incident.window.start, status: held ? declared : 'in_progress' });
    if (incident.window.end <= now) steps.push({ at: incident.window.end, status: 'completed' });
  }
  steps.sort((a, b) => a.at - b.at || (a.entry ? 0 : 1) - (b.entry ? 0 : 1));

  let status: Status = initial;
  let components = declaration.components ?? {};
  // A stated impact stands until an update states another; only an incident that never states one
  // has it derived from its components, step by step.
  let stated = declaration.impact !== undefined;
  let impact: Impact = declaration.impact ?? impactFromComponents(declaration.components, incident.type);
  let peakImpact = impact;
  // Declared resolved (a backfilled incident) or completed, it ended when it was declared.
  let resolvedAt: number | undefined = isFinal(initial) ? declaration.at : undefined;
  let firstResolvedAt = resolvedAt;
  let firstAffecting: number | undefined;
  let changedAt = declaration.at;
  let spanStart = declaration.at;
  const spans: Timeline['spans'] = [];
  const entries: TimelineEntry[] = [];

  const affecting = (s: Status) => isAffecting(incident.type, s);
  const closeSpan = (at: number) => {
    if (at > spanStart && Object.keys(components).length) spans.push({ start: spanStart, end: at, components });
    spanStart = at;
  };

  for (const step of steps) {
    const e = step.entry;
    const before = status;
    // Updates set their status; the window, and a declaration made after its start, only move it forward.
    const update = e !== undefined && e !== declaration;
    if (step.status !== undefined && (update || statusRank(step.status) > statusRank(status))) status = step.status;
    const nextComponents = e?.components ?? components;
    if (e && e !== declaration) {
      if (e.impact) {
        impact = e.impact;
        stated = true;
      } else if (e.components && !stated) impact = impactFromComponents(e.components, incident.type);
    }
    if (IMPACT_ORDER.indexOf(impact) > IMPACT_ORDER.indexOf(peakImpact)) peakImpact = impact;
    const was = affecting(before);
    if (!was && affecting(status)) firstAffecting ??= step.at;
    if (nextComponents !== components || was !== affecting(status)) {
      if (was) closeSpan(step.at);
      else spanStart = step.at;
      components = nextComponents;
    }
    if (isFinal(status) && !isFinal(before)) {
      resolvedAt = step.at;
      firstResolvedAt ??= step.at;
    }
    if (!isFinal(status)) resolvedAt = undefined;
    if (e || status !== before) changedAt = Math.max(changedAt, step.at);
    if (e) entries.push({ ...e, state: { status, impact, components } });
  }
  if (affecting(status)) closeSpan(Math.max(now, spanStart));

  const calledOff =
    maintenance && firstAffecting === undefined && resolvedAt !== undefined && incident.window !== undefined && resolvedAt < incident.window.start;
  // Maintenance starts with its window, or earlier when an update says it started early; one
  // called off lasted nothing, from when it was called off.
  const startedAt = maintenance && incident.window ? (calledOff ? resolvedAt! : Math.min(incident.window.start, firstAffecting ?? Infinity)) : declaration.at;
  return {
    status,
    impact,
    peakImpact,
    components,
    startedAt,
    // Only while it was open: a note after the first resolution acknowledges nothing.
    acknowledgedAt: visible.slice(1).find((e) => byPerson(e) && (firstResolvedAt === undefined || e.at <= firstResolvedAt))?.at,
    resolvedAt,
    changedAt,
    // A maintenance called off before its window lasted nothing, never a negative time.
    durationMs: resolvedAt === undefined ? undefined : Math.max(0, resolvedAt - startedAt),
    calledOff,
    entries: entries.reverse(),
    active: affecting(status),
    spans,
  };
}

/** Writers that are systems, not people: the probe, and other systems writing through the API. */
const MACHINES = new Set([PROBE_AUTHOR, API_AUTHOR]);

/** An entry a person wrote (or acknowledged with): anything but the words of the probe or another system. */
export function byPerson(entry: Entry): boolean {
  return !MACHINES.has(entry.author ?? '');
}

/** An incident together with its state at `now`. */
export interface Folded {
  incident: Incident;
  timeline: Timeline;
}
