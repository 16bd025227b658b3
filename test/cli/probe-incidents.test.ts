import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localServer } from '../automation-fakes.ts';
import { readTree, tempDir, writeFiles } from '../helpers.ts';
import { cairn, probeConfig, probeServers } from '../probe-servers.ts';

const servers = probeServers();

/** Probe runs every 5 minutes from 10:00 UTC; `n` is the run's number from 0. */
const runAt = (n: number) => new Date(Date.UTC(2026, 10, 23, 10, 0) + n * 5 * 60_000).toISOString();

describe('cairn probe drafts auto-incidents over a sequence of runs', () => {
  let dir: string;
  let n = 0;
  const probe = async (args: string[] = ['--json']) => {
    const run = await cairn(dir, ['probe', ...args], { CAIRN_NOW: runAt(n++) });
    expect(run.code).toBe(0);
    return args.includes('--json') ? JSON.parse(run.stdout) : run.stdout;
  };
  const incidentFiles = () =>
    Object.keys(readTree(dir))
      .filter((f) => f.startsWith('incidents/'))
      .sort();

  beforeAll(() => {
    dir = tempDir('cairn-probe-seq-');
    writeFiles(dir, {
      'components.yml': probeConfig(
        { api: `url: ${servers.http}/switch/api\nretries: 0`, web: `url: ${servers.http}/ok\nretries: 0` },
        '  timezone: Europe/Berlin\n  auto_incidents:\n    cooldown: 20m\n',
      ).replace('  timezone: UTC\n', ''),
    });
  });

  it('opens nothing on the first failures (flap protection)', async () => {
    servers.switches.set('api', 'fail');
    for (let i = 0; i < 2; i++) expect((await probe()).actions).toEqual([]);
    expect(incidentFiles()).toEqual([]);
  });

  it('shows on --dry-run what the third failure would draft, without writing it', async () => {
    const run = await cairn(dir, ['probe', '--dry-run', '--json'], { CAIRN_NOW: runAt(n) });
    expect(JSON.parse(run.stdout).actions).toEqual([expect.objectContaining({ kind: 'open', incident: '2026-11-23-api-down' })]);
    expect(incidentFiles()).toEqual([]);
  });

  it('opens an incident on the third failed run, dated at the first', async () => {
    const out = await probe();
    expect(out).toEqual({
      at: '2026-11-23T10:10:00Z',
      results: [
        { component: 'api', status: 'down', ms: expect.any(Number), code: 500, error: 'status', attempts: 1 },
        { component: 'web', status: 'up', ms: expect.any(Number), code: 200, attempts: 1 },
      ],
      actions: [
        {
          kind: 'open',
          component: 'api',
          incident: '2026-11-23-api-down',
          files: ['incidents/2026-11-23-api-down/index.md'],
          title: 'API is down',
          summary: '3 consecutive checks failed since 2026-11-23T10:00:00Z: HTTP 500, expected 200-399 (status)',
        },
      ],
    });
    const text = readFileSync(`${dir}/incidents/2026-11-23-api-down/index.md`, 'utf8');
    expect(text).toContain('at: 2026-11-23T11:00:00+01:00\n');
    expect(text).toContain('Automated checks of API failed 3 times in a row, since 23 Nov 2026, 11:00 CET.');
    expect(text).not.toContain('Internal error');
  });

  it('passes cairn check', async () => {
    const check = await cairn(dir, ['check', '--format', 'json'], { CAIRN_NOW: runAt(n) });
    expect(JSON.parse(check.stdout).filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
  });

  it('keeps one open incident while the component stays down', async () => {
    for (let i = 0; i < 3; i++) expect((await probe()).actions).toEqual([]);
    expect(incidentFiles()).toEqual(['incidents/2026-11-23-api-down/index.md']);
  });

  it('resolves it after two good runs, dated at the first', async () => {
    servers.switches.set('api', 'ok');
    expect((await probe()).actions).toEqual([]);
    const human = await probe([]);
    expect(human).toMatch(/^api {2}Up {2,}HTTP 200, answered in \d+ ms$/m);
    expect(human).toContain('Resolved 2026-11-23-api-down: API is down (2 consecutive checks succeeded since 2026-11-23T10:30:00Z; lasted 30m)');
    expect(incidentFiles()).toEqual(['incidents/2026-11-23-api-down/2026-11-23T1130-resolved.md', 'incidents/2026-11-23-api-down/index.md']);
    expect(readFileSync(`${dir}/incidents/2026-11-23-api-down/2026-11-23T1130-resolved.md`, 'utf8')).toBe(
      '---\nat: 2026-11-23T11:30:00+01:00\nstatus: resolved\nauthor: Cairn probe\n---\nAPI is answering normally again: 2 consecutive checks succeeded since 23 Nov 2026, 11:30 CET. The problem lasted 30m.\n',
    );
  });

  it('waits out the cooldown before drafting the next one, then names it apart', async () => {
    servers.switches.set('api', 'fail');
    // Resolved at 10:30 with a 20 minute cooldown: failures at 10:40, 10:45 and 10:50 qualify, only from 10:50 on.
    for (let i = 0; i < 2; i++) expect((await probe()).actions).toEqual([]);
    const out = await probe();
    expect(out.actions).toEqual([
      expect.objectContaining({ kind: 'open', incident: '2026-11-23-api-down-2', summary: expect.stringContaining('since 2026-11-23T10:40:00Z') }),
    ]);
  });

  it('records every run: one line per component per run', () => {
    const lines = readTree(dir)['status-data/api/2026-11-23.txt']!.trim().split('\n');
    expect(lines).toHaveLength(n);
    expect(lines.map((l) => l.split(' ')[1]).join(',')).toBe('down,down,down,down,down,down,up,up,down,down,down');
  });
});

describe('two probe runs at once in one checkout', () => {
  it('draft one auto-incident for one outage', async () => {
    // The first request is answered late: the run that makes it reads the incidents before the
    // other run, started meanwhile, drafts the incident, and looks for a free id after it did.
    let first = true;
    const slow = await localServer((_req, res) => {
      const delay = first ? 3000 : 0;
      first = false;
      setTimeout(() => {
        res.writeHead(500);
        res.end('down');
      }, delay);
    });
    const dir = tempDir('cairn-probe-race-');
    writeFiles(dir, {
      'components.yml': probeConfig({ api: `url: ${slow}/\nretries: 0\nfailure_threshold: 1` }),
    });
    const now = { CAIRN_NOW: '2026-11-23T10:00:00Z' };
    const early = cairn(dir, ['probe', '--json'], now);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = cairn(dir, ['probe', '--json'], now);
    const runs = await Promise.all([early, late]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const folders = Object.keys(readTree(join(dir, 'incidents'))).map((f) => f.split('/')[0]);
    expect([...new Set(folders)]).toEqual(['2026-11-23-api-down']);
  });
});
