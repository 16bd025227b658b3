import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { probeReportSchema } from '#core/automation/pull-request-plan.ts';
import { quoted } from '#core/model/text.ts';
import { actorFor, REMOTE, setOutput } from '../automation/context.ts';
import { gitHub } from '../automation/github.ts';
import { apply, currentBranch, type Lifecycle, mergeDue, prepare } from '../automation/pull-requests.ts';
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
  usage:
    'cairn propose prepare [--base BRANCH] [--dry-run] | cairn propose apply <probe.json|-> [--base BRANCH] [--dry-run] | cairn propose merge [--base BRANCH] [--dry-run]',
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
    'merge         With site.auto_incidents.publish (or resolve): after <delay>, merges each',
    '              auto-incident pull request opened at least <delay> ago, unless it is labelled',
    '              hold or a person pushed a commit to it, and comments that it did. Run after apply.',
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
    '  cairn propose merge',
  ].join('\n'),
  options: { base: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  positionals: { min: 1, max: 2 },
  async run({ values, positionals }, io) {
    const [action, source] = positionals;
    if (action !== 'prepare' && action !== 'apply' && action !== 'merge')
      throw new UsageError(`unknown action ${quoted(action)}; expected prepare, apply or merge`);
    if (action === 'apply' && source === undefined) throw new UsageError('apply needs the file "cairn probe --json" wrote, or - for standard input');
    if (action !== 'apply' && source !== undefined) throw new UsageError(`unexpected argument ${quoted(source)}`);
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

    if (action === 'merge') {
      const outcomes = await mergeDue(ctx);
      for (const o of outcomes) (o.error ? io.stderr : io.stdout)(`${o.line}\n`);
      if (outcomes.length === 0) io.stdout('No auto-incident pull request waits for publication after a delay\n');
      setOutput(io, 'published', String(!dryRun && outcomes.some((o) => o.decision.merge && !o.error)));
      return outcomes.some((o) => o.error) ? 1 : 0;
    }

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
