import { snapshot } from '#core/derive/snapshot.ts';
import { renderStatus, statusJson } from '#core/report/terminal.ts';
import { defineCommand } from '../cli/command.ts';
import { ERRORS_HELP, readWorkspace, reportErrors } from '../cli/incident-writer.ts';

/** Colour for a person at a terminal, unless they asked for none (https://no-color.org). */
export function useColour(io: { isTTY: boolean; env: NodeJS.ProcessEnv }): boolean {
  return io.isTTY && !io.env.NO_COLOR;
}

export const status = defineCommand({
  name: 'status',
  usage: 'cairn status [--json]',
  help: [
    'Reads the repository as the site would be built now (CAIRN_NOW sets "now"); drafts are left out.',
    'Colours only in a terminal, and not with NO_COLOR set.',
    ERRORS_HELP,
    '',
    'Options:',
    '  --json               Print JSON for scripts instead.',
    '',
    'Examples:',
    '  cairn status',
    '  cairn status --json | jq .page',
  ].join('\n'),
  options: { json: { type: 'boolean' } },
  async run({ values }, io) {
    const ws = readWorkspace(io.cwd, io.now);
    const s = snapshot(ws.repository, io.now);
    io.stdout(values.json ? `${JSON.stringify(statusJson(s), null, 2)}\n` : renderStatus(s, useColour(io)));
    return reportErrors(io, 'status', ws);
  },
});
