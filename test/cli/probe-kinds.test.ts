import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckLines } from '#core/model/check-data.ts';
import { parseFrontmatter } from '#core/parse/yaml-source.ts';
import { type DnsServer, startDnsServer } from '../dns-server.ts';
import { FIXTURES, readTree, tempDir, writeFiles } from '../helpers.ts';
import { cairn, probeConfig } from '../probe-servers.ts';

interface Result {
  component: string;
  status: string;
  error?: string;
  attempts: number;
}
interface JsonRun {
  results: Result[];
  actions: Array<{ kind: string; component: string; incident: string; files: string[]; title: string }>;
}

function repository(probes: Record<string, string>): string {
  const dir = tempDir('cairn-kinds-');
  writeFiles(dir, { 'components.yml': probeConfig(probes) });
  return dir;
}

async function probe(dir: string, now: string): Promise<{ json: JsonRun; byId: Record<string, Result> }> {
  const run = await cairn(dir, ['probe', '--json'], { CAIRN_NOW: now });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const json = JSON.parse(run.stdout) as JsonRun;
  return { json, byId: Object.fromEntries(json.results.map((r) => [r.component, r])) };
}

function checks(dir: string, id: string) {
  return Object.entries(readTree(join(dir, 'status-data', id))).flatMap(([name, text]) => parseCheckLines(text, name).checks);
}

function frontmatter(dir: string, path: string) {
  const fm = parseFrontmatter(readFileSync(join(dir, path), 'utf8'), path).frontmatter!;
  return { data: fm.data as Record<string, unknown>, body: fm.body };
}

describe('probe kinds: a field the kind does not use is an error', () => {
  it('refuses method and keyword on a tcp probe, and timeout on a heartbeat, naming the kind', async () => {
    const dir = repository({
      db: 'url: tcp://db.example:5432\nmethod: POST\nkeyword: ok',
      backup: 'kind: heartbeat\nevery: 1d\ntimeout: 5s',
      lookup: 'kind: dns\nname: example.com\nurl: https://example.com/',
    });
    const run = await cairn(dir, ['check']);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('Field "method" is not used by kind tcp');
    expect(run.stdout + run.stderr).toContain('Field "keyword" is not used by kind tcp');
    expect(run.stdout + run.stderr).toContain('Field "timeout" is not used by kind heartbeat');
    expect(run.stdout + run.stderr).toContain('Field "url" is not used by kind dns');
  });

  it('still reads probes written without a kind: the scheme says http or tcp', async () => {
    const dir = repository({ web: 'url: https://web.example/', db: 'url: tcp://db.example:5432' });
    const run = await cairn(dir, ['check']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

describe('probe kind dns, against a DNS responder on 127.0.0.1', () => {
  let dns: DnsServer;
  let byId: Record<string, Result>;
  let dir: string;
  beforeAll(async () => {
    dns = await startDnsServer(
      {
        'api.test.example': { A: ['192.0.2.10', '192.0.2.11'], AAAA: ['2001:db8::10'] },
        'www.test.example': { CNAME: 'edge.cdn.test.example' },
        'mail.test.example': { TXT: [['v=spf1 ', 'include:mail.test.example -all'], ['other']] },
      },
      ['silent.test.example'],
    );
    const server = `server: "${dns.address}"\ntimeout: 500ms\nretries: 0\nfailure_threshold: 1`;
    dir = repository({
      'dns-a': `kind: dns\nname: api.test.example\nexpect: [192.0.2.11]\n${server}`,
      'dns-aaaa': `kind: dns\nname: api.test.example\nrecord: AAAA\nexpect: ["2001:db8::10"]\n${server}`,
      'dns-cname': `kind: dns\nname: www.test.example\nrecord: CNAME\nexpect: [EDGE.cdn.test.example.]\n${server}`,
      'dns-txt': `kind: dns\nname: mail.test.example\nrecord: TXT\nexpect: ["v=spf1 include:mail.test.example -all"]\n${server}`,
      'dns-any': `kind: dns\nname: api.test.example\n${server}`,
      'dns-mismatch': `kind: dns\nname: api.test.example\nexpect: [192.0.2.99]\n${server}`,
      'dns-nodata': `kind: dns\nname: www.test.example\nrecord: TXT\n${server}`,
      'dns-nx': `kind: dns\nname: missing.test.example\n${server}`,
      'dns-timeout': `kind: dns\nname: silent.test.example\n${server}`,
    });
    ({ byId } = await probe(dir, '2026-11-23T14:00:00Z'));
  });
  afterAll(() => dns.close());

  it('is up when the name resolves to every expected value, for A, AAAA, CNAME and TXT', () => {
    for (const id of ['dns-a', 'dns-aaaa', 'dns-cname', 'dns-txt', 'dns-any']) expect(byId[id], id).toMatchObject({ status: 'up' });
    expect(dns.asked).toEqual(expect.arrayContaining(['api.test.example A', 'api.test.example AAAA', 'www.test.example CNAME', 'mail.test.example TXT']));
  });

  it('tells a wrong answer, a missing record, a name that does not exist and no answer apart', () => {
    expect(byId['dns-mismatch']).toMatchObject({ status: 'down', error: 'mismatch' });
    expect(byId['dns-nodata']).toMatchObject({ status: 'down', error: 'mismatch' });
    expect(byId['dns-nx']).toMatchObject({ status: 'down', error: 'nxdomain' });
    expect(byId['dns-timeout']).toMatchObject({ status: 'down', error: 'timeout' });
  });

  it('records the results and drafts incidents that say what the answer was', () => {
    expect(checks(dir, 'dns-nx').map((c) => c.error)).toEqual(['nxdomain']);
    const nx = frontmatter(dir, 'incidents/2026-11-23-dns-nx-down/index.md');
    expect(nx.data.source).toBe('auto:uptime');
    expect(nx.body).toContain('missing.test.example does not exist (NXDOMAIN)');
    const mismatch = frontmatter(dir, 'incidents/2026-11-23-dns-mismatch-down/index.md');
    expect(mismatch.body).toContain('the A answer for api.test.example did not include 192.0.2.99');
  });
});

describe('probe kind heartbeat: cairn heartbeat reports in, the probe notices silence', () => {
  const probes = {
    backup: 'kind: heartbeat\nevery: 1h\ngrace: 10m\ninterval: 5m\nfailure_threshold: 2\nsuccess_threshold: 2',
    db: 'url: tcp://127.0.0.1:1\nretries: 0\ntimeout: 1s',
  };

  it('records a report, stays up while reports come in time, drafts an auto:heartbeat incident after every + grace, and resolves on the next reports', async () => {
    const dir = repository(probes);
    const beat = await cairn(dir, ['heartbeat', 'backup'], { CAIRN_NOW: '2026-11-23T12:00:00Z' });
    expect(beat).toEqual({ code: 0, stdout: 'Heartbeat of backup recorded at 2026-11-23T12:00:00Z\n  status-data/backup/2026-11-23.txt\n', stderr: '' });
    expect(checks(dir, 'backup')).toEqual([{ at: Date.parse('2026-11-23T12:00:00Z'), status: 'up', ms: 0, attempts: 1, extra: { via: 'heartbeat' } }]);

    const only = (id: string) => ['--only', id];
    const run = async (now: string) => {
      const r = await cairn(dir, ['probe', '--json', ...only('backup')], { CAIRN_NOW: now });
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as JsonRun;
    };
    expect((await run('2026-11-23T13:05:00Z')).results[0]).toMatchObject({ status: 'up' });
    // 1 h 15 min after the report: later than every + grace.
    const first = await run('2026-11-23T13:15:00Z');
    expect(first.results[0]).toMatchObject({ status: 'down', error: 'missed', attempts: 1 });
    expect(first.actions).toEqual([]);
    const second = await run('2026-11-23T13:20:00Z');
    expect(second.actions).toMatchObject([{ kind: 'open', component: 'backup', title: 'BACKUP missed its heartbeat' }]);
    const opened = frontmatter(dir, second.actions[0]!.files[0]!);
    expect(opened.data).toMatchObject({ source: 'auto:heartbeat', at: '2026-11-23T13:15:00+00:00', components: { backup: 'major_outage' } });
    expect(opened.body).toContain('The scheduled job behind BACKUP has not reported in since 23 Nov 2026');
    expect(opened.body).toContain('it reports every 1h (10m grace)');

    expect((await cairn(dir, ['heartbeat', 'backup'], { CAIRN_NOW: '2026-11-23T13:22:00Z' })).code).toBe(0);
    const recovered = await run('2026-11-23T13:25:00Z');
    expect(recovered.actions).toMatchObject([{ kind: 'resolve', component: 'backup' }]);
    const resolution = frontmatter(dir, recovered.actions[0]!.files[0]!);
    expect(resolution.data).toMatchObject({ status: 'resolved', author: 'Cairn probe' });
    expect(resolution.body).toBe('The scheduled job behind BACKUP reports in again, since 23 Nov 2026, 13:22 UTC. The problem lasted 7m.\n');
  });

  it('refuses a component without a heartbeat probe, and an unknown one, writing nothing', async () => {
    const dir = repository(probes);
    const wrong = await cairn(dir, ['heartbeat', 'db']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('component "db" has no heartbeat probe');
    const unknown = await cairn(dir, ['heartbeat', 'backpu']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('did you mean "backup"?');
    expect(readTree(dir)).not.toHaveProperty('status-data/db');
  });
});

describe('probe kind statuspage, against recorded Statuspage JSON served on 127.0.0.1', () => {
  let server: Server;
  let base: string;
  let byId: Record<string, Result>;
  let json: JsonRun;
  let dir: string;
  beforeAll(async () => {
    // Recorded in Statuspage's public v2 shape (a GitHub-like page during a partial outage).
    const summary = readFileSync(join(FIXTURES, 'statuspage', 'summary.json'));
    server = createServer((req, res) => {
      if (req.url === '/api/v2/summary.json') res.writeHead(200, { 'content-type': 'application/json' }).end(summary);
      else if (req.url === '/broken/api/v2/summary.json') res.writeHead(200, { 'content-type': 'application/json' }).end('{"page":');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const quick = 'timeout: 2s\nretries: 0\nfailure_threshold: 1';
    dir = repository({
      'gh-page': `kind: statuspage\nurl: ${base}/\n${quick}`,
      'gh-git': `kind: statuspage\nurl: ${base}/api/v2/summary.json\ncomponents: [Git Operations]\n${quick}`,
      'gh-hooks': `kind: statuspage\nurl: ${base}\ncomponents: [Webhooks, API Requests]\n${quick}`,
      'gh-api': `kind: statuspage\nurl: ${base}\ncomponents: [API Requests]\n${quick}`,
      'gh-renamed': `kind: statuspage\nurl: ${base}\ncomponents: [Git]\n${quick}`,
      'gh-broken': `kind: statuspage\nurl: ${base}/broken\n${quick}`,
    });
    ({ json, byId } = await probe(dir, '2026-11-23T14:00:00Z'));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("maps the page's indicator or the named components' worst status, degraded and outages kept apart", () => {
    expect(byId['gh-page']).toMatchObject({ status: 'down', error: 'upstream' });
    expect(byId['gh-git']).toMatchObject({ status: 'down', error: 'upstream' });
    expect(byId['gh-hooks']).toMatchObject({ status: 'degraded', error: 'upstream' });
    expect(byId['gh-api']).toMatchObject({ status: 'up' });
    expect(checks(dir, 'gh-git')[0]!.extra).toEqual({ upstream: 'partial_outage' });
  });

  it('fails a probe naming a component the upstream page does not have, and a summary that is not JSON', () => {
    expect(byId['gh-renamed']).toMatchObject({ status: 'down', error: 'assertion' });
    expect(byId['gh-broken']).toMatchObject({ status: 'down', error: 'assertion' });
  });

  it("drafts an auto:integration incident with the upstream's level, its incident's name and link", () => {
    const action = json.actions.find((a) => a.component === 'gh-git')!;
    expect(action.title).toBe('GH-GIT: Incident with Git Operations and Webhooks');
    const { data, body } = frontmatter(dir, action.files[0]!);
    expect(data).toMatchObject({ source: 'auto:integration', components: { 'gh-git': 'partial_outage' }, impact: 'major' });
    expect(body).toContain('reports partial outage');
    expect(body).toContain('Upstream incident: [Incident with Git Operations and Webhooks](https://stspg.io/x7n1m4q2)');
    const degraded = frontmatter(dir, json.actions.find((a) => a.component === 'gh-hooks')!.files[0]!);
    expect(degraded.data).toMatchObject({ components: { 'gh-hooks': 'degraded_performance' }, impact: 'minor' });
    // Upstream words reach the incident only: the data files keep the level alone.
    expect(readFileSync(join(dir, 'status-data/gh-git/2026-11-23.txt'), 'utf8')).not.toContain('Incident');
  });
});
