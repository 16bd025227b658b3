import { affectedComponents } from '#core/derive/affected.ts';
import { PAGE_STATUS_TEXT } from '#core/derive/page-status.ts';
import type { Snapshot } from '#core/derive/snapshot.ts';
import type { Folded } from '#core/derive/timeline.ts';
import type { Config } from '#core/model/config.ts';
import { type AffectedStatus, type Impact, label, sevLevel } from '#core/model/enums.ts';

/** How incidents and their effects are named in text (terminal, exports, notifications). */

/** `Major (SEV-2)` */
export function impactName(impact: Impact): string {
  return `${label(impact)} (${sevLevel(impact)})`;
}

/** The incident's impact (the same everywhere), or `Maintenance`. */
export function impactText(f: Folded): string {
  return f.incident.type === 'maintenance' ? 'Maintenance' : impactName(f.timeline.impact);
}

/** `Payments API (partial outage) and Webhooks (degraded performance)`, in the order of components.yml. */
export function describeAffected(components: Record<string, AffectedStatus>, config: Config): string {
  return listNames(affectedComponents(config, components).map((c) => `${c.name} (${label(c.status).toLowerCase()})`));
}

/** `A, B and C` */
export function listNames(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Components whose status nobody can tell now (a probe without fresh data and no incident on it), in file order. */
export function unknownComponents(s: Snapshot): string[] {
  return s.config.components.filter((c) => s.components.get(c.id)!.status === 'unknown').map((c) => c.name);
}

/**
 * The page status in words. It never claims "All Systems Operational" while some component's
 * status is unknown: it names those instead.
 */
export function pageHeadline(s: Snapshot): string {
  const unknown = unknownComponents(s);
  if (s.page !== 'operational' || unknown.length === 0) return PAGE_STATUS_TEXT[s.page];
  return `No data for ${listNames(unknown)}; everything else is operational`;
}
