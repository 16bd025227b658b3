import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { EXAMPLE } from '#core/model/content.ts';
import { cairn } from '../cli-harness.ts';
import { readTree, tempDir } from '../helpers.ts';
import { cloneCairn, publishedCairn } from '../project-copy.ts';

/**
 * A newcomer's first hour: clone Cairn, replace the example with their company, declare, update
 * and resolve an incident, check, build. Nothing of the example company may reach the site.
 */
describe('a newcomer', () => {
  it('gets a page of their own company, with nothing left of the example', async () => {
    const { upstream } = publishedCairn();
    const dir = cloneCairn(upstream);
    const at = (time: string) => ({ now: `2026-12-01T${time}:00Z` });

    const init = await cairn(
      dir,
      [
        'init',
        ...['--title', 'Acme Status', '--url', 'https://acme.github.io/status/', '--timezone', 'America/New_York'],
        ...['--component', 'Payments API=https://api.acme.test/health', '--component', 'Web App=https://app.acme.test/'],
        ...['--probe-every', '15m'],
      ],
      at('09:00'),
    );
    expect(init.stderr).toBe('');
    expect(init.stdout).toContain('at least 7,920 Actions minutes');
    expect((await cairn(dir, ['check'], at('09:00'))).stdout).toBe('No problems found.\n');
    // Until the first probe run nothing is known about the components.
    expect((await cairn(dir, ['status'], at('09:00'))).stdout).toContain('No Status Available');

    const declared = await cairn(dir, ['new', '--template', 'outage', '--components', 'payments-api:major_outage', '-m', 'Card payments fail.'], at('10:00'));
    expect(declared.stderr).toBe('');
    const [id] = readdirSync(join(dir, 'incidents')).filter((f) => !f.startsWith('_'));
    expect((await cairn(dir, ['update', id!, '--status', 'identified', '-m', 'A certificate expired.'], at('10:20'))).code).toBe(0);
    expect((await cairn(dir, ['resolve', id!, '-m', 'The certificate was renewed.'], at('10:40'))).code).toBe(0);
    const check = await cairn(dir, ['check'], at('11:00'));
    expect(check.stdout).toBe('No problems found.\n');

    const build = spawnSync('npm', ['run', 'build'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CAIRN_NOW: '2026-12-01T11:00:00Z', CAIRN_CACHE_DIR: tempDir('cairn-newcomer-cache-'), ASTRO_TELEMETRY_DISABLED: '1' },
    });
    expect(build.status, build.stdout + build.stderr).toBe(0);

    const dist = join(dir, 'dist');
    const mentions = Object.entries(readTree(dist)).filter(([, text]) => new RegExp(`${EXAMPLE.name}|${EXAMPLE.domain}`, 'i').test(text));
    expect(mentions.map(([path]) => path)).toEqual([]);

    const home = parse(readFileSync(join(dist, 'index.html'), 'utf8'));
    const text = home.text.replace(/\s+/g, ' ');
    expect(home.querySelector('title')?.text).toContain('Acme Status');
    expect(text).toContain('Payments API');
    expect(text).toContain('Web App');
    expect(text).toContain('Problems with Payments API');
    const page = parse(readFileSync(join(dist, 'incidents', id!, 'index.html'), 'utf8')).text.replace(/\s+/g, ' ');
    for (const message of ['Card payments fail.', 'A certificate expired.', 'The certificate was renewed.']) expect(page).toContain(message);
  });
});
