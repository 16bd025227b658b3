import { z } from 'zod';
import { AFFECTED_STATUSES, type AffectedStatus, severity } from '#core/model/enums.ts';
import type { StatuspageProbe } from '#core/model/probe.ts';
import type { Verdict } from './verdict.ts';

/**
 * An upstream provider's Statuspage-compatible `/api/v2/summary.json` mapped onto one of our
 * components: the worst status of the named upstream components, or the page's indicator when
 * none are named. Degraded stays degraded; partial and major outages are down, and which of the
 * two is kept (`upstream=`) so the drafted incident says the same.
 */

const upstreamComponentSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  status: z.string(),
});

const upstreamIncidentSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  status: z.string().optional(),
  shortlink: z.string().optional(),
  components: z.array(upstreamComponentSchema).optional(),
});

export const summarySchema = z.looseObject({
  page: z.looseObject({ name: z.string().optional(), url: z.string().optional() }).optional(),
  status: z.looseObject({ indicator: z.string() }),
  components: z.array(upstreamComponentSchema).default([]),
  incidents: z.array(upstreamIncidentSchema).default([]),
});
export type Summary = z.output<typeof summarySchema>;

/** The upstream incident behind a problem, for the drafted incident's message. */
export interface UpstreamIncident {
  name: string;
  url?: string;
}

export interface UpstreamVerdict extends Verdict {
  extra: Record<string, string>;
  incident?: UpstreamIncident;
}

/** Statuspage's page indicator as a component status. */
const BY_INDICATOR: Record<string, AffectedStatus | 'operational'> = {
  none: 'operational',
  maintenance: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
};

/** The address of the summary: the URL itself when it names a .json file, else `<page>/api/v2/summary.json`. */
export function summaryUrl(url: string): string {
  const u = new URL(url);
  if (u.pathname.endsWith('.json')) return u.href;
  u.pathname = `${u.pathname.replace(/\/?$/, '/')}api/v2/summary.json`;
  return u.href;
}

function isProblem(status: string): status is AffectedStatus {
  return (AFFECTED_STATUSES as readonly string[]).includes(status) && status !== 'under_maintenance';
}

function safeLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const u = new URL(link);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The verdict from a parsed summary. Named components missing upstream are an assertion failure
 * (renamed upstream: the probe must be corrected), not an outage of theirs.
 */
export function judgeSummary(probe: StatuspageProbe, summary: Summary): UpstreamVerdict {
  let worst: AffectedStatus | 'operational' = 'operational';
  let names: string[] = [];
  if (probe.components) {
    const missing = probe.components.filter((name) => !summary.components.some((c) => c.name === name));
    if (missing.length) return { status: 'down', error: 'assertion', detail: 'upstream_component', extra: { detail: 'upstream_component' } };
    const chosen = summary.components.filter((c) => probe.components!.includes(c.name));
    for (const c of chosen) if (isProblem(c.status) && (worst === 'operational' || severity(c.status) > severity(worst))) worst = c.status;
    names = chosen.filter((c) => isProblem(c.status)).map((c) => c.name);
  } else {
    worst = BY_INDICATOR[summary.status.indicator] ?? 'operational';
  }
  if (worst === 'operational') return { status: 'up', extra: {} };
  const open = summary.incidents.filter((i) => i.status !== 'resolved' && i.status !== 'postmortem');
  const related = names.length ? open.find((i) => i.components?.some((c) => names.includes(c.name))) : undefined;
  const found = related ?? open[0];
  const incident = found && { name: found.name, url: safeLink(found.shortlink) };
  const extra = { upstream: worst };
  return worst === 'degraded_performance' ? { status: 'degraded', error: 'upstream', extra, incident } : { status: 'down', error: 'upstream', extra, incident };
}
