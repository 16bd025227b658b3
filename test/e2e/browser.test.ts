import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtSite } from '../build.ts';
import { EXAMPLE_NOW, ROOT, tempDir } from '../helpers.ts';
import { type Site, serve } from '../serve.ts';

/**
 * The built sites in Debian's headless Chromium, served over HTTP on 127.0.0.1 under their base
 * path. Screenshots go to test-results/browser/.
 */

const SHOTS = join(ROOT, 'test-results', 'browser');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let context: BrowserContext;
const sites: Record<string, Site> = {};

beforeAll(async () => {
  sites.example = await serve(await builtSite('example'), '/');
  sites.subpath = await serve(await builtSite('site-subpath'), '/status/');
  context = await chromium.launchPersistentContext(tempDir('cairn-chromium-'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await context?.close();
  for (const site of Object.values(sites)) site.server.close();
});

/** Opens a page and records everything that went wrong while it loaded. */
async function open(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

async function axe(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, so the page's own CSP does not stand in the way.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> }> } }
    ).axe.run();
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

const PAGES: Array<[string, string, string]> = [
  ['example', '', 'home'],
  ['example', 'incidents/2026-11-17-checkout-errors/', 'incident'],
  ['example', 'components/api/', 'component'],
  ['example', 'history/', 'history'],
  ['subpath', '', 'home'],
  ['subpath', 'incidents/2026-03-14-xss/', 'incident'],
];

describe('in a browser', () => {
  it.each(PAGES)(
    'the %s site renders /%s without errors, from 320 to 1280 px, light and dark, with no serious accessibility problems',
    async (name, path, label) => {
      const { page, problems } = await open(sites[name]!.url + path);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        for (const width of [375, 1280]) {
          await page.setViewportSize({ width, height: 900 });
          await page.screenshot({ path: join(SHOTS, `${name}-${label}-${colorScheme}-${width}.png`), fullPage: true });
          // Nothing may stick out sideways on a phone.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        }
        expect(await axe(page), colorScheme).toEqual([]);
      }
      await page.setViewportSize({ width: 320, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      expect(await page.locator('main h1').first().isVisible()).toBe(true);
      expect(problems).toEqual([]);
      await page.close();
    },
  );

  it('opens a folded group from the keyboard', async () => {
    const { page, problems } = await open(sites.example!.url);
    const infrastructure = page.locator('details.group', { hasText: 'Infrastructure' });
    expect(await infrastructure.getAttribute('open')).toBeNull();
    await infrastructure.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await infrastructure.getAttribute('open')).toBe('');
    expect(await infrastructure.getByText('Primary database').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows times relative to the reader’s clock and reloads when newer data is published', async () => {
    const site = sites.example!;
    site.updatedAt = EXAMPLE_NOW;
    const page = await context.newPage();
    await page.clock.install({ time: new Date('2026-11-23T14:05:00Z') });
    await page.goto(site.url);
    const updated = page.locator('.updated time').first();
    expect(await updated.textContent()).toBe('5 minutes ago');
    expect(await updated.getAttribute('title')).toBe('23 Nov 2026, 15:00 CET');

    // Same data a minute later: the page stays.
    await page.clock.runFor(61_000);
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker ?? false)).toBe(false);
    await page.evaluate(() => ((window as unknown as { marker: boolean }).marker = true));
    await page.clock.runFor(61_000);
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBe(true);

    // Newer data: the page reloads itself.
    site.updatedAt = '2026-11-23T14:10:00Z';
    const reloaded = page.waitForEvent('load');
    await page.clock.runFor(61_000);
    await reloaded;
    expect(await page.evaluate(() => (window as unknown as { marker?: boolean }).marker)).toBeUndefined();
    await page.close();
  });

  it('says how long ago in elapsed time, never "yesterday" for two days before', async () => {
    const page = await context.newPage();
    // 23 Nov 15:00 CET, read on 25 Nov at 14:30 CET: 47 and a half hours.
    await page.clock.install({ time: new Date('2026-11-25T13:30:00Z') });
    await page.goto(sites.example!.url);
    expect(await page.locator('.updated time').first().textContent()).toBe('2 days ago');
    await page.clock.setSystemTime(new Date('2026-12-06T12:00:00Z'));
    await page.clock.runFor(31_000);
    expect(await page.locator('.updated time').first().textContent()).toBe('2 weeks ago');
    await page.close();
  });

  it('serves the 404 page for unknown addresses under the base path', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${sites.subpath!.url}no/such/page/`);
    expect(response!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await page.locator('link[rel=stylesheet]').evaluate((l) => (l as HTMLLinkElement).sheet !== null)).toBe(true);
    await page.close();
  });
});
