import { snapshot } from '#core/derive/snapshot.ts';
import { postmortemDocument, renderPostmortemMarkdown } from '#core/report/postmortem-export.ts';
import { defineCommand, oneOf } from '../cli/command.ts';
import { ERRORS_HELP, findIncident, readWorkspace, reportErrors } from '../cli/incident-writer.ts';

const FORMATS = ['md', 'json'] as const;

export const exportCommand = defineCommand({
  name: 'export',
  usage: 'cairn export <id> [--format md|json]',
  help: [
    'The summary (impact and SEV, components, start, end, duration, time to acknowledge and to',
    'resolve against the SLA targets), the timeline oldest first, the postmortem from',
    'incidents/<id>/postmortem.md if there is one, and its action items as a checklist (the list',
    'under a heading such as "Action items" or "What we are changing").',
    ERRORS_HELP.replace('A file', "A file of the incident's"),
    '',
    'Options:',
    '  --format md|json     Markdown (default) or JSON.',
    '',
    'Examples:',
    '  cairn export 2026-11-17-checkout-errors > postmortem.md',
    '  cairn export checkout --format json',
  ].join('\n'),
  options: { format: { type: 'string', default: 'md' } },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const format = oneOf('format', values.format, FORMATS);
    const ws = readWorkspace(io.cwd, io.now);
    const incident = findIncident(ws, positionals[0]!);
    const { config } = ws.repository;
    const folded = snapshot(ws.repository, io.now).byId.get(incident.id);
    if (!folded) throw new Error(`${incident.id} is ${incident.draft ? 'a draft' : 'not visible yet'}; publish it first`);
    if (incident.type === 'maintenance') throw new Error(`${incident.id} is maintenance; export writes postmortems of incidents`);
    const doc = postmortemDocument(folded, config, io.now);
    io.stdout(format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : renderPostmortemMarkdown(doc, config));
    // Only this incident's files make this document wrong.
    return reportErrors(io, 'export', { ...ws, diagnostics: ws.diagnostics.filter((d) => d.file.startsWith(`incidents/${incident.id}/`)) });
  },
});
