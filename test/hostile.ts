import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FIXTURES } from './helpers.ts';

/**
 * Text an attacker (or a careless paste) puts into titles, names and messages: control
 * characters, XML and HTML syntax, CDATA ends, workflow-command and Markdown syntax,
 * bidirectional overrides, lone surrogates and noncharacters, mixed with any code point.
 */
const PIECES = [
  '\x00',
  '\x07',
  '\x08',
  '\x0b',
  '\x0c',
  '\x1b[31m',
  '\x1b]8;;https://evil.example\x07',
  '\x7f',
  '\x85',
  '\x9b2J',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '\u2028',
  '\u202e',
  '\u2066',
  '\ud800',
  '\udfff',
  '\ufffe',
  '\uffff',
  '\u{1fffe}',
  '<',
  '>',
  '&',
  '&amp;',
  '&#0;',
  '"',
  "'",
  ']]>',
  '<![CDATA[',
  '</script>',
  '<script>alert(1)</script>',
  '<img src=https://tracker.example/p.gif>',
  '<!channel>',
  '<https://evil.example|click>',
  '%',
  '%0A',
  '::',
  '::add-mask::',
  ',',
  ':',
  ';',
  '\\',
  '`',
  '*',
  '_',
  '|',
  '#',
  '[x](javascript:alert(1))',
  '![x](https://tracker.example/p.gif)',
];

export const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 4 })), { minLength: 1, maxLength: 24 })
  .map((parts) => parts.join(''));

/** A fixed sample of hostile strings (the same on every run), for fixtures that are built. */
export function hostileSample(count: number, seed = 13): string[] {
  return fc.sample(hostileText, { numRuns: count, seed });
}

/** Characters no built file may contain: XML-forbidden C0 controls, DEL, C1 controls, noncharacters, lone surrogates. */
export const FORBIDDEN = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]|\p{Noncharacter_Code_Point}|\p{Cs}/u;

/** "Now" for builds of the hostile repository. */
export const HOSTILE_NOW = '2026-11-23T14:00:00Z';

/**
 * What is written over a copy of `test/fixtures/hostile/` (every reproduced attack): generated
 * hostile text in component names, titles, authors and messages, and a title of 10 KB. The
 * hostile site (`test/sites.ts`) is that copy, built.
 */
export function hostileFiles(): Record<string, string> {
  const generated = hostileSample(12);
  const config = readFileSync(join(FIXTURES, 'hostile', 'components.yml'), 'utf8');
  const components = generated.slice(0, 4).map((name, i) => `  - id: gen-${i}\n    name: ${JSON.stringify(`C${i} ${name}`)}\n`);
  const incidents: Record<string, string> = {};
  generated.forEach((text, i) => {
    const title = i === 0 ? `T ${text} `.repeat(Math.ceil(10_240 / (text.length + 3))) : `T${i} ${text}`;
    incidents[`incidents/2026-11-21-gen-${i}/index.md`] = [
      '---',
      `title: ${JSON.stringify(title)}`,
      `at: 2026-11-21T${String(i).padStart(2, '0')}:00:00Z`,
      `status: ${i % 2 ? 'resolved' : 'monitoring'}`,
      `author: ${JSON.stringify(generated[(i + 1) % generated.length])}`,
      `components: [gen-${i % 4}]`,
      '---',
      `Message ${i}: ${text}`,
      '',
    ].join('\n');
  });
  return { 'components.yml': config + components.join(''), ...incidents };
}
