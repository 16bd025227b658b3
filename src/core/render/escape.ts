import { cleanText, terminalText, wellFormed } from '#core/model/text.ts';

/**
 * Untrusted text (titles, names, messages, file names) escaped for where it goes, one function
 * per target. Text read from a repository is already clean (`model/text.ts`); these also clean
 * what they are given, so no output depends on where its text came from.
 */

/**
 * XML 1.0 (and HTML) text and attribute values, double- or single-quoted; characters XML forbids
 * are removed, and carriage returns kept as references (a parser would turn them into line feeds).
 */
export function escapeXml(text: string): string {
  return cleanText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\r/g, '&#13;');
}

/** iCalendar TEXT values (RFC 5545): backslashes, semicolons, commas and line breaks escaped, controls removed. */
export function escapeIcs(text: string): string {
  return cleanText(text)
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/**
 * Inline Markdown, such as a GitHub job summary: the text shows as written, on one line, and
 * starts no emphasis, link, image, HTML tag, table cell or code span.
 */
export function escapeMarkdown(text: string): string {
  return terminalText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~:-]/g, (c) => `\\${c}`);
}

/**
 * A Markdown code span holding `text` on one line, as written: nothing in it becomes a link, an
 * @mention, an issue reference or HTML, wherever GitHub shows it.
 */
export function codeSpan(text: string): string {
  const line = terminalText(text);
  const fence = '`'.repeat(Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** Slack mrkdwn: `&`, `<` and `>` are its only escapes; `<!channel>` and `<url|label>` then stay text. */
export function escapeSlack(text: string): string {
  return cleanText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One line for a terminal: no escape sequences, carriage returns or line breaks. */
export function escapeTerminal(text: string): string {
  return terminalText(text);
}

/** JSON with every string well-formed (lone surrogates replaced), so strict parsers and UTF-8 encoders accept it. */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? wellFormed(v) : v), indent);
}
