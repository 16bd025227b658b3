import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '#core/model/diagnostics.ts';
import { dispatch } from '../../scripts/commands/dispatch.ts';
import { MAX_INCIDENT_FILE_BYTES } from '../../src/load.ts';
import { actionsEnv, fakeGitHub, remoteWith, runCommand, sh } from '../automation-fakes.ts';
import { cairn, incidentFiles } from '../cli-harness.ts';
import { CONFIG, tempDir, writeFiles } from '../helpers.ts';

/** Hostile files under incidents/ and hostile text in them, through the real commands on real files. */

const NOW = '2026-11-20T12:00:00Z';
const incident = (fields: string, body = 'Something is happening.') => `---\n${fields.trim()}\n---\n${body}\n`;
const DECLARED = incident('title: Checkout errors\nat: 2026-11-20T10:00:00Z\ncomponents: [api]');
const RESOLVED = incident('at: 2026-11-20T10:30:00Z\nstatus: resolved', 'Fixed.');

function repository(files: Record<string, string> = {}, config = CONFIG): string {
  const dir = tempDir('cairn-hostile-');
  writeFiles(dir, {
    'components.yml': config,
    'incidents/2026-11-20-a/index.md': DECLARED,
    'incidents/2026-11-20-a/2026-11-20T1030-resolved.md': RESOLVED,
    ...files,
  });
  return dir;
}

async function check(dir: string): Promise<{ code: number; diagnostics: Diagnostic[] }> {
  const run = await cairn(dir, ['check', '--format', 'json'], { now: NOW });
  return { code: run.code, diagnostics: JSON.parse(run.stdout) as Diagnostic[] };
}

const rules = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.severity} ${d.rule} ${d.file}`);

describe('symbolic links under incidents/', () => {
  it('are check errors, and their targets are never read', async () => {
    const outside = tempDir('cairn-outside-');
    writeFiles(outside, { 'index.md': incident('title: From outside\nat: 2026-11-20T10:00:00Z') });
    const dir = repository();
    symlinkSync(outside, join(dir, 'incidents', '2026-11-20-b'));
    symlinkSync(join(outside, 'index.md'), join(dir, 'incidents', '2026-11-20-a', '2026-11-20T1100-update.md'));
    const { code, diagnostics } = await check(dir);
    expect(code).toBe(1);
    expect(rules(diagnostics)).toEqual(['error symlink incidents/2026-11-20-a/2026-11-20T1100-update.md', 'error symlink incidents/2026-11-20-b']);
    expect((await cairn(dir, ['list', '--json'], { now: NOW })).stdout).not.toContain('From outside');
  });

  it('pointing back at the repository are reported, not walked', async () => {
    const dir = repository();
    symlinkSync('..', join(dir, 'incidents', 'loop'));
    expect(rules((await check(dir)).diagnostics)).toEqual(['error symlink incidents/loop']);
  });

  it('are never written through', async () => {
    const outside = tempDir('cairn-outside-');
    const dir = repository();
    symlinkSync(outside, join(dir, 'incidents', '2026-11-20-checkout-down'));
    const run = await cairn(dir, ['new', '--title', 'Checkout down', '--message', 'Failing.', '--at', '2026-11-20T11:00:00Z'], { now: NOW });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refused to write incidents\/2026-11-20-checkout-down\/index\.md: incidents\/2026-11-20-checkout-down is a symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('in place of incidents/ itself are an error', async () => {
    const outside = tempDir('cairn-outside-');
    const dir = tempDir('cairn-hostile-');
    writeFiles(dir, { 'components.yml': CONFIG });
    symlinkSync(outside, join(dir, 'incidents'));
    expect(rules((await check(dir)).diagnostics)).toEqual(['error symlink incidents']);
    const run = await cairn(dir, ['new', '--title', 'Checkout down', '--message', 'Failing.', '--at', '2026-11-20T11:00:00Z'], { now: NOW });
    expect(run.code).toBe(1);
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('kinds, sizes and names of files', () => {
  it('reads only *.md, warning about other files', async () => {
    const dir = repository({
      'incidents/2026-11-20-a/notes.markdown': 'x',
      'incidents/2026-11-20-a/UPDATE.MD': 'x',
      'incidents/2026-11-20-a/.gitkeep': '',
    });
    const { code, diagnostics } = await check(dir);
    expect(code).toBe(0);
    expect(rules(diagnostics)).toEqual(['warning not-markdown incidents/2026-11-20-a/notes.markdown', 'warning not-markdown incidents/2026-11-20-a/UPDATE.MD']);
  });

  it('refuses a file over the size limit by its path, without reading it', async () => {
    const dir = repository();
    writeFileSync(join(dir, 'incidents/2026-11-20-a/2026-11-20T1100-update.md'), 'x'.repeat(MAX_INCIDENT_FILE_BYTES + 1));
    const { code, diagnostics } = await check(dir);
    expect(code).toBe(1);
    expect(diagnostics.map((d) => [d.rule, d.file, d.message])).toEqual([
      ['file-size', 'incidents/2026-11-20-a/2026-11-20T1100-update.md', 'Larger than 1 MB, not read: shorten it, or link to long material instead'],
    ]);
  });

  it('reports a file name with control characters, escaped in GitHub annotations', async () => {
    const dir = repository();
    mkdirSync(join(dir, 'incidents/2026-11-20-a'), { recursive: true });
    writeFileSync(join(dir, 'incidents/2026-11-20-a/x\n::add-mask::y,title=z\x1b[2J.md'), DECLARED);
    const run = await cairn(dir, ['check', '--format', 'github'], { now: NOW });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      '::error file=incidents/2026-11-20-a/x%0A%3A%3Aadd-mask%3A%3Ay%2Ctitle=z [2J.md,title=file-name::File name with control characters: rename it with letters, digits and dashes\n',
    );
    const human = await cairn(dir, ['check'], { now: NOW });
    expect(human.stdout).not.toMatch(/[\x1b\r]/);
    expect(human.stdout.split('\n')[0]).toBe(
      'incidents/2026-11-20-a/x ::add-mask::y,title=z [2J.md error File name with control characters: rename it with letters, digits and dashes  file-name',
    );
  });

  it('reserves "declared" and "postmortem" and requires letters, digits and dashes in update names', async () => {
    const update = incident('at: 2026-11-20T11:00:00Z', 'Update.');
    const dir = repository({
      'incidents/2026-11-20-a/declared.md': update,
      'incidents/2026-11-20-a/Index.md': update,
      'incidents/2026-11-20-a/2026-11-20T1100 update.md': update,
      'incidents/2026-11-20-a/2026-11-20T1101-update.md': update.replace('11:00', '11:01'),
    });
    const { code, diagnostics } = await check(dir);
    expect(code).toBe(1);
    expect(diagnostics.map((d) => `${d.rule} ${d.file}`)).toEqual([
      'update-name incidents/2026-11-20-a/2026-11-20T1100 update.md',
      'update-name incidents/2026-11-20-a/declared.md',
      'update-name incidents/2026-11-20-a/Index.md',
    ]);
  });
});

describe('frontmatter', () => {
  it('reports a YAML alias bomb at the file', async () => {
    const bomb = [
      'title: Bomb',
      'at: 2026-11-20T10:00:00Z',
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    ].join('\n');
    const { code, diagnostics } = await check(repository({ 'incidents/2026-11-20-bomb/index.md': incident(bomb) }));
    expect(code).toBe(1);
    expect(diagnostics.map((d) => [d.rule, d.file, d.line])).toEqual([['yaml-aliases', 'incidents/2026-11-20-bomb/index.md', 1]]);
  });

  it('refuses ---json as it refuses ---js', async () => {
    const { diagnostics } = await check(
      repository({ 'incidents/2026-11-20-json/index.md': '---json\n{"title": "J", "at": "2026-11-20T10:00:00Z"}\n---\nBody.\n' }),
    );
    expect(diagnostics.map((d) => [d.rule, d.message])).toEqual([['frontmatter-language', 'frontmatter in "json" is not allowed; use YAML between --- lines']]);
  });

  it('refuses years before 1970 and offsets outside ±14:00', async () => {
    const dir = repository({
      'incidents/2026-11-20-b/index.md': incident('title: B\nat: 0026-11-20T10:00:00Z'),
      'incidents/2026-11-20-c/index.md': incident('title: C\nat: 2026-11-20T10:00:00+25:00'),
      'incidents/2026-11-20-d/index.md': incident('title: D\nat: 2026-11-20T10:00:00+14:61'),
    });
    const { diagnostics } = await check(dir);
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      'incidents/2026-11-20-b/index.md:3 Expected a year from 1970 on, such as 2026-11-20T14:05:00Z or 2026-11-20 14:05 (at)',
      'incidents/2026-11-20-c/index.md:3 Expected an offset between -14:00 and +14:00, such as +02:00 or Z (at)',
      'incidents/2026-11-20-d/index.md:3 Expected an offset between -14:00 and +14:00, such as +02:00 or Z (at)',
    ]);
  });

  it('refuses a __proto__ component id, as a map key or in a list', async () => {
    const dir = repository({
      'incidents/2026-11-20-b/index.md': incident('title: B\nat: 2026-11-20T10:00:00Z\ncomponents:\n  __proto__: major_outage\n  api: major_outage'),
      'incidents/2026-11-20-c/index.md': incident('title: C\nat: 2026-11-20T10:00:00Z\ncomponents: [__proto__]'),
    });
    const { code, diagnostics } = await check(dir);
    expect(code).toBe(1);
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.rule}`)).toEqual([
      'incidents/2026-11-20-b/index.md:5 components-value',
      'incidents/2026-11-20-c/index.md:4 components-value',
    ]);
  });

  it('refuses javascript: and data: in site links and logo', async () => {
    const config = CONFIG.replace(
      'timezone: Europe/Berlin',
      'timezone: Europe/Berlin\n  logo: "data:image/svg+xml,<svg onload=alert(1)>"\n  links:\n    - label: Help\n      url: "javascript:alert(1)"',
    );
    const { code, diagnostics } = await check(repository({}, config));
    expect(code).toBe(1);
    expect(diagnostics.map((d) => `${d.line} ${d.message}`)).toEqual([
      '5 Expected a path on this site, or an http(s) URL (logo)',
      '8 Expected a path on this site, or an http(s) or mailto: URL (url)',
    ]);
  });
});

describe('hostile text in terminal and Markdown output', () => {
  const TITLE = '"Down \\e[31mred\\e[0m\\r\\n::warning::x ![p](https://tracker.example/p.gif) <img src=https://tracker.example/q.gif> | cell \\u202Egnp.exe"';
  const hostile = () =>
    repository({
      'incidents/2026-11-20-h/index.md': incident(`title: ${TITLE}\nat: 2026-11-20T10:00:00Z\ncomponents: [api]`, 'Raw \x1b[2J clear\r and bell\x07.'),
    });

  it('prints no escape sequence, carriage return or direction override from list, status and check', async () => {
    const dir = hostile();
    for (const args of [['list'], ['status'], ['check']]) {
      const run = await cairn(dir, args, { now: NOW });
      expect(run.stdout + run.stderr, args[0]).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
    }
  });

  it('quotes a value given on the command line or in a payload on one line, without controls, in every error', async () => {
    const dir = repository();
    const value = 'x\n::warning file=components.yml::injected \x1b[31m\u202e';
    for (const args of [
      ['heartbeat', value],
      ['list', '--component', value],
      ['update', value, '-m', 'm'],
      ['new', '--title', 'T', '-m', 'm', '--impact', value],
      ['nope\n::error::x'],
    ]) {
      const run = await cairn(dir, args, { now: NOW });
      expect(run.code, args[0]).not.toBe(0);
      expect(run.stderr, args[0]).not.toMatch(/^::/m);
      expect(run.stderr, args[0]).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
    }
    // GitHub is the local stand-in of automation-fakes.ts.
    const remote = remoteWith({ 'components.yml': CONFIG, 'incidents/.gitkeep': '' });
    const github = await fakeGitHub(remote);
    const payload = JSON.stringify({ incident: value, message: 'm' });
    const dispatched = await runCommand(dispatch, ['--payload', '-'], { cwd: remote.clone('ci'), env: actionsEnv(github), now: NOW, stdin: payload });
    expect(dispatched.stderr).toContain('no incident has the id "x ::warning file=components.yml::injected');
    expect(dispatched.stderr).not.toMatch(/^::/m);
  });

  it('escapes titles in the job summary', async () => {
    const run = await cairn(hostile(), ['summary'], { now: NOW });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/!\[|<img|\x1b|\r/);
    expect(run.stdout).toContain('&lt;img src=https\\:');
  });
});

describe('a __proto__ component id from outside', () => {
  it('is refused by cairn new, which writes nothing', async () => {
    const dir = repository();
    const before = incidentFiles(dir);
    const run = await cairn(dir, ['new', '--title', 'Proto', '--message', 'm', '--components', '__proto__:major_outage'], { now: NOW });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error Unexpected key "__proto__" (components)');
    expect(incidentFiles(dir)).toEqual(before);
  });

  it('is refused in a dispatch payload, which pushes nothing (GitHub is the local stand-in of automation-fakes.ts)', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG, 'incidents/.gitkeep': '' });
    const github = await fakeGitHub(remote);
    const payload = JSON.parse('{"title": "Proto", "message": "m", "components": {"__proto__": "major_outage", "api": "major_outage"}}');
    const run = await runCommand(dispatch, ['--payload', '-'], { cwd: remote.clone('ci'), env: actionsEnv(github), now: NOW, stdin: JSON.stringify(payload) });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('the payload is not accepted: components: Invalid input');
    expect(sh(remote.bare, ['branch', '--list', 'cairn/*'])).toBe('');
    expect(github.requests).toEqual([]);
  });
});

it('writes nothing when refusing', async () => {
  const dir = repository();
  const before = incidentFiles(dir);
  await cairn(dir, ['update', '2026-11-20-a', '--message', 'x', '--at', '0026-11-20T11:00:00Z'], { now: NOW });
  expect(incidentFiles(dir)).toEqual(before);
});
