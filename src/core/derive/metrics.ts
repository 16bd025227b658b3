import type { Config } from '#core/model/config.ts';
import { IMPACTS, type Impact } from '#core/model/enums.ts';
import { PROBE_AUTHOR } from '#core/model/incident.ts';
import { formatDuration, isMade } from '#core/model/time.ts';
import { everAffected } from './affected.ts';
import { type SlaResult, sla } from './sla.ts';
import type { Folded } from './timeline.ts';

/**
 * Incident metrics: mean time to acknowledge (to the first acknowledgement or update a person
 * wrote) and to resolve, incident counts and SLA breaches, overall, by highest impact and by
 * component, and what each responder did. Maintenance is left out.
 */

export interface Mean {
  /** How many incidents the mean is over (acknowledged ones for MTTA, resolved ones for MTTR). */
  count: number;
  /** Undefined when there is nothing to average. */
  ms?: number;
}

export interface MetricsGroup {
  incidents: number;
  resolved: number;
  mtta: Mean;
  mttr: Mean;
  /** Incidents that missed the target to acknowledge / to resolve (open ones once it has passed). */
  breaches: { acknowledge: number; resolve: number };
}

export interface Breach {
  id: string;
  title: string;
  sla: SlaResult;
}

export interface Metrics {
  /** The period: incidents that started in [from, to]; `from` undefined means since the first. */
  from?: number;
  to: number;
  overall: MetricsGroup;
  /** Worst first, by the highest impact each incident had. */
  byImpact: Array<{ impact: Impact } & MetricsGroup>;
  /** In the order of components.yml, each with the incidents that affected it at some point. */
  byComponent: Array<{ id: string; name: string } & MetricsGroup>;
  /** Newest first. */
  breaches: Breach[];
  /** People who acknowledged or updated incidents, most active first. */
  responders: Responder[];
}

/** What one person did across the incidents: the probe and entries without an author are not counted. */
export interface Responder {
  author: string;
  /** Acknowledgements (`ack: true`). */
  acks: number;
  /** Other updates after the declaration. */
  updates: number;
  /** Incidents they responded to (acknowledged or updated). */
  incidents: number;
  /** Median, over those incidents, of the time from the start to their first response. */
  medianFirstResponseMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

function responders(measured: Measured[]): Responder[] {
  const by = new Map<string, { acks: number; updates: number; first: number[] }>();
  for (const { folded } of measured) {
    const { timeline } = folded;
    const firsts = new Map<string, number>();
    // Entries are newest first; the declaration (the last) is not a response.
    for (const e of timeline.entries.slice(0, -1).reverse()) {
      if (e.author === undefined || e.author === PROBE_AUTHOR) continue;
      const r = by.get(e.author) ?? { acks: 0, updates: 0, first: [] };
      if (e.ack) r.acks++;
      else r.updates++;
      by.set(e.author, r);
      if (!firsts.has(e.author)) firsts.set(e.author, e.at - timeline.startedAt);
    }
    for (const [author, ms] of firsts) by.get(author)!.first.push(Math.max(0, ms));
  }
  return [...by]
    .map(([author, r]) => ({ author, acks: r.acks, updates: r.updates, incidents: r.first.length, medianFirstResponseMs: median(r.first) }))
    .sort((a, b) => b.acks + b.updates - (a.acks + a.updates) || a.author.localeCompare(b.author));
}

function mean(values: number[]): Mean {
  return { count: values.length, ms: values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : undefined };
}

interface Measured {
  folded: Folded;
  sla: SlaResult;
  components: Set<string>;
}

function group(items: Measured[]): MetricsGroup {
  const acknowledged = items.filter((m) => m.sla.acknowledgeMs !== undefined);
  const resolved = items.filter((m) => m.sla.resolveMs !== undefined);
  return {
    incidents: items.length,
    resolved: resolved.length,
    mtta: mean(acknowledged.map((m) => m.sla.acknowledgeMs!)),
    mttr: mean(resolved.map((m) => m.sla.resolveMs!)),
    breaches: {
      acknowledge: items.filter((m) => m.sla.acknowledgeBreached).length,
      resolve: items.filter((m) => m.sla.resolveBreached).length,
    },
  };
}

/** `folded` as readers see it (published, folded at `now`); only incidents that started since `from` count. */
export function metrics(folded: Folded[], config: Config, now: number, from?: number): Metrics {
  const measured: Measured[] = folded
    .filter((f) => f.incident.type === 'incident' && isMade(f.timeline.startedAt, now) && (from === undefined || f.timeline.startedAt >= from))
    .map((f) => ({
      folded: f,
      sla: sla(f.timeline, config, now),
      components: new Set(Object.keys(everAffected(f.timeline.entries.map((e) => e.state)))),
    }));
  return {
    from,
    to: now,
    overall: group(measured),
    byImpact: [...IMPACTS].reverse().map((impact) => ({ impact, ...group(measured.filter((m) => m.sla.impact === impact)) })),
    byComponent: config.components.map((c) => ({ id: c.id, name: c.name, ...group(measured.filter((m) => m.components.has(c.id))) })),
    breaches: measured
      .filter((m) => m.sla.acknowledgeBreached || m.sla.resolveBreached)
      .sort((a, b) => b.folded.timeline.startedAt - a.folded.timeline.startedAt)
      .map((m) => ({ id: m.folded.incident.id, title: m.folded.incident.title, sla: m.sla })),
    responders: responders(measured),
  };
}

/** What was missed, for people: `acknowledged after 20m (target 15m); not resolved within 1h`. */
export function describeBreach(s: SlaResult): string {
  const missed = (ms: number | undefined, target: number, what: string) => {
    if (ms === undefined) return `not ${what} within ${formatDuration(target)}`;
    // Times are shown to the minute: a miss that small would read as met, so it is said.
    const by = formatDuration(ms) === formatDuration(target) ? `, missed by ${formatDuration(ms - target)}` : '';
    return `${what} after ${formatDuration(ms)} (target ${formatDuration(target)}${by})`;
  };
  return [
    s.acknowledgeBreached && missed(s.acknowledgeMs, s.targets.acknowledgeMs, 'acknowledged'),
    s.resolveBreached && missed(s.resolveMs, s.targets.resolveMs, 'resolved'),
  ]
    .filter(Boolean)
    .join('; ');
}
