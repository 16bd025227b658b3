import { terminalText } from './text.ts';

/**
 * Problems are values: collected, never thrown, and printed by one reporter. Positions are
 * 1-based, like a compiler's.
 */
export interface Diagnostic {
  file: string;
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
  /** A stable id people can search for, such as `impact-value`. */
  rule: string;
  message: string;
}

export const FORMATS = ['human', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

function where(d: Diagnostic): string {
  const file = terminalText(d.file);
  return d.line === undefined ? file : `${file}:${d.line}:${d.column ?? 1}`;
}

// GitHub's workflow commands: the message escapes %, CR and LF; property values also `:` and
// `,`, so a file name can neither end the command nor add a property or another command. What
// else a log would act on as a terminal does (escape sequences, direction overrides) is then
// made text as for a terminal.
const githubMessage = (text: string) => terminalText(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
const githubProperty = (text: string) => githubMessage(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function hasErrors(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Prints diagnostics like a compiler (`file:line:col severity message  rule`), as JSON, or as GitHub annotations. */
export function formatDiagnostics(diagnostics: Diagnostic[], format: Format): string {
  const sorted = [...diagnostics].sort(byPosition);
  if (format === 'json') return JSON.stringify(sorted, null, 2);
  if (format === 'github') {
    return sorted
      .map((d) => {
        const props = [`file=${githubProperty(d.file)}`, d.line && `line=${d.line}`, d.column && `col=${d.column}`, `title=${githubProperty(d.rule)}`]
          .filter(Boolean)
          .join(',');
        return `::${d.severity} ${props}::${githubMessage(d.message)}`;
      })
      .join('\n');
  }
  const lines = sorted.map((d) => `${where(d)} ${d.severity} ${terminalText(d.message)}  ${d.rule}`);
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const warnings = sorted.length - errors;
  lines.push(sorted.length === 0 ? 'No problems found.' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return lines.join('\n');
}
