import type { Config } from '#core/model/config.ts';
import type { Diagnostic } from '#core/model/diagnostics.ts';
import { INCIDENT_STATUSES, label, MAINTENANCE_STATUSES, sevLevel } from '#core/model/enums.ts';
import { refusedSecret, secretReferences } from '#core/model/secrets.ts';
import { suggest } from '#core/model/suggest.ts';
import { formatDuration, isMade, isoUtc, MINUTE } from '#core/model/time.ts';
import type { Entry, Incident, Position, Repository } from '#core/parse/repository.ts';
import { listWords, locate, type YamlSource } from '#core/parse/yaml-source.ts';
import { fold, isBackwards } from './timeline.ts';

/** Clocks drift and people type fast: times this far ahead of now are still accepted. */
export const FUTURE_TOLERANCE = 5 * MINUTE;

function at(entry: { file: string; positions: Record<string, Position> }, field: string): Position | undefined {
  return entry.positions[field] ?? entry.positions[field.split('.')[0]!];
}

/** The rules beyond the schema: references, order of time and status, and the advice a reviewer would give. */
export function checkRules(repository: Repository, configSource: YamlSource | undefined, now: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (file: string, pos: Position | undefined, severity: Diagnostic['severity'], rule: string, message: string) =>
    out.push({ file, ...(pos ?? {}), severity, rule, message });
  const { config } = repository;
  const configFile = configSource?.file ?? 'components.yml';
  const pos = (path: PropertyKey[], key = false) => (configSource ? locate(configSource, path, key) : undefined);

  // components.yml: ids unique, groups known.
  const groupIds = new Set<string>();
  config.groups.forEach((g, i) => {
    if (groupIds.has(g.id)) report(configFile, pos(['groups', i, 'id']), 'error', 'duplicate-id', `Duplicate group id "${g.id}": each group needs its own id`);
    groupIds.add(g.id);
  });
  const componentIds = new Set<string>();
  config.components.forEach((c, i) => {
    if (componentIds.has(c.id))
      report(configFile, pos(['components', i, 'id']), 'error', 'duplicate-id', `Duplicate component id "${c.id}": each component needs its own id`);
    componentIds.add(c.id);
    if (c.group !== undefined && !groupIds.has(c.group)) {
      const hint = suggest(c.group, groupIds);
      report(
        configFile,
        pos(['components', i, 'group']),
        'error',
        'unknown-group',
        `Unknown group "${c.group}"${hint ? `; did you mean "${hint}"?` : `, expected one of ${listWords([...groupIds])} (groups are listed under "groups")`}`,
      );
    }
  });

  for (const template of repository.templates ?? []) {
    const ids = Array.isArray(template.components) ? template.components : Object.keys(template.components ?? {});
    for (const id of ids) {
      if (componentIds.has(id)) continue;
      const hint = suggest(id, componentIds);
      report(
        template.file,
        template.positions[`components.${id}`] ?? template.positions.components,
        'error',
        'unknown-component',
        `Unknown component "${id}" in template ${template.name}${hint ? `; did you mean "${hint}"?` : `, expected one of ${listWords([...componentIds])}`}`,
      );
    }
  }

  // Probes: every ${NAME} must be one the repository allows, so a pull request cannot add one.
  config.components.forEach((c, i) => {
    if (!c.probe) return;
    const probe = c.probe;
    const http = probe.kind === 'http' ? probe : undefined;
    const fields: Array<[PropertyKey[], string | undefined]> = [
      [['url'], 'url' in probe ? probe.url : undefined],
      ...Object.entries(http?.headers ?? {}).map(([k, v]): [PropertyKey[], string] => [['headers', k], v]),
      [['body'], http?.body],
    ];
    for (const [path, text] of fields) {
      for (const { name } of secretReferences(text ?? '')) {
        const why = refusedSecret(name, config.probe.secrets);
        if (why) report(configFile, pos(['components', i, 'probe', ...path]), 'error', 'probe-secret', `Probe of "${c.id}" uses \${${name}}, but ${why}`);
      }
    }
  });

  const seen = new Map<string, string>();
  for (const incident of repository.incidents) {
    const lower = incident.id.toLowerCase();
    if (seen.has(lower))
      report(
        incident.file,
        undefined,
        'error',
        'duplicate-id',
        `Incident id "${incident.id}" differs from "${seen.get(lower)}" only in case; rename one folder`,
      );
    seen.set(lower, incident.id);
    checkIncident(incident, componentIds, config.site.stale_after, now, report);
  }
  return out;
}

type Report = (file: string, pos: Position | undefined, severity: Diagnostic['severity'], rule: string, message: string) => void;

function checkIncident(incident: Incident, componentIds: Set<string>, staleAfter: Config['site']['stale_after'], now: number, report: Report): void {
  const maintenance = incident.type === 'maintenance';
  const [declaration, ...updates] = incident.entries as [Entry, ...Entry[]];
  const allowed: readonly string[] = maintenance ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;

  if (maintenance && !incident.window) {
    report(
      incident.file,
      at(declaration, 'type'),
      'error',
      'window-missing',
      'Maintenance needs a planned window: add "window:" with "start:" and "end:" times',
    );
  }
  if (!maintenance && incident.window) {
    report(incident.file, at(declaration, 'window'), 'error', 'window-incident', 'Only maintenance has a window: add "type: maintenance", or remove "window:"');
  }
  if (incident.window && incident.window.end <= incident.window.start) {
    report(
      incident.file,
      at(declaration, 'window.end'),
      'error',
      'window-order',
      incident.window.end === incident.window.start
        ? `Maintenance window ends when it starts (${isoUtc(incident.window.start)}); give its end`
        : `Maintenance window ends (${isoUtc(incident.window.end)}) before it starts (${isoUtc(incident.window.start)}); swap or correct the times`,
    );
  }

  for (const entry of incident.entries) {
    if (entry.status !== undefined && !allowed.includes(entry.status)) {
      report(
        entry.file,
        at(entry, 'status'),
        'error',
        'status-value',
        `Unexpected status "${entry.status}" for ${maintenance ? 'maintenance' : 'an incident'}, expected ${listWords(allowed)}`,
      );
    }
    if (entry.at > now + FUTURE_TOLERANCE) {
      report(
        entry.file,
        at(entry, 'at'),
        'error',
        'future-time',
        `Time ${entry.atText} is in the future (now is ${isoUtc(now)}); ${maintenance ? 'schedule maintenance with "window:", not "at:"' : 'use the time it happened'}`,
      );
    }
    for (const id of Object.keys(entry.components ?? {})) {
      if (componentIds.has(id)) continue;
      const hint = suggest(id, componentIds);
      report(
        entry.file,
        at(entry, `components.${id}`),
        'error',
        'unknown-component',
        `Unknown component "${id}"${hint ? `; did you mean "${hint}"?` : `, expected one of ${listWords([...componentIds])}`}`,
      );
    }
  }

  // Entries are ordered by time alone; at one instant, which came first is unknowable.
  const firstAt = new Map<number, Entry>();
  for (const entry of [...incident.entries].sort((a, b) => a.file.localeCompare(b.file))) {
    const other = firstAt.get(entry.at);
    if (other === undefined) {
      firstAt.set(entry.at, entry);
      continue;
    }
    report(
      entry.file,
      at(entry, 'at'),
      'error',
      'same-instant',
      `Entry at ${entry.atText} has the same time as ${other.file}, so which came first is unknowable; give one of them a later time (seconds count)`,
    );
  }

  let status = declaration.status ?? (maintenance ? 'scheduled' : 'investigating');
  for (const update of updates) {
    if (update.at < declaration.at) {
      report(
        update.file,
        at(update, 'at'),
        'error',
        'update-before-start',
        `Update at ${update.atText} is earlier than the ${maintenance ? 'announcement' : 'incident'} (${declaration.atText}); correct either time`,
      );
    }
    if (update.status === undefined) continue;
    if (isBackwards(status, update.status)) {
      const hint = status === 'resolved' ? '; to reopen, set status investigating' : '';
      report(
        update.file,
        at(update, 'status'),
        'error',
        'status-backwards',
        `Status cannot go back from ${label(status).toLowerCase()} to ${label(update.status).toLowerCase()}${hint}`,
      );
    }
    status = update.status;
  }

  if (incident.draft || maintenance) return;
  const timeline = fold(incident, now);
  const newest = incident.entries.filter((e) => isMade(e.at, now)).reduce((m, e) => Math.max(m, e.at), declaration.at);
  // SEV-1 and SEV-2 incidents owe readers news sooner than the rest.
  const severe = timeline.impact === 'critical' || timeline.impact === 'major';
  const limit = severe ? staleAfter.severe : staleAfter.other;
  if (timeline.active && now - newest > limit) {
    report(
      incident.file,
      undefined,
      'warning',
      'stale-incident',
      `Active for ${formatDuration(now - declaration.at)} with no update for ${formatDuration(now - newest)} (${sevLevel(timeline.impact)}: an update at least every ${formatDuration(limit)}); post an update so readers know it is being worked on`,
    );
  }
  const resolving = timeline.entries.find((e) => e.state.status === 'resolved' && e.status === 'resolved');
  if (timeline.status === 'resolved' && (resolving === undefined || resolving === timeline.entries.at(-1))) {
    report(
      incident.file,
      at(declaration, 'status'),
      'warning',
      'resolution-message',
      'Resolved without a resolution message: add an update with "status: resolved" that says what was done',
    );
  }
}
