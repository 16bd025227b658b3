import { metrics } from '#core/derive/metrics.ts';
import { snapshot } from '#core/derive/snapshot.ts';
import { isoInZone } from '#core/model/time.ts';
import { renderMetrics } from '#core/report/terminal.ts';
import { defineCommand } from '../cli/command.ts';
import { parseSince } from '../cli/flags.ts';
import { ERRORS_HELP, readWorkspace, reportErrors } from '../cli/incident-writer.ts';

export const metricsCommand = defineCommand({
  name: 'metrics',
  usage: 'cairn metrics [--since TIME|DURATION] [--json]',
  help: [
    'MTTA is the mean time from the start of an incident to its first acknowledgement ("cairn ack")',
    'or update a person wrote while it was open (entries of the probe or of author API never count),',
    'MTTR the mean time to resolution; both overall, by the highest impact each incident had and by',
    'component.',
    'By responder: acknowledgements and updates each person wrote, the incidents they responded to',
    'and the median time from the start of those incidents to their first response.',
    'SLA targets come from site.sla in components.yml; an open incident breaches once its target',
    'has passed. Maintenance and drafts are left out. The site shows the same at /metrics/.',
    ERRORS_HELP,
    '',
    'Options:',
    '  --since WHEN         Only incidents that started since a time (2026-11-01) or within a',
    '                       duration back from now (90d).',
    '  --json               Print JSON for scripts instead (durations in milliseconds).',
    '',
    'Examples:',
    '  cairn metrics',
    '  cairn metrics --since 90d --json',
  ].join('\n'),
  options: { since: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }, io) {
    const ws = readWorkspace(io.cwd, io.now);
    const { config } = ws.repository;
    const tz = config.site.timezone;
    const m = metrics(snapshot(ws.repository, io.now).all, config, io.now, parseSince(values.since, tz, io.now));
    const json = { ...m, from: m.from === undefined ? null : isoInZone(m.from, tz), to: isoInZone(m.to, tz) };
    io.stdout(values.json ? `${JSON.stringify(json, null, 2)}\n` : renderMetrics(m, config));
    return reportErrors(io, 'metrics', ws);
  },
});
