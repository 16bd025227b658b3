import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cairn, gitInit } from '../cli-harness.ts';
import { copyRepository, ROOT, readTree, sampleData, tempDir, writeFiles } from '../helpers.ts';

/** What operators saw go wrong with real files on disk, named for what they saw. */

function example(): string {
  const dir = copyRepository('example');
  gitInit(dir);
  return dir;
}

describe('writing at the instant of another entry', () => {
  it('"Reopened …: still resolved" with exit 0 after a reopen at the instant of the resolve: now reopened, a second later', async () => {
    const dir = example();
    const now = '2026-11-23T14:00:00Z';
    expect((await cairn(dir, ['resolve', 'webhook', '-m', 'Fixed.'], { now })).code).toBe(0);
    const reopen = await cairn(dir, ['reopen', 'webhook'], { now });
    expect(reopen.code).toBe(0);
    expect(reopen.stdout).toContain('Reopened 2026-11-23-webhook-delays: resolved → investigating');
    expect(reopen.stdout).toContain('Stamped 2026-11-23T15:00:01+01:00');
    expect((await cairn(dir, ['status', '--json'], { now: '2026-11-23T14:00:05Z' })).stdout).toContain('"status": "investigating"');
    expect((await cairn(dir, ['check'], { now: '2026-11-23T14:00:05Z' })).code).toBe(0);
  });

  it('an update to monitoring at the minute of a resolve was accepted: now refused, as it would come after the resolve', async () => {
    const dir = example();
    const now = '2026-11-23T14:00:00Z';
    await cairn(dir, ['resolve', 'webhook', '-m', 'Fixed.'], { now });
    const update = await cairn(dir, ['update', 'webhook', '--status', 'monitoring', '-m', 'Watching.'], { now });
    expect(update.code).toBe(1);
    expect(update.stderr).toContain('Status cannot go back from resolved to monitoring');
  });

  it('two hand-written files at one instant passed check: now an error naming both', async () => {
    const dir = example();
    const folder = 'incidents/2026-11-23-webhook-delays';
    writeFiles(dir, { [`${folder}/2026-11-23T1340-second.md`]: '---\nat: 2026-11-23T13:40:00Z\n---\nSame instant.\n' });
    const check = await cairn(dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(
      /incidents\/2026-11-23-webhook-delays\/2026-11-23T1340-update\.md:2:5 error Entry at 2026-11-23T13:40:00Z has the same time as .*1340-second\.md/,
    );
  });
});

describe('probe settings that check accepted and the probe refused', () => {
  /** `cairn check` of a repository with only this components.yml. */
  async function checkConfig(config: string) {
    const dir = tempDir();
    writeFiles(dir, { 'components.yml': config });
    return { dir, check: await cairn(dir, ['check']) };
  }

  it('are refused by cairn check with file:line:col', async () => {
    const { check } = await checkConfig(
      [
        'site:',
        '  title: T',
        '  url: https://t.example/',
        'components:',
        '  - id: a',
        '    name: A',
        '    probe:',
        '      url: http://127.0.0.1:99999/',
        '  - id: b',
        '    name: B',
        '    probe:',
        '      url: "http://:80/"',
        '  - id: c',
        '    name: C',
        '    probe:',
        '      url: https://c.example/',
        '      timeout: 0s',
        '  - id: d',
        '    name: D',
        '    probe:',
        '      url: https://d.example/',
        '      timeout: 25d',
        '',
      ].join('\n'),
    );
    expect(check.code).toBe(1);
    const lines = check.stdout.split('\n');
    expect(lines).toContain('components.yml:8:12 error Port "99999" is not a port number: expected 1 to 65535 (url)  url-value');
    expect(lines).toContain('components.yml:12:12 error Expected a host name in the URL, such as https://api.example.com/ (url)  url-value');
    expect(lines).toContain('components.yml:17:16 error Expected a timeout of at least 1ms (timeout)  timeout-value');
    expect(lines).toContain('components.yml:22:16 error Expected a timeout of at most 24d (Node cannot wait longer) (timeout)  timeout-value');
  });

  it('resolver addresses and header names the probe would refuse are refused by cairn check', async () => {
    const dns = (id: string, server: string) => [
      `  - id: ${id}`,
      `    name: ${id}`,
      '    probe:',
      '      kind: dns',
      '      name: a.example',
      `      server: "${server}"`,
    ];
    const { check } = await checkConfig(
      [
        'site:\n  title: T\n  url: https://t.example/\ncomponents:',
        ...dns('a', '999.1.1.1'),
        ...dns('b', '1.1.1.1:70000'),
        ...dns('c', '[2606:4700::zz]'),
        ...dns('ok4', '1.1.1.1:53'),
        ...dns('ok6', '[2606:4700::1111]:53'),
        '  - id: h',
        '    name: H',
        '    probe:',
        '      url: https://h.example/',
        '      headers:',
        '        "X Api Key": abc',
        '        Authorization: token',
        '',
      ].join('\n'),
    );
    expect(check.code).toBe(1);
    const resolver = 'error Expected a resolver address such as 1.1.1.1, 1.1.1.1:53 or [2606:4700::1111]:53 (server)  server-value';
    expect(check.stdout.split('\n')).toEqual([
      `components.yml:10:15 ${resolver}`,
      `components.yml:16:15 ${resolver}`,
      `components.yml:22:15 ${resolver}`,
      'components.yml:40:22 error "X Api Key" is not a header name: use letters, digits and hyphens, such as X-Api-Key (headers)  headers-value',
      '4 errors, 0 warnings',
      '',
    ]);
  });

  it('a check that could never pass is refused: a body check on HEAD, a range from high to low', async () => {
    const { check } = await checkConfig(
      'site:\n  title: T\n  url: https://t.example/\ncomponents:\n  - id: a\n    name: A\n    probe:\n      url: https://a.example/\n      method: HEAD\n      keyword: ok\n      expect_status: ["299-200"]\n',
    );
    expect(check.code).toBe(1);
    expect(check.stdout.split('\n')).toEqual([
      'components.yml:10:16 error A HEAD request gets no body to check: use GET, or remove keyword (keyword)  keyword-value',
      'components.yml:11:23 error Expected a range from the lower code to the higher, such as "200-299" (expect_status)  expect_status-value',
      '2 errors, 0 warnings',
      '',
    ]);
  });

  it('a missing ca: file is refused by cairn check, which looks for it on disk', async () => {
    const { dir, check } = await checkConfig(
      'site:\n  title: T\n  url: https://t.example/\ncomponents:\n  - id: d\n    name: D\n    probe:\n      url: https://d.example/\n      ca: certs/missing.pem\n',
    );
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('components.yml:9:11 error Probe of "d" trusts the certificate authority in "certs/missing.pem", but there is no such file');
    writeFiles(dir, { 'certs/missing.pem': '-----BEGIN CERTIFICATE-----\n' });
    expect((await cairn(dir, ['check'])).code).toBe(0);
  });
});

describe('the demo', () => {
  it('"last check 23 Nov, 189 ms" from the demo on the owner\'s own component: builds and commands now refuse sample data', async () => {
    const dir = example();
    expect(sampleData(dir, '2026-11-23T14:00:00Z').status).toBe(0);
    expect(readFileSync(join(dir, 'status-data/.sample'), 'utf8')).toContain('not real measurements');
    // As a separate process: the sample-data switch is read from the process's environment.
    const status = (env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [join(ROOT, 'scripts/cairn.ts'), 'status'], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, CAIRN_NOW: '2026-11-23T14:00:00Z', ...env },
      });
    const refused = status();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("status-data/ holds the demo's invented check history, not measurements: delete status-data/");
    expect(status({ CAIRN_SAMPLE_DATA: '1' }).status).toBe(0);
  });

  it("the probe and heartbeats write no real result into the demo's sample data", async () => {
    const dir = example();
    expect(sampleData(dir, '2026-11-23T14:00:00Z').status).toBe(0);
    const before = readTree(join(dir, 'status-data'));
    for (const args of [['probe'], ['heartbeat', 'api']]) {
      const run = await cairn(dir, args, { env: { CAIRN_SAMPLE_DATA: '1' } });
      expect(run.code, args[0]).toBe(1);
      expect(run.stderr, args[0]).toContain("status-data/ holds the demo's invented check history: delete status-data/ first");
    }
    expect(readTree(join(dir, 'status-data'))).toEqual(before);
  });
});
