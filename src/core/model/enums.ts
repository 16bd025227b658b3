import { z } from 'zod';

// The vocabularies every part shares; Statuspage's names where it has one.

export const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type Impact = (typeof IMPACTS)[number];

/** SEV-1 is the worst; `none` is SEV-4. */
export function sevLevel(impact: Impact): string {
  return `SEV-${4 - IMPACTS.indexOf(impact)}`;
}

/** The impact a SEV level names: `SEV-2`, `sev2` or `2` → major; undefined for anything else. */
export function impactOfSev(text: string): Impact | undefined {
  const n = /^(?:sev-?)?([1-4])$/i.exec(text.trim())?.[1];
  return n === undefined ? undefined : IMPACTS[4 - Number(n)];
}

/**
 * Files keep Statuspage's words, so every output and tool reads one spelling: a SEV level in
 * frontmatter is refused with the word to write instead.
 */
export const impactSchema = z.enum(IMPACTS, {
  error: (issue) => {
    const named = typeof issue.input === 'string' && /^sev/i.test(issue.input) ? impactOfSev(issue.input) : undefined;
    return named ? `write "${named}" for ${issue.input} (files use none, minor, major or critical, shown as SEV-4 to SEV-1)` : undefined;
  },
});

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export const incidentStatusSchema = z.enum(INCIDENT_STATUSES);
export const maintenanceStatusSchema = z.enum(MAINTENANCE_STATUSES);
export const statusSchema = z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;
export type MaintenanceStatus = z.infer<typeof maintenanceStatusSchema>;
export type Status = z.infer<typeof statusSchema>;

/** Statuses an incident can be affected with, worst last. */
export const AFFECTED_STATUSES = ['under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export const affectedStatusSchema = z.enum(AFFECTED_STATUSES);
export type AffectedStatus = z.infer<typeof affectedStatusSchema>;

/**
 * What a component shows. Ordered by severity for "worst of"; maintenance ranks below
 * degradation so that it never masks a problem.
 */
export const COMPONENT_STATUSES = ['unknown', 'operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export function severity(status: ComponentStatus): number {
  return COMPONENT_STATUSES.indexOf(status);
}

export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'unknown';
  for (const s of statuses) if (severity(s) > severity(worst)) worst = s;
  return worst;
}

export const SOURCES = ['manual', 'api', 'auto:uptime', 'auto:heartbeat', 'auto:integration'] as const;
export const sourceSchema = z.enum(SOURCES);
export type Source = z.infer<typeof sourceSchema>;

export const CHECK_STATUSES = ['up', 'degraded', 'down'] as const;
export const checkStatusSchema = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

/**
 * Why a check failed. `nxdomain` and `mismatch` are DNS answers (no such name, not the expected
 * values), `missed` a heartbeat that did not come, `upstream` a problem an upstream page reports.
 */
export const ERROR_CLASSES = [
  'timeout',
  'dns',
  'refused',
  'reset',
  'tls',
  'status',
  'assertion',
  'too-large',
  'cross-origin',
  'nxdomain',
  'mismatch',
  'missed',
  'upstream',
  'other',
] as const;
export const errorClassSchema = z.enum(ERROR_CLASSES);
export type ErrorClass = z.infer<typeof errorClassSchema>;

/** People's words for the machine names, for pages, feeds and the terminal. */
export const LABELS: Record<string, string> = {
  none: 'None',
  minor: 'Minor',
  major: 'Major',
  critical: 'Critical',
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
  unknown: 'No data',
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  manual: 'Manual',
  api: 'API',
  'auto:uptime': 'Auto: Uptime',
  'auto:heartbeat': 'Auto: Heartbeat',
  'auto:integration': 'Auto: Integration',
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
};

export function label(name: string): string {
  return LABELS[name] ?? name;
}
