/**
 * Characters no output can carry. Text from a repository (titles, names, messages, authors) is
 * cleaned of them once, when it is read, so every page, feed, badge, calendar and API response
 * gets the same text; each output still escapes for its own syntax (`render/escape.ts`).
 */

// C0 controls except tab, line feed and carriage return; DEL; C1 controls; Unicode noncharacters.
// XML 1.0 forbids the C0 ones and the noncharacters U+FFFE/U+FFFF, HTML reports all of them as
// parse errors, and ESC starts terminal escape sequences.
const UNSAFE = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]|\p{Noncharacter_Code_Point}/gu;
// With the `u` flag, only a surrogate that is not half of a pair matches.
const LONE_SURROGATE = /\p{Cs}/gu;

/** Lone surrogates become U+FFFD: UTF-8, XML and strict JSON parsers cannot carry half a character. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** Text without the characters above; tab and line breaks stay. */
export function cleanText(text: string): string {
  return wellFormed(text).replace(UNSAFE, '');
}

/** `value` with every string in it (not keys) cleaned, for data parsed from YAML. */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanStrings(v)])) as T;
  }
  return value;
}

// Every control character, line breaks included (Unicode's line and paragraph separators too),
// and the bidirectional overrides and isolates that make a terminal show text in another order
// than it is stored.
const TERMINAL_UNSAFE = /[\0-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069]|\p{Noncharacter_Code_Point}/gu;

/** One line of text for a terminal or a log: controls become spaces, so nothing moves the cursor or colours it. */
export function terminalText(text: string): string {
  return wellFormed(text).replace(TERMINAL_UNSAFE, ' ');
}

/** True when `text` holds a character `terminalText` would replace (for names that must be refused). */
export function hasControls(text: string): boolean {
  return new RegExp(TERMINAL_UNSAFE.source, 'u').test(text) || new RegExp(LONE_SURROGATE.source, 'u').test(text);
}

/**
 * A title or name as one line: line breaks and the spaces around them become one space, so that
 * no commit subject, pull request title or log line it reaches can be split (a log line starting
 * "::error::" is a command to GitHub Actions).
 */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');
}

/** `oneLine`, cut to at most `max` characters with an ellipsis: for text from another system. */
export function shortLine(text: string, max: number): string {
  const line = oneLine(cleanText(text)).trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/**
 * A value someone gave (an option, an argument, a dispatch payload, a query), quoted for a
 * message: on one line and without control characters, so that it cannot add a line to a log
 * ("::error::" is a command to GitHub Actions) or move a terminal's cursor.
 */
export function quoted(value: unknown): string {
  return `"${terminalText(String(value))}"`;
}
