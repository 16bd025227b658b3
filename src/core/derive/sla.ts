import type { Config } from '#core/model/config.ts';
import type { Impact } from '#core/model/enums.ts';
import type { Timeline } from './timeline.ts';

/** Time to acknowledge and to resolve one incident, against the targets for its highest impact. */
export interface SlaResult {
  impact: Impact;
  acknowledgeMs?: number;
  resolveMs?: number;
  targets: { acknowledgeMs: number; resolveMs: number };
  /** Breached: the target passed without acknowledgement/resolution, or was exceeded. */
  acknowledgeBreached: boolean;
  resolveBreached: boolean;
}

export function sla(timeline: Timeline, config: Config, now: number): SlaResult {
  const target = config.site.sla[timeline.peakImpact];
  const acknowledgeMs = timeline.acknowledgedAt === undefined ? undefined : timeline.acknowledgedAt - timeline.startedAt;
  const resolveMs = timeline.resolvedAt === undefined ? undefined : timeline.resolvedAt - timeline.startedAt;
  // An open incident breaches as soon as its target has passed, not only once it is closed.
  const elapsed = now - timeline.startedAt;
  return {
    impact: timeline.peakImpact,
    acknowledgeMs,
    resolveMs,
    targets: { acknowledgeMs: target.acknowledge, resolveMs: target.resolve },
    // A resolved incident waits for no acknowledgement: one declared resolved never breaches it.
    acknowledgeBreached: (acknowledgeMs ?? resolveMs ?? elapsed) > target.acknowledge,
    resolveBreached: (resolveMs ?? elapsed) > target.resolve,
  };
}
