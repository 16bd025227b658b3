import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCheckLine } from '#core/model/check-data.ts';
import { pushFiles } from '../../scripts/automation/git.ts';
import { remoteWith, sh } from '../automation-fakes.ts';
import { cairn } from '../cli-harness.ts';
import { tempDir, writeFiles } from '../helpers.ts';
import { checkLines, leftovers, probedConfig, run, upServer } from '../writers.ts';

/**
 * Writers at the same moment: separate clones pushing to one bare remote with real `git` (as
 * parallel workflow runs do), and processes sharing one checkout (as runs on one machine do).
 * Afterwards every incident, update and check line is there exactly once.
 */

const NOW = Date.parse('2026-11-23T14:05:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();
const SEED_INCIDENT = `---
title: Checkout errors
impact: major
status: investigating
at: 2026-11-23T15:00:00+01:00
components:
  c0: major_outage
---
Payments fail.
`;

describe('writers at the same moment', () => {
  it('keeps every dispatch and every probe result pushed from separate clones at once', { timeout: 400_000 }, async () => {
    const url = await upServer();
    const remote = remoteWith({ 'components.yml': probedConfig(url, 3), 'incidents/2026-11-23-checkout-errors/index.md': SEED_INCIDENT });
    // The data branch exists, as after the first probe run.
    const first = remote.clone('first');
    expect((await cairn(first, ['data', 'checkout'], { now: at(0) })).code).toBe(0);
    expect((await cairn(first, ['data', 'push'], { now: at(0) })).code).toBe(0);

    const N = 8;
    const clones = Array.from({ length: 3 * N }, (_, i) => remote.clone(`runner${i}`));
    const dispatches = Array.from({ length: N }, (_, i) =>
      run(
        clones[i]!,
        ['dispatch', '--payload', '-', '--publish', 'immediate'],
        { CAIRN_NOW: at(60 + i) },
        {
          // Four titles, each sent twice: the second of a pair must get the next free id.
          stdin: JSON.stringify({ title: `Outage ${i % 4}`, message: `new incident ${i}`, components: 'c1' }),
        },
      ),
    );
    const updates = Array.from({ length: N }, (_, i) =>
      run(
        clones[N + i]!,
        ['dispatch', '--payload', '-', '--publish', 'immediate'],
        { CAIRN_NOW: at(70 + i) },
        {
          // The same status in the same minute: the same file name, but for the first.
          stdin: JSON.stringify({ incident: '2026-11-23-checkout-errors', status: 'identified', message: `update ${i}` }),
        },
      ),
    );
    // Each probe runner checked out the data branch before; then all probe and push at once.
    const runners = clones.slice(2 * N);
    for (const dir of runners) expect((await cairn(dir, ['data', 'checkout'], { now: at(90) })).code).toBe(0);
    const probes = runners.map((dir, i) => run(dir, [['probe'], ['data', 'push']], { CAIRN_NOW: at(100 + i) }));
    const results = await Promise.all([...dispatches, ...updates, ...probes]);
    for (const r of results) expect(r.stderr === '' ? r.code : r.stderr).toBe(0);

    const final = remote.clone('reader');
    const texts = readdirSync(join(final, 'incidents'), { recursive: true })
      .map(String)
      .filter((p) => p.endsWith('.md'))
      .map((p) => readFileSync(join(final, 'incidents', p), 'utf8'));
    for (let i = 0; i < N; i++) {
      expect(texts.filter((t) => t.includes(`new incident ${i}\n`))).toHaveLength(1);
      expect(texts.filter((t) => t.includes(`update ${i}\n`))).toHaveLength(1);
    }
    expect(texts).toHaveLength(1 + 2 * N);
    expect(readdirSync(join(final, 'incidents')).sort()).toEqual([
      '2026-11-23-checkout-errors',
      '2026-11-23-outage-0',
      '2026-11-23-outage-0-2',
      '2026-11-23-outage-1',
      '2026-11-23-outage-1-2',
      '2026-11-23-outage-2',
      '2026-11-23-outage-2-2',
      '2026-11-23-outage-3',
      '2026-11-23-outage-3-2',
    ]);
    // Nobody's working tree holds a file the remote got: dispatch wrote nothing there.
    for (const c of clones.slice(0, 2 * N)) expect(sh(c, ['status', '--porcelain'])).toBe('');
    expect((await run(final, ['check'], { CAIRN_NOW: at(200) })).code).toBe(0);

    sh(final, ['fetch', '--quiet', 'origin', 'status-data']);
    sh(final, ['worktree', 'add', '--quiet', 'status-data', 'FETCH_HEAD']);
    const lines = checkLines(final);
    for (let i = 0; i < N; i++) {
      const stamp = at(100 + i).replace('.000Z', 'Z');
      expect(lines.filter((l) => l.startsWith(`${stamp} `))).toHaveLength(3);
    }
    expect(lines).toHaveLength(3 * N);
  });

  it('keeps every line of probes running at once in one checkout', { timeout: 200_000 }, async () => {
    const url = await upServer();
    const dir = tempDir('cairn-race-probe-');
    writeFiles(dir, { 'components.yml': probedConfig(url, 2) });
    const runs = 20;
    const results = await Promise.all(Array.from({ length: runs }, (_, i) => run(dir, ['probe'], { CAIRN_NOW: at(i) })));
    for (const r of results) expect(r.code).toBe(0);
    const lines = checkLines(dir);
    expect(lines).toHaveLength(2 * runs);
    expect(new Set(lines.map((l) => l.split(' ')[0])).size).toBe(runs);
    expect(leftovers(dir)).toEqual([]);
  });

  it('gives each of many "cairn new" with one title its own id', { timeout: 200_000 }, async () => {
    const url = await upServer();
    const dir = tempDir('cairn-race-new-');
    writeFiles(dir, { 'components.yml': probedConfig(url, 1), 'incidents/.gitkeep': '' });
    const runs = 8;
    const results = await Promise.all(
      Array.from({ length: runs }, (_, i) => run(dir, ['new', '--title', 'Database down', '--message', `report ${i}`], { CAIRN_NOW: at(0) })),
    );
    for (const r of results) expect(r.stderr).toBe('');
    const ids = results.map((r) => /^Declared (\S+):/.exec(r.stdout)![1]);
    expect(new Set(ids).size).toBe(runs);
    const folders = readdirSync(join(dir, 'incidents')).filter((f) => f !== '.gitkeep');
    expect(folders).toHaveLength(runs);
    const messages = folders.map((f) =>
      readFileSync(join(dir, 'incidents', f, 'index.md'), 'utf8')
        .trim()
        .split('\n')
        .at(-1),
    );
    expect(messages.sort()).toEqual(Array.from({ length: runs }, (_, i) => `report ${i}`).sort());
    expect((await cairn(dir, ['check'], { now: at(10) })).code).toBe(0);
  });

  it('stamps each of many "cairn update" at one moment a second of its own', { timeout: 200_000 }, async () => {
    const url = await upServer();
    const dir = tempDir('cairn-race-update-');
    writeFiles(dir, { 'components.yml': probedConfig(url, 1), 'incidents/2026-11-23-checkout-errors/index.md': SEED_INCIDENT });
    const runs = 6;
    const results = await Promise.all(
      Array.from({ length: runs }, (_, i) => run(dir, ['update', 'checkout', '--message', `update ${i}`], { CAIRN_NOW: at(0) })),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(dir, 'incidents/2026-11-23-checkout-errors')).filter((f) => f !== 'index.md');
    expect(files).toHaveLength(runs);
    const stamps = files.map((f) => /^at: (.*)$/m.exec(readFileSync(join(dir, 'incidents/2026-11-23-checkout-errors', f), 'utf8'))![1]);
    expect(new Set(stamps).size).toBe(runs);
    expect((await cairn(dir, ['check'], { now: at(10) })).stdout).toBe('No problems found.\n');
  });

  it('never pushes a file over another version of it', () => {
    const remote = remoteWith({ 'components.yml': probedConfig('http://127.0.0.1:9', 1) });
    const a = remote.clone('a');
    const b = remote.clone('b');
    const actor = { dryRun: false, log: () => {} };
    const line = formatCheckLine({ at: NOW, status: 'up', ms: 1, attempts: 1, extra: {} });
    pushFiles(actor, a, { remote: 'origin', branch: 'main', files: [{ path: 'incidents/x/index.md', text: 'first\n' }], message: 'First\n' });
    expect(() =>
      pushFiles(actor, b, { remote: 'origin', branch: 'main', files: [{ path: 'incidents/x/index.md', text: `${line}\n` }], message: 'Second\n' }),
    ).toThrow('main on origin already has incidents/x/index.md with other content; nothing was pushed, so nothing was overwritten');
    expect(sh(remote.bare, ['show', 'main:incidents/x/index.md'])).toBe('first\n');
    // The same content again is nothing to push, not a conflict.
    expect(pushFiles(actor, b, { remote: 'origin', branch: 'main', files: [{ path: 'incidents/x/index.md', text: 'first\n' }], message: 'Again\n' })).toBe(
      undefined,
    );
  });
});
