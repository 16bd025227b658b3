import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
