import { IMPACTS, type Impact, label } from '#core/model/enums.ts';
import { impactName } from '#core/render/labels.ts';
import { defineCommand, UsageError } from '../cli/command.ts';
import { IMPACT_HELP, IMPACT_OPTIONS, parseImpact, WRITE_OPTIONS, writeHelp } from '../cli/flags.ts';
import { refuseFinal, runUpdate } from '../cli/update-runner.ts';

/** What readers see when nobody writes a message: the change itself. */
export function escalateMessage(from: Impact, to: Impact): string {
  const raised = IMPACTS.indexOf(to) > IMPACTS.indexOf(from);
  return `We have ${raised ? 'raised' : 'lowered'} the impact of this incident from ${label(from).toLowerCase()} to ${label(to).toLowerCase()}.`;
}

export const escalate = defineCommand({
  name: 'escalate',
  usage: 'cairn escalate <id> --impact LEVEL|--sev N [--message TEXT|-] [--at TIME] [--author NAME]',
  help: [
    'Adds incidents/<id>/<time>-impact.md. SLA targets follow the highest impact an incident had.',
    'Without --message, readers see e.g. "We have raised the impact of this incident from major to',
    'critical."',
    '',
    'Options:',
    ...IMPACT_HELP,
    ...writeHelp('Without it, readers see the sentence above.'),
    '',
    'Examples:',
    '  cairn escalate 2026-11-23-webhook-delays --impact critical',
    '  cairn escalate webhook --sev 1',
    '  cairn escalate webhook --impact minor --message "Only retries are delayed now."',
  ].join('\n'),
  options: { ...IMPACT_OPTIONS, ...WRITE_OPTIONS },
  positionals: { min: 1, max: 1 },
  run(args, io) {
    const impact = parseImpact(args.values.impact, args.values.sev);
    if (impact === undefined) throw new UsageError('--impact is required, such as --impact critical or --sev 1');
    return runUpdate(args, io, (incident, now, ws) => {
      if (incident.type === 'maintenance') throw new Error(`${incident.id} is maintenance, which has no impact level`);
      refuseFinal(incident, now, ws.repository.config.site.timezone);
      if (now.impact === impact) throw new Error(`${incident.id} already has impact ${impactName(impact)}`);
      return {
        update: { impact },
        what: 'impact',
        fallback: escalateMessage(now.impact, impact),
        headline: (after) =>
          `${IMPACTS.indexOf(impact) > IMPACTS.indexOf(now.impact) ? 'Escalated' : 'De-escalated'} ${incident.id}: ${impactName(now.impact)} → ${impactName(after.impact)}`,
      };
    });
  },
});
