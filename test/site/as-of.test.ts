import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../build.ts';
import { copyRepository } from '../helpers.ts';

/** The example built as of a moment before its newest files: the page as it was then. */
describe('a build as of an earlier moment', () => {
  it('shows what was published by then and nothing written later', async () => {
    // 10:30 in Berlin on 17 November: the checkout incident is identified, not yet monitored.
    const { dist } = await buildSite(copyRepository('example'), '2026-11-17T09:30:00Z');
    const active = parse(readFileSync(join(dist, 'index.html'), 'utf8')).querySelector('section.active');
    expect(active?.text).toContain('Checkout pages returning errors');
    expect(active?.text).toContain('Identified');
    const page = parse(readFileSync(join(dist, 'incidents/2026-11-17-checkout-errors/index.html'), 'utf8')).text;
    expect(page).not.toContain('Monitoring');
    for (const later of ['2026-11-23-webhook-delays', '2026-11-23-search-reindex', '2026-11-29-cdn-migration']) {
      expect(existsSync(join(dist, 'incidents', later))).toBe(false);
    }
  });
});
