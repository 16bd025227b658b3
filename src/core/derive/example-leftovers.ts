import { EXAMPLE } from '#core/model/content.ts';
import type { Diagnostic } from '#core/model/diagnostics.ts';
import type { SourceFile } from '#core/parse/repository.ts';

const TRACE = new RegExp(`${EXAMPLE.domain.replace('.', '\\.')}|\\b${EXAMPLE.name}\\b`, 'i');

/** The example's incident folder or template that a file belongs to, such as `_templates/api-errors.md`. */
function exampleEntry(file: SourceFile): string | undefined {
  if (!file.path.startsWith('incidents/')) return undefined;
  const [first, second] = file.path.slice('incidents/'.length).split('/');
  const entry = first === '_templates' ? `${first}/${second}` : first!;
  const title = EXAMPLE.templateTitles[entry];
  if (title !== undefined && !file.text.includes(title)) return undefined;
  return EXAMPLE.incidents.includes(entry) ? entry : undefined;
}

/**
 * After `cairn init`, any mention of the example company (its name, domain or e-mail addresses)
 * is a leftover that readers of the owner's page would see: one warning per line that has one,
 * and one per incident or template of the example's that is still there.
 */
export function exampleLeftovers(files: SourceFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const entries = new Set<string>();
  for (const file of files) {
    const entry = exampleEntry(file);
    if (entry && !entries.has(entry)) {
      entries.add(entry);
      out.push({
        file: file.path,
        line: 1,
        column: 1,
        severity: 'warning',
        rule: 'example-leftover',
        message: `incidents/${entry} is the example company's, not this status page's; remove it`,
      });
    }
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
