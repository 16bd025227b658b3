import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCheckLines } from '#core/model/check-data.ts';
import { COMMANDS } from '../../scripts/commands/index.ts';
import { readTree, tempDir, writeFiles } from '../helpers.ts';
import { cairn, probeConfig, probeServers } from '../probe-servers.ts';

const servers = probeServers();

interface JsonRun {
  at: string;
  results: Array<{ component: string; status: string; ms: number; code?: number; error?: string; attempts: number }>;
  actions: unknown[];
}

/** A repository with these probes; `ca.pem` is the test authority. */
function repository(probes: Record<string, string>, top = ''): string {
  const dir = tempDir('cairn-probe-');
  writeFiles(dir, { 'components.yml': probeConfig(probes, '', top), 'ca.pem': readFileSync(servers.caFile, 'utf8') });
  return dir;
}

async function probeJson(dir: string, args: string[] = [], env: Record<string, string> = {}) {
  const run = await cairn(dir, ['probe', '--json', ...args], env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const json = JSON.parse(run.stdout) as JsonRun;
  return { json, byId: Object.fromEntries(json.results.map((r) => [r.component, r])) };
}

/** The check lines written for a component in the repository. */
function lines(dir: string, id: string) {
  const files = Object.entries(readTree(join(dir, 'status-data', id)));
  return files.flatMap(([name, text]) => parseCheckLines(text, name).checks);
}

describe('cairn probe: what each kind of endpoint is classified as', () => {
  let dir: string;
  let byId: Record<string, JsonRun['results'][number]>;
  beforeAll(async () => {
    const h = servers.http;
    const port = new URL(h).port;
    const quick = 'timeout: 2s\nretries: 0';
    dir = repository({
      fast: `url: ${h}/ok\n${quick}`,
      named: `url: http://localhost:${port}/ok\n${quick}`,
      slow: `url: ${h}/slow\ndegraded_after: 150ms\n${quick}`,
      hanging: `url: ${h}/hang\n${quick}`,
      reset: `url: ${h}/reset\n${quick}`,
      failing: `url: ${h}/error\n${quick}`,
      'redirect-loop': `url: ${h}/loop\n${quick}`,
      'redirect-chain': `url: ${h}/hop/1\nmax_redirects: 3\n${quick}`,
      redirected: `url: ${h}/redirect\n${quick}`,
      'endless-found': `url: ${h}/endless\nkeyword: healthy\n${quick}`,
      'endless-missing': `url: ${h}/endless\nkeyword: Fernhill\n${quick}`,
      'endless-json': `url: ${h}/endless\njson_path: { path: $.status, equals: ok }\n${quick}`,
      'endless-unchecked': `url: ${h}/endless\n${quick}`,
      'wrong-keyword': `url: ${h}/ok\nkeyword: Fernhill\n${quick}`,
      'forbidden-keyword': `url: ${h}/ok\nforbidden_keyword: healthy\n${quick}`,
      'keyword-ok': `url: ${h}/ok\nkeyword: healthy\nforbidden_keyword: error\n${quick}`,
      'json-ok': `url: ${h}/json\njson_path: { path: "$.checks[0].state", equals: green }\n${quick}`,
      'json-mismatch': `url: ${h}/json\njson_path: { path: $.status, equals: degraded }\n${quick}`,
      'json-invalid': `url: ${h}/badjson\njson_path: { path: $.status, equals: ok }\n${quick}`,
      'expected-500': `url: ${h}/error\nexpect_status: [500]\n${quick}`,
      'tls-valid': `url: ${servers.https.valid}/ok\nca: ca.pem\n${quick}`,
      'tls-soon': `url: ${servers.https.soon}/ok\nca: ca.pem\n${quick}`,
      'tls-expired': `url: ${servers.https.expired}/ok\nca: ca.pem\n${quick}`,
      'tls-self-signed': `url: ${servers.https.selfSigned}/ok\nca: ca.pem\n${quick}`,
      'tls-untrusted': `url: ${servers.https.valid}/ok\n${quick}`,
      refused: `url: http://127.0.0.1:${servers.closedPort}/\n${quick}`,
      unresolvable: `url: http://status-probe-test.invalid/\n${quick}`,
      'tcp-open': `url: tcp://127.0.0.1:${port}\n${quick}`,
      'tcp-closed': `url: tcp://127.0.0.1:${servers.closedPort}\n${quick}`,
    });
    ({ byId } = await probeJson(dir));
  });

  it.each([
    ['fast', 'up', 200, undefined],
    ['named', 'up', 200, undefined],
    ['slow', 'degraded', 200, undefined],
    ['hanging', 'down', undefined, 'timeout'],
    ['reset', 'down', undefined, 'reset'],
    ['failing', 'down', 500, 'status'],
    ['redirect-loop', 'down', undefined, 'status'],
    ['redirect-chain', 'down', undefined, 'status'],
    ['redirected', 'up', 200, undefined],
    ['endless-found', 'up', 200, undefined],
    ['endless-missing', 'down', 200, 'too-large'],
    ['endless-json', 'down', 200, 'too-large'],
    ['endless-unchecked', 'up', 200, undefined],
    ['wrong-keyword', 'down', 200, 'assertion'],
    ['forbidden-keyword', 'down', 200, 'assertion'],
    ['keyword-ok', 'up', 200, undefined],
    ['json-ok', 'up', 200, undefined],
    ['json-mismatch', 'down', 200, 'assertion'],
    ['json-invalid', 'down', 200, 'assertion'],
    ['expected-500', 'up', 500, undefined],
    ['tls-valid', 'up', 200, undefined],
    ['tls-soon', 'degraded', 200, undefined],
    ['tls-expired', 'down', undefined, 'tls'],
    ['tls-self-signed', 'down', undefined, 'tls'],
    ['tls-untrusted', 'down', undefined, 'tls'],
    ['refused', 'down', undefined, 'refused'],
    ['unresolvable', 'down', undefined, 'dns'],
    ['tcp-open', 'up', undefined, undefined],
    ['tcp-closed', 'down', undefined, 'refused'],
  ])('%s is %s (HTTP %s, error %s)', (id, status, code, error) => {
    expect(byId[id]).toMatchObject({ component: id, status, attempts: 1 });
    expect(byId[id]!.code).toBe(code);
    expect(byId[id]!.error).toBe(error);
  });

  it('records one line per component with timings and the detail behind a verdict', () => {
    const one = (id: string) => {
      const checks = lines(dir, id);
      expect(checks).toHaveLength(1);
      return checks[0]!;
    };
    expect(one('fast').extra).toMatchObject({ connect: expect.stringMatching(/^\d+$/), ttfb: expect.stringMatching(/^\d+$/) });
    expect(one('named').extra.dns).toMatch(/^\d+$/);
    expect(one('tls-valid').extra).toMatchObject({ tls: expect.stringMatching(/^\d+$/), cert_days: '364' });
    expect(one('tls-soon').extra).toMatchObject({ cert_days: '4', detail: 'cert' });
    expect(one('tls-expired').extra).toMatchObject({ cert_days: '-1', detail: 'CERT_HAS_EXPIRED' });
    expect(one('tls-self-signed').extra.detail).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(one('slow').extra.detail).toBe('slow');
    expect(one('redirect-loop').extra.detail).toBe('redirects');
    expect(one('json-invalid').extra.detail).toBe('invalid_json');
    expect(one('json-mismatch').extra.detail).toBe('json_path');
    expect(one('hanging').ms).toBeGreaterThanOrEqual(2000);
  });

  it('explains each result in words on the terminal', async () => {
    const run = await cairn(dir, ['probe', '--dry-run', '--only', 'tls-soon,tls-expired,tls-self-signed,failing,hanging,json-mismatch,tcp-open']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('tls-soon         Degraded  the TLS certificate expires in 4 days');
    expect(run.stdout).toContain('tls-expired      Down      the TLS certificate expired 1 day ago (tls)');
    expect(run.stdout).toContain('tls-self-signed  Down      the TLS certificate is self-signed (tls)');
    expect(run.stdout).toContain('failing          Down      HTTP 500, expected 200-399 (status)');
    expect(run.stdout).toContain('hanging          Down      no complete answer within 2 s (timeout)');
    expect(run.stdout).toContain(`json-mismatch    Down      HTTP 200, the response's $.status was not "degraded" (assertion)`);
    expect(run.stdout).toMatch(/tcp-open +Up +connected in \d+ ms/);
    expect(run.stdout).toMatch(/Dry run: nothing was written\.\n$/);
  });
});

describe('cairn probe: retries', () => {
  it('retries a failure with a short backoff and records the attempts', async () => {
    const dir = repository({
      blip: `url: ${servers.http}/flaky/2?key=blip\nretries: 2`,
      flapping: `url: ${servers.http}/flaky/5?key=flapping\nretries: 1`,
      hanging: `url: ${servers.http}/hang\nretries: 1\ntimeout: 500ms`,
      healthy: `url: ${servers.http}/ok\nretries: 2`,
    });
    const before = servers.seen.length;
    const { byId } = await probeJson(dir);
    expect(byId.blip).toMatchObject({ status: 'up', attempts: 3, code: 200 });
    expect(byId.flapping).toMatchObject({ status: 'down', attempts: 2, code: 503, error: 'status' });
    expect(byId.hanging).toMatchObject({ status: 'down', attempts: 2, error: 'timeout' });
    expect(byId.healthy).toMatchObject({ status: 'up', attempts: 1 });
    const requests = servers.seen.slice(before).map((s) => s.path);
    expect(requests.filter((p) => p.includes('key=flapping'))).toHaveLength(2);
    expect(requests.filter((p) => p.includes('key=blip'))).toHaveLength(3);
    expect(lines(dir, 'blip')[0]!.attempts).toBe(3);
  });
});

describe('cairn probe: concurrency', () => {
  it('checks 200 endpoints with the 20 hanging ones side by side, never more than the bound at once', async () => {
    const probes: Record<string, string> = {};
    for (let i = 0; i < 200; i++) probes[`endpoint-${i}`] = `url: ${servers.http}/${i < 20 ? 'hang' : 'ok'}?n=${i}\ntimeout: 4s\nretries: 0`;
    const dir = repository(probes, 'probe:\n  concurrency: 40\n  per_origin: 40\n');
    servers.inFlight.max = 0;
    const { json } = await probeJson(dir);
    expect(json.results).toHaveLength(200);
    expect(json.results.filter((r) => r.error === 'timeout')).toHaveLength(20);
    expect(json.results.filter((r) => r.status === 'up')).toHaveLength(180);
    // The hanging checks, first in line, wait together rather than one after another, while the
    // others go on beside them (the benchmark measures the time, with hanging ones spread out).
    expect(servers.inFlight.max).toBeGreaterThanOrEqual(20);
    expect(servers.inFlight.max).toBeLessThanOrEqual(40);
  });

  it('sends no more than per_origin checks at once to one origin, however many run in all', async () => {
    const probes: Record<string, string> = {};
    for (let i = 0; i < 12; i++) probes[`slow-${i}`] = `url: ${servers.http}/slow?n=${i}\ntimeout: 5s\nretries: 0`;
    const dir = repository(probes, 'probe:\n  concurrency: 100\n  per_origin: 3\n');
    servers.inFlight.max = 0;
    const { json } = await probeJson(dir);
    expect(json.results.filter((r) => r.status === 'up')).toHaveLength(12);
    expect(servers.inFlight.max).toBe(3);
  });
});

describe('cairn probe: secrets', () => {
  const SECRET = 'tok-7f3a9c1e55d2b804';
  const LISTED = 'probe:\n  secrets: [PROBE_TOKEN, PROBE_TOKEN_UNSET]\n';
  it('fills ${NAME} from the environment in the URL, headers and body, and never writes or prints it', async () => {
    const dir = repository(
      {
        api: [
          `url: ${servers.http}/echo?token=\${PROBE_TOKEN}`,
          'method: POST',
          'headers: { authorization: "Bearer ${PROBE_TOKEN}" }',
          'body: \'{"token": "${PROBE_TOKEN}"}\'',
          'retries: 0',
          'failure_threshold: 2',
        ].join('\n'),
      },
      LISTED,
    );
    const before = servers.seen.length;
    const outputs: string[] = [];
    for (const [i, args] of [['--json'], [], ['--json'], ['--dry-run']].entries()) {
      const run = await cairn(dir, ['probe', ...args], { PROBE_TOKEN: SECRET, CAIRN_NOW: `2026-11-23T10:0${i}:00Z` });
      expect(run.code).toBe(0);
      outputs.push(run.stdout, run.stderr);
    }
    const received = servers.seen.slice(before);
    expect(received[0]).toMatchObject({ method: 'POST', path: `/echo?token=${SECRET}`, body: `{"token": "${SECRET}"}` });
    expect(received[0]!.headers.authorization).toBe(`Bearer ${SECRET}`);
    // The server echoed the secret back in a failing answer, and an incident was drafted from it.
    const files = readTree(dir);
    expect(Object.keys(files).some((f) => f.startsWith('incidents/'))).toBe(true);
    for (const [name, text] of Object.entries(files)) expect(text, name).not.toContain(SECRET);
    for (const text of outputs) expect(text).not.toContain(SECRET);
  });

  it('refuses to run when a ${NAME} is not set, naming the variable and where it is used', async () => {
    const dir = repository({ api: `url: ${servers.http}/ok\nheaders: { authorization: "Bearer \${PROBE_TOKEN_UNSET}" }` }, LISTED);
    const unset = await cairn(dir, ['probe'], {});
    expect(unset.code).toBe(1);
    expect(unset.stderr).toMatch(
      /^components\.yml:\d+:\d+ error Probe of "api" uses \$\{PROBE_TOKEN_UNSET\}, but the environment variable PROBE_TOKEN_UNSET is not set/m,
    );
    expect(Object.keys(readTree(dir)).some((f) => f.startsWith('status-data/'))).toBe(false);
    // Set but empty is set.
    expect((await cairn(dir, ['probe'], { PROBE_TOKEN_UNSET: '' })).code).toBe(0);
  });
});

describe('cairn probe: the command', () => {
  it('writes nothing on --dry-run, checks only --only components, and rejects unknown ones', async () => {
    const dir = repository({ api: `url: ${servers.http}/ok`, web: `url: ${servers.http}/ok` });
    const dry = await probeJson(dir, ['--dry-run']);
    expect(dry.json.results.map((r) => r.component)).toEqual(['api', 'web']);
    expect(Object.keys(readTree(dir)).sort()).toEqual(['ca.pem', 'components.yml']);

    const only = await probeJson(dir, ['--only', 'web']);
    expect(only.json.results.map((r) => r.component)).toEqual(['web']);
    expect(Object.keys(readTree(dir)).filter((f) => f.startsWith('status-data/'))).toEqual([
      expect.stringMatching(/^status-data\/web\/\d{4}-\d{2}-\d{2}\.txt$/),
    ]);

    const typo = await cairn(dir, ['probe', '--only', 'wbe']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--only: unknown component "wbe"; did you mean "web"?');
  });

  it('appends to the day file of the site time zone, one line per run', async () => {
    const dir = repository({ api: `url: ${servers.http}/ok` });
    writeFileSync(join(dir, 'components.yml'), readFileSync(join(dir, 'components.yml'), 'utf8').replace('timezone: UTC', 'timezone: Pacific/Auckland'));
    await probeJson(dir, [], { CAIRN_NOW: '2026-11-23T11:00:00Z' });
    await probeJson(dir, [], { CAIRN_NOW: '2026-11-23T11:05:00Z' });
    // 11:00 UTC is already the 24th in Auckland.
    expect(readTree(dir)['status-data/api/2026-11-24.txt']).toMatch(/^2026-11-23T11:00:00Z up \d+ 200 - 1 .*\n2026-11-23T11:05:00Z up \d+ 200 - 1 .*\n$/);
  });

  it('exits 1 with the diagnostics when components.yml is wrong, and checks nothing', async () => {
    const dir = repository({ api: `url: ${servers.http}/ok\nretries: 9\ntimeuot: 5s` });
    const before = servers.seen.length;
    const run = await cairn(dir, ['probe', '--json']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/components\.yml:\d+:\d+ error .*retries/);
    expect(run.stderr).toMatch(/components\.yml:\d+:\d+ error .*timeuot/);
    expect(servers.seen.length).toBe(before);
  });

  it('exits 1 when the results cannot be written', async () => {
    const dir = repository({ api: `url: ${servers.http}/ok` });
    writeFiles(dir, { 'status-data/api': 'a file where the folder of api belongs' });
    const run = await cairn(dir, ['probe']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^cairn probe: cannot write the results: /m);
  });

  it('sets only V8 flags that Node knows (at run time a misspelt one is ignored)', () => {
    const flags = COMMANDS.find((c) => c.name === 'probe')?.v8Flags ?? [];
    expect(flags.length).toBeGreaterThan(0);
    expect(spawnSync(process.execPath, [...flags, '-e', '0'], { encoding: 'utf8' }).stderr).toBe('');
  });

  it('says so when no component has a probe', async () => {
    const dir = tempDir('cairn-probe-');
    writeFiles(dir, { 'components.yml': 'site:\n  title: T\n  url: https://s.example/\ncomponents:\n  - id: api\n    name: API\n' });
    const run = await cairn(dir, ['probe']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No component has a probe');
  });
});
