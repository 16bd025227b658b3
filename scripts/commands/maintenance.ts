import { formatRange } from '#core/render/format.ts';
import { defineCommand } from '../cli/command.ts';
import { parseAt, parseComponents, parseTime, required, WRITE_OPTIONS, writeHelp } from '../cli/flags.ts';
import { authorFor, declare, openWorkspace, publishHint, report } from '../cli/incident-writer.ts';
import { readMessage } from '../cli/message.ts';

export const maintenance = defineCommand({
  name: 'maintenance',
  usage: 'cairn maintenance --title TEXT --start TIME --end TIME [--components LIST] [--message TEXT|-] [--draft] [--at TIME] [--author NAME]',
  help: [
    'Creates incidents/<start date>-<slug>/index.md with type maintenance. It shows as upcoming until',
    'the window starts, in progress during it and completed after it; "cairn update <id> --status',
    'verifying" or "cairn resolve <id>" change that when the work runs differently.',
    '',
    'Options:',
    '  --title TEXT         What readers see as the headline.',
    "  --start TIME         When the window starts; ISO 8601, without an offset read in the site's",
    '  --end TIME           time zone (2026-11-29T04:00) or with one (2026-11-29T03:00:00Z).',
    '  --components LIST    Components under maintenance, comma-separated ids (id:status for another',
    '                       status than under_maintenance).',
    ...writeHelp().map((l) => l.replace('When it happened', 'When it is announced')),
    '  --draft              Write it as a draft: published nowhere until "cairn publish <id>".',
    '',
    'Examples:',
    '  cairn maintenance --title "Database upgrade" --start 2026-12-06T02:00 --end 2026-12-06T04:00 \\',
    '    --components database,api:degraded --message "The API may be slow for a few minutes."',
  ].join('\n'),
  options: {
    title: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    components: { type: 'string', multiple: true },
    draft: { type: 'boolean' },
    ...WRITE_OPTIONS,
  },
  async run({ values }, io) {
    const ws = openWorkspace(io.cwd, io.now);
    const tz = ws.repository.config.site.timezone;
    const title = required('title', values.title, '"Database upgrade"');
    const window = {
      start: parseTime('start', required('start', values.start, '2026-12-06T02:00'), tz),
      end: parseTime('end', required('end', values.end, '2026-12-06T04:00'), tz),
    };
    const written = declare(
      ws,
      {
        title,
        type: 'maintenance',
        at: parseAt(values.at, tz, io.now),
        window,
        components: parseComponents(values.components, 'under_maintenance'),
        draft: values.draft === true,
        author: authorFor(values.author, io.cwd),
      },
      await readMessage(io, values.message),
      io.now,
    );
    const { incident } = written;
    report(io, `${incident.draft ? 'Drafted' : 'Scheduled'} ${incident.id}: ${formatRange(window.start, window.end, tz)}`, written, publishHint(incident));
    return 0;
  },
});
