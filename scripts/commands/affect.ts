import type { Config } from '#core/model/config.ts';
import { type AffectedStatus, IMPACTS } from '#core/model/enums.ts';
import { suggest } from '#core/model/suggest.ts';
import { quoted } from '#core/model/text.ts';
import { listWords } from '#core/parse/yaml-source.ts';
import { describeAffected } from '#core/render/labels.ts';
import { defineCommand, UsageError } from '../cli/command.ts';
import { parseComponents, parseIds, parseImpact, WRITE_OPTIONS, writeHelp } from '../cli/flags.ts';
import { refuseFinal, runUpdate } from '../cli/update-runner.ts';

export function affectMessage(components: Record<string, AffectedStatus>, config: Config): string {
  return Object.keys(components).length === 0
    ? 'This incident no longer affects any component.'
    : `This incident now affects ${describeAffected(components, config)}.`;
}

export const affect = defineCommand({
  name: 'affect',
  usage: 'cairn affect <id> [--components LIST] [--remove IDS] [--impact LEVEL] [--message TEXT|-] [--at TIME] [--author NAME]',
  help: [
    'Adds incidents/<id>/<time>-components.md with the whole new set of affected components: the',
    'ones it affected, with --components added or changed and --remove taken away. The impact stays',
    'as it is unless --impact is given. Without --message, readers see e.g. "This incident now',
    'affects Payments API (partial outage) and Webhooks (degraded performance)."',
    '',
    'Options:',
    '  --components LIST    Components to add or change, as id or id:status, comma-separated; status',
    '                       is degraded_performance, partial_outage (default), major_outage or',
    '                       under_maintenance (or degraded, partial, major, maintenance).',
    '  --remove IDS         Components no longer affected, comma-separated.',
    `  --impact LEVEL       ${IMPACTS.join(', ')}, or SEV-4 to SEV-1: a new impact with the change.`,
    ...writeHelp('Without it, readers see the sentence above.'),
    '',
    'Examples:',
    '  cairn affect 2026-11-23-webhook-delays --components api:partial_outage',
    '  cairn affect webhook --components webhooks:degraded --remove api',
  ].join('\n'),
  options: { components: { type: 'string', multiple: true }, remove: { type: 'string', multiple: true }, impact: { type: 'string' }, ...WRITE_OPTIONS },
  positionals: { min: 1, max: 1 },
  run(args, io) {
    const impact = parseImpact(args.values.impact, undefined);
    const remove = parseIds(args.values.remove);
    if (args.values.components === undefined && remove.length === 0)
      throw new UsageError('say what changes: --components to add or change, --remove to take away');
    return runUpdate(args, io, (incident, now, ws) => {
      refuseFinal(incident, now, ws.repository.config.site.timezone);
      const maintenance = incident.type === 'maintenance';
      const added = parseComponents(args.values.components, maintenance ? 'under_maintenance' : 'partial_outage') ?? {};
      const components = { ...now.components, ...added };
      for (const id of remove) {
        if (!Object.hasOwn(now.components, id)) {
          const affected = Object.keys(now.components);
          const hint = suggest(id, affected);
          throw new Error(
            `--remove ${id}: ${incident.id} does not affect ${quoted(id)}${hint ? `; did you mean ${hint}?` : affected.length ? `; it affects ${listWords(affected)}` : '; it affects no component'}`,
          );
        }
        delete components[id];
      }
      const same = JSON.stringify(Object.entries(components).sort()) === JSON.stringify(Object.entries(now.components).sort());
      if (same && (impact === undefined || impact === now.impact))
        throw new Error(`nothing changes: ${incident.id} already affects ${describeAffected(components, ws.repository.config) || 'no component'}`);
      return {
        // A stated impact stands without repeating it; only an incident that never stated one derives it.
        update: { components, impact: maintenance ? undefined : impact },
        what: 'components',
        fallback: affectMessage(components, ws.repository.config),
        headline: (after) => `${incident.id} now affects ${describeAffected(after.components, ws.repository.config) || 'no component'}`,
      };
    });
  },
});
