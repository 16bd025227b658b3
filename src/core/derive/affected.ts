import type { Config } from '#core/model/config.ts';
import { type AffectedStatus, severity } from '#core/model/enums.ts';
import type { Folded } from './timeline.ts';

export interface AffectedComponent {
  id: string;
  name: string;
  status: AffectedStatus;
}

// Pages list the few components of each incident and update: they are looked up by id, not found
// by walking every component of the config each time.
const positions = new WeakMap<Config, Map<string, number[]>>();

/** Affected components with their names, in the order of `components.yml`. */
export function affectedComponents(config: Config, components: Record<string, AffectedStatus>): AffectedComponent[] {
  let position = positions.get(config);
  if (!position) {
    position = new Map();
    for (const [i, c] of config.components.entries()) position.set(c.id, [...(position.get(c.id) ?? []), i]);
    positions.set(config, position);
  }
  const found: number[] = [];
  for (const id of Object.keys(components)) if (components[id] !== undefined) found.push(...(position.get(id) ?? []));
  return found
    .sort((a, b) => a - b)
    .map((i) => {
      const c = config.components[i]!;
      return { id: c.id, name: c.name, status: components[c.id]! };
    });
}

/** Every component an incident affected at some point, each with the worst status it had. */
export function everAffected(states: Array<{ components: Record<string, AffectedStatus> }>): Record<string, AffectedStatus> {
  const out: Record<string, AffectedStatus> = {};
  for (const { components } of states) {
    for (const [id, status] of Object.entries(components)) {
      if (out[id] === undefined || severity(status) > severity(out[id])) out[id] = status;
    }
  }
  return out;
}

// Asked for every incident and component (feeds, history pages): each timeline's set is made once.
const everAffectedIds = new WeakMap<Folded['timeline'], ReadonlySet<string>>();

/** Ids of every component the incident affected at some point of its timeline. */
export function affectedIds(f: Folded): ReadonlySet<string> {
  let ids = everAffectedIds.get(f.timeline);
  if (!ids) {
    ids = new Set(f.timeline.entries.flatMap((e) => Object.keys(e.state.components)));
    everAffectedIds.set(f.timeline, ids);
  }
  return ids;
}

/** True when the incident affected the component at any point of its timeline. */
export function affects(f: Folded, componentId: string): boolean {
  return affectedIds(f).has(componentId);
}

/** Groups values by each component their incident affected at any point, keeping their order. */
export function byAffectedComponent<T>(values: T[], incidentOf: (value: T) => Folded): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    for (const id of affectedIds(incidentOf(value))) {
      const group = groups.get(id);
      if (group) group.push(value);
      else groups.set(id, [value]);
    }
  }
  return groups;
}

// History pages, uptime and the API ask for the items of every component: an array's lists are made together, once.
const lists = new WeakMap<Folded[], Map<string, Folded[]>>();

/** The items that affected the component at any point, in their order. The list is shared: never change it. */
export function affecting(items: Folded[], componentId: string): Folded[] {
  let byComponent = lists.get(items);
  if (!byComponent) {
    byComponent = byAffectedComponent(items, (f) => f);
    lists.set(items, byComponent);
  }
  return byComponent.get(componentId) ?? [];
}
