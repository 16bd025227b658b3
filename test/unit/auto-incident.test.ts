import { describe, expect, it } from 'vitest';
import { fold } from '#core/derive/timeline.ts';
import type { CheckResult, ProbeData } from '#core/model/check-data.ts';
import { MINUTE } from '#core/model/time.ts';
import type { Repository } from '#core/parse/repository.ts';
import { autoIncidentActions, type IncidentAction } from '#core/probe/auto-incident.ts';
import { repo, t, testConfig } from '../helpers.ts';

/** Two probed components, one with its own thresholds and impacts, and one without a probe. */
const PROBED_CONFIG = testConfig({
  api: 'name: Payments API\nprobe:\n  url: https://api.test.example/health',
  web: 'name: Website\nprobe:\n  url: https://www.test.example/\n  failure_threshold: 2\n  success_threshold: 1\n  impact: { down: critical, degraded: major }',
  docs: 'name: Docs',
});

const START = t('2026-11-23T10:00:00Z');
const STATUS = { u: 'up', d: 'down', g: 'degraded' } as const;

/** Checks every 5 minutes from START: `u` up, `d` down (timeout), `g` degraded; `-` skips a run. */
function checks(pattern: string, from = START): CheckResult[] {
  return [...pattern].flatMap((c, i) =>
    c === '-'
      ? []
      : [
          {
            at: from + i * 5 * MINUTE,
            status: STATUS[c as keyof typeof STATUS],
            ms: c === 'g' ? 2400 : 120,
            code: c === 'd' ? undefined : 200,
            error: c === 'd' ? ('timeout' as const) : undefined,
            attempts: c === 'd' ? 3 : 1,
            extra: c === 'g' ? { detail: 'slow' } : ({} as Record<string, string>),
          },
        ],
  );
}

function load(files: Record<string, string>): Repository {
  const { repository, diagnostics } = repo(files, PROBED_CONFIG);
  expect(diagnostics).toEqual([]);
  return repository!;
}

function run(histories: Record<string, string>, files: Record<string, string> = {}, probed = Object.keys(histories)) {
  const history = new Map<string, ProbeData>(Object.entries(histories).map(([id, p]) => [id, { checks: checks(p), daily: [] }]));
  const last = Math.max(...[...history.values()].flatMap((h) => h.checks.map((c) => c.at)));
  const repository = load(files);
  return autoIncidentActions({
    config: repository.config,
    incidents: repository.incidents,
    probeData: history,
    probed,
    takenIds: Object.keys(files).map((f) => f.split('/')[1]!),
    now: last,
  });
}

/** The repository's files with the actions' files added, as the next run would see them. */
function apply(files: Record<string, string>, actions: IncidentAction[]): Record<string, string> {
  return { ...files, ...Object.fromEntries(actions.flatMap((a) => a.files.map((f) => [f.path, f.text]))) };
}

const MAINTENANCE = `---
title: Database upgrade
type: maintenance
at: 2026-11-20T09:00:00Z
window: { start: "2026-11-23T10:00:00Z", end: "2026-11-23T10:20:00Z" }
components: [api]
---
Upgrading.
`;

describe('auto-incidents: opening', () => {
  it('drafts nothing until failure_threshold consecutive runs failed', () => {
    expect(run({ api: 'uuudd' })).toEqual([]);
    expect(run({ api: 'uddud' })).toEqual([]);
  });

  it('drafts the incident after failure_threshold failures, dated at the first failing check', () => {
    const [action, ...rest] = run({ api: 'uuddd' });
    expect(rest).toEqual([]);
    expect(action).toMatchObject({
      kind: 'open',
      component: 'api',
      incident: '2026-11-23-api-down',
      title: 'Payments API is down',
      summary: '3 consecutive checks failed since 2026-11-23T10:10:00Z: no complete answer within 10 s (timeout, 3 attempts)',
    });
    expect(action!.files.map((f) => f.path)).toEqual(['incidents/2026-11-23-api-down/index.md']);
    expect(action!.files[0]!.text).toBe(`---
title: Payments API is down
source: auto:uptime
impact: major
at: 2026-11-23T11:10:00+01:00
components:
  api: major_outage
author: Cairn probe
---
Automated checks of Payments API failed 3 times in a row, since 23 Nov 2026, 11:10 CET.

Latest check (23 Nov 2026, 11:20 CET): no complete answer within 10 s (timeout, 3 attempts).

This incident was drafted by the probe. It resolves itself once checks succeed again.
`);
  });

  it('is a valid incident that folds to start at the first failing check', () => {
    const files = apply({}, run({ api: 'uuddd' }));
    const incident = load(files).incidents[0]!;
    expect(incident).toMatchObject({ source: 'auto:uptime', draft: false, type: 'incident' });
    const timeline = fold(incident, t('2026-11-23T10:20:00Z'));
    expect(timeline).toMatchObject({ status: 'investigating', impact: 'major', startedAt: t('2026-11-23T10:10:00Z'), components: { api: 'major_outage' } });
  });

  it('drafts a degraded incident for a degraded streak, and a down one when the streak has an outage', () => {
    const [degraded] = run({ api: 'uggg' });
    expect(degraded).toMatchObject({ incident: '2026-11-23-api-degraded', title: 'Payments API is degraded' });
    expect(degraded!.files[0]!.text).toContain('impact: minor');
    expect(degraded!.files[0]!.text).toContain('api: degraded_performance');
    expect(degraded!.files[0]!.text).toContain('Automated checks of Payments API found it degraded 3 times in a row');
    expect(degraded!.files[0]!.text).toContain('answered in 2.4 s, slower than');
    expect(run({ api: 'ugdg' })[0]).toMatchObject({ incident: '2026-11-23-api-down' });
  });

  it('follows each component’s own threshold and impact', () => {
    const [web] = run({ web: 'udd', api: 'udd' });
    expect(web).toMatchObject({ component: 'web', incident: '2026-11-23-web-down', title: 'Website is down' });
    expect(web!.files[0]!.text).toContain('impact: critical');
  });

  it('lets a gap in the data (probe not running) break a streak', () => {
    expect(run({ api: 'dd----d' })).toEqual([]);
    expect(run({ api: 'dd-d' })[0]).toMatchObject({ summary: expect.stringContaining('3 consecutive checks failed since 2026-11-23T10:00:00Z') });
  });

  it('acts only for the components probed in this run', () => {
    expect(run({ api: 'ddd', web: 'ddd' }, {}, ['web']).map((a) => a.component)).toEqual(['web']);
  });

  it('names a second incident of the same day apart from the first', () => {
    const files = {
      'incidents/2026-11-23-api-down/index.md':
        '---\ntitle: Old\nat: 2026-11-23T01:00:00Z\nsource: auto:uptime\ncomponents: { api: major_outage }\n---\nDown.\n',
      'incidents/2026-11-23-api-down/2026-11-23T0230-resolved.md': '---\nat: 2026-11-23T01:30:00Z\nstatus: resolved\n---\nBack.\n',
    };
    expect(run({ api: 'ddd' }, files)[0]).toMatchObject({ incident: '2026-11-23-api-down-2' });
  });
});

describe('auto-incidents: safeguards', () => {
  it('never opens a second auto-incident while one is open for the component, even as a draft', () => {
    const files = apply({}, run({ api: 'ddd' }));
    expect(run({ api: 'dddd' }, files)).toEqual([]);
    expect(run({ api: 'dddddddd' }, files)).toEqual([]);
    const draft = Object.fromEntries(Object.entries(files).map(([p, text]) => [p, text.replace('source: auto:uptime', 'source: auto:uptime\ndraft: true')]));
    expect(run({ api: 'dddd' }, draft)).toEqual([]);
  });

  it('opens none during maintenance of the component, and does not count failures inside the window', () => {
    const files = { 'incidents/2026-11-23-db-upgrade/index.md': MAINTENANCE };
    // The window is 10:00–10:20: checks at 10:00…10:15 fall inside it.
    expect(run({ api: 'dddd' }, files)).toEqual([]);
    expect(run({ api: 'dddddd' }, files)).toEqual([]);
    expect(run({ api: 'ddddddd' }, files)[0]).toMatchObject({ summary: expect.stringContaining('since 2026-11-23T10:20:00Z') });
  });

  it('opens none while people already declared an active incident for the component', () => {
    const files = { 'incidents/2026-11-23-api-errors/index.md': '---\ntitle: API errors\nat: 2026-11-23T09:00:00Z\ncomponents: [api]\n---\nLooking.\n' };
    expect(run({ api: 'ddd' }, files)).toEqual([]);
    // A draft nobody published yet tells readers nothing.
    const draft = {
      'incidents/2026-11-23-api-errors/index.md': files['incidents/2026-11-23-api-errors/index.md'].replace('components', 'draft: true\ncomponents'),
    };
    expect(run({ api: 'ddd' }, draft)).toHaveLength(1);
  });

  it('counts no failure from while people had an incident open: a streak starts after they resolved it', () => {
    // People declared at 10:02 and resolved at 10:12; the API kept failing from 10:00.
    const files = {
      'incidents/2026-11-23-api-errors/index.md': '---\ntitle: API errors\nat: 2026-11-23T10:02:00Z\ncomponents: [api]\n---\nLooking.\n',
      'incidents/2026-11-23-api-errors/fixed.md': '---\nat: 2026-11-23T10:12:00Z\nstatus: resolved\n---\nFixed.\n',
    };
    expect(run({ api: 'dddd' }, files)).toEqual([]);
    expect(run({ api: 'dddddd' }, files)[0]).toMatchObject({ summary: expect.stringContaining('since 2026-11-23T10:15:00Z') });
  });

  it('drafts no upstream outage when the upstream page could not be read, only when it reports one', () => {
    const { repository } = repo({}, testConfig({ vendor: 'name: Vendor\nprobe:\n  kind: statuspage\n  url: https://status.vendor.example/' }));
    const actions = (extra: Record<string, string>, error?: 'refused') =>
      autoIncidentActions({
        config: repository!.config,
        incidents: [],
        probeData: new Map([['vendor', { checks: checks('ddd').map((c) => ({ ...c, error, extra })), daily: [] }]]),
        probed: ['vendor'],
        takenIds: [],
        now: START + 10 * MINUTE,
      });
    expect(actions({}, 'refused')).toEqual([]);
    expect(actions({ upstream: 'major_outage' })).toMatchObject([{ kind: 'open' }]);
  });

  it('titles an upstream incident on one line of at most 200 characters, whatever the upstream page calls it', () => {
    const { repository } = repo({}, testConfig({ vendor: 'name: Vendor\nprobe:\n  kind: statuspage\n  url: https://status.vendor.example/' }));
    const name = `Up \x1b[31m\r\n::error::inj ${'x'.repeat(300)}`;
    const [action] = autoIncidentActions({
      config: repository!.config,
      incidents: [],
      probeData: new Map([['vendor', { checks: checks('ddd').map((c) => ({ ...c, extra: { upstream: 'major_outage' } })), daily: [] }]]),
      probed: ['vendor'],
      takenIds: [],
      now: START + 10 * MINUTE,
      upstream: new Map([['vendor', { name }]]),
    });
    expect(action!.title).toMatch(/^Vendor: Up \[31m ::error::inj x+…$/);
    expect(action!.title.length).toBeLessThanOrEqual(200);
    // The file says the same: the next read of the repository gives the same title.
    expect(load(apply({}, [action!])).incidents[0]!.title).toBe(action!.title);
  });

  it('says "once" and "1 check" with thresholds of 1', () => {
    const { repository } = repo({}, testConfig({ web: 'name: Web\nprobe:\n  url: https://web.t.example/\n  failure_threshold: 1\n  success_threshold: 1' }));
    const [action] = autoIncidentActions({
      config: repository!.config,
      incidents: [],
      probeData: new Map([['web', { checks: checks('d'), daily: [] }]]),
      probed: ['web'],
      takenIds: [],
      now: START,
    });
    expect(action!.summary).toMatch(/^1 check failed since/);
    expect(action!.files[0]!.text).toContain('Automated checks of Web failed once, since');
  });

  it('waits out the cooldown after the last auto-incident was resolved', () => {
    const resolvedAt = (at: string) => ({
      'incidents/2026-11-23-api-down/index.md':
        '---\ntitle: Payments API is down\nat: 2026-11-23T09:00:00Z\nsource: auto:uptime\ncomponents: { api: major_outage }\n---\nDown.\n',
      'incidents/2026-11-23-api-down/resolved.md': `---\nat: ${at}\nstatus: resolved\n---\nBack.\n`,
    });
    // The third failure is at 10:10; the default cooldown is 30 minutes.
    expect(run({ api: 'ddd' }, resolvedAt('2026-11-23T09:45:00Z'))).toEqual([]);
    expect(run({ api: 'ddd' }, resolvedAt('2026-11-23T09:40:00Z'))).toHaveLength(1);
  });
});

describe('auto-incidents: resolving', () => {
  const opened = apply({}, run({ api: 'uuddd' }));

  it('resolves after success_threshold good runs, dated at the first of them, with the downtime', () => {
    expect(run({ api: 'uudddu' }, opened)).toEqual([]);
    expect(run({ api: 'uuddduu' }, opened)).toEqual([
      expect.objectContaining({
        kind: 'resolve',
        component: 'api',
        incident: '2026-11-23-api-down',
        title: 'Payments API is down',
        summary: '2 consecutive checks succeeded since 2026-11-23T10:25:00Z; lasted 15m',
        files: [
          {
            path: 'incidents/2026-11-23-api-down/2026-11-23T1125-resolved.md',
            text: '---\nat: 2026-11-23T11:25:00+01:00\nstatus: resolved\nauthor: Cairn probe\n---\nPayments API is answering normally again: 2 consecutive checks succeeded since 23 Nov 2026, 11:25 CET. The problem lasted 15m.\n',
          },
        ],
      }),
    ]);
  });

  it('leaves the resolved incident with its real duration, and the next run quiet', () => {
    const resolved = apply(opened, run({ api: 'uuddduu' }, opened));
    const incident = load(resolved).incidents[0]!;
    const timeline = fold(incident, t('2026-11-23T12:00:00Z'));
    expect(timeline).toMatchObject({ status: 'resolved', resolvedAt: t('2026-11-23T10:25:00Z'), durationMs: 15 * MINUTE });
    expect(run({ api: 'uuddduuu' }, resolved)).toEqual([]);
  });

  it('counts only checks after a person reopened it: they saw the problem back', () => {
    const resolved = apply(opened, run({ api: 'uuddduu' }, opened));
    const reopened = {
      ...resolved,
      'incidents/2026-11-23-api-down/2026-11-23T1132-reopened.md':
        '---\nat: 2026-11-23T10:32:00Z\nstatus: investigating\nauthor: Ada\n---\nCustomers still see errors.\n',
    };
    expect(run({ api: 'uuddduuu' }, reopened)).toEqual([]);
    expect(run({ api: 'uuddduuuu' }, reopened)).toEqual([
      expect.objectContaining({ kind: 'resolve', summary: '2 consecutive checks succeeded since 2026-11-23T10:35:00Z; lasted 25m' }),
    ]);
  });

  it('does not count a degraded run as recovered from an outage', () => {
    expect(run({ api: 'uudddgg' }, opened)).toEqual([]);
  });

  it('never dates the resolution before an update people posted', () => {
    const withUpdate = {
      ...opened,
      'incidents/2026-11-23-api-down/2026-11-23T1135-identified.md': '---\nat: 2026-11-23T10:35:00Z\nstatus: identified\n---\nA bad deploy.\n',
    };
    const [action] = run({ api: 'uuddduuu' }, withUpdate);
    expect(action!.files[0]).toMatchObject({ path: 'incidents/2026-11-23-api-down/2026-11-23T1135-resolved.md' });
    expect(action!.files[0]!.text).toContain('The problem lasted 15m.');
    const timeline = fold(load(apply(withUpdate, [action!])).incidents[0]!, t('2026-11-23T12:00:00Z'));
    expect(timeline.status).toBe('resolved');
  });

  it('resolves an auto-incident on several components only when all of them are good again', () => {
    const both = {
      'incidents/2026-11-23-api-down/index.md':
        '---\ntitle: Down\nat: 2026-11-23T10:00:00Z\nsource: auto:uptime\ncomponents: { api: major_outage, web: major_outage }\n---\nDown.\n',
    };
    expect(run({ api: 'dduu', web: 'dddd' }, both)).toEqual([]);
    expect(run({ api: 'dduu', web: 'dddu' }, both)).toEqual([expect.objectContaining({ kind: 'resolve', incident: '2026-11-23-api-down' })]);
  });
});
