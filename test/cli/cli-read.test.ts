import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cairn, gitInit } from '../cli-harness.ts';
import { copyRepository, EXAMPLE_NOW, ROOT, writeFiles } from '../helpers.ts';

// A copy holds only components.yml and incidents/: no probe data, so probed components show "No data".
const EXAMPLE = copyRepository('example');

describe('cairn status', () => {
  it('shows the page status, components by group and what is going on, as the site would now', async () => {
    const run = await cairn(EXAMPLE, ['status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Fernhill Status: Partial Degraded Performance
as of 23 Nov 2026, 15:00 CET

Platform             Degraded performance
  Payments API       No data
  Hosted Checkout    No data
  Dashboard          No data
  Webhooks           Degraded performance
Infrastructure       No data
  Primary database   No data
  Search             Operational
  CDN                No data

Active incidents
  Webhook deliveries delayed  2026-11-23-webhook-delays
    Major (SEV-2) · Identified · since 23 Nov 2026, 13:41 CET (1h 19m)
    23 Nov 2026, 14:40 CET: The backlog is draining: new events arrive within
    two minutes again, and older events are being delivered oldest first. No
    events were lost. API latency is back to normal.

Upcoming maintenance
  CDN provider migration  2026-11-29-cdn-migration
    Scheduled · 29 Nov 2026, 04:00 – 06:00 CET · Hosted Checkout, CDN
    20 Nov 2026, 10:00 CET: We are moving static assets and checkout scripts to
    a new CDN. Checkout stays available; the first page load after the switch
    may be slower while caches warm up.
`);
    // The draft in the example is nobody's business yet.
    expect(run.stdout).not.toContain('Search results incomplete');
  });

  it('takes live statuses from fresh probe checks, as the site does', async () => {
    const dir = copyRepository('example');
    writeFiles(dir, {
      // Fresh: younger than three probe intervals (5 minutes each).
      'status-data/api/2026-11-23.txt': '2026-11-23T13:55:00Z down 10000 - timeout 3\n',
      'status-data/cdn/2026-11-23.txt': '2026-11-23T13:58:00Z up 85 200 - 1\n',
      // Too old to count: shown as no data.
      'status-data/dashboard/2026-11-23.txt': '2026-11-23T13:00:00Z up 120 200 - 1\n',
    });
    const run = await cairn(dir, ['status']);
    expect(run.stdout).toMatch(/^Fernhill Status: Partial System Outage\n/);
    expect(run.stdout).toContain('  Payments API       Major outage\n  Hosted Checkout    No data\n  Dashboard          No data\n');
    expect(run.stdout).toContain('  CDN                Operational\n');
  });

  it('uses colour only in a terminal, and not with NO_COLOR', async () => {
    expect((await cairn(EXAMPLE, ['status'])).stdout).not.toContain('\x1b[');
    const tty = await cairn(EXAMPLE, ['status'], { isTTY: true });
    expect(tty.stdout).toContain('\x1b[33mDegraded performance\x1b[0m');
    expect(tty.stdout).toContain('\x1b[32mOperational\x1b[0m');
    expect(tty.stdout).toContain('\x1b[2mNo data\x1b[0m');
    expect((await cairn(EXAMPLE, ['status'], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\x1b[');
  });

  it('prints the same as JSON', async () => {
    const json = JSON.parse((await cairn(EXAMPLE, ['status', '--json'])).stdout);
    expect(json.page).toEqual({ status: 'partial_degraded', description: 'Partial Degraded Performance', indicator: 'minor' });
    expect(json.now).toBe('2026-11-23T15:00:00+01:00');
    expect(json.components.find((c: { id: string }) => c.id === 'webhooks')).toEqual({
      id: 'webhooks',
      name: 'Webhooks',
      group: 'platform',
      status: 'degraded_performance',
      incidents: ['2026-11-23-webhook-delays'],
    });
    expect(json.active_incidents.map((i: { id: string }) => i.id)).toEqual(['2026-11-23-webhook-delays']);
    expect(json.active_incidents[0]).toMatchObject({
      status: 'identified',
      impact: 'major',
      sev: 'SEV-2',
      started_at: '2026-11-23T13:41:00+01:00',
      resolved_at: null,
      url: 'https://status.fernhill.example/incidents/2026-11-23-webhook-delays/',
    });
    expect(json.upcoming_maintenance[0].window).toEqual({ start: '2026-11-29T04:00:00+01:00', end: '2026-11-29T06:00:00+01:00' });
  });

  it('shows the page as it was at an earlier moment, as a build then would: nothing announced later', async () => {
    // The CDN migration was announced on 20 Nov; the webhook delays began on 23 Nov.
    const json = JSON.parse((await cairn(EXAMPLE, ['status', '--json'], { now: '2026-11-19T12:00:00Z' })).stdout);
    expect(json.upcoming_maintenance).toEqual([]);
    expect(json.active_incidents).toEqual([]);
  });
});

describe('a repository with a broken file', () => {
  it('read commands still answer, but say the answer may miss an incident, and fail', async () => {
    const dir = copyRepository('example');
    const index = join(dir, 'incidents/2026-11-23-webhook-delays/index.md');
    writeFiles(dir, { 'incidents/2026-11-23-webhook-delays/index.md': readFileSync(index, 'utf8').replace('impact: major', 'impact: majr') });
    for (const command of ['status', 'list', 'metrics']) {
      const run = await cairn(dir, [command]);
      expect(run.code, command).toBe(1);
      expect(run.stdout, command).not.toBe('');
      expect(run.stderr.split('\n').slice(0, 2), command).toEqual([
        `cairn ${command}: a file has errors, so the answer may be wrong or miss an incident; fix it ("cairn check" says how):`,
        'incidents/2026-11-23-webhook-delays/index.md:3:9 error Unexpected impact "majr", expected none, minor, major or critical  impact-value',
      ]);
    }
    const update = await cairn(dir, ['update', 'webhook', '-m', 'x']);
    expect(update.stderr).toContain('incidents/2026-11-23-webhook-delays/index.md has errors: run "cairn check"');
  });

  it('read commands leave folders alone, even empty ones', async () => {
    const dir = copyRepository('example');
    mkdirSync(join(dir, 'incidents/2026-11-24-draft-in-progress/images'), { recursive: true });
    for (const command of ['status', 'list', 'metrics']) expect((await cairn(dir, [command])).code).toBe(0);
    expect(existsSync(join(dir, 'incidents/2026-11-24-draft-in-progress/images'))).toBe(true);
  });
});

describe('cairn list', () => {
  it('lists published incidents and maintenance, newest first', async () => {
    const run = await cairn(EXAMPLE, ['list']);
    expect(run.stdout).toBe(`ID                               STATUS      IMPACT            STARTED                   DURATION  TITLE
2026-11-29-cdn-migration         Scheduled   Maintenance       29 Nov 2026, 04:00 CET              CDN provider migration
2026-11-23-webhook-delays        Identified  Major (SEV-2)     23 Nov 2026, 13:41 CET    ongoing   Webhook deliveries delayed
2026-11-17-checkout-errors       Resolved    Critical (SEV-1)  17 Nov 2026, 10:12 CET    1h 19m    Checkout pages returning errors
2026-11-08-database-upgrade      Completed   Maintenance       8 Nov 2026, 03:00 CET     1h 42m    Primary database upgrade
2026-11-05-dashboard-login-slow  Resolved    Minor (SEV-3)     5 Nov 2026, 08:30 CET     1h 20m    Slow dashboard sign-in
2026-10-21-api-outage            Resolved    Major (SEV-2)     21 Oct 2026, 16:02 CEST   35m       Payments API unavailable
2026-10-02-cdn-unreachable       Resolved    Major (SEV-2)     2 Oct 2026, 08:15 CEST    25m       CDN is down
2026-09-14-search-degraded       Resolved    Minor (SEV-3)     14 Sept 2026, 17:20 CEST  50m       Search slower than usual
`);
  });

  it('filters by activity, component and start', async () => {
    const ids = async (...args: string[]) => JSON.parse((await cairn(EXAMPLE, ['list', '--json', ...args])).stdout).map((i: { id: string }) => i.id);
    expect(await ids('--active')).toEqual(['2026-11-23-webhook-delays']);
    expect(await ids('--component', 'cdn')).toEqual(['2026-11-29-cdn-migration', '2026-11-17-checkout-errors', '2026-10-02-cdn-unreachable']);
    expect(await ids('--since', '2026-11-08')).toEqual([
      '2026-11-29-cdn-migration',
      '2026-11-23-webhook-delays',
      '2026-11-17-checkout-errors',
      '2026-11-08-database-upgrade',
    ]);
    expect(await ids('--since', '7d', '--component', 'checkout')).toEqual(['2026-11-29-cdn-migration', '2026-11-17-checkout-errors']);
    expect(await ids('--active', '--component', 'search')).toEqual([]);
  });

  it('says what is wrong with a filter', async () => {
    const typo = await cairn(EXAMPLE, ['list', '--component', 'chekout']);
    expect(typo.stderr).toMatch(/^cairn list: --component "chekout" is not a component; did you mean checkout\?\n/);
    expect(typo.code).toBe(2);
    const since = await cairn(EXAMPLE, ['list', '--since', 'last week']);
    expect(since.stderr).toMatch(/^cairn list: --since "last week" is neither a time nor a duration; expected e\.g\. 2026-11-01, 2026-11-01T08:00 or 30d\n/);
  });
});

describe('help and mistakes in how a command is called', () => {
  it('lists every command, and each has help with examples', async () => {
    const names = [
      'new',
      'update',
      'ack',
      'mitigate',
      'resolve',
      'reopen',
      'escalate',
      'affect',
      'postmortem',
      'maintenance',
      'publish',
      'status',
      'list',
      'export',
      'metrics',
      'check',
      'heartbeat',
    ];
    const help = await cairn(EXAMPLE, ['--help']);
    for (const name of names) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
      const run = await cairn(EXAMPLE, [name, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: cairn ${name}[\\s\\S]*\\nExamples:\\n  cairn ${name}\\b`));
    }
  });

  it('names an unknown flag with the closest one, and a bad value with the accepted ones', async () => {
    const flag = await cairn(EXAMPLE, ['new', '--titel', 'x']);
    expect(flag.stderr.split('\n')[0]).toBe("cairn new: Unknown option '--titel'; did you mean --title?");
    const short = await cairn(EXAMPLE, ['ack', 'webhook', '-m', 'Looking.']);
    expect(short.code).toBe(2);
    expect(short.stderr.split('\n')[0]).toBe("cairn ack: Unknown option '-m'; the options are --note (-n), --status (-s), --at, --author");
    expect(flag.code).toBe(2);
    const impact = await cairn(EXAMPLE, ['escalate', 'webhook', '--impact', 'huge']);
    expect(impact.stderr.split('\n')[0]).toBe('cairn escalate: --impact "huge" is not accepted; expected none, minor, major, critical or SEV-1 to SEV-4');
    const status = await cairn(EXAMPLE, ['update', 'cdn-migration', '--status', 'resolved', '-m', 'x']);
    expect(status.stderr.split('\n')[0]).toBe('cairn update: --status "resolved" is not accepted; expected scheduled, in_progress, verifying, completed');
    const component = await cairn(EXAMPLE, ['new', '--title', 'x', '--components', 'api:brokn', '-m', 'x']);
    expect(component.stderr.split('\n')[0]).toBe(
      'cairn new: --components "api:brokn": unexpected status "brokn"; expected under_maintenance, degraded_performance, partial_outage or major_outage (or degraded, partial, major, maintenance)',
    );
    const at = await cairn(EXAMPLE, ['resolve', 'webhook', '--at', 'noon', '-m', 'x']);
    expect(at.stderr.split('\n')[0]).toBe(
      'cairn resolve: --at "noon" is not a time; expected ISO 8601 such as 2026-11-23T14:05 (read in Europe/Berlin) or 2026-11-23T13:05:00Z',
    );
    const format = await cairn(EXAMPLE, ['export', 'checkout', '--format', 'pdf']);
    expect(format.stderr.split('\n')[0]).toBe('cairn export: --format "pdf" is not accepted; expected md, json');
    const missing = await cairn(EXAMPLE, ['update']);
    expect(missing.stderr.split('\n')[0]).toBe('cairn update: missing argument');
    for (const run of [impact, status, component, at, format, missing]) expect(run.code).toBe(2);
  });
});

describe('as a real process', () => {
  it('runs node scripts/cairn.ts with the message piped in, and writes the file', () => {
    const dir = copyRepository('example');
    gitInit(dir, 'Piped Operator');
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/cairn.ts'), 'update', 'webhook', '--status', 'monitoring', '--message', '-'], {
      cwd: dir,
      input: 'Deliveries are back to normal.\n',
      encoding: 'utf8',
      env: { ...process.env, CAIRN_NOW: '2026-11-23T14:10:00Z', NO_COLOR: '' },
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'Updated 2026-11-23-webhook-delays: identified → monitoring\n  incidents/2026-11-23-webhook-delays/2026-11-23T1510-monitoring.md\n',
    );
    expect(run.status).toBe(0);
    const file = join(dir, 'incidents/2026-11-23-webhook-delays/2026-11-23T1510-monitoring.md');
    expect(readFileSync(file, 'utf8')).toBe(
      '---\nat: 2026-11-23T15:10:00+01:00\nstatus: monitoring\nauthor: Piped Operator\n---\nDeliveries are back to normal.\n',
    );
  });

  it('exits 1 on a refusal and 2 on a usage mistake', () => {
    const dir = copyRepository('example');
    const node = (args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'scripts/cairn.ts'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CAIRN_NOW: EXAMPLE_NOW },
      });
    expect(node(['resolve', 'checkout-errors', '-m', 'x']).status).toBe(1);
    expect(node(['resolve', '--bogus']).status).toBe(2);
    expect(existsSync(join(dir, 'incidents/2026-11-17-checkout-errors/2026-11-23T1500-resolved.md'))).toBe(false);
  });

  it('runs as npx cairn from the repository root', () => {
    const run = spawnSync('npx', ['--offline', 'cairn', 'list', '--active'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CAIRN_NOW: EXAMPLE_NOW },
    });
    expect(run.stdout).toContain('2026-11-23-webhook-delays  Identified');
    expect(run.status).toBe(0);
  });
});
