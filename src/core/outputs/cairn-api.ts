import { z } from 'zod';
import { everAffected } from '#core/derive/affected.ts';
import { visiblePostmortem } from '#core/derive/incident-view.ts';
import { metrics } from '#core/derive/metrics.ts';
import { PAGE_INDICATOR, PAGE_STATUSES } from '#core/derive/page-status.ts';
import { sla } from '#core/derive/sla.ts';
import type { Snapshot } from '#core/derive/snapshot.ts';
import { RECENT_UPTIME_DAYS, recentUptime } from '#core/derive/snapshot.ts';
import type { Folded } from '#core/derive/timeline.ts';
import { combine, type Uptime } from '#core/derive/uptime.ts';
import {
  affectedStatusSchema,
  COMPONENT_STATUSES,
  checkStatusSchema,
  errorClassSchema,
  impactSchema,
  label,
  sourceSchema,
  statusSchema,
} from '#core/model/enums.ts';
import { historyStart, isoUtc, lastDays } from '#core/model/time.ts';
import { pageHeadline } from '#core/render/labels.ts';
import { routes } from '#core/render/routes.ts';
import type { Urls } from '#core/render/urls.ts';

/**
 * `/api/cairn.json`: what Statuspage's shapes have no field for. Component status with "unknown",
 * probe freshness, uptime per day, incident sources and SLA figures. Durations are whole seconds,
 * uptime is a ratio from 0 to 1 (null when nothing was observed).
 */

export const CAIRN_API_VERSION = 1;

const time = z.iso.datetime({ offset: true });
const seconds = z.int().nonnegative();
const ratio = z.number().min(0).max(1).nullable();
const componentStatusSchema = z.enum(COMPONENT_STATUSES);

const uptimeSchema = z.strictObject({
  days: z.int().positive(),
  uptime: ratio,
  observed_seconds: seconds,
  down_seconds: seconds,
});

const daySchema = z.strictObject({
  day: z.iso.date(),
  status: componentStatusSchema,
  uptime: ratio,
  observed_seconds: seconds,
  down_seconds: seconds,
  incidents: z.array(z.string()),
});

const componentSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  group: z.string().nullable(),
  url: z.url(),
  status: componentStatusSchema,
  status_label: z.string(),
  probed: z.boolean(),
  fresh: z.boolean(),
  last_check: z
    .strictObject({
      at: time,
      status: checkStatusSchema,
      response_ms: z.number().nonnegative(),
      http_code: z.int().nullable(),
      error: errorClassSchema.nullable(),
    })
    .nullable(),
  incidents: z.array(z.string()),
  uptime_30d: uptimeSchema,
  uptime_history: uptimeSchema,
  days: z.array(daySchema),
  feeds: z.strictObject({ rss: z.url(), atom: z.url(), json: z.url() }),
  badges: z.strictObject({ status: z.url(), uptime: z.url(), shields: z.url(), shields_uptime: z.url() }),
});

const slaSchema = z.strictObject({
  impact: impactSchema,
  acknowledge_seconds: seconds.nullable(),
  resolve_seconds: seconds.nullable(),
  acknowledge_target_seconds: seconds,
  resolve_target_seconds: seconds,
  acknowledge_breached: z.boolean(),
  resolve_breached: z.boolean(),
});

const incidentSchema = z.strictObject({
  id: z.string(),
  type: z.enum(['incident', 'maintenance']),
  title: z.string(),
  url: z.url(),
  source: sourceSchema,
  status: statusSchema,
  impact: impactSchema,
  peak_impact: impactSchema,
  active: z.boolean(),
  components: z.record(z.string(), affectedStatusSchema),
  components_at_worst: z.record(z.string(), affectedStatusSchema),
  started_at: time,
  acknowledged_at: time.nullable(),
  resolved_at: time.nullable(),
  duration_seconds: seconds.nullable(),
  window: z.strictObject({ start: time, end: time }).nullable(),
  updates: z.int().positive(),
  postmortem: z.boolean(),
  sla: slaSchema.nullable(),
});

export const cairnApiSchema = z.strictObject({
  version: z.literal(CAIRN_API_VERSION),
  generated_at: time,
  page: z.strictObject({
    name: z.string(),
    url: z.url(),
    time_zone: z.string(),
    updated_at: time,
    status: z.enum(PAGE_STATUSES),
    description: z.string(),
    indicator: impactSchema,
    newest_check_at: time.nullable(),
    history_days: z.int().positive(),
  }),
  groups: z.array(z.strictObject({ id: z.string(), name: z.string(), status: componentStatusSchema, components: z.array(z.string()) })),
  components: z.array(componentSchema),
  incidents: z.array(incidentSchema),
  sla: z.strictObject({
    days: z.int().positive(),
    incidents: z.int().nonnegative(),
    acknowledged: z.int().nonnegative(),
    resolved: z.int().nonnegative(),
    mean_time_to_acknowledge_seconds: seconds.nullable(),
    mean_time_to_resolve_seconds: seconds.nullable(),
    acknowledge_breaches: z.int().nonnegative(),
    resolve_breaches: z.int().nonnegative(),
    targets: z.record(impactSchema, z.strictObject({ acknowledge_seconds: seconds, resolve_seconds: seconds })),
  }),
});
export type CairnApi = z.output<typeof cairnApiSchema>;

const secs = (ms: number) => Math.round(ms / 1000);
const optionalSecs = (ms: number | undefined) => (ms === undefined ? null : secs(ms));
const optionalTime = (t: number | undefined) => (t === undefined ? null : isoUtc(t));
const roundRatio = (r: number | undefined) => (r === undefined ? null : Math.round(r * 1e6) / 1e6);

function uptimeFigure(days: number, u: Uptime): z.output<typeof uptimeSchema> {
  return { days, uptime: roundRatio(u.ratio), observed_seconds: secs(u.observedMs), down_seconds: secs(u.downMs) };
}

export function cairnApi(snapshot: Snapshot, urls: Urls): CairnApi {
  const { config, now } = snapshot;
  const site = config.site;
  const tz = site.timezone;
  const historyKeys = lastDays(now, site.history_days, tz);
  const windowStart = historyStart(now, site.history_days, tz);

  const components = config.components.map((c) => {
    const state = snapshot.components.get(c.id)!;
    const days = snapshot.uptime(c.id).days(historyKeys, now);
    const check = state.lastCheck;
    const abs = (path: string) => urls.absolute(path);
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      group: c.group ?? null,
      url: abs(routes.component(c.id)),
      status: state.status,
      status_label: label(state.status),
      probed: c.probe !== undefined,
      fresh: state.fresh,
      last_check: check
        ? { at: isoUtc(check.at), status: check.status, response_ms: check.ms, http_code: check.code ?? null, error: check.error ?? null }
        : null,
      incidents: state.incidents,
      uptime_30d: uptimeFigure(RECENT_UPTIME_DAYS, recentUptime(snapshot, c.id)),
      uptime_history: uptimeFigure(site.history_days, combine(days)),
      days: days.map((d) => ({
        day: d.day,
        status: d.status,
        uptime: roundRatio(d.ratio),
        observed_seconds: secs(d.observedMs),
        down_seconds: secs(d.downMs),
        incidents: d.incidents,
      })),
      feeds: { rss: abs(routes.componentFeed.rss(c.id)), atom: abs(routes.componentFeed.atom(c.id)), json: abs(routes.componentFeed.json(c.id)) },
      badges: {
        status: abs(routes.badge.component(c.id)),
        uptime: abs(routes.badge.uptime(c.id)),
        shields: abs(routes.badge.shields(c.id)),
        shields_uptime: abs(routes.badge.shieldsUptime(c.id)),
      },
    };
  });

  // The history window, plus whatever is still open or yet to come.
  const shown = snapshot.all.filter((f) => f.timeline.startedAt >= windowStart || f.timeline.active || f.timeline.status === 'scheduled');
  const incident = (f: Folded) => {
    const { incident: i, timeline: t } = f;
    const s = i.type === 'incident' ? sla(t, config, now) : undefined;
    return {
      id: i.id,
      type: i.type,
      title: i.title,
      url: urls.absolute(routes.incident(i.id)),
      source: i.source,
      status: t.status,
      impact: t.impact,
      peak_impact: t.peakImpact,
      active: t.active,
      components: t.components,
      components_at_worst: everAffected(t.entries.map((e) => e.state)),
      started_at: isoUtc(t.startedAt),
      acknowledged_at: optionalTime(t.acknowledgedAt),
      resolved_at: optionalTime(t.resolvedAt),
      duration_seconds: optionalSecs(t.durationMs),
      window: i.window ? { start: isoUtc(i.window.start), end: isoUtc(i.window.end) } : null,
      updates: t.entries.length,
      postmortem: visiblePostmortem(f, now) !== undefined,
      sla: s
        ? {
            impact: s.impact,
            acknowledge_seconds: optionalSecs(s.acknowledgeMs),
            resolve_seconds: optionalSecs(s.resolveMs),
            acknowledge_target_seconds: secs(s.targets.acknowledgeMs),
            resolve_target_seconds: secs(s.targets.resolveMs),
            acknowledge_breached: s.acknowledgeBreached,
            resolve_breached: s.resolveBreached,
          }
        : null,
    };
  };
  const listed = shown.map(incident);

  // The figures of the metrics page, over the same window.
  const overall = metrics(snapshot.all, config, now, windowStart).overall;

  return {
    version: CAIRN_API_VERSION,
    generated_at: isoUtc(now),
    page: {
      name: site.title,
      url: urls.absolute(routes.home),
      time_zone: tz,
      updated_at: isoUtc(snapshot.updatedAt),
      status: snapshot.page,
      description: pageHeadline(snapshot),
      indicator: PAGE_INDICATOR[snapshot.page],
      newest_check_at: optionalTime(snapshot.newestCheck),
      history_days: site.history_days,
    },
    groups: snapshot.sections.flatMap((s) =>
      s.group ? [{ id: s.group.id, name: s.group.name, status: s.status, components: s.members.map((m) => m.id) }] : [],
    ),
    components,
    incidents: listed,
    sla: {
      days: site.history_days,
      incidents: overall.incidents,
      acknowledged: overall.mtta.count,
      resolved: overall.resolved,
      mean_time_to_acknowledge_seconds: optionalSecs(overall.mtta.ms),
      mean_time_to_resolve_seconds: optionalSecs(overall.mttr.ms),
      acknowledge_breaches: overall.breaches.acknowledge,
      resolve_breaches: overall.breaches.resolve,
      targets: Object.fromEntries(
        Object.entries(site.sla).map(([impact, t]) => [impact, { acknowledge_seconds: secs(t.acknowledge), resolve_seconds: secs(t.resolve) }]),
      ) as CairnApi['sla']['targets'],
    },
  };
}
