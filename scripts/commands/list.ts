import { snapshot } from '#core/derive/snapshot.ts';
import { fold } from '#core/derive/timeline.ts';
import { suggest } from '#core/model/suggest.ts';
import { quoted } from '#core/model/text.ts';
import { listWords } from '#core/parse/yaml-source.ts';
import { incidentSummary, renderList } from '#core/report/terminal.ts';
import { defineCommand, UsageError } from '../cli/command.ts';
import { parseSince } from '../cli/flags.ts';
import { ERRORS_HELP, readWorkspace, reportErrors } from '../cli/incident-writer.ts';
import { useColour } from './status.ts';

export const list = defineCommand({
  name: 'list',
  usage: 'cairn list [--active] [--drafts] [--component ID] [--since TIME|DURATION] [--json]',
  help: [
    'Lists what readers can see (drafts are left out) with status, impact, start and duration.',
    ERRORS_HELP,
    '',
    'Options:',
    '  --active             Only unresolved incidents and maintenance under way.',
    '  --drafts             Only drafts (draft: true), which no reader sees until "cairn publish".',
    '  --component ID       Only those that affected this component at some point.',
    '  --since WHEN         Only those that started since a time (2026-11-01, 2026-11-01T08:00) or',
    '                       within a duration back from now (30d, 12h).',
    '  --json               Print JSON for scripts instead.',
    '',
    'Examples:',
    '  cairn list --active',
    '  cairn list --component api --since 30d',
    '  cairn list --drafts',
  ].join('\n'),
  options: { active: { type: 'boolean' }, drafts: { type: 'boolean' }, component: { type: 'string' }, since: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }, io) {
    const ws = readWorkspace(io.cwd, io.now);
    const { config } = ws.repository;
    const component = values.component;
    const ids = config.components.map((c) => c.id);
    if (component !== undefined && !ids.includes(component)) {
      const hint = suggest(component, ids);
      throw new UsageError(`--component ${quoted(component)} is not a component${hint ? `; did you mean ${hint}?` : `; expected ${listWords(ids)}`}`);
    }
    const since = parseSince(values.since, config.site.timezone, io.now);
    const all = values.drafts
      ? ws.repository.incidents
          .filter((i) => i.draft)
          .map((incident) => ({ incident, timeline: fold(incident, io.now) }))
          .sort((a, b) => b.timeline.startedAt - a.timeline.startedAt)
      : snapshot(ws.repository, io.now).all;
    const items = all.filter(
      (f) =>
        (!values.active || f.timeline.active) &&
        (since === undefined || f.timeline.startedAt >= since) &&
        (component === undefined || f.incident.entries.some((e) => e.components?.[component] !== undefined)),
    );
    io.stdout(
      values.json
        ? `${JSON.stringify(
            items.map((f) => incidentSummary(f, config)),
            null,
            2,
          )}\n`
        : renderList(items, config, useColour(io)),
    );
    return reportErrors(io, 'list', ws);
  },
});
