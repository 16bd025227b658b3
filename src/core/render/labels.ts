import { affectedComponents } from '#core/derive/affected.ts';
import { shownImpact } from '#core/derive/incident-view.ts';
import type { Folded } from '#core/derive/timeline.ts';
import type { Config } from '#core/model/config.ts';
import { type AffectedStatus, type Impact, label, sevLevel } from '#core/model/enums.ts';

/** How incidents and their effects are named in text (terminal, exports, notifications). */

/** `Major (SEV-2)` */
export function impactName(impact: Impact): string {
  return `${label(impact)} (${sevLevel(impact)})`;
}

/** The impact now while active, else the highest it had; or `Maintenance`. */
export function impactText(f: Folded): string {
  return f.incident.type === 'maintenance' ? 'Maintenance' : impactName(shownImpact(f.timeline));
}

/** `Payments API (partial outage) and Webhooks (degraded performance)`, in the order of components.yml. */
export function describeAffected(components: Record<string, AffectedStatus>, config: Config): string {
  const items = affectedComponents(config, components).map((c) => `${c.name} (${label(c.status).toLowerCase()})`);
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
