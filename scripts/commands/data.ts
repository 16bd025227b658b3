import { label } from '../../src/core/enums.ts';
import { isoUtc } from '../../src/core/time.ts';
import { DATA_DIR } from '../../src/load.ts';
import { actorFor, dataBranch, readConfig, setOutput } from '../automation/context.ts';
import { checkoutData, pushData, runAskedForDeploy, type StatusChange } from '../automation/data-branch.ts';
import { UsageError, type Command } from '../cli.ts';

const ACTIONS = ['checkout', 'push', 'changed'] as const;

function describe(c: StatusChange): string {
  return `${c.component}: ${c.from ? `${label(c.from).toLowerCase()} → ` : ''}${label(c.to).toLowerCase()}`;
}

export const data: Command = {
  name: 'data',
  summary: 'Check out and push the data branch that keeps probe results',
  usage: 'cairn data checkout | cairn data push [--deploy] [--dry-run] | cairn data changed <run-id>',
  help: [
    `checkout      Check the data branch (probe.data_branch in components.yml, default status-data)`,
    `              out at ${DATA_DIR}/, creating it when the remote has none yet.`,
    `push          Commit everything new in ${DATA_DIR}/ and push it. When another run pushed first, the`,
    '              commit is rebased onto it and pushed again; results of both runs are kept.',
    '              The commit says which components changed status; when any did (or with',
    '              --deploy), it asks for a deploy (trailer "Cairn-Deploy: yes").',
    'changed ID    Prints yes when probe run ID asked for a deploy, else no (for deploy.yml).',
    '',
    'In GitHub Actions, push sets the step output deploy=true|false, and so does changed.',
    '',
    'Options:',
    '  --deploy     ask for a deploy even when no component changed status',
    '  --dry-run    print the commit and push without making them',
    '',
    'Examples:',
    '  cairn data checkout && cairn probe && cairn data push',
    '  cairn data changed 1234567890',
  ].join('\n'),
  options: { deploy: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false } },
  positionals: { min: 1, max: 2 },
  async run({ values, positionals }, io) {
    const [action, runId] = positionals;
    if (!(ACTIONS as readonly string[]).includes(action!)) throw new UsageError(`unknown action "${action}"; expected ${ACTIONS.join(', ')}`);
    if ((action === 'changed') !== (runId !== undefined)) {
      throw new UsageError(action === 'changed' ? 'changed needs the id of a probe run' : `unexpected argument "${runId}"`);
    }
    const branch = dataBranch(io.cwd, readConfig(io.cwd));

    if (action === 'checkout') {
      const how = checkoutData(branch);
      io.stdout(`${DATA_DIR}/: ${{ updated: 'brought up to date with', fetched: 'checked out from', created: 'started as a new' }[how]} branch ${branch.branch}${how === 'created' ? ' (the first push creates it on the remote)' : ''}\n`);
      return 0;
    }

    if (action === 'changed') {
      const asked = runAskedForDeploy(branch, runId!);
      setOutput(io, 'deploy', String(asked));
      io.stdout(`${asked ? 'yes' : 'no'}\n`);
      return 0;
    }

    const run = io.env.GITHUB_RUN_ID;
    let deploy = false;
    const pushed = pushData(branch, actorFor(io, values['dry-run'] === true), (changes) => {
      deploy = changes.length > 0 || values.deploy === true;
      return [
        `Probe results at ${isoUtc(io.now)}`,
        '',
        ...changes.map(describe),
        ...(changes.length ? [''] : []),
        ...(run ? [`Cairn-Run: ${run}`] : []),
        ...(deploy ? ['Cairn-Deploy: yes'] : []),
      ].join('\n').trimEnd() + '\n';
    });
    setOutput(io, 'deploy', String(deploy));
    if (pushed.commit) {
      io.stdout(`Pushed ${pushed.commit.slice(0, 7)} to ${branch.branch}${pushed.attempts > 1 ? ` after ${pushed.attempts} attempts` : ''}`);
      io.stdout(pushed.changes.length ? `; status changed: ${pushed.changes.map(describe).join(', ')}\n` : '; no status changed\n');
    } else if (values['dry-run'] !== true) {
      io.stdout(`Nothing new in ${DATA_DIR}/ to push\n`);
    }
    return 0;
  },
};
