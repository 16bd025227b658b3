import { label } from '#core/model/enums.ts';
import { quoted } from '#core/model/text.ts';
import { isoUtc } from '#core/model/time.ts';
import { DATA_DIR } from '../../src/load.ts';
import { actorFor, dataBranch, readConfig, setOutput } from '../automation/context.ts';
import { checkoutData, pushData, type StatusChange } from '../automation/data-branch.ts';
import { defineCommand, UsageError } from '../cli/command.ts';

const ACTIONS = ['checkout', 'push'] as const;

function describe(c: StatusChange): string {
  return `${c.component}: ${c.from ? `${label(c.from).toLowerCase()} → ` : ''}${label(c.to).toLowerCase()}`;
}

export const data = defineCommand({
  name: 'data',
  usage: 'cairn data checkout | cairn data push [--deploy] [--dry-run]',
  help: [
    `checkout      Check the data branch (probe.data_branch in components.yml, default status-data)`,
    `              out at ${DATA_DIR}/, creating it when the remote has none yet.`,
    `push          Commit everything new in ${DATA_DIR}/ and push it. When another run pushed first, the`,
    '              commit is rebased onto it and pushed again; results of both runs are kept.',
    '              The commit message lists the components whose status changed.',
    '',
    'In GitHub Actions, push sets the step output deploy=true when a component changed status (or',
    'with --deploy), so the workflow can ask for the site to be rebuilt.',
    '',
    'Options:',
    '  --deploy     ask for a deploy even when no component changed status',
    '  --dry-run    print the commit and push without making them',
    '',
    'Examples:',
    '  cairn data checkout && cairn probe && cairn data push',
  ].join('\n'),
  options: { deploy: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false } },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const [action] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action!)) throw new UsageError(`unknown action ${quoted(action)}; expected ${ACTIONS.join(' or ')}`);
    const branch = dataBranch(io.cwd, readConfig(io.cwd));

    if (action === 'checkout') {
      const how = checkoutData(branch);
      io.stdout(
        `${DATA_DIR}/: ${{ updated: 'brought up to date with', fetched: 'checked out from', created: 'started as a new' }[how]} branch ${branch.branch}${how === 'created' ? ' (the first push creates it on the remote)' : ''}\n`,
      );
      return 0;
    }

    const pushed = pushData(
      branch,
      actorFor(io, values['dry-run'] === true),
      (changes) => [`Probe results at ${isoUtc(io.now)}`, ...(changes.length ? ['', ...changes.map(describe)] : [])].join('\n') + '\n',
    );
    setOutput(io, 'deploy', String(values.deploy === true || pushed.changes.length > 0));
    if (pushed.commit) {
      io.stdout(`Pushed ${pushed.commit.slice(0, 7)} to ${branch.branch}${pushed.attempts > 1 ? ` after ${pushed.attempts} attempts` : ''}`);
      io.stdout(pushed.changes.length ? `; status changed: ${pushed.changes.map(describe).join(', ')}\n` : '; no status changed\n');
    } else if (values['dry-run'] !== true) {
      io.stdout(`Nothing new in ${DATA_DIR}/ to push\n`);
    }
    return 0;
  },
});
