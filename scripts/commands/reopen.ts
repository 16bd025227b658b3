import { label } from '#core/model/enums.ts';
import { defineCommand } from '../cli/command.ts';
import { WRITE_OPTIONS, writeHelp } from '../cli/flags.ts';
import { runUpdate, statusChange } from '../cli/update-runner.ts';

export const REOPEN_MESSAGE = 'We have reopened this incident: the problem has come back and we are investigating again.';

export const reopen = defineCommand({
  name: 'reopen',
  usage: 'cairn reopen <id> [--message TEXT|-] [--at TIME] [--author NAME]',
  help: [
    'Adds incidents/<id>/<time>-investigating.md. Its duration then runs until it is resolved again.',
    `Without --message, readers see: "${REOPEN_MESSAGE}"`,
    '',
    'Options:',
    ...writeHelp('Without it, readers see the sentence above.'),
    '',
    'Examples:',
    '  cairn reopen 2026-11-17-checkout-errors',
    '  cairn reopen checkout --message "Errors are back for customers in the EU."',
  ].join('\n'),
  options: { ...WRITE_OPTIONS },
  positionals: { min: 1, max: 1 },
  run(args, io) {
    return runUpdate(args, io, (incident, now) => {
      if (incident.type === 'maintenance') throw new Error(`${incident.id} is maintenance; only an incident can be reopened`);
      if (now.status !== 'resolved')
        throw new Error(`${incident.id} is not resolved (it is ${label(now.status).toLowerCase()}); only a resolved incident can be reopened`);
      return {
        update: { status: 'investigating' },
        what: 'investigating',
        fallback: REOPEN_MESSAGE,
        headline: (after) => `Reopened ${incident.id}: ${statusChange(now, after)}`,
      };
    });
  },
});
