import { z } from 'zod';
import { API_LABELS, apiBranch, apiPullBody, apiPullTitle } from '#core/automation/pull-request-plan.ts';
import type { Site } from '#core/model/config.ts';
import { IMPACTS, INCIDENT_STATUSES, impactOfSev, MAINTENANCE_STATUSES } from '#core/model/enums.ts';
import { API_AUTHOR, userRecord } from '#core/model/incident.ts';
import { quoted } from '#core/model/text.ts';
import { formatDuration } from '#core/model/time.ts';
import type { Incident } from '#core/parse/repository.ts';
import { actorFor, REMOTE, readConfig, setOutput } from '../automation/context.ts';
import { commitFiles, createBranch, deleteBranch, fetchRef, pushFiles } from '../automation/git.ts';
import { gitHub } from '../automation/github.ts';
import { currentBranch } from '../automation/pull-requests.ts';
import { inputAt } from '../automation/repository-at.ts';
import { defineCommand, type Io, oneOf, UsageError } from '../cli/command.ts';
import { parseComponents } from '../cli/flags.ts';
import { type Planned, planDeclaration, planUpdate, type Workspace, workspaceOf } from '../cli/incident-writer.ts';

/** What another system sends: a new incident (`title`) or an update to one (`incident`). */
const payloadSchema = z.strictObject({
  // One line that fits a commit subject and a pull request title (GitHub allows 256 characters).
  title: z
    .string()
    .trim()
    .min(1)
    .max(200, { error: 'Expected a title of at most 200 characters' })
    .regex(/^[^\r\n]*$/, { error: 'Expected a title on one line' })
    .optional(),
  incident: z.string().trim().min(1).optional().describe('The full id of the incident to update'),
  status: z.string().optional(),
  impact: z
    .union(
      [
        z.enum(IMPACTS),
        z
          .string()
          .regex(/^sev-?[1-4]$/i)
          .transform((sev) => impactOfSev(sev)!),
      ],
      {
        error: `Expected ${IMPACTS.join(', ')} or SEV-1 to SEV-4`,
      },
    )
    .optional(),
  message: z.string({ error: 'Add a message: what readers should know' }).trim().min(1, { error: 'Add a message: what readers should know' }),
  components: z.union([z.string(), z.array(z.string()), userRecord(z.string(), z.string())]).optional(),
  publish: z.enum(['review', 'immediate']).optional(),
  author: z.string().optional(),
});

type Payload = z.output<typeof payloadSchema>;

const PUBLISH = ['review', 'immediate'] as const;

async function readPayload(io: Io, source: string) {
  const text = source === '-' ? await io.readStdin() : source;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--payload is not JSON: ${(e as Error).message}`);
  }
  // A workflow started by hand sends every input, the empty ones as "".
  const given =
    json && typeof json === 'object' && !Array.isArray(json) ? Object.fromEntries(Object.entries(json).filter(([, v]) => v !== '' && v !== null)) : json;
  const parsed = payloadSchema.safeParse(given);
  if (!parsed.success)
    throw new UsageError(`the payload is not accepted: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ')}`);
  const p = parsed.data;
  if ((p.title === undefined) === (p.incident === undefined))
    throw new UsageError('the payload needs either a title (a new incident) or an incident id (an update to it), not both');
  return p;
}

/** The incident a payload names: by its full id only, since an abbreviation could reach another incident later. */
function exactIncident(ws: Workspace, id: string): Incident {
  const incident = ws.repository.incidents.find((i) => i.id === id);
  if (!incident)
    throw new UsageError(`no incident has the id ${quoted(id)}; a payload names the full id, such as 2026-11-23-checkout-errors (cairn list shows them)`);
  return incident;
}

/**
 * How the incident is published: --publish (the workflow's owner) wins; a payload may ask for
 * review, but may skip the review a repository asks for only when allow_payload_publish says so.
 */
function publishMode(flag: string | undefined, payload: Payload['publish'], settings: Site['auto_incidents'], io: Io) {
  if (flag !== undefined) return oneOf('publish', flag, PUBLISH);
  if (payload === 'immediate' && settings.publish.mode !== 'immediate' && !settings.allow_payload_publish) {
    const setting = settings.publish.mode === 'after' ? `after ${formatDuration(settings.publish.delay)}` : settings.publish.mode;
    io.stderr(
      `The payload asks for publish: immediate, but this repository reviews incidents (site.auto_incidents.publish: ${setting}); opening a pull request. Set site.auto_incidents.allow_payload_publish: true to let payloads skip review.\n`,
    );
    return 'review';
  }
  return payload ?? (settings.publish.mode === 'immediate' ? 'immediate' : 'review');
}

/** `"api:major_outage,db"`, `["api", "db"]` or `{"api": "major_outage"}`, as `--components` reads them. */
function componentList(components: Payload['components']): string[] | undefined {
  if (components === undefined) return undefined;
  if (typeof components === 'string') return [components];
  if (Array.isArray(components)) return components;
  return Object.entries(components).map(([id, status]) => `${id}:${status}`);
}

export const dispatch = defineCommand({
  name: 'dispatch',
  usage: 'cairn dispatch --payload JSON|- [--publish review|immediate] [--base BRANCH] [--dry-run]',
  help: [
    'The payload is {title, status, impact, message, components} for a new incident (source: api),',
    'or {incident, status, impact, message, components} for an update to one. components is',
    '"api:major_outage,db", a list of ids or a map of id to status. The file is checked like every',
    'cairn write and refused when "cairn check" would fail.',
    '',
    'An update names the incident by its full id. With publish: review (site.auto_incidents.publish,',
    'or --publish) it becomes a branch cairn/api/… and a pull request labelled incident and api; with',
    'immediate, a commit to BRANCH. A payload may ask for review; it may ask for immediate in a',
    'repository that reviews only with site.auto_incidents.allow_payload_publish: true. Needs',
    'GITHUB_TOKEN and GITHUB_REPOSITORY for pull requests. In GitHub Actions, sets the step output',
    'published=true|false.',
    '',
    'Options:',
    '  --payload JSON|-   the payload, or - to read it from standard input',
    '  --publish MODE     review or immediate; wins over the payload and components.yml',
    '  --base BRANCH      the branch incidents are published on (default: the checked-out branch)',
    '  --dry-run          print the git pushes and GitHub API calls instead of making them',
    '',
    'Examples:',
    '  cairn dispatch --payload \'{"title": "Checkout errors", "impact": "major", "components": "checkout:major_outage", "message": "Payments fail."}\'',
    '  echo \'{"incident": "2026-11-23-checkout-errors", "status": "resolved", "message": "Fixed."}\' | cairn dispatch --payload -',
  ].join('\n'),
  options: { payload: { type: 'string' }, publish: { type: 'string' }, base: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  async run({ values }, io) {
    if (typeof values.payload !== 'string') throw new UsageError('--payload is required: the JSON another system sent, or - to read it from standard input');
    const p = await readPayload(io, values.payload);
    const actor = actorFor(io, values['dry-run'] === true);
    // Only the settings come from the checkout; the file is planned against the remote below.
    const config = readConfig(io.cwd);
    const components = parseComponents(componentList(p.components), 'partial_outage');
    const mode = publishMode(values.publish, p.publish, config.site.auto_incidents, io);
    const base = values.base ?? currentBranch(io.cwd);

    // The file is planned against the branch as it is on the remote, never written into the
    // working tree: the checkout stays as it was, and a name another writer took is not reused.
    const plan = (rev: string, taken: ReadonlySet<string> = new Set()): Planned => {
      const ws = workspaceOf(io.cwd, inputAt(io.cwd, rev), io.now);
      if (p.incident !== undefined) {
        const incident = exactIncident(ws, p.incident);
        const status =
          p.status === undefined ? undefined : oneOf('status', p.status, incident.type === 'maintenance' ? MAINTENANCE_STATUSES : INCIDENT_STATUSES);
        return planUpdate(
          ws,
          incident,
          { at: io.now, status, impact: p.impact, components, author: p.author ?? API_AUTHOR },
          status ?? 'update',
          p.message,
          io.now,
          taken,
        );
      }
      const status = p.status === undefined ? undefined : oneOf('status', p.status, INCIDENT_STATUSES);
      return planDeclaration(
        ws,
        { title: p.title!, impact: p.impact, status, at: io.now, components, source: 'api', author: p.author ?? API_AUTHOR },
        p.message,
        io.now,
        taken,
      );
    };
    const commitMessage = (written: Planned) =>
      `${apiPullTitle(written.path, written.incident.title)}\n\nSent by another system through the repository's API.\n`;

    if (mode === 'immediate') {
      let written: Planned | undefined;
      pushFiles(actor, io.cwd, {
        remote: REMOTE,
        branch: base,
        plan: (tip) => {
          written = plan(tip);
          return { files: [written.change], message: commitMessage(written) };
        },
      });
      setOutput(io, 'published', String(!actor.dryRun));
      io.stdout(`${actor.dryRun ? 'Would commit' : 'Committed'} ${written!.path} to ${base}\n`);
      return 0;
    }
    const github = gitHub(io.env, actor);
    const tip = fetchRef(io.cwd, REMOTE, `refs/heads/${base}`, 'refs/cairn/base');
    if (!tip) throw new Error(`the base branch ${base} does not exist on ${REMOTE}`);
    // Each pull request gets a branch of its own: when another writer made the branch first, the
    // file takes the next free name, and so does the branch.
    const taken = new Set<string>();
    let written: Planned;
    let commit: string;
    for (;;) {
      written = plan(tip, taken);
      commit = commitFiles(io.cwd, tip, [written.change], commitMessage(written));
      if (createBranch(actor, io.cwd, REMOTE, commit, apiBranch(written.path), apiPullTitle(written.path, written.incident.title))) break;
      taken.add(written.path);
    }
    const title = apiPullTitle(written.path, written.incident.title);
    const branch = apiBranch(written.path);
    let pull: Awaited<ReturnType<typeof github.createPull>>;
    try {
      pull = await github.createPull({ title, head: branch, base, body: apiPullBody(written.path, written.incident.title) });
    } catch (e) {
      // No pull request, no branch: running again after fixing the cause takes the same name.
      deleteBranch(actor, io.cwd, REMOTE, commit, branch);
      throw e;
    }
    try {
      await github.addLabels(pull?.number, API_LABELS);
    } catch (e) {
      // The pull request is open and reviewable; labels only help to find it.
      io.stderr(`Opened the pull request, but could not label it: ${(e as Error).message}\n`);
    }
    setOutput(io, 'published', 'false');
    if (!pull) {
      io.stdout(`Would open a pull request from ${branch}: ${title}\n`);
      return 0;
    }
    io.stdout(`Opened pull request #${pull.number} from ${branch}: ${title} (${pull.html_url})\n`);
    return 0;
  },
});
