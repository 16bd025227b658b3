import matter from 'gray-matter';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic } from '#core/model/diagnostics.ts';
import { suggest } from '#core/model/suggest.ts';
import { cleanStrings, cleanText } from '#core/model/text.ts';
import { locateSimple, parseSimpleYaml, type SimpleNode } from './simple-yaml.ts';

/**
 * A YAML source (a whole file, or a file's frontmatter) with what it needs to point at positions:
 * the full parser's document, or the fast path's tree for simple frontmatter.
 */
export type YamlSource = { file: string } & ({ document: Document; lineCounter: LineCounter } | { simple: SimpleNode });

export type Frontmatter = YamlSource & {
  /** The frontmatter as plain data (not yet validated). */
  data: unknown;
  /** The Markdown after the frontmatter. */
  body: string;
  /** 1-based line on which the body starts. */
  bodyLine: number;
};

function refuse(language: string): never {
  throw new Error(`frontmatter in "${language}" is not allowed; use YAML between --- lines`);
}

// Options are always passed: without them gray-matter caches by content and shares objects.
// Its JavaScript engines would eval a pull request's frontmatter: they are disabled.
const MATTER_OPTIONS = {
  language: 'yaml',
  engines: {
    yaml: { parse: () => ({}) },
    js: { parse: () => refuse('js') },
    javascript: { parse: () => refuse('javascript') },
    // gray-matter reads `---json` with JSON.parse; the format is YAML, one language for every file.
    json: { parse: () => refuse('json') },
  },
};

export function parseYaml(text: string, file: string): { source: YamlSource; data: unknown; diagnostics: Diagnostic[] } {
  const simple = parseSimpleYaml(text);
  if (simple) return { source: { file, simple: simple.root }, data: simple.data, diagnostics: [] };
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const source = { file, document, lineCounter };
  const diagnostics: Diagnostic[] = document.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return {
      file,
      line: pos.line,
      column: pos.col,
      severity: 'error',
      rule: 'yaml-syntax',
      message: `${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '')}; fix the YAML at this position`,
    };
  });
  if (diagnostics.length) return { source, data: undefined, diagnostics };
  try {
    // Strings are cleaned of control characters here, once, for every output.
    return { source, data: cleanStrings(document.toJS({ maxAliasCount: 100 })), diagnostics };
  } catch {
    // An alias bomb: a few lines of anchors and aliases that would expand to millions of nodes.
    return {
      source,
      data: undefined,
      diagnostics: [
        {
          file,
          line: 1,
          column: 1,
          severity: 'error',
          rule: 'yaml-aliases',
          message: 'YAML aliases (*name) expand to too many values, as in a resource exhaustion attack: write the values out, or use fewer aliases',
        },
      ],
    };
  }
}

/** Splits a Markdown file into YAML frontmatter (with positions) and body. */
export function parseFrontmatter(text: string, file: string): { frontmatter?: Frontmatter; diagnostics: Diagnostic[] } {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // Problems of the file as a whole are reported at its first line.
  const refused = (problem: { rule: string; message: string }) => ({ diagnostics: [{ file, line: 1, column: 1, severity: 'error' as const, ...problem }] });
  if (!/^---[a-z]*\s*\n/.test(normalized)) {
    return refused({ rule: 'frontmatter-missing', message: 'Expected frontmatter: start the file with a line "---", the fields, then another "---"' });
  }
  if (!/\n---\s*(\n|$)/.test(normalized.slice(3))) {
    return refused({ rule: 'frontmatter-unclosed', message: 'Frontmatter is not closed: add a line "---" after the last field' });
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(normalized, MATTER_OPTIONS);
  } catch (e) {
    return refused({ rule: 'frontmatter-language', message: `${(e as Error).message.replace(/^gray-matter /, '')}` });
  }
  // gray-matter's `matter` starts right after the opening "---", so its line 1 is the file's line 1.
  const { source, data, diagnostics } = parseYaml(parsed.matter, file);
  if (diagnostics.length) return { diagnostics };
  const bodyStart = normalized.length - parsed.content.length;
  const bodyLine = normalized.slice(0, bodyStart).split('\n').length;
  return { frontmatter: { ...source, data, body: cleanText(parsed.content), bodyLine }, diagnostics };
}

/** Where a path points in the YAML: the value's node, or for `key: true` the key itself. */
export function locate(source: YamlSource, path: ReadonlyArray<PropertyKey>, key = false): { line: number; column: number } {
  if ('simple' in source) return locateSimple(source.simple, path, key);
  let node: unknown = source.document.contents;
  let found: { range?: [number, number, number?] | null } | undefined = node as Node;
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) break;
      found = (key && i === path.length - 1 ? pair.key : (pair.value ?? pair.key)) as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      found = node.items[segment] as Node;
      node = found;
    } else break;
  }
  const offset = found?.range?.[0];
  if (offset === undefined) return { line: 2, column: 1 };
  const pos = source.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v = data;
  for (const segment of path) v = v == null ? undefined : (v as Record<PropertyKey, unknown>)[segment];
  return v;
}

export function listWords(values: ReadonlyArray<unknown>): string {
  const words = values.map(String);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

// Maps whose keys are names people choose, not fields: a problem is named after the map.
const MAPS = new Set(['components', 'headers']);

function fieldName(path: ReadonlyArray<PropertyKey>): string {
  const names = path.filter((p) => typeof p === 'string');
  if (names.length >= 2 && MAPS.has(String(names.at(-2)))) return String(names.at(-2));
  return names.length ? String(names.at(-1)) : 'value';
}

/** What a reader of YAML calls the kinds zod expects. */
const KINDS: Record<string, string> = {
  string: 'text (in quotes if it would read as a number, true or false)',
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'fields (name: value lines)',
  record: 'fields (name: value lines)',
};

function unexpected(path: ReadonlyArray<PropertyKey>, input: unknown): string {
  const field = fieldName(path);
  const last = path.at(-1);
  const value = JSON.stringify(input);
  return field !== last && typeof last === 'string' ? `Unexpected ${value} for "${last}" in ${field}` : `Unexpected ${field} ${value}`;
}

type Def = Record<string, unknown> & { type?: string };
const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } } | undefined)?._zod?.def;

/**
 * Keys an object schema at `path` accepts, to suggest the right spelling of an unknown one. A
 * union told apart by a field (such as a probe's `kind`) is followed into the branch the data
 * names, which is returned as `variant`.
 */
function knownKeys(schema: z.ZodType, path: ReadonlyArray<PropertyKey>, data: unknown): { keys: string[]; variant?: string; otherVariants: string[] } {
  let s: unknown = schema;
  let value: unknown = data;
  let variant: string | undefined;
  let otherVariants: string[] = [];
  for (const segment of [...path, undefined]) {
    // Unwrap defaults, optionals, pipes, tagged unions and arrays until an object shape is reached.
    for (let i = 0; i < 8 && s; i++) {
      const def = defOf(s);
      if (!def || def.type === 'object') break;
      const input = defOf(def.in);
      if (def.type === 'pipe' && input?.type === 'transform') {
        // A preprocessing step (such as inferring a probe's kind) shapes what the branch sees.
        try {
          value = (input.transform as (v: unknown, ctx: unknown) => unknown)(value, { issues: [] });
        } catch {}
        s = def.out;
        continue;
      }
      if (def.type === 'union' && typeof def.discriminator === 'string') {
        const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
        const option = (def.options as unknown[]).find((o) => {
          const field = (defOf(o)?.shape as Record<string, unknown> | undefined)?.[def.discriminator as string];
          return ((defOf(field)?.values as unknown[] | undefined) ?? []).includes(tag);
        });
        if (!option) break;
        variant = String(tag);
        otherVariants = (def.options as unknown[]).flatMap((o) => Object.keys((defOf(o)?.shape as object | undefined) ?? {}));
        s = option;
        continue;
      }
      s = def.innerType ?? def.in ?? def.element;
    }
    if (segment === undefined) break;
    value = typeof segment === 'string' || typeof segment === 'number' ? (value as Record<PropertyKey, unknown> | undefined)?.[segment] : undefined;
    variant = undefined;
    otherVariants = [];
    if (typeof segment !== 'string') continue;
    s = (defOf(s)?.shape as Record<string, unknown> | undefined)?.[segment];
  }
  const shape = defOf(s)?.shape as Record<string, unknown> | undefined;
  return { keys: shape ? Object.keys(shape) : [], variant, otherVariants };
}

/**
 * A union that failed reports each branch's issues; keep the branch that got furthest into the
 * input (a map's value, not "expected a list"), so the position and message are precise.
 */
function flatten(issues: z.core.$ZodIssue[], data: unknown): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const depth = (branch: z.core.$ZodIssue[]) => Math.max(...branch.map((i) => i.path.length));
    const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) ? b : a));
    if (depth(best) === 0) return [issue];
    return flatten(
      best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as z.core.$ZodIssue),
      data,
    );
  });
}

/** Validates `data` with a zod schema and turns each issue into a positioned, actionable diagnostic. */
export function validate<S extends z.ZodType>(schema: S, data: unknown, source: YamlSource): { value?: z.output<S>; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(data ?? {});
  if (result.success) return { value: result.data, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const at = (path: ReadonlyArray<PropertyKey>, rule: string, message: string, key = false) =>
    diagnostics.push({ file: source.file, ...locate(source, path, key), severity: 'error', rule, message });
  for (const issue of flatten(result.error.issues, data)) {
    const field = fieldName(issue.path);
    const input = valueAt(data, issue.path);
    if (issue.code === 'unrecognized_keys') {
      const { keys: known, variant, otherVariants } = knownKeys(schema, issue.path, data);
      for (const k of issue.keys) {
        const hint = suggest(k, known);
        // A field of another kind (a keyword on a tcp probe) is a mistake of kind, not of spelling.
        const what = variant && otherVariants.includes(k) ? `Field "${k}" is not used by kind ${variant}` : `Unknown field "${k}"`;
        at([...issue.path, k], 'unknown-field', `${what}${hint ? `; did you mean "${hint}"?` : `, expected one of ${listWords(known)}`}`, true);
      }
    } else if (input === undefined && issue.code === 'invalid_type') {
      const parent = issue.path.slice(0, -1);
      at(parent, 'missing-field', `Missing field "${field}"${issue.message && !issue.message.startsWith('Invalid input') ? `: ${issue.message}` : ''}`, true);
    } else if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message;
      at(
        issue.path,
        `${field}-value`,
        `Unexpected key ${JSON.stringify(issue.path.at(-1))} in ${field}${inner && !inner.startsWith('Invalid') ? `: ${inner}` : ''}`,
        true,
      );
    } else if (issue.code === 'invalid_type') {
      // A value of another kind: say which kind is wanted, whatever the schema's own words for a missing one.
      at(issue.path, `${field}-value`, `${unexpected(issue.path, input)}: expected ${KINDS[issue.expected] ?? issue.expected}`);
    } else if (issue.code === 'invalid_value') {
      // A schema's own message (such as the hint for a SEV level) says more than the list of values.
      const custom = issue.message.startsWith('Invalid') ? '' : `; ${issue.message}`;
      at(issue.path, `${field}-value`, `${unexpected(issue.path, input)}${custom || `, expected ${listWords(issue.values)}`}`);
    } else {
      const message = issue.message.startsWith('Invalid input') ? unexpected(issue.path, input) : issue.message;
      at(issue.path, `${field}-value`, `${message.replace(/\.$/, '')} (${field})`);
    }
  }
  return { diagnostics };
}
