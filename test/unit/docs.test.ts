import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRepository } from '#core/parse/repository.ts';
import { generatedDocs } from '../../scripts/dev/docs.ts';
import { ROOT } from '../helpers.ts';

describe('the generated reference pages', () => {
  it('are up to date with the commands, the schemas and the check rules (run "npm run docs" when not)', async () => {
    for (const [path, text] of Object.entries(await generatedDocs())) {
      expect(readFileSync(join(ROOT, path), 'utf8'), `${path} is stale: run npm run docs`).toBe(text);
    }
  });

  it('document every command and every rule id the fixtures show', async () => {
    const docs = await generatedDocs();
    expect(docs['docs/cli.md']).toContain('### cairn init');
    expect(docs['docs/cli.md']).toContain('### cairn upgrade');
    expect(docs['docs/check-rules.md']).toContain('| `example-leftover` | warning |');
    expect(docs['docs/configuration.md']).toContain('| `components[].probe.url` |');
  });
});

describe('the examples of components.yml in the docs', () => {
  it('pass cairn check as they are written, with a site around them', () => {
    const blocks = [...readFileSync(join(ROOT, 'docs/probe.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const settings = blocks.find((b) => b.includes('components:') && b.includes('probe:'))!;
    const text = `site:\n  title: T\n  url: https://status.example.com/\n${settings}`;
    const { diagnostics } = readRepository({ config: { path: 'components.yml', text }, incidentFiles: [] });
    expect(diagnostics).toEqual([]);
  });
});
