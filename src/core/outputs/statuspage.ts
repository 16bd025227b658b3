import { z } from 'zod';
import { affecting, affects } from '#core/derive/affected.ts';
import { visiblePostmortem } from '#core/derive/incident-view.ts';
import { PAGE_INDICATOR } from '#core/derive/page-status.ts';
import type { Snapshot } from '#core/derive/snapshot.ts';
import { type Folded, isAffecting, type TimelineEntry } from '#core/derive/timeline.ts';
import { type AffectedStatus, type ComponentStatus, INCIDENT_STATUSES, impactSchema, maintenanceStatusSchema } from '#core/model/enums.ts';
import { isoUtc } from '#core/model/time.ts';
import { pageHeadline } from '#core/render/labels.ts';
import { type Messages, renderMessage } from '#core/render/markdown.ts';
import { routes } from '#core/render/routes.ts';
import { siteId, type Urls } from '#core/render/urls.ts';

/**
 * Atlassian Statuspage's public v2 API (`/api/v2/*.json`), so that clients written for it read
 * this page too. Same field names and vocabularies; what Statuspage keeps in its database
 * (creation dates, ids) is derived from the repository.
 */

const time = z.iso.datetime({ offset: true });

/** Statuspage has no "unknown": a component without fresh data reports `operational`, as on a Statuspage page nobody set otherwise. */
export const statuspageComponentStatusSchema = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
export type StatuspageComponentStatus = z.infer<typeof statuspageComponentStatusSchema>;

export const statuspagePageSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  url: z.url(),
  time_zone: z.string(),
  updated_at: time,
});

export const statuspageComponentSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: statuspageComponentStatusSchema,
  created_at: time,
  updated_at: time,
  position: z.int().positive(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
  /** Groups only: the ids of their members. */
  components: z.array(z.string()).optional(),
});

const affectedComponentSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  old_status: statuspageComponentStatusSchema,
  new_status: statuspageComponentStatusSchema,
});

const incidentUpdateSchema = z.strictObject({
  id: z.string(),
  status: z.enum([...INCIDENT_STATUSES, ...maintenanceStatusSchema.options]),
  body: z.string(),
  incident_id: z.string(),
  created_at: time,
  updated_at: time,
  display_at: time,
  affected_components: z.array(affectedComponentSchema),
  deliver_notifications: z.boolean(),
  custom_tweet: z.null(),
  tweet_id: z.null(),
});

const incidentFields = {
  id: z.string(),
  name: z.string(),
  created_at: time,
  updated_at: time,
  monitoring_at: time.nullable(),
  resolved_at: time.nullable(),
  shortlink: z.url(),
  started_at: time,
  page_id: z.string(),
  incident_updates: z.array(incidentUpdateSchema),
  components: z.array(statuspageComponentSchema),
};

export const statuspageIncidentSchema = z.strictObject({
  ...incidentFields,
  status: z.enum([...INCIDENT_STATUSES, 'postmortem']),
  impact: impactSchema,
});

export const scheduledMaintenanceSchema = z.strictObject({
  ...incidentFields,
  status: maintenanceStatusSchema,
  impact: z.literal('maintenance'),
  scheduled_for: time,
  scheduled_until: time,
});

export const statusIndicatorSchema = z.strictObject({
  indicator: impactSchema,
  description: z.string(),
});

const page = { page: statuspagePageSchema };
export const summarySchema = z.strictObject({
  ...page,
  components: z.array(statuspageComponentSchema),
  incidents: z.array(statuspageIncidentSchema),
  scheduled_maintenances: z.array(scheduledMaintenanceSchema),
  status: statusIndicatorSchema,
});
export const statusDocumentSchema = z.strictObject({ ...page, status: statusIndicatorSchema });
export const componentsDocumentSchema = z.strictObject({ ...page, components: z.array(statuspageComponentSchema) });
export const incidentsDocumentSchema = z.strictObject({ ...page, incidents: z.array(statuspageIncidentSchema) });
export const maintenancesDocumentSchema = z.strictObject({ ...page, scheduled_maintenances: z.array(scheduledMaintenanceSchema) });

/** The schema of each endpoint, by its key in `routes.api`. */
export const STATUSPAGE_SCHEMAS = {
  summary: summarySchema,
  status: statusDocumentSchema,
  components: componentsDocumentSchema,
  incidents: incidentsDocumentSchema,
  unresolved: incidentsDocumentSchema,
  maintenances: maintenancesDocumentSchema,
  upcoming: maintenancesDocumentSchema,
  active: maintenancesDocumentSchema,
} as const;
export type StatuspageEndpoint = keyof typeof STATUSPAGE_SCHEMAS;
export type StatuspageDocuments = { [K in StatuspageEndpoint]: z.output<(typeof STATUSPAGE_SCHEMAS)[K]> };

type StatuspageComponent = z.output<typeof statuspageComponentSchema>;
type StatuspageIncident = z.output<typeof statuspageIncidentSchema>;
type ScheduledMaintenance = z.output<typeof scheduledMaintenanceSchema>;

/** Statuspage lists the 50 most recent incidents and maintenances. */
export const STATUSPAGE_LIST_LIMIT = 50;

/** Groups share the namespace of component ids there; the prefix cannot occur in a Cairn id. */
export function groupComponentId(groupId: string): string {
  return `group:${groupId}`;
}

export function statuspageStatus(status: ComponentStatus): StatuspageComponentStatus {
  return status === 'unknown' ? 'operational' : status;
}

/** When something readers see about the incident last changed, up to `now`. */
function changedAt(f: Folded, now: number): number {
  return Math.max(f.timeline.changedAt, visiblePostmortem(f, now)?.at ?? 0);
}

/** The time the incident last entered monitoring (or verifying), unless it was reopened since. */
function monitoringAt(entries: TimelineEntry[]): number | undefined {
  let at: number | undefined;
  let previous: string | undefined;
  for (const e of [...entries].reverse()) {
    const status = e.state.status;
    if ((status === 'monitoring' || status === 'verifying') && previous !== status) at = e.at;
    if (status === 'investigating' || status === 'scheduled') at = undefined;
    previous = status;
  }
  return at;
}

/** Builds every `/api/v2/` document from the snapshot. */
export function statuspageDocuments(snapshot: Snapshot, urls: Urls, message: Messages = renderMessage): StatuspageDocuments {
  const { config, now } = snapshot;
  const site = config.site;
  const pageId = siteId(urls);
  const page = { id: pageId, name: site.title, url: urls.absolute(routes.home), time_zone: site.timezone, updated_at: isoUtc(snapshot.updatedAt) };
  const names = new Map(config.components.map((c) => [c.id, c.name]));

  // A component changed when a check arrived or an incident touching it changed.
  const touching = (id: string) => affecting(snapshot.all, id);
  const component = (id: string, position: number): StatuspageComponent => {
    const c = config.components.find((x) => x.id === id)!;
    const state = snapshot.components.get(id)!;
    const incidents = touching(id);
    const changes = [...incidents.map((f) => changedAt(f, now)), state.lastCheck?.at ?? 0];
    const updated = Math.max(...changes) || snapshot.updatedAt;
    const created = Math.min(updated, ...incidents.map((f) => f.timeline.entries.at(-1)!.at));
    return {
      id,
      name: c.name,
      status: statuspageStatus(state.status),
      created_at: isoUtc(created),
      updated_at: isoUtc(updated),
      position,
      description: c.description || null,
      showcase: true,
      start_date: null,
      group_id: c.group === undefined ? null : groupComponentId(c.group),
      page_id: pageId,
      group: false,
      only_show_if_degraded: false,
    };
  };
  const byId = new Map<string, StatuspageComponent>();
  config.components.forEach((c, i) => byId.set(c.id, component(c.id, i + 1)));

  const components: StatuspageComponent[] = [];
  let position = 0;
  for (const section of snapshot.sections) {
    const members = section.members.map((m) => byId.get(m.id)!);
    if (section.group) {
      const times = members.map((m) => Date.parse(m.updated_at));
      components.push({
        id: groupComponentId(section.group.id),
        name: section.group.name,
        status: statuspageStatus(section.status),
        created_at: isoUtc(Math.min(...members.map((m) => Date.parse(m.created_at)))),
        updated_at: isoUtc(Math.max(...times)),
        position: ++position,
        description: section.group.description || null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: pageId,
        group: true,
        only_show_if_degraded: false,
        components: members.map((m) => m.id),
      });
    }
    for (const m of members) components.push({ ...m, position: ++position });
  }

  const effective = (type: Folded['incident']['type'], state: TimelineEntry['state'], id: string): StatuspageComponentStatus => {
    const s: AffectedStatus | undefined = state.components[id];
    return s !== undefined && isAffecting(type, state.status) ? s : 'operational';
  };

  const common = (f: Folded) => {
    const { incident, timeline } = f;
    const oldestFirst = [...timeline.entries].reverse();
    const updates = oldestFirst
      .map((e, i) => {
        const before = oldestFirst[i - 1]?.state;
        // The components whose status this update changed, or that it names; the declaration names all of its own.
        const ids = new Set([...Object.keys(e.state.components), ...Object.keys(before?.components ?? {})]);
        const affected = [...ids]
          .filter((id) => names.has(id))
          .map((id) => ({
            code: id,
            name: names.get(id)!,
            old_status: before ? effective(incident.type, before, id) : ('operational' as const),
            new_status: effective(incident.type, e.state, id),
          }))
          .filter((a) => !before || a.old_status !== a.new_status || e.components?.[a.code] !== undefined);
        const at = isoUtc(e.at);
        return {
          id: `${incident.id}/${e.id}`,
          status: e.state.status,
          // Plain text, as Statuspage sends it: clients show it as is, never as HTML or Markdown.
          body: message(e.body).paragraphs.join('\n\n'),
          incident_id: incident.id,
          created_at: at,
          updated_at: at,
          display_at: at,
          affected_components: affected,
          deliver_notifications: true,
          custom_tweet: null,
          tweet_id: null,
        };
      })
      .reverse();
    const monitoring = monitoringAt(timeline.entries);
    return {
      id: incident.id,
      name: incident.title,
      created_at: isoUtc(oldestFirst[0]!.at),
      updated_at: isoUtc(changedAt(f, now)),
      monitoring_at: monitoring === undefined ? null : isoUtc(monitoring),
      resolved_at: timeline.resolvedAt === undefined ? null : isoUtc(timeline.resolvedAt),
      shortlink: urls.absolute(routes.incident(incident.id)),
      started_at: isoUtc(timeline.startedAt),
      page_id: pageId,
      incident_updates: updates,
      components: config.components.filter((c) => affects(f, c.id)).map((c) => byId.get(c.id)!),
    };
  };

  const incident = (f: Folded): StatuspageIncident => ({
    ...common(f),
    status: f.timeline.status === 'resolved' && visiblePostmortem(f, now) ? 'postmortem' : (f.timeline.status as StatuspageIncident['status']),
    impact: f.timeline.impact,
  });
  const maintenance = (f: Folded): ScheduledMaintenance => ({
    ...common(f),
    status: f.timeline.status as ScheduledMaintenance['status'],
    impact: 'maintenance',
    scheduled_for: isoUtc(f.incident.window!.start),
    scheduled_until: isoUtc(f.incident.window!.end),
  });

  const incidents = snapshot.all.filter((f) => f.incident.type === 'incident');
  const maintenances = snapshot.all.filter((f) => f.incident.type === 'maintenance' && f.incident.window);
  const unresolved = snapshot.activeIncidents.map(incident);
  const upcoming = snapshot.upcomingMaintenance.map(maintenance);
  const active = snapshot.ongoingMaintenance.map(maintenance);
  const status = { indicator: PAGE_INDICATOR[snapshot.page], description: pageHeadline(snapshot) };
  return {
    summary: { page, components, incidents: unresolved, scheduled_maintenances: [...active, ...upcoming], status },
    status: { page, status },
    components: { page, components },
    incidents: { page, incidents: incidents.slice(0, STATUSPAGE_LIST_LIMIT).map(incident) },
    unresolved: { page, incidents: unresolved },
    maintenances: { page, scheduled_maintenances: maintenances.slice(0, STATUSPAGE_LIST_LIMIT).map(maintenance) },
    upcoming: { page, scheduled_maintenances: upcoming },
    active: { page, scheduled_maintenances: active },
  };
}
