import { formatDuration } from '#core/model/time.ts';
import { defineCommand } from '../cli/command.ts';
import { WRITE_OPTIONS, writeHelp } from '../cli/flags.ts';
import { refuseFinal, runUpdate } from '../cli/update-runner.ts';

export const resolve = defineCommand({
  name: 'resolve',
  usage: 'cairn resolve <id> [--message TEXT|-] [--at TIME] [--author NAME]',
  help: [
    'Adds incidents/<id>/<time>-resolved.md (maintenance: <time>-completed.md). Say what was done',
    'and whether readers need to do anything. A resolved incident can be reopened with "cairn reopen".',
    '',
    'Options:',
    ...writeHelp(),
    '',
    'Examples:',
    '  cairn resolve 2026-11-23-webhook-delays --message "All delayed events have been delivered."',
    '  cairn resolve webhook --at 2026-11-23T15:10 --message - < resolution.md',
  ].join('\n'),
  options: { ...WRITE_OPTIONS },
  positionals: { min: 1, max: 1 },
  run(args, io) {
    return runUpdate(args, io, (incident, now, ws) => {
      refuseFinal(incident, now, ws.repository.config.site.timezone);
      const status = incident.type === 'maintenance' ? 'completed' : 'resolved';
      return {
        update: { status },
        what: status,
        headline: (after) => `${status === 'completed' ? 'Completed' : 'Resolved'} ${incident.id} after ${formatDuration(after.durationMs ?? 0)}`,
      };
    });
  },
});
