import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRules } from '#core/derive/rules.ts';
import { formatDiagnostics } from '#core/model/diagnostics.ts';
import { CONFIG, FIXTURES, ROOT, repo, t } from '../helpers.ts';

function cairnCheck(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts/cairn.ts'), 'check', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CAIRN_NOW: '2026-11-20T12:00:00Z' },
  });
}

/** Diagnostics of an in-memory repository checked at `now`, as the human format prints them. */
function check(files: Record<string, string>, now = '2026-11-20T12:00:00Z', config = CONFIG): string[] {
  const { repository, diagnostics } = repo(files, config);
  if (repository) diagnostics.push(...checkRules(repository, undefined, t(now)));
  return formatDiagnostics(diagnostics, 'human').split('\n').slice(0, -1);
}

describe('cairn check on a repository with every kind of problem', () => {
  const dir = join(FIXTURES, 'check-errors');

  it('reports every problem at once, with file:line:column, message and rule, and exits 1', () => {
    const result = cairnCheck(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(readFileSync(join(FIXTURES, 'check-errors.expected.txt'), 'utf8'));
  });

  it('speaks GitHub annotations and JSON', () => {
    const github = cairnCheck(dir, '--format', 'github').stdout.split('\n');
    expect(github).toContain(
      '::error file=incidents/bad-fields/index.md,line=3,col=9,title=impact-value::Unexpected impact "huge", expected none, minor, major or critical',
    );
    expect(github).toContain(
      '::warning file=incidents/resolved-silently/index.md,line=3,col=9,title=resolution-message::Resolved without a resolution message: add an update with "status: resolved" that says what was done',
    );
    const json = JSON.parse(cairnCheck(dir, '--format', 'json').stdout);
    expect(json).toContainEqual({
      file: 'incidents/unknown-component/index.md',
      line: 4,
      column: 14,
      severity: 'error',
      rule: 'unknown-component',
      message: 'Unknown component "apii"; did you mean "api"?',
    });
  });

  it('never runs JavaScript frontmatter', () => {
    cairnCheck(dir);
    expect(existsSync('/tmp/pwned')).toBe(false);
  });

  it('refuses an unknown format, naming the accepted ones', () => {
    const result = cairnCheck(dir, '--format', 'xml');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--format "xml" is not accepted; expected human, json, github');
  });
});

describe('check rules', () => {
  const incident = (front: string, body = 'Message.') => `---\n${front.trim()}\n---\n${body}\n`;

  it('suggests the field a typo meant, in components.yml too', () => {
    const config = CONFIG.replace(
      '  - id: db\n    name: Database',
      '  - id: db\n    name: Database\n    probe:\n      url: https://db.test.example/\n      tiemout: 5s',
    );
    expect(check({}, undefined, config)).toEqual(['components.yml:19:7 error Unknown field "tiemout"; did you mean "timeout"?  unknown-field']);
  });

  it('says which kind of value a field wants, and what is wrong with a key', () => {
    expect(
      check({
        'incidents/a/index.md': '---\ntitle: 404\nat: 2026-11-20T10:00:00Z\ncomponents:\n  API: major_outage\n---\nDown.\n',
        'incidents/a/b.md': '---\nat: 2026-11-20T10:05:00Z\nack: "yes"\n---\nSeen.\n',
      }),
    ).toEqual([
      'incidents/a/b.md:3:6 error Unexpected ack "yes": expected true or false  ack-value',
      'incidents/a/index.md:2:8 error Unexpected title 404: expected text (in quotes if it would read as a number, true or false)  title-value',
      'incidents/a/index.md:5:3 error Unexpected key "API" in components: Expected an id of lowercase letters, digits and dashes, such as "api" or "eu-west"  components-value',
    ]);
  });

  it('refuses a component id of digits only, whose history would take a page of the whole history', () => {
    const config = CONFIG.replace('  - id: db\n', '  - id: "2"\n');
    expect(check({}, undefined, config).join('\n')).toContain('An id of digits only would take the address of a page of the history (/history/2/)');
  });

  it('refuses update names the incident page already uses as anchors', () => {
    const lines = check({
      'incidents/a/index.md': '---\ntitle: X\nat: 2026-11-20T10:00:00Z\n---\nDown.\n',
      'incidents/a/main.md': '---\nat: 2026-11-20T10:05:00Z\n---\nStill down.\n',
    });
    expect(lines).toContain(
      'incidents/a/main.md:1:1 error Update file name "main.md" is reserved: name updates by their time and what they do, such as 2026-11-23T1305-identified.md  update-name',
    );
  });

  it('reads a time without an offset in the site time zone', () => {
    // Europe/Berlin is UTC+1 in November: 12:30 local is 11:30Z, not in the future at 12:00Z.
    expect(check({ 'incidents/a/index.md': incident('title: A\nat: 2026-11-20 12:30\nstatus: resolved') })).toEqual([
      'incidents/a/index.md:4:9 warning Resolved without a resolution message: add an update with "status: resolved" that says what was done  resolution-message',
    ]);
    expect(check({ 'incidents/a/index.md': incident('title: A\nat: 2026-11-20 13:30') })[0]).toBe(
      'incidents/a/index.md:3:5 error Time 2026-11-20 13:30 is in the future (now is 2026-11-20T12:00:00Z); use the time it happened  future-time',
    );
  });

  it('accepts a few minutes of clock skew, and future maintenance windows', () => {
    expect(check({ 'incidents/a/index.md': incident('title: A\nat: 2026-11-20T12:04:00Z') })).toEqual([]);
    expect(
      check({
        'incidents/m/index.md': incident(
          'title: M\ntype: maintenance\nat: 2026-11-20T10:00:00Z\nwindow:\n  start: 2027-01-01T00:00:00Z\n  end: 2027-01-01T02:00:00Z\ncomponents: [db]',
        ),
      }),
    ).toEqual([]);
  });

  it('allows skipping statuses and reopening, not going back', () => {
    const files = {
      'incidents/a/index.md': incident('title: A\nat: 2026-11-20T11:00:00Z'),
      'incidents/a/1-resolved.md': incident('at: 2026-11-20T11:10:00Z\nstatus: resolved', 'Fixed.'),
      'incidents/a/2-investigating.md': incident('at: 2026-11-20T11:20:00Z\nstatus: investigating', 'Back.'),
      'incidents/a/3-resolved.md': incident('at: 2026-11-20T11:30:00Z\nstatus: resolved', 'Fixed again.'),
    };
    expect(check(files)).toEqual([]);
    expect(check({ ...files, 'incidents/a/4-identified.md': incident('at: 2026-11-20T11:40:00Z\nstatus: identified', 'Hm.') })).toEqual([
      'incidents/a/4-identified.md:3:9 error Status cannot go back from resolved to identified; to reopen, set status investigating  status-backwards',
    ]);
  });

  it('warns about an active incident with no update for over an hour, or 15 minutes at SEV-1 and SEV-2', () => {
    const files = { 'incidents/a/index.md': incident('title: A\nat: 2026-11-20T10:30:00Z') };
    expect(check(files, '2026-11-20T11:30:00Z')).toEqual([]);
    expect(check(files, '2026-11-20T11:31:00Z')).toEqual([
      'incidents/a/index.md warning Active for 1h 1m with no update for 1h 1m (SEV-3: an update at least every 1h); post an update so readers know it is being worked on  stale-incident',
    ]);
    const severe = { 'incidents/a/index.md': incident('title: A\nimpact: major\nat: 2026-11-20T10:30:00Z') };
    expect(check(severe, '2026-11-20T10:45:00Z')).toEqual([]);
    expect(check(severe, '2026-11-20T10:46:00Z')).toEqual([
      'incidents/a/index.md warning Active for 16m with no update for 16m (SEV-2: an update at least every 15m); post an update so readers know it is being worked on  stale-incident',
    ]);
  });

  it('checks drafts like any incident', () => {
    expect(check({ 'incidents/a/index.md': incident('title: A\ndraft: true\nat: 2026-11-20T11:00:00Z\ncomponents: [nope]') })).toEqual([
      'incidents/a/index.md:5:14 error Unknown component "nope", expected one of api, web, db or cdn  unknown-component',
    ]);
  });

  it('points into the YAML of an unclosed frontmatter and a duplicate key', () => {
    expect(check({ 'incidents/a/index.md': '---\ntitle: A\nat: 2026-11-20T11:00:00Z\n' })).toEqual([
      'incidents/a/index.md:1:1 error Frontmatter is not closed: add a line "---" after the last field  frontmatter-unclosed',
    ]);
    expect(check({ 'incidents/a/index.md': incident('title: A\ntitle: B\nat: 2026-11-20T11:00:00Z') })).toEqual([
      'incidents/a/index.md:3:1 error Map keys must be unique; fix the YAML at this position  yaml-syntax',
    ]);
  });
});
