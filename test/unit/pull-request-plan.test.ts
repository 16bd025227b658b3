import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type AutoPull,
  apiPullBody,
  autoBranch,
  dueMerges,
  type PendingPull,
  type ProbeAction,
  type PullKind,
  parseAutoBranch,
  plan,
  resolutionBranch,
  type Situation,
} from '#core/automation/pull-request-plan.ts';
import type { PublishMode } from '#core/model/config.ts';

/** The decision table of `plan()`: what the probe's drafted change becomes, for every situation. */

type Mode = 'review' | 'immediate';

const action = (kind: PullKind, incident = 'api-down'): ProbeAction => ({
  kind,
  component: 'api',
  incident,
  files: [`incidents/${incident}/index.md`],
  title: 'API is down',
  summary: '3 failed checks',
});

const pull = (kind: PullKind, incident = 'api-down', number = 7): AutoPull => ({
  number,
  branch: kind === 'open' ? autoBranch(incident) : resolutionBranch(incident),
  incident,
  kind,
  title: 'Draft incident: API is down',
  url: `https://github.test/pulls/${number}`,
});

function situation(actions: ProbeAction[], pulls: AutoPull[], onBase: string[], publish: Mode = 'review', resolve: Mode = 'review'): Situation {
  return { actions, pulls, onBase: new Set(onBase), settings: { publish: { mode: publish }, resolve: { mode: resolve }, cooldown: 30 * 60_000 } };
}

/** The one step for one action, as `kind` plus where it goes. */
function decide(a: ProbeAction, pulls: AutoPull[], onBase: string[], publish?: Mode, resolve?: Mode): string {
  const [step] = plan(situation([a], pulls, onBase, publish, resolve));
  switch (step!.kind) {
    case 'create':
      return `create ${step!.branch}`;
    case 'commit':
      return `commit #${step!.pull.number}`;
    case 'publish':
      return 'publish';
    case 'skip':
      return `skip: ${step!.reason}`;
  }
}

describe('plan', () => {
  it.each([
    // A new incident.
    ['open', [], [], 'review', 'create cairn/auto/api-down'],
    ['open', [], [], 'immediate', 'publish'],
    ['open', [pull('open')], [], 'review', 'commit #7'],
    ['open', [pull('open')], [], 'immediate', 'commit #7'],
    ['open', [], ['api-down'], 'review', 'skip: incidents/api-down/ is already published'],
    ['open', [], ['api-down'], 'immediate', 'skip: incidents/api-down/ is already published'],
  ] as const)('%s with pulls %j, on base %j, publish %s: %s', (kind, pulls, onBase, publish, expected) => {
    expect(decide(action(kind), [...pulls], [...onBase], publish)).toBe(expected);
  });

  it.each([
    // A recovery.
    ['resolve', [pull('open')], [], 'review', 'commit #7'],
    ['resolve', [pull('open', 'api-down', 7), pull('resolve', 'api-down', 8)], ['api-down'], 'review', 'commit #7'],
    ['resolve', [pull('resolve', 'api-down', 8)], ['api-down'], 'review', 'commit #8'],
    ['resolve', [], ['api-down'], 'review', 'create cairn/auto/api-down-resolved'],
    ['resolve', [], ['api-down'], 'immediate', 'publish'],
    ['resolve', [], [], 'review', 'skip: incidents/api-down/ is neither published nor under review (its pull request was closed)'],
    ['resolve', [], [], 'immediate', 'skip: incidents/api-down/ is neither published nor under review (its pull request was closed)'],
  ] as const)('%s with pulls %j, on base %j, resolve %s: %s', (kind, pulls, onBase, resolve, expected) => {
    expect(decide(action(kind), [...pulls], [...onBase], 'review', resolve)).toBe(expected);
  });

  it('ignores pull requests of other incidents', () => {
    expect(decide(action('open'), [pull('open', 'db-slow')], [])).toBe('create cairn/auto/api-down');
    expect(decide(action('resolve'), [pull('open', 'db-slow')], ['api-down'])).toBe('create cairn/auto/api-down-resolved');
  });

  const id = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
  const mode = fc.constantFrom<Mode>('review', 'immediate');
  const kind = fc.constantFrom<PullKind>('open', 'resolve');
  const situations = fc
    .record({
      actions: fc.array(fc.tuple(kind, id), { maxLength: 8 }),
      pulls: fc.array(fc.tuple(kind, id), { maxLength: 8 }),
      onBase: fc.array(id, { maxLength: 8 }),
      publish: mode,
      resolve: mode,
    })
    .map((s) =>
      situation(
        s.actions.map(([k, i]) => action(k, i)),
        s.pulls.map(([k, i], n) => pull(k, i, n + 1)),
        s.onBase,
        s.publish,
        s.resolve,
      ),
    );

  test.prop([situations])('gives one step per action, in order, and commits only onto a pull request of the same incident', (s) => {
    const steps = plan(s);
    expect(steps.map((step) => step.action)).toEqual(s.actions);
    for (const step of steps) {
      if (step.kind === 'commit') expect(step.pull.incident).toBe(step.action.incident);
      // A branch is only created when nothing is under review for that incident.
      if (step.kind === 'create')
        expect(s.pulls.some((p) => p.incident === step.action.incident && (p.kind === 'open' || step.pullKind === 'resolve'))).toBe(false);
      // Nothing is published without review unless the settings say so.
      if (step.kind === 'publish') expect(s.settings[step.action.kind === 'open' ? 'publish' : 'resolve'].mode).toBe('immediate');
    }
  });

  test.prop([id])('names branches that read back as what they are for', (incident) => {
    expect(parseAutoBranch(autoBranch(incident))).toEqual(
      incident.endsWith('-resolved') ? { incident: incident.slice(0, -'-resolved'.length), kind: 'resolve' } : { incident, kind: 'open' },
    );
    expect(parseAutoBranch(resolutionBranch(incident))).toEqual({ incident, kind: 'resolve' });
    expect(parseAutoBranch(`feature/${incident}`)).toBeUndefined();
  });
});

describe('dueMerges: publication after a delay', () => {
  const MIN = 60_000;
  const pending = (fields: Partial<PendingPull> = {}): PendingPull => ({
    ...pull('open', 'api-down', 7),
    branch: 'cairn/auto/api-down',
    createdAt: 0,
    labels: ['incident', 'auto'],
    sha: 'a'.repeat(40),
    editedByPerson: false,
    ...fields,
  });
  const after: PublishMode = { mode: 'after', delay: 15 * MIN };
  const settings: Situation['settings'] = { publish: after, resolve: after, cooldown: 30 * MIN };
  const decide = (p: PendingPull, now: number, s = settings) => dueMerges([p], s, now).map((d) => (d.merge ? 'merge' : d.reason));

  it.each([
    ['untouched, before the delay', pending(), 10 * MIN, ['publishes after 5m more unless closed or labelled hold']],
    ['untouched, at the delay', pending(), 15 * MIN, ['merge']],
    ['labelled hold', pending({ labels: ['incident', 'hold'] }), 60 * MIN, ['labelled hold: left for review']],
    ['edited by a person', pending({ editedByPerson: true }), 60 * MIN, ['edited by a person: left for them to merge']],
  ])('%s', (_, p, now, expected) => {
    expect(decide(p, now)).toEqual(expected);
  });

  it('leaves pull requests alone without an "after" setting, each kind by its own setting', () => {
    expect(decide(pending(), 60 * MIN, { ...settings, publish: { mode: 'review' } })).toEqual([]);
    expect(decide(pending({ kind: 'resolve' }), 60 * MIN, { ...settings, publish: { mode: 'review' } })).toEqual(['merge']);
  });
});

describe('the body of a pull request from the API', () => {
  it('shows the title another system sent as written: no mention, issue reference, link or HTML', () => {
    const body = apiPullBody('incidents/2026-11-23-x/index.md', 'Down, fixes #1 @acme/security [here](https://evil.example) <img src=x>');
    expect(body).toContain('declared an incident **`Down, fixes #1 @acme/security [here](https://evil.example) <img src=x>`** through');
  });
});
