import { fold } from '#core/derive/timeline.ts';
import { formatDiagnostics } from '#core/model/diagnostics.ts';
import { INCIDENT_STATUSES, label } from '#core/model/enums.ts';
import { suggest } from '#core/model/suggest.ts';
import { quoted } from '#core/model/text.ts';
import { readTemplate, TEMPLATES_DIR, type Template, templateName } from '#core/parse/template.ts';
import { listWords } from '#core/parse/yaml-source.ts';
import { impactName } from '#core/render/labels.ts';
import { defineCommand, oneOf, UsageError } from '../cli/command.ts';
import { IMPACT_HELP, IMPACT_OPTIONS, parseAt, parseComponents, parseImpact, WRITE_OPTIONS, writeHelp } from '../cli/flags.ts';
import { authorFor, declare, openWorkspace, publishHint, report, type Workspace } from '../cli/incident-writer.ts';
import { readMessage } from '../cli/message.ts';

function loadTemplate(ws: Workspace, name: string): Template {
  const files = ws.input.incidentFiles.filter((f) => templateName(f.path) !== undefined);
  const file = files.find((f) => templateName(f.path) === name);
  if (!file) {
    const names = files.map((f) => templateName(f.path)!).sort();
    const hint = suggest(name, names);
    const rest = hint ? `; did you mean ${hint}?` : names.length ? `; expected ${listWords(names)}` : `: add ${TEMPLATES_DIR}/${name}.md`;
    throw new UsageError(`--template ${quoted(name)} does not exist in ${TEMPLATES_DIR}/${rest}`);
  }
  const { template, diagnostics } = readTemplate(file);
  if (!template) throw new Error(`the template ${file.path} has problems:\n${formatDiagnostics(diagnostics, 'human')}`);
  return template;
}

export const newIncident = defineCommand({
  name: 'new',
  usage:
    'cairn new --title TEXT [--impact LEVEL|--sev N] [--components LIST] [--status STATUS] [--message TEXT|-] [--template NAME] [--draft] [--at TIME] [--author NAME]',
  help: [
    "Creates incidents/<date>-<slug>/index.md (the date it began, in the site's time zone; the slug",
    'from the title) and prints its id and path. Commit and push the file to publish it.',
    '',
    'Options:',
    '  --title TEXT         What readers see as the headline.',
    ...IMPACT_HELP,
    '                       Without either, the worst affected component decides.',
    '  --components LIST    Affected components as id or id:status, comma-separated; status is',
    '                       degraded_performance, partial_outage (default), major_outage or',
    '                       under_maintenance (or degraded, partial, major, maintenance).',
    `  --status STATUS      ${INCIDENT_STATUSES.join(', ')} (default investigating).`,
    ...writeHelp(),
    `  --template NAME      Pre-fill title, impact, status, components and message from`,
    `                       ${TEMPLATES_DIR}/NAME.md; options given here win.`,
    '  --draft              Write it as a draft: published nowhere until "cairn publish <id>".',
    '',
    'Examples:',
    '  cairn new --title "Payments API errors" --impact major --components api:major_outage,database \\',
    '    --message "Some API requests fail with 500 errors. We are investigating."',
    '  cairn new --template db-latency --message - < message.md',
    '  cairn new --title "Search is slow" --components search:degraded --draft',
    '  cairn new --title "Checkout down" --sev 1 --components checkout:major_outage --message "We are on it."',
  ].join('\n'),
  options: {
    title: { type: 'string' },
    ...IMPACT_OPTIONS,
    components: { type: 'string', multiple: true },
    status: { type: 'string' },
    template: { type: 'string' },
    draft: { type: 'boolean' },
    ...WRITE_OPTIONS,
  },
  async run({ values }, io) {
    const ws = openWorkspace(io.cwd, io.now);
    const tz = ws.repository.config.site.timezone;
    const templateFlag = values.template;
    const template = templateFlag === undefined ? undefined : loadTemplate(ws, templateFlag);
    const title = values.title?.trim() || template?.title;
    if (!title) throw new UsageError('--title is required, such as --title "Payments API errors" (or use a --template with a title)');
    const impactFlag = parseImpact(values.impact, values.sev);
    const statusFlag = values.status;
    const at = parseAt(values.at, tz, io.now);
    const written = declare(
      ws,
      {
        title,
        impact: impactFlag ?? template?.impact,
        status: statusFlag === undefined ? template?.status : oneOf('status', statusFlag, INCIDENT_STATUSES),
        at,
        components: parseComponents(values.components, 'partial_outage') ?? template?.components,
        draft: values.draft === true,
        author: authorFor(values.author, io.cwd),
      },
      await readMessage(io, values.message, { initial: template?.message }),
      io.now,
    );
    const { incident } = written;
    const state = fold(incident, Math.max(io.now, at));
    report(
      io,
      `${incident.draft ? 'Drafted' : 'Declared'} ${incident.id}: ${impactName(state.impact)}, ${label(state.status).toLowerCase()}`,
      written,
      publishHint(incident),
    );
    return 0;
  },
});
