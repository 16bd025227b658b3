import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCommand } from '../cli/command.ts';
import { findIncident, openWorkspace, report, writeIncidentFile } from '../cli/incident-writer.ts';

/** The file without its top-level `draft:` line; everything else stays as written. */
function withoutDraft(text: string): string {
  const close = text.indexOf('\n---', 3);
  const head = text.slice(0, close + 1).replace(/^draft[ \t]*:[^\n]*\n/m, '');
  return head + text.slice(close + 1);
}

export const publish = defineCommand({
  name: 'publish',
  usage: 'cairn publish <id>',
  help: [
    'Removes "draft: true" from incidents/<id>/index.md and leaves the rest of the file as it is.',
    'Commit and push it, and readers see it on the page, in the feeds and in the API.',
    '',
    'Examples:',
    '  cairn publish 2026-11-23-search-reindex',
    '  cairn publish search',
  ].join('\n'),
  options: {},
  positionals: { min: 1, max: 1 },
  async run({ positionals }, io) {
    const ws = openWorkspace(io.cwd, io.now);
    const incident = findIncident(ws, positionals[0]!);
    if (!incident.draft) throw new Error(`${incident.id} is not a draft; it is published already`);
    const original = readFileSync(join(ws.root, incident.file), 'utf8');
    const text = withoutDraft(original);
    if (text === original) throw new Error(`could not find the line "draft: true" in ${incident.file}; remove it by hand`);
    const written = writeIncidentFile(ws, incident.id, { path: incident.file, text }, io.now);
    report(io, `Published ${incident.id}`, written, 'Commit and push it, and readers see it.');
    return 0;
  },
});
