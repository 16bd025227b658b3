import { INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '#core/model/enums.ts';
import { defineCommand, oneOf } from '../cli/command.ts';
import { WRITE_OPTIONS, writeHelp } from '../cli/flags.ts';
import { refuseFinal, runUpdate, statusChange } from '../cli/update-runner.ts';

export const update = defineCommand({
  name: 'update',
  usage: 'cairn update <id> [--status STATUS] [--message TEXT|-] [--at TIME] [--author NAME]',
  help: [
    'Adds one file, incidents/<id>/<time>-<status>.md, so that two people updating at once never',
    'conflict. <id> may be abbreviated to any unique prefix, with or without its date.',
    'A status only moves forward: investigating → identified → monitoring → resolved',
    '(maintenance: scheduled → in_progress → verifying → completed).',
    '',
    'Options:',
    '  -s, --status STATUS  The new status; without it the update only adds a message.',
    ...writeHelp(),
    '',
    'Examples:',
    '  cairn update 2026-11-23-webhook-delays --status monitoring --message "The backlog is draining."',
    '  cairn update webhook --status monitoring --message - < update.md',
    '  cairn update webhook     # opens $EDITOR for the message',
  ].join('\n'),
  options: { status: { type: 'string', short: 's' }, ...WRITE_OPTIONS },
  positionals: { min: 1, max: 1 },
  run(args, io) {
    return runUpdate(args, io, (incident, now, ws) => {
      const flag = args.values.status;
      const status = flag === undefined ? undefined : oneOf('status', flag, incident.type === 'maintenance' ? MAINTENANCE_STATUSES : INCIDENT_STATUSES);
      if (status === now.status) refuseFinal(incident, now, ws.repository.config.site.timezone);
      return {
        update: { status },
        what: status ?? 'update',
        headline: (after) => `Updated ${incident.id}: ${statusChange(now, after)}`,
      };
    });
  },
});
