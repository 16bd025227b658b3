import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { locateSimple, parseSimpleYaml } from '#core/parse/simple-yaml.ts';
import { locate, parseYaml } from '#core/parse/yaml-source.ts';

/** Position of a path in a full YAML document, as `locate` finds it. */
function locateFull(text: string, path: PropertyKey[], key: boolean) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  return locate({ file: 'frontmatter', document, lineCounter }, path, key);
}

// Words, times, numbers, booleans, nulls and the characters that make YAML tricky.
const word = fc.oneof(
  fc.constantFrom(
    'api',
    'Payments API',
    '2026-11-23T14:00:00Z',
    '2026-11-23 14:00',
    'true',
    'False',
    'null',
    '~',
    '12',
    '-3',
    '1.5',
    '0x1f',
    '.inf',
    'yes',
    'on',
    '007',
  ),
  fc.string({ unit: fc.constantFrom(...'aZ09 -_.:#&*!|>%@`{}[],\'"?\\/()éß'), minLength: 1, maxLength: 12 }),
);
const value = fc.oneof(
  word,
  word.map((w) => `"${w}"`),
  word.map((w) => `'${w}'`),
);
const key = fc.constantFrom('title', 'at', 'status', 'impact', 'draft', 'author', 'source', 'global', 'true', 'a-b', 'x_1', '__proto__', 'api', 'web');
const entry = fc.oneof(
  fc.tuple(key, value).map(([k, v]) => `${k}: ${v}`),
  fc
    .tuple(key, fc.array(value, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '  '))
    .map(([k, vs, ind]) => `${k}:\n${vs.map((v) => `${ind}- ${v}`).join('\n')}`),
  fc.tuple(key, fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 })).map(([k, kvs]) => `${k}:\n${kvs.map(([a, b]) => `  ${a}: ${b}`).join('\n')}`),
  fc.constantFrom('# comment', 'title: a # b', 'k: |\n  text', 'k: [a, b]', 'k: {a: 1}', 'k: &x a', 'k:', 'k:  two', '\tk: v', 'k: v ', 'k: "a\\"b"'),
);
const frontmatter = fc.array(entry, { minLength: 1, maxLength: 6 }).map((lines) => `\n${lines.join('\n')}\n`);

function paths(data: unknown): PropertyKey[][] {
  const out: PropertyKey[][] = [[]];
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    out.push([k], [k, 'missing']);
    if (Array.isArray(v)) v.forEach((_, i) => out.push([k, i]));
    else if (v && typeof v === 'object') for (const kk of Object.keys(v)) out.push([k, kk]);
  }
  return out;
}

describe('the fast frontmatter path', () => {
  test.prop([frontmatter], { numRuns: 2000 })('reads what the yaml package reads, at the same positions, or leaves it to it', (text) => {
    const simple = parseSimpleYaml(text);
    if (!simple) return;
    const document = parseDocument(text, { uniqueKeys: true });
    expect(document.errors).toEqual([]);
    expect(simple.data).toEqual(document.toJS());
    for (const path of paths(simple.data)) {
      for (const key of [false, true]) expect(locateSimple(simple.root, path, key), `${JSON.stringify(path)} key=${key}`).toEqual(locateFull(text, path, key));
    }
  });

  it('takes the frontmatter that Cairn writes', () => {
    const text =
      '\ntitle: Checkout errors\nat: 2026-11-17T09:12:00+01:00\nimpact: major\ncomponents:\n  payments-api: partial_outage\n  webhooks: degraded_performance\nauthor: Jonas Weber\n';
    expect(parseSimpleYaml(text)?.data).toEqual({
      title: 'Checkout errors',
      at: '2026-11-17T09:12:00+01:00',
      impact: 'major',
      components: { 'payments-api': 'partial_outage', webhooks: 'degraded_performance' },
      author: 'Jonas Weber',
    });
  });

  it('leaves anchors, aliases and anything unusual to the full parser', () => {
    for (const text of ['\na: &x [1]\nb: *x\n', '\n# note\ntitle: x\n', '\ntitle: x\ntitle: y\n', '\nk: 1.5\n']) expect(parseSimpleYaml(text)).toBeUndefined();
  });

  it('leaves text with noncharacters to the full parser, which cleans them out as it does controls', () => {
    const text = '\ntitle: Nonchar \uFFFE here \uFDD0 x\n';
    expect(parseSimpleYaml(text)).toBeUndefined();
    expect(parseYaml(text, 'f.md').data).toEqual({ title: 'Nonchar  here  x' });
  });
});
