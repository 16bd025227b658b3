import type { Config } from '#core/model/config.ts';
import { IMPACTS, type Impact } from '#core/model/enums.ts';
import { formatDuration } from '#core/model/time.ts';
import { everAffected } from './affected.ts';
import { type SlaResult, sla } from './sla.ts';
import type { Folded } from './timeline.ts';

/**
 * Incident metrics: mean time to acknowledge (declaration to first update) and to resolve, incident
 * counts and SLA breaches, overall, by highest impact and by component. Maintenance is left out.
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
    .filter((f) => f.incident.type === 'incident' && f.timeline.startedAt <= now && (from === undefined || f.timeline.startedAt >= from))
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
  };
}

/** What was missed, for people: `acknowledged after 20m (target 15m); not resolved within 1h`. */
export function describeBreach(s: SlaResult): string {
  const missed = (ms: number | undefined, target: number, what: string) =>
    ms === undefined ? `not ${what} within ${formatDuration(target)}` : `${what} after ${formatDuration(ms)} (target ${formatDuration(target)})`;
  return [
    s.acknowledgeBreached && missed(s.acknowledgeMs, s.targets.acknowledgeMs, 'acknowledged'),
    s.resolveBreached && missed(s.resolveMs, s.targets.resolveMs, 'resolved'),
  ]
    .filter(Boolean)
    .join('; ');
}
