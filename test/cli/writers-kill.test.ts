import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CheckResult, formatCheckLine } from '#core/model/check-data.ts';
import { dayKey, MINUTE } from '#core/model/time.ts';
import { remoteWith, sh } from '../automation-fakes.ts';
import { cairn } from '../cli-harness.ts';
import { readTree, tempDir, writeFiles } from '../helpers.ts';
import { CLI, checkLines, leftovers, probedConfig, run, upServer } from '../writers.ts';

/**
 * Every writer killed (SIGKILL) at random points over many runs: afterwards the repository passes
 * `cairn check`, no line is torn, and the next run completes what was interrupted or finds it
 * cleanly undone, leaving no temporary file or empty folder behind.
 */

const NOW = Date.parse('2026-11-23T14:05:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();
const ROUNDS = 6;
const TIMEOUT = 400_000;

/** How long a whole run takes here, so kills can land anywhere in one. */
async function duration(dir: string, args: string[] | string[][], env: Record<string, string>): Promise<number> {
  const start = Date.now();
  const r = await run(dir, args, env);
  expect(r.stderr).toBe('');
  return Date.now() - start;
}

const randomPoint = (ms: number) => Math.floor(Math.random() * ms * 1.1);

async function expectHealthy(dir: string, now: string): Promise<void> {
  const check = await cairn(dir, ['check'], { now });
  expect(check.stdout + check.stderr).not.toMatch(/error/);
  expect(check.code).toBe(0);
}

// Each writer has a repository of its own: they are killed side by side.
describe.concurrent('writers killed at random points', () => {
  it('cairn new', { timeout: TIMEOUT }, async () => {
    const dir = tempDir('cairn-kill-new-');
    writeFiles(dir, { 'components.yml': probedConfig('http://127.0.0.1:9', 2), 'incidents/.gitkeep': '' });
    const args = ['new', '--title', 'Database down', '--components', 'c0', '--message', 'Queries time out.'];
    const whole = await duration(dir, args, { CAIRN_NOW: at(0) });
    let made = 1;
    for (let i = 0; i < ROUNDS; i++) {
      const killed = await run(dir, args, { CAIRN_NOW: at(0) }, { killAfterMs: randomPoint(whole) });
      if (killed.code === 0) made++;
      await expectHealthy(dir, at(10));
      const next = await run(dir, args, { CAIRN_NOW: at(0) });
      expect(next.stderr).toBe('');
      made++;
      expect(leftovers(dir)).toEqual([]);
    }
    // Each run that finished made one whole incident; a killed one made one whole or none.
    const declared = Object.keys(readTree(join(dir, 'incidents'))).filter((p) => p.endsWith('index.md'));
    expect(declared.length).toBeGreaterThanOrEqual(made);
    expect(declared.length).toBeLessThanOrEqual(1 + 2 * ROUNDS);
  });

  it('cairn update', { timeout: TIMEOUT }, async () => {
    const dir = tempDir('cairn-kill-update-');
    writeFiles(dir, {
      'components.yml': probedConfig('http://127.0.0.1:9', 2),
      'incidents/2026-11-23-db/index.md':
        '---\ntitle: Database down\nimpact: major\nat: 2026-11-23T14:00:00Z\ncomponents:\n  c0: major_outage\n---\nQueries time out.\n',
    });
    let second = 1;
    const update = (killAfterMs?: number) =>
      run(dir, ['update', '2026-11-23-db', '--message', `Still looking (${second}).`], { CAIRN_NOW: at(second++) }, { killAfterMs });
    const start = Date.now();
    await update();
    const whole = Date.now() - start;
    for (let i = 0; i < ROUNDS; i++) {
      await update(randomPoint(whole));
      await expectHealthy(dir, at(100));
      expect((await update()).stderr).toBe('');
      expect(leftovers(dir)).toEqual([]);
    }
  });

  it('cairn probe', { timeout: TIMEOUT }, async () => {
    const url = await upServer();
    const dir = tempDir('cairn-kill-probe-');
    const components = 40;
    writeFiles(dir, { 'components.yml': probedConfig(url, components) });
    const whole = await duration(dir, ['probe'], { CAIRN_NOW: at(0) });
    let before = checkLines(dir).length;
    for (let i = 1; i <= ROUNDS; i++) {
      await run(dir, ['probe'], { CAIRN_NOW: at(i * 60) }, { killAfterMs: randomPoint(whole) });
      // Whole lines only: none, some or all components got this run's line.
      const after = checkLines(dir);
      expect(after.length - before).toBeGreaterThanOrEqual(0);
      expect(after.length - before).toBeLessThanOrEqual(components);
      await expectHealthy(dir, at(i * 60 + 30));
      const next = await run(dir, ['probe'], { CAIRN_NOW: at(i * 60 + 30) });
      expect(next.code).toBe(0);
      expect(checkLines(dir).length).toBe(after.length + components);
      expect(leftovers(dir)).toEqual([]);
      before = checkLines(dir).length;
    }
  });

  it('cairn compact', { timeout: TIMEOUT }, async () => {
    const config = probedConfig('http://127.0.0.1:9', 4);
    // Twenty days of checks every 10 minutes, filed under UTC days; the site's zone is Berlin.
    const data: Record<string, string> = {};
    for (let c = 0; c < 4; c++) {
      for (let t = NOW - 20 * 24 * 60 * MINUTE; t < NOW; t += 10 * MINUTE) {
        const r: CheckResult = { at: t, status: (t / MINUTE) % 70 < 10 ? 'down' : 'up', ms: 100 + (t % 97), code: 200, attempts: 1, extra: {} };
        const path = `status-data/c${c}/${dayKey(t, 'UTC')}.txt`;
        data[path] = `${data[path] ?? ''}${formatCheckLine(r)}\n`;
      }
    }
    const fresh = () => {
      const dir = tempDir('cairn-kill-compact-');
      writeFiles(dir, { 'components.yml': config, ...data });
      return dir;
    };
    const reference = fresh();
    const start = Date.now();
    expect((await run(reference, ['compact'], { CAIRN_NOW: at(0) })).stderr).toBe('');
    const whole = Date.now() - start;
    const expected = readTree(join(reference, 'status-data'));
    for (let i = 0; i < ROUNDS; i++) {
      const dir = fresh();
      await run(dir, ['compact'], { CAIRN_NOW: at(0) }, { killAfterMs: randomPoint(whole) });
      checkLines(dir);
      await expectHealthy(dir, at(0));
      const next = await run(dir, ['compact'], { CAIRN_NOW: at(0) });
      expect(next.stderr).toBe('');
      // Finished, it is exactly what an uninterrupted run makes.
      expect(readTree(join(dir, 'status-data'))).toEqual(expected);
    }
  });

  it('cairn data push', { timeout: TIMEOUT }, async () => {
    const remote = remoteWith({ 'components.yml': probedConfig('http://127.0.0.1:9', 2) });
    const mine = remote.clone('mine');
    const other = remote.clone('other');
    expect((await cairn(mine, ['data', 'checkout'], { now: at(0) })).code).toBe(0);
    expect((await cairn(mine, ['data', 'push'], { now: at(0) })).code).toBe(0);
    expect((await cairn(other, ['data', 'checkout'], { now: at(0) })).code).toBe(0);
    const written: string[] = [];
    const append = (dir: string, second: number, component: string) => {
      const line = formatCheckLine({ at: NOW + second * 1000, status: 'up', ms: second, code: 200, attempts: 1, extra: {} });
      appendFileSync(join(dir, 'status-data', component, '2026-11-23.txt'), `${line}\n`);
      written.push(line);
    };
    writeFiles(mine, { 'status-data/c0/2026-11-23.txt': '' });
    writeFiles(other, { 'status-data/c1/2026-11-23.txt': '' });
    append(mine, 0, 'c0');
    const whole = await duration(mine, ['data', 'push'], { CAIRN_NOW: at(0) });
    for (let i = 1; i <= ROUNDS; i++) {
      // Another runner pushed meanwhile, so this push has to rebase too.
      append(other, 1000 + i, 'c1');
      expect((await cairn(other, ['data', 'push'], { now: at(i) })).code).toBe(0);
      append(mine, i, 'c0');
      await run(mine, ['data', 'push'], { CAIRN_NOW: at(i) }, { killAfterMs: randomPoint(whole) });
      checkLines(mine);
      const next = await run(mine, ['data', 'push'], { CAIRN_NOW: at(i) });
      expect(next.stderr).toBe('');
      expect(sh(join(mine, 'status-data'), ['status', '--porcelain'])).toBe('');
    }
    const reader = remote.clone('reader');
    sh(reader, ['fetch', '--quiet', 'origin', 'status-data']);
    sh(reader, ['worktree', 'add', '--quiet', 'status-data', 'FETCH_HEAD']);
    expect(checkLines(reader).sort()).toEqual(written.sort());
    expect(readFileSync(join(reader, 'status-data/c0/2026-11-23.txt'), 'utf8').split('\n').filter(Boolean)).toHaveLength(ROUNDS + 1);
  });
});

describe('a writer that runs out of space', () => {
  /**
   * A full disk cannot be had here without mounting one; a file size limit (`ulimit -f`) fails
   * writes the same way, part way through (EFBIG instead of ENOSPC).
   */
  function limited(dir: string, kib: number, args: string[]) {
    return spawnSync('sh', ['-c', `ulimit -f ${kib}; exec "$0" "$@"`, process.execPath, CLI, ...args], {
      cwd: dir,
      env: { ...process.env, CAIRN_NOW: at(0) },
      encoding: 'utf8',
    });
  }

  it('a write that fails part way leaves nothing behind', { timeout: TIMEOUT }, async () => {
    const url = await upServer();
    const dir = tempDir('cairn-full-');
    const day = 'status-data/c0/2026-11-23.txt';
    const line = formatCheckLine({ at: NOW - 60_000, status: 'up', ms: 1, code: 200, attempts: 1, extra: {} });
    // The day file ends a few bytes short of the limit: the probe's line cannot be written whole.
    const history = `${line}\n`.repeat(Math.floor((8 * 1024 - 10) / (line.length + 1)));
    writeFiles(dir, { 'components.yml': probedConfig(url, 1), 'incidents/.gitkeep': '', [day]: history });
    const big = limited(dir, 8, ['new', '--title', 'Large', '--message', 'x'.repeat(20_000)]);
    expect(big.status).toBe(1);
    expect(big.stderr).toContain('EFBIG');
    expect(Object.keys(readTree(join(dir, 'incidents')))).toEqual(['.gitkeep']);

    const probe = limited(dir, 8, ['probe']);
    expect(probe.status).toBe(1);
    expect(probe.stderr).toContain('cannot write the results');
    // Not even part of the line stays: the file is as it was.
    expect(readFileSync(join(dir, day), 'utf8')).toBe(history);
    expect(statSync(join(dir, day)).size).toBe(history.length);
    expect(leftovers(dir)).toEqual([]);
    expect((await run(dir, ['probe'], { CAIRN_NOW: at(0) })).code).toBe(0);
    expect(checkLines(dir)).toHaveLength(history.split('\n').length);
  });
});
