import { defineCommand } from '../cli/command.ts';
import { WRITE_OPTIONS, writeHelp } from '../cli/flags.ts';
import { refuseFinal, runUpdate, statusChange } from '../cli/update-runner.ts';

export const MITIGATE_MESSAGE = 'A fix has been put in place and we are monitoring the results.';

export const mitigate = defineCommand({
  name: 'mitigate',
  usage: 'cairn mitigate <id> [--message TEXT|-] [--at TIME] [--author NAME]',
  help: [
    'Marks an incident mitigated: adds incidents/<id>/<time>-monitoring.md with status monitoring.',
    'Resolve it with "cairn resolve" once the fix holds.',
    `Without --message, readers see: "${MITIGATE_MESSAGE}"`,
    '',
    'Options:',
    ...writeHelp('Without it, readers see the sentence above.'),
    '',
    'Examples:',
    '  cairn mitigate 2026-11-23-webhook-delays',
    '  cairn mitigate webhook --message "Traffic is routed around the failed queue; delays are shrinking."',
  ].join('\n'),
  options: { ...WRITE_OPTIONS },
  positionals: { min: 1, max: 1 },
  run(args, io) {
    return runUpdate(args, io, (incident, now, ws) => {
      if (incident.type === 'maintenance') throw new Error(`${incident.id} is maintenance; use "cairn update ${incident.id} --status verifying"`);
      refuseFinal(incident, now, ws.repository.config.site.timezone);
      if (now.status === 'monitoring') throw new Error(`${incident.id} is already monitoring; resolve it with "cairn resolve ${incident.id}"`);
      return {
        update: { status: 'monitoring' },
        what: 'monitoring',
        fallback: MITIGATE_MESSAGE,
        headline: (after) => `Mitigated ${incident.id}: ${statusChange(now, after)}`,
      };
    });
  },
});
