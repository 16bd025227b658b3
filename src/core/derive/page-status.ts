import { type CheckResult, checkSays, type ProbeData } from '#core/model/check-data.ts';
import type { Component } from '#core/model/config.ts';
import { type ComponentStatus, type Impact, severity, worstStatus } from '#core/model/enums.ts';
import type { Folded } from './timeline.ts';

export interface ComponentState {
  id: string;
  status: ComponentStatus;
  /** The newest check, fresh or not. */
  lastCheck?: CheckResult;
  /** True when the newest check is younger than three probe intervals. */
  fresh: boolean;
  /** Active incidents and ongoing maintenance that affect it. */
  incidents: string[];
}

/**
 * A component's status at `now`: its fresh newest check (a component without a probe is
 * operational unless an incident says otherwise). Active incidents and maintenance under way
 * override it with their effect on it, the worst of them winning: maintenance ranks below every
 * problem, so it never hides one. Only incidents the probe drafted yield to a worse fresh check.
 */
export function componentState(component: Component, history: ProbeData | undefined, folded: Folded[], now: number): ComponentState {
  const lastCheck = history?.checks.findLast((c) => c.at <= now);
  const fresh = lastCheck !== undefined && component.probe !== undefined && now - lastCheck.at < 3 * component.probe.interval;
  const live: ComponentStatus = component.probe ? (fresh && checkSays(lastCheck!, component.probe.kind)) || 'unknown' : 'operational';
  const affecting = folded.filter((f) => f.timeline.active && f.timeline.components[component.id] !== undefined);
  const said = affecting.map((f) => f.timeline.components[component.id]!);
  // What the probe drafted from its checks, its newer checks may make worse (a degraded service
  // that went down); a person's word is not overruled.
  const auto = affecting.length > 0 && affecting.every((f) => f.incident.source.startsWith('auto:'));
  const status = affecting.length ? worstStatus(auto ? [...said, live] : said) : live;
  return { id: component.id, status, lastCheck, fresh, incidents: affecting.map((f) => f.incident.id) };
}

/**
 * A group shows the worst of its members. Members without data don't make it look better: with
 * no problem among the others, the group has no data either, rather than claiming all is well.
 */
export function groupStatus(members: ComponentState[]): ComponentStatus {
  const worst = worstStatus(members.map((m) => m.status));
  return severity(worst) <= severity('under_maintenance') && members.some((m) => m.status === 'unknown') ? 'unknown' : worst;
}

export const PAGE_STATUSES = ['operational', 'maintenance', 'partial_degraded', 'degraded', 'partial_outage', 'major_outage', 'unknown'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

export const PAGE_STATUS_TEXT: Record<PageStatus, string> = {
  operational: 'All Systems Operational',
  maintenance: 'Under Maintenance',
  partial_degraded: 'Partial Degraded Performance',
  degraded: 'Degraded Performance',
  partial_outage: 'Partial System Outage',
  major_outage: 'Major System Outage',
  unknown: 'No Status Available',
};

/** Statuspage's `status.indicator` for each page status. */
export const PAGE_INDICATOR: Record<PageStatus, Impact> = {
  operational: 'none',
  maintenance: 'none',
  partial_degraded: 'minor',
  degraded: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
  unknown: 'none',
};

const RANK: PageStatus[] = ['unknown', 'operational', 'maintenance', 'partial_degraded', 'degraded', 'partial_outage', 'major_outage'];
const GLOBAL_FLOOR: Record<Impact, PageStatus | undefined> = {
  none: undefined,
  minor: 'partial_degraded',
  major: 'partial_outage',
  critical: 'major_outage',
};

/** At least this share of components out (or degraded) makes it "Major"/"Degraded" rather than partial. */
export const MAJORITY = 0.75;

/**
 * The page's one-line status, problem first: maintenance never masks an outage. An active global
 * incident without components raises the page to at least the level of its impact.
 */
export function pageStatus(states: ComponentState[], folded: Folded[]): PageStatus {
  const known = states.filter((s) => s.status !== 'unknown');
  const count = (...statuses: ComponentStatus[]) => known.filter((s) => statuses.includes(s.status)).length;
  const out = count('partial_outage', 'major_outage');
  const degraded = count('degraded_performance');
  let page: PageStatus;
  if (known.length === 0) page = 'unknown';
  else if (out > 0) page = out / known.length >= MAJORITY ? 'major_outage' : 'partial_outage';
  else if (degraded > 0) page = degraded / known.length >= MAJORITY ? 'degraded' : 'partial_degraded';
  else if (count('under_maintenance') > 0) page = 'maintenance';
  else page = 'operational';
  for (const f of folded) {
    const floor = GLOBAL_FLOOR[f.timeline.impact];
    const global = f.incident.type === 'incident' && f.incident.global && f.timeline.active && Object.keys(f.timeline.components).length === 0;
    if (global && floor && RANK.indexOf(floor) > RANK.indexOf(page)) page = floor;
  }
  return page;
}
