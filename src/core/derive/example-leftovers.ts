import { EXAMPLE } from '#core/model/content.ts';
import type { Diagnostic } from '#core/model/diagnostics.ts';
import type { SourceFile } from '#core/parse/repository.ts';

const TRACE = new RegExp(`${EXAMPLE.domain.replace('.', '\\.')}|\\b${EXAMPLE.name}\\b`, 'i');

/**
 * After `cairn init`, any mention of the example company (its name, domain or e-mail addresses)
 * is a leftover that readers of the owner's page would see: one warning per line that has one.
 */
export function exampleLeftovers(files: SourceFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const file of files) {
    file.text.split('\n').forEach((line, i) => {
      const match = TRACE.exec(line);
      if (!match) return;
      out.push({
        file: file.path,
        line: i + 1,
        column: match.index + 1,
        severity: 'warning',
        rule: 'example-leftover',
        message: `"${match[0]}" belongs to the example company, not to this status page; replace or remove it`,
      });
    });
  }
  return out;
}
