import { describe, expect, it } from 'vitest';
import { checkRepository } from '#core/derive/check.ts';
import { CONFIG, t } from '../helpers.ts';

const md = (front: string, body = 'Message.') => `---\n${front.trim()}\n---\n${body}\n`;
const input = (files: Record<string, string>, config = CONFIG) => ({
  config: { path: 'components.yml', text: config },
  incidentFiles: Object.entries(files).map(([path, text]) => ({ path, text })),
});

describe('checkRepository', () => {
  it('reports what the files say wrong and what the rules find, all at once', () => {
    const { repository, diagnostics } = checkRepository(
      input({
        'incidents/a/index.md': md('title: A\nat: 2026-11-20T10:00:00Z\nseverity: high\ncomponents: [api]'),
        'incidents/b/index.md': md('title: B\nat: 2026-11-20T12:00:00Z\ncomponents: [apii]'),
      }),
      t('2026-11-20T12:30:00Z'),
    );
    expect(repository).toBeDefined();
    expect(diagnostics.map((d) => `${d.file} ${d.rule}`).sort()).toEqual(['incidents/a/index.md unknown-field', 'incidents/b/index.md unknown-component']);
  });

  it('runs the rules as of now', () => {
    const files = { 'incidents/a/index.md': md('title: A\nat: 2026-11-20T10:00:00Z') };
    expect(checkRepository(input(files), t('2026-11-20T09:00:00Z')).diagnostics.map((d) => d.rule)).toEqual(['future-time']);
    expect(checkRepository(input(files), t('2026-11-20T10:30:00Z')).diagnostics).toEqual([]);
  });

  it('has no repository, and only the reasons, when components.yml cannot be read', () => {
    const { repository, diagnostics } = checkRepository(input({}, 'site: [\n'), t('2026-11-20T10:00:00Z'));
    expect(repository).toBeUndefined();
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.file === 'components.yml' && d.severity === 'error')).toBe(true);
  });
});
