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
  return d.line === undefined ? d.file : `${d.file}:${d.line}:${d.column ?? 1}`;
}

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
        const props = [`file=${d.file}`, d.line && `line=${d.line}`, d.column && `col=${d.column}`, `title=${d.rule}`].filter(Boolean).join(',');
        // GitHub's workflow commands need %, CR and LF escaped in the message.
        const message = d.message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
        return `::${d.severity} ${props}::${message}`;
      })
      .join('\n');
  }
  const lines = sorted.map((d) => `${where(d)} ${d.severity} ${d.message}  ${d.rule}`);
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const warnings = sorted.length - errors;
  lines.push(sorted.length === 0 ? 'No problems found.' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return lines.join('\n');
}
