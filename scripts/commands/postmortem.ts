import { snapshot } from '#core/derive/snapshot.ts';
import { isoInZone } from '#core/model/time.ts';
import { formatIncidentFile } from '#core/parse/incident-file.ts';
import { postmortemDraft } from '#core/report/postmortem-draft.ts';
import { postmortemDocument } from '#core/report/postmortem-export.ts';
import { defineCommand } from '../cli/command.ts';
import { AUTHOR_OPTION } from '../cli/flags.ts';
import { authorFor, createIncidentFile, findIncident, openWorkspace, report } from '../cli/incident-writer.ts';

export const postmortem = defineCommand({
  name: 'postmortem',
  usage: 'cairn postmortem <id> [--author NAME]',
  help: [
    'Writes incidents/<id>/postmortem.md for the team to complete: a summary, the timeline and the',
    'impact filled in from the incident, and headings for the root cause and action items. It is',
    'published with the incident once committed; "cairn export" prints the whole review document.',
    'Refused for an incident that is not resolved or already has a postmortem.',
    '',
    'Options:',
    '  --author NAME        Recorded in the file (default: git config user.name).',
    '',
    'Examples:',
    '  cairn postmortem 2026-11-17-checkout-errors',
    '  cairn postmortem webhook --author "Mara Lindqvist"',
  ].join('\n'),
  options: { ...AUTHOR_OPTION },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const ws = openWorkspace(io.cwd, io.now);
    const incident = findIncident(ws, positionals[0]!);
    const { config } = ws.repository;
    if (incident.type === 'maintenance') throw new Error(`${incident.id} is maintenance; postmortems are written for incidents`);
    if (incident.postmortem) throw new Error(`${incident.id} already has a postmortem: edit ${incident.postmortem.file}`);
    const folded = snapshot(ws.repository, io.now).byId.get(incident.id);
    if (!folded) throw new Error(`${incident.id} is a draft; publish it first`);
    if (folded.timeline.status !== 'resolved') throw new Error(`${incident.id} is not resolved yet; resolve it first with "cairn resolve ${incident.id}"`);
    const draft = postmortemDraft(postmortemDocument(folded, config, io.now), config);
    const author = authorFor(values.author, io.cwd);
    const path = `incidents/${incident.id}/postmortem.md`;
    const written = createIncidentFile(
      ws,
      incident.id,
      { path, text: formatIncidentFile({ at: isoInZone(io.now, config.site.timezone), author }, draft) },
      io.now,
    );
    report(io, `Drafted the postmortem of ${incident.id}: complete it, then commit it to publish it`, written);
    return 0;
  },
});
