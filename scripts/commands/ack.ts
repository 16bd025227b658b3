import { INCIDENT_STATUSES } from '#core/model/enums.ts';
import { defineCommand, oneOf } from '../cli/command.ts';
import { AT_OPTION, AUTHOR_OPTION } from '../cli/flags.ts';
import { refuseFinal, runUpdate, statusChange } from '../cli/update-runner.ts';

export const ACK_MESSAGE = 'We are aware of this problem and are looking into it.';

export const ack = defineCommand({
  name: 'ack',
  usage: 'cairn ack <id> [--note TEXT|-] [--status STATUS] [--at TIME] [--author NAME]',
  help: [
    'Acknowledges an incident: adds incidents/<id>/<time>-ack.md with "ack: true", so readers know',
    'someone is on it. The status stays as it is unless --status is given. MTTA and the SLA target',
    'to acknowledge count to the first acknowledgement or update a person wrote; what the probe',
    'writes never counts.',
    `Without --note, readers see: "${ACK_MESSAGE}"`,
    '',
    'Options:',
    '  -n, --note TEXT      The message readers see (Markdown); "-" reads it from standard input.',
    `  -s, --status STATUS  ${INCIDENT_STATUSES.filter((s) => s !== 'resolved').join(', ')}.`,
    '  --at TIME            When it happened (default: now).',
    '  --author NAME        Recorded in the file (default: git config user.name).',
    '',
    'Examples:',
    '  cairn ack 2026-11-23-webhook-delays',
    '  cairn ack webhook --note "On it: the queue workers are restarting." --status identified',
  ].join('\n'),
  options: { note: { type: 'string', short: 'n' }, status: { type: 'string', short: 's' }, ...AT_OPTION, ...AUTHOR_OPTION },
  positionals: { min: 1, max: 1 },
  run(args, io) {
    const flag = args.values.status;
    const status =
      flag === undefined
        ? undefined
        : oneOf(
            'status',
            flag,
            INCIDENT_STATUSES.filter((s) => s !== 'resolved'),
          );
    return runUpdate({ ...args, values: { ...args.values, message: args.values.note } }, io, (incident, now, ws) => {
      if (incident.type === 'maintenance') throw new Error(`${incident.id} is maintenance, which is not acknowledged; post an update instead`);
      refuseFinal(incident, now, ws.repository.config.site.timezone);
      return {
        update: { ack: true, status },
        what: 'ack',
        fallback: ACK_MESSAGE,
        headline: (after) => `Acknowledged ${incident.id}: ${statusChange(now, after)}`,
      };
    });
  },
});
