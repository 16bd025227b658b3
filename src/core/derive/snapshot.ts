import type { Config, Group } from '#core/model/config.ts';
import type { ComponentStatus } from '#core/model/enums.ts';
import { lastDays } from '#core/model/time.ts';
import { published, type Repository } from '#core/parse/repository.ts';
import { affecting } from './affected.ts';
import { asOf } from './as-of.ts';
import { type ComponentState, componentState, groupStatus, type PageStatus, pageStatus } from './page-status.ts';
import { type Folded, fold } from './timeline.ts';
import { type ComponentUptime, combine, componentUptime, type Uptime } from './uptime.ts';

/**
 * Everything readers see, derived once at `now` and shared by every page, feed and command.
 * Drafts, and what was written after `now`, are gone before anything is derived.
 */
export interface Snapshot {
  now: number;
  config: Config;
  page: PageStatus;
  /** Published incidents and maintenance, newest start first. */
  all: Folded[];
  byId: Map<string, Folded>;
  /** Unresolved incidents, the most recently updated first. */
  activeIncidents: Folded[];
  /** Maintenance under way. */
  ongoingMaintenance: Folded[];
  /** Maintenance that has not started, soonest first. */
  upcomingMaintenance: Folded[];
  components: Map<string, ComponentState>;
  /** Groups in file order with their members; components without a group come last, under `group: undefined`. */
  sections: Array<{ group?: Group; status: ComponentStatus; members: ComponentState[] }>;
  /** Time of the newest check of any component, to tell readers how fresh the page is. */
  newestCheck?: number;
  /**
   * When what readers see last changed: the newest check or visible incident message, or a
   * maintenance window starting or ending. The API's `page.updated_at` and the page's reload
   * script compare this value.
   */
  updatedAt: number;
  uptime(componentId: string): ComponentUptime;
}

export function snapshot(repository: Repository, now: number): Snapshot {
  const { config, incidents, probeData: history, listedSince } = published(asOf(repository, now));
  const all = incidents
    .map((incident) => ({ incident, timeline: fold(incident, now) }))
    .sort((a, b) => b.timeline.startedAt - a.timeline.startedAt || a.incident.id.localeCompare(b.incident.id));
  const components = new Map(config.components.map((c) => [c.id, componentState(c, history.get(c.id), all, now)]));

  const sections: Snapshot['sections'] = [];
  for (const group of config.groups) {
    const members = config.components.filter((c) => c.group === group.id).map((c) => components.get(c.id)!);
    if (members.length) sections.push({ group, status: groupStatus(members), members });
  }
  const loose = config.components.filter((c) => c.group === undefined).map((c) => components.get(c.id)!);
  if (loose.length) sections.push({ status: groupStatus(loose), members: loose });

  const uptimes = new Map<string, ComponentUptime>();
  let newestCheck: number | undefined;
  for (const state of components.values()) {
    if (state.lastCheck && (newestCheck === undefined || state.lastCheck.at > newestCheck)) newestCheck = state.lastCheck.at;
  }

  const newestChange = all.reduce((m, f) => Math.max(m, f.timeline.changedAt), 0);
  return {
    now,
    config,
    updatedAt: Math.max(newestCheck ?? 0, newestChange) || now,
    page: pageStatus([...components.values()], all),
    all,
    byId: new Map(all.map((f) => [f.incident.id, f])),
    activeIncidents: all.filter((f) => f.incident.type === 'incident' && f.timeline.active).sort(byLatestUpdate),
    ongoingMaintenance: all.filter((f) => f.incident.type === 'maintenance' && f.timeline.active),
    upcomingMaintenance: all
      .filter((f) => f.incident.type === 'maintenance' && f.timeline.status === 'scheduled')
      .sort((a, b) => a.timeline.startedAt - b.timeline.startedAt),
    components,
    sections,
    newestCheck,
    uptime(componentId) {
      let u = uptimes.get(componentId);
      if (!u) {
        const component = config.components.find((c) => c.id === componentId);
        if (!component) throw new Error(`unknown component ${componentId}`);
        u = componentUptime(component, history.get(componentId), affecting(all, componentId), config.site.timezone, listedSince.get(componentId));
        uptimes.set(componentId, u);
      }
      return u;
    },
  };
}

/** The incident with the newest visible message first; ties by newest start, then id. */
function byLatestUpdate(a: Folded, b: Folded): number {
  const latest = (f: Folded) => f.timeline.entries[0]?.at ?? f.timeline.startedAt;
  return latest(b) - latest(a) || b.timeline.startedAt - a.timeline.startedAt || a.incident.id.localeCompare(b.incident.id);
}

/** The window of the uptime badges and of `uptime_30d`. */
export const RECENT_UPTIME_DAYS = 30;

/** Uptime of a component over the last `days` calendar days up to now. */
export function recentUptime(snapshot: Snapshot, componentId: string, days = RECENT_UPTIME_DAYS): Uptime {
  const keys = lastDays(snapshot.now, days, snapshot.config.site.timezone);
  return combine(snapshot.uptime(componentId).days(keys, snapshot.now));
}
