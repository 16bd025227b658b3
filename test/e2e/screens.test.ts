import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrast } from '#core/render/theme.ts';
import { homeWeight } from '../../bench/home-weight.ts';
import { builtSite } from '../build.ts';
import { ROOT } from '../helpers.ts';
import { type Site, serve } from '../serve.ts';

/**
 * The site at every screen size, in Debian's headless Chromium: the example, a repository with 50
 * components, long names and something wrong (the longest status labels), and the home page of
 * 200 components for its weight. Screenshots go to test-results/screens/.
 */

const SHOTS = join(ROOT, 'test-results', 'screens');
const WIDTHS = [320, 375, 768, 1280];
const SHOT_WIDTHS = new Set([375, 1280]);
const SCHEMES = ['light', 'dark'] as const;

let browser: Browser;
const sites: Record<string, Site> = {};
let heavy: { dist: string; site: Site };

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  sites.example = await serve(await builtSite('example'), '/');
  sites.wide = await serve(await builtSite('wide'), '/');
  const many = await builtSite('many');
  heavy = { dist: many, site: await serve(many, '/') };
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  // The fixture sites wait for their builds, one of 200 components, on a shared machine.
}, 900_000);

afterAll(async () => {
  await browser?.close();
  for (const site of [...Object.values(sites), heavy?.site]) site?.server.close();
});

/** Boxes of headings, pills and icons that overlap without one holding the other. */
function overlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const items = [...document.querySelectorAll('h1, h2, h3, .st, .tag, .subscribe-link, .brand, .g-count, svg.bar')].filter((el) => el.checkVisibility());
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent?.trim().slice(0, 30)}"`;
    const found: string[] = [];
    const boxes = items.map((el) => el.getBoundingClientRect());
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        if (items[i]!.contains(items[j]!) || items[j]!.contains(items[i]!)) continue;
        const [a, b] = [boxes[i]!, boxes[j]!];
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        // A pixel of touching is rounding, not overlap.
        if (x > 1 && y > 1) found.push(`${name(items[i]!)} × ${name(items[j]!)}`);
      }
    }
    return found;
  });
}

/** Terms of an incident's facts (Duration, Resolved, …) that break onto a second line. */
function wrappedTerms(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.facts dt')]
      .filter((dt) => {
        const range = document.createRange();
        range.selectNodeContents(dt);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
      })
      .map((dt) => dt.textContent ?? ''),
  );
}

/** Width of one day in each uptime bar, in CSS pixels. */
function dayWidths(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<SVGSVGElement>('svg.bar')]
      .filter((svg) => svg.getBoundingClientRect().width > 0)
      .map((svg) => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width),
  );
}

const hex = (rgb: string) => {
  const [r, g, b] = rgb.match(/[\d.]+/g)!.map(Number);
  return `#${[r, g, b].map((v) => Math.round(v!).toString(16).padStart(2, '0')).join('')}`;
};

/**
 * Tabs through the page and, for each element that takes focus, reads its focus ring (the
 * outline, or the stroke of a chart bar) and the background it is drawn on.
 */
async function focusRings(page: Page): Promise<Array<{ what: string; ring: string; background: string; width: number }>> {
  const seen: Array<{ what: string; ring: string; background: string; width: number }> = [];
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return undefined;
      const marked = el.getAttribute('data-focus-seen');
      if (marked) return 'again';
      el.setAttribute('data-focus-seen', '1');
      const style = getComputedStyle(el);
      const rect = el.querySelector('rect');
      const ring =
        style.outlineStyle !== 'none'
          ? { color: style.outlineColor, width: Number.parseFloat(style.outlineWidth) }
          : rect
            ? { color: getComputedStyle(rect).stroke, width: Number.parseFloat(getComputedStyle(rect).strokeWidth) }
            : { color: 'none', width: 0 };
      // The ring is drawn around the element, on its parent's background.
      let node: Element | null = el.parentElement;
      let background = 'rgb(255, 255, 255)';
      while (node) {
        const bg = getComputedStyle(node).backgroundColor;
        if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') {
          background = bg;
          break;
        }
        node = node.parentElement;
      }
      return { what: `${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 40)}"`, ring: ring.color, width: ring.width, background };
    });
    if (info === undefined) continue;
    if (info === 'again') break;
    seen.push(info);
  }
  return seen;
}

const PAGES: Array<[string, string, string]> = [
  ['example', '', 'home'],
  ['example', 'incidents/2026-11-17-checkout-errors/', 'incident'],
  ['example', 'incidents/2026-11-23-webhook-delays/', 'active-incident'],
  ['example', 'components/api/', 'component'],
  ['example', 'history/', 'history'],
  ['example', 'metrics/', 'metrics'],
  ['example', 'subscribe/', 'subscribe'],
  ['wide', '', 'home'],
  ['wide', 'history/', 'history'],
  ['wide', 'components/c2/', 'component'],
  ['wide', 'incidents/latency/', 'incident'],
];

describe('at every screen size, light and dark', () => {
  it.each(PAGES)('%s /%s: nothing sticks out or overlaps, bars are legible, focus is visible', async (name, path, label) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(sites[name]!.url + path, { waitUntil: 'load' });
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      // No focus left over from the previous round in the screenshots.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        // Pictures for a person to look at, of a phone and a desktop: the checks below run at every width.
        if (SHOT_WIDTHS.has(width)) await page.screenshot({ path: join(SHOTS, `${name}-${label}-${colorScheme}-${width}.png`), fullPage: true });
        const where = `${colorScheme}, ${width} px`;
        expect(await page.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(width);
        expect(await overlaps(page), where).toEqual([]);
        expect(await wrappedTerms(page), where).toEqual([]);
        for (const day of await dayWidths(page)) expect(day, where).toBeGreaterThanOrEqual(4);
      }
      await page.setViewportSize({ width: 375, height: 900 });
      const rings = await focusRings(page);
      expect(rings.length).toBeGreaterThan(3);
      for (const r of rings) {
        expect(r.width, `${r.what} (${colorScheme})`).toBeGreaterThanOrEqual(2);
        expect(contrast(hex(r.ring), hex(r.background)), `${r.what} (${colorScheme}): ${r.ring} on ${r.background}`).toBeGreaterThanOrEqual(3);
      }
      await page.evaluate(() => {
        for (const el of document.querySelectorAll('[data-focus-seen]')) el.removeAttribute('data-focus-seen');
      });
    }
    await context.close();
  });

  it.each([
    ['example', ''],
    ['example', 'incidents/2026-11-23-webhook-delays/'],
    ['wide', ''],
  ])('%s /%s: the optional script moves nothing when it rewrites times', async (name, path) => {
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        (window as unknown as { shifts: number }).shifts = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) (window as unknown as { shifts: number }).shifts += (e as unknown as { value: number }).value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(sites[name]!.url + path, { waitUntil: 'load' });
      // The script has run: times read "… ago".
      if (path === '') expect(await page.locator('.updated time').first().textContent()).toMatch(/ago|now/);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => (window as unknown as { shifts: number }).shifts), `${width} px`).toBe(0);
      await context.close();
    }
  });
});

describe('the home page of 200 components', () => {
  it('stays under 150 KB of HTML and CSS and 1,500 elements, and reads without JavaScript', async () => {
    const weight = homeWeight(heavy.dist);
    expect(weight.bytes).toBeLessThan(150 * 1024);
    expect(weight.elements).toBeLessThan(1500);

    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 900 } });
    const page = await context.newPage();
    await page.goto(heavy.site.url, { waitUntil: 'load' });
    expect(await page.evaluate(() => document.querySelectorAll('*').length)).toBeLessThan(1500);
    expect(await page.locator('.comp').count()).toBe(200);
    expect(await page.locator('main h1').textContent()).not.toBe('');
    for (const day of await dayWidths(page)) expect(day).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: join(SHOTS, 'many-home-light-375.png') });
    await context.close();
  });
});
