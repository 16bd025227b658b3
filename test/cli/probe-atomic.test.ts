import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCheckLine, parseCheckLines } from '#core/model/check-data.ts';
import { ROOT, t, tempDir, writeFiles } from '../helpers.ts';
import { probeConfig, probeServers } from '../probe-servers.ts';

const servers = probeServers();

const COMPONENTS = 120;
const NOW = '2026-11-23T10:00:00Z';
const DAY_FILE = '2026-11-23.txt';

/** Runs `cairn probe` as its own process and kills it (SIGKILL) once it has staged `killAfter` temporary files. */
function probeAndKill(dir: string, killAfter: number): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/cairn.ts'), 'probe'], { cwd: dir, env: { ...process.env, CAIRN_NOW: NOW }, stdio: 'ignore' });
    let staged = 0;
    const watcher = watch(join(dir, 'status-data'), { recursive: true }, (_event, name) => {
      if (name?.endsWith('.tmp') && ++staged === killAfter) child.kill('SIGKILL');
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => {
      watcher.close();
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

/** Lines in each component's day file; throws when any file does not parse cleanly. */
function lineCounts(dir: string): number[] {
  return Array.from({ length: COMPONENTS }, (_, i) => {
    const file = `status-data/c${i}/${DAY_FILE}`;
    const parsed = parseCheckLines(readFileSync(join(dir, file), 'utf8'), file);
    expect(parsed.diagnostics, file).toEqual([]);
    return parsed.checks.length;
  });
}

describe('cairn probe writes atomically', () => {
  it('leaves every data file old or new, never torn, when killed while writing', async () => {
    const dir = tempDir('cairn-probe-kill-');
    const probes: Record<string, string> = {};
    const files: Record<string, string> = {};
    // Large day files make the writing phase long enough to be interrupted.
    const history = Array.from({ length: 1000 }, (_, i) =>
      formatCheckLine({ at: t('2026-11-23T00:00:00Z') + i * 1000, status: 'up', ms: 120, code: 200, attempts: 1, extra: { connect: '3', ttfb: '110' } }),
    ).join('\n');
    for (let i = 0; i < COMPONENTS; i++) {
      probes[`c${i}`] = `url: ${servers.http}/ok\nretries: 0`;
      files[`status-data/c${i}/${DAY_FILE}`] = `${history}\n`;
    }
    writeFiles(dir, { 'components.yml': probeConfig(probes), ...files });

    let counts = lineCounts(dir);
    let interrupted = 0;
    for (const killAfter of [1, 60, 120]) {
      const { killed } = await probeAndKill(dir, killAfter);
      const after = lineCounts(dir);
      after.forEach((n, i) => expect([counts[i], counts[i]! + 1]).toContain(n));
      const leftovers = readdirSync(join(dir, 'status-data'), { recursive: true }).filter((f) => String(f).endsWith('.tmp'));
      if (killed && (leftovers.length > 0 || new Set(after.map((n, i) => n - counts[i]!)).size > 1)) interrupted++;
      counts = after;
    }
    // At least one kill landed mid-write (temporary files left, or some files new and others old).
    expect(interrupted).toBeGreaterThan(0);

    // The next run, left alone, appends to every file: leftovers do not get in the way.
    const { killed } = await probeAndKill(dir, Infinity);
    expect(killed).toBe(false);
    lineCounts(dir).forEach((n, i) => expect(n).toBe(counts[i]! + 1));
  });
});
