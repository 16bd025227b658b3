import { describe, expect, it } from 'vitest';
import { incidentId, slugify } from '#core/model/slug.ts';
import { resolveId } from '#core/parse/id-prefix.ts';

describe('incident ids from titles', () => {
  it('turns a title into lowercase ASCII words joined by dashes', () => {
    expect(slugify('Payments API: 5xx errors!')).toBe('payments-api-5xx-errors');
    expect(slugify('Zahlungen über Café-Netz verzögert')).toBe('zahlungen-uber-cafe-netz-verzogert');
    expect(slugify('数据库')).toBe('');
  });

  it('cuts long titles at a word boundary', () => {
    const slug = slugify('The hosted checkout pages return errors for customers in the European Union region');
    expect(slug).toBe('the-hosted-checkout-pages-return-errors-for');
    expect(slug.length).toBeLessThanOrEqual(48);
  });

  it('is unique against existing ids, ignoring case, and falls back for titles without letters', () => {
    expect(incidentId('2026-11-23', 'API down', [])).toBe('2026-11-23-api-down');
    expect(incidentId('2026-11-23', 'API down', ['2026-11-23-API-down', '2026-11-23-api-down-2'])).toBe('2026-11-23-api-down-3');
    expect(incidentId('2026-11-23', '!!!', [], 'maintenance')).toBe('2026-11-23-maintenance');
  });
});

describe('abbreviated ids', () => {
  const ids = ['2026-11-17-checkout-errors', '2026-11-23-webhook-delays', '2026-11-23-search-reindex', '2026-11-23-api', '2026-11-23-api-2'];

  it('accepts the id, a unique prefix, or a prefix of the part after the date', () => {
    expect(resolveId('2026-11-17-checkout-errors', ids)).toEqual({ id: '2026-11-17-checkout-errors' });
    expect(resolveId('2026-11-17', ids)).toEqual({ id: '2026-11-17-checkout-errors' });
    expect(resolveId('webhook', ids)).toEqual({ id: '2026-11-23-webhook-delays' });
    expect(resolveId('WEBHOOK', ids)).toEqual({ id: '2026-11-23-webhook-delays' });
  });

  it('prefers an exact id over longer ids it is a prefix of', () => {
    expect(resolveId('2026-11-23-api', ids)).toEqual({ id: '2026-11-23-api' });
  });

  it('names the candidates of an ambiguous prefix', () => {
    expect(resolveId('2026-11-23-s', ids)).toEqual({ id: '2026-11-23-search-reindex' });
    expect(resolveId('2026-11-2', ids)).toEqual({
      error: '"2026-11-2" matches 4 incidents: 2026-11-23-webhook-delays, 2026-11-23-search-reindex, 2026-11-23-api, 2026-11-23-api-2; type more of the id',
    });
  });

  it('suggests the closest id for a typo', () => {
    expect(resolveId('webhok-delays', ids)).toEqual({
      error: 'no incident "webhok-delays"; did you mean 2026-11-23-webhook-delays? (run "cairn list" to see the ids)',
    });
    expect(resolveId('zzz', ids)).toEqual({ error: 'no incident "zzz" (run "cairn list" to see the ids)' });
  });
});
