/**
 * A fast path for the frontmatter that people and Cairn write: top-level `key: value` lines, with
 * one level of block lists or maps under a key. Everything else (comments, escapes, flow
 * collections, anchors, tags, block scalars, numbers other than plain integers, duplicate keys,
 * tabs, control characters…) returns undefined and the full YAML parser runs instead. A property
 * test holds it to the `yaml` package: the same data and the same positions.
 *
 * Reading 10,000 incidents is mostly parsing frontmatter; this path does it several times faster.
 */

export interface Position {
  line: number;
  column: number;
}

export type SimpleNode =
  | { kind: 'scalar'; at: Position; value: string | number | boolean | null }
  | { kind: 'seq'; at: Position; items: SimpleNode[] }
  | { kind: 'map'; at: Position; pairs: Array<{ key: string; keyAt: Position; value: SimpleNode }> };

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED_KEYS = /^(?:true|True|TRUE|false|False|FALSE|null|Null|NULL|__proto__|constructor|prototype)$/;
// Characters that start something other than a plain scalar, or that need the full parser to decide.
const PLAIN_START = /^[^-?:,[\]{}#&*!|>'"%@`\s]/;
const PLAIN_ANYWHERE = /[#&*!|>%@`{}[\]\\]|: |:$|\s$/;
// Also the noncharacters, which the full parser's path removes (`cleanText`).
const UNSAFE_TEXT = /[\t\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]|\p{Noncharacter_Code_Point}/u;
const INT = /^[-+]?[0-9]+$/;
// What the core schema reads as a float or a non-decimal integer: left to the full parser.
const OTHER_NUMBER = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$|^0o[0-7]+$|^0x[0-9a-fA-F]+$/;

function scalar(text: string): string | number | boolean | null | undefined {
  if (text.startsWith('"')) return /^"[^"\\]*"$/.test(text) ? text.slice(1, -1) : undefined;
  if (text.startsWith("'")) return /^'[^']*'$/.test(text) ? text.slice(1, -1) : undefined;
  if (!PLAIN_START.test(text) || PLAIN_ANYWHERE.test(text)) return undefined;
  if (/^(?:~|null|Null|NULL)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  if (INT.test(text)) return text.length <= 15 && !/^[-+]?0[0-9]/.test(text) ? Number(text) : undefined;
  return OTHER_NUMBER.test(text) ? undefined : text;
}

/** `key: value` split at the first ": " (or a trailing ":"), with the value's column. */
function pair(line: string, indent: number): { key: string; value: string; valueColumn: number } | undefined {
  const colon = line.indexOf(':', indent);
  if (colon < 0) return undefined;
  const key = line.slice(indent, colon);
  if (!KEY.test(key) || RESERVED_KEYS.test(key)) return undefined;
  const rest = line.slice(colon + 1);
  if (rest === '') return { key, value: '', valueColumn: colon + 2 };
  if (!rest.startsWith(' ') || rest.startsWith('  ')) return undefined;
  return { key, value: rest.slice(1), valueColumn: colon + 3 };
}

/**
 * Parses `text` (a frontmatter, whose line 1 is the line of the opening `---`) when it is simple
 * enough; undefined otherwise.
 */
export function parseSimpleYaml(text: string): { data: Record<string, unknown>; root: SimpleNode } | undefined {
  if (UNSAFE_TEXT.test(text)) return undefined;
  const lines = text.split('\n');
  const root: SimpleNode & { kind: 'map' } = { kind: 'map', at: { line: 0, column: 1 }, pairs: [] };
  const data: Record<string, unknown> = {};
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line === '') {
      i++;
      continue;
    }
    const top = pair(line, 0);
    if (!top || Object.hasOwn(data, top.key)) return undefined;
    const keyAt = { line: i + 1, column: 1 };
    if (root.pairs.length === 0) root.at = keyAt;
    i++;
    if (top.value !== '') {
      const value = scalar(top.value);
      if (value === undefined) return undefined;
      root.pairs.push({ key: top.key, keyAt, value: { kind: 'scalar', at: { line: i, column: top.valueColumn }, value } });
      data[top.key] = value;
      continue;
    }
    // A block list or map under the key, every line at one indent.
    const block: string[] = [];
    const first = i;
    while (i < lines.length && lines[i] !== '' && (lines[i]!.startsWith(' ') || lines[i]!.startsWith('- '))) block.push(lines[i++]!);
    if (block.length === 0) return undefined;
    const indent = block[0]!.length - block[0]!.trimStart().length;
    if (block.some((l) => l.length - l.trimStart().length !== indent)) return undefined;
    if (block[0]!.startsWith('- ', indent)) {
      const items: SimpleNode[] = [];
      for (const [k, l] of block.entries()) {
        if (!l.startsWith('- ', indent) || l.startsWith('-  ', indent)) return undefined;
        const value = scalar(l.slice(indent + 2));
        if (value === undefined) return undefined;
        items.push({ kind: 'scalar', at: { line: first + k + 1, column: indent + 3 }, value });
      }
      root.pairs.push({ key: top.key, keyAt, value: { kind: 'seq', at: { line: first + 1, column: indent + 1 }, items } });
      data[top.key] = items.map((n) => (n as { value: unknown }).value);
    } else {
      if (indent === 0) return undefined;
      const pairs: Array<{ key: string; keyAt: Position; value: SimpleNode }> = [];
      const map: Record<string, unknown> = {};
      for (const [k, l] of block.entries()) {
        const p = pair(l, indent);
        if (!p || p.value === '' || Object.hasOwn(map, p.key)) return undefined;
        const value = scalar(p.value);
        if (value === undefined) return undefined;
        const line = first + k + 1;
        pairs.push({ key: p.key, keyAt: { line, column: indent + 1 }, value: { kind: 'scalar', at: { line, column: p.valueColumn }, value } });
        map[p.key] = value;
      }
      root.pairs.push({ key: top.key, keyAt, value: { kind: 'map', at: { line: first + 1, column: indent + 1 }, pairs } });
      data[top.key] = map;
    }
  }
  return root.pairs.length ? { data, root } : undefined;
}

/** Where a path points, by the same rule as for a full YAML document (see `locate`). */
export function locateSimple(root: SimpleNode, path: ReadonlyArray<PropertyKey>, key: boolean): Position {
  let node: SimpleNode | undefined = root;
  let found: Position = root.at;
  for (const [i, segment] of path.entries()) {
    if (node?.kind === 'map') {
      const match: { keyAt: Position; value: SimpleNode } | undefined = node.pairs.find((x) => x.key === segment);
      if (!match) break;
      found = key && i === path.length - 1 ? match.keyAt : match.value.at;
      node = match.value;
    } else if (node?.kind === 'seq' && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment];
      found = node.at;
    } else break;
  }
  return found;
}
