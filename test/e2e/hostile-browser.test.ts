import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtSite } from '../build.ts';
import { readTree, tempDir } from '../helpers.ts';
import { type Site, serve } from '../serve.ts';

/**
 * Every page, feed and badge of the hostile repository opened in headless Chromium: none may
 * open a dialog (script ran) or make a request to another origin (tracking pixel, exfiltration).
 * Feeds and badges are opened as the XML documents they are, where no CSP applies.
 */

let context: BrowserContext;
let site: Site;
let paths: string[] = [];

beforeAll(async () => {
  const dist = await builtSite('hostile');
  paths = Object.keys(readTree(dist))
    .filter((p) => /\.(html|xml|svg)$/.test(p))
    .map((p) => p.replace(/(^|\/)index\.html$/, '$1'));
  site = await serve(dist, '/');
  context = await chromium.launchPersistentContext(tempDir('cairn-chromium-'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 300_000);

afterAll(async () => {
  await context?.close();
  site?.server.close();
});

describe('the hostile repository in a browser', () => {
  it('runs no script and contacts no other origin, on any page, feed or badge', async () => {
    expect(paths.length).toBeGreaterThan(20);
    const origin = new URL(site.url).origin;
    const problems: string[] = [];
    const page = await context.newPage();
    page.on('dialog', (d) => {
      problems.push(`${page.url()}: dialog "${d.message()}"`);
      void d.dismiss();
    });
    // At the network layer: a request the page's CSP blocked never gets here, one that would leave does (and is stopped).
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      problems.push(`${page.url()}: request to ${url}`);
      return route.abort();
    });
    page.on('requestfailed', (r) => {
      const error = r.failure()?.errorText ?? '';
      // Chromium reports a request its CSP blocked as failed with "csp": it never left the browser.
      // A request to the site itself that the browser gave up on when the test moved on (a favicon,
      // say) contacted no other origin either.
      const own = new URL(r.url()).origin === origin && /ERR_ABORTED/.test(error);
      if (!/csp/i.test(error) && !own && !problems.some((p) => p.endsWith(r.url()))) problems.push(`${page.url()}: ${r.url()} failed: ${error}`);
    });
    for (const path of paths) {
      await page.goto(site.url + path, { waitUntil: 'load' });
      // Give an injected script or image a moment to act.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    }
    await page.close();
    expect(problems).toEqual([]);
  }, 300_000);
});
