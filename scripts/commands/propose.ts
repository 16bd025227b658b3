import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { probeReportSchema } from '#core/automation/pull-request-plan.ts';
import { actorFor, REMOTE, setOutput } from '../automation/context.ts';
import { gitHub } from '../automation/github.ts';
import { apply, currentBranch, type Lifecycle, prepare } from '../automation/pull-requests.ts';
import { defineCommand, type Io, UsageError } from '../cli/command.ts';

async function readReport(io: Io, source: string) {
  const text = source === '-' ? await io.readStdin() : readFileSync(resolve(io.cwd, source), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source === '-' ? 'standard input' : source} is not the JSON of "cairn probe --json": ${(e as Error).message}`);
  }
  const parsed = probeReportSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `${source === '-' ? 'standard input' : source} is not the JSON of "cairn probe --json": ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

export const propose = defineCommand({
  name: 'propose',
  usage: 'cairn propose prepare [--base BRANCH] [--dry-run] | cairn propose apply <probe.json|-> [--base BRANCH] [--dry-run]',
  help: [
    'prepare       Before "cairn probe": adds to the working tree the incidents of open auto-incident',
    '              pull requests (branches cairn/auto/*), so the probe sees them and drafts no',
    '              duplicate, and of drafts closed without merging in the last day, as resolved at',
    '              closing, so the cooldown runs from then. Meant for CI checkouts.',
    'apply FILE    After "cairn probe --json > FILE": a new incident becomes a branch',
    '              cairn/auto/<id> and a pull request labelled incident and auto (or a commit to',
    '              BRANCH with site.auto_incidents.publish: immediate); a recovery becomes a commit',
    '              on the open pull request, or a new one when the incident is already published',
    '              (or a commit to BRANCH with site.auto_incidents.resolve: immediate).',
    '',
    'Needs GITHUB_TOKEN and GITHUB_REPOSITORY (GITHUB_API_URL for GitHub Enterprise); pushes to the',
    'remote "origin". In GitHub Actions, apply sets the step output published=true|false.',
    '',
    'Options:',
    '  --base BRANCH   the branch incidents are published on (default: the checked-out branch)',
    '  --dry-run       print the git pushes and GitHub API calls instead of making them',
    '',
    'Examples:',
    '  cairn propose prepare && cairn probe --json > probe.json && cairn propose apply probe.json',
    '  cairn probe --json --dry-run | cairn propose apply - --dry-run',
  ].join('\n'),
  options: { base: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  positionals: { min: 1, max: 2 },
  async run({ values, positionals }, io) {
    const [action, source] = positionals;
    if (action !== 'prepare' && action !== 'apply') throw new UsageError(`unknown action "${action}"; expected prepare or apply`);
    if (action === 'apply' && source === undefined) throw new UsageError('apply needs the file "cairn probe --json" wrote, or - for standard input');
    if (action === 'prepare' && source !== undefined) throw new UsageError(`unexpected argument "${source}"`);
    const dryRun = values['dry-run'] === true;
    const actor = actorFor(io, dryRun);
    const report = action === 'apply' ? await readReport(io, source!) : undefined;
    const ctx: Lifecycle = {
      root: io.cwd,
      remote: REMOTE,
      base: values.base ?? currentBranch(io.cwd),
      github: gitHub(io.env, actor),
      actor,
      now: io.now,
    };

    if (!report) {
      const written = await prepare(ctx);
      io.stdout(
        written.length
          ? `Added ${written.length} file(s) from auto-incident pull requests for the probe to see\n`
          : 'No open or recently discarded auto-incident pull request\n',
      );
      return 0;
    }

    const outcomes = await apply(ctx, report.actions);
    for (const o of outcomes) (o.error ? io.stderr : io.stdout)(`${o.line}\n`);
    if (outcomes.length === 0) io.stdout('The probe drafted nothing\n');
    const published = !dryRun && outcomes.some((o) => !o.error && o.step.kind === 'publish');
    setOutput(io, 'published', String(published));
    return outcomes.some((o) => o.error) ? 1 : 0;
  },
});
