import type { z } from 'zod';
import type { Diagnostic } from '#core/model/diagnostics.ts';
import { incidentFrontmatterSchema } from '#core/model/incident.ts';
import { type Position, positions, type SourceFile } from './repository.ts';
import { parseFrontmatter, validate } from './yaml-source.ts';

/**
 * Templates pre-fill `cairn new`: `incidents/_templates/<name>.md` holds any of title, impact,
 * status and components as frontmatter, and the first message as its body.
 */
export const TEMPLATES_DIR = 'incidents/_templates';

export const templateSchema = incidentFrontmatterSchema.pick({ title: true, impact: true, status: true, components: true }).partial();

export interface Template extends z.output<typeof templateSchema> {
  name: string;
  file: string;
  /** Where fields were written, by dotted path, for diagnostics. */
  positions: Record<string, Position>;
  /** The message, empty when the template has none. */
  message: string;
}

/** The template name of a file below `incidents/_templates/`, if it is one. */
export function templateName(path: string): string | undefined {
  return TEMPLATE_PATH.exec(path)?.[1];
}
const TEMPLATE_PATH = new RegExp(`^${TEMPLATES_DIR}/([^/]+)\\.md$`);

export function readTemplate(file: SourceFile): { template?: Template; diagnostics: Diagnostic[] } {
  const name = templateName(file.path);
  if (name === undefined) throw new Error(`${file.path} is not a template`);
  const { frontmatter, diagnostics } = parseFrontmatter(file.text, file.path);
  if (!frontmatter || diagnostics.length) return { diagnostics };
  const { value, diagnostics: schemaDiagnostics } = validate(templateSchema, frontmatter.data, frontmatter);
  if (!value) return { diagnostics: schemaDiagnostics };
  return {
    template: { ...value, name, file: file.path, positions: positions(frontmatter, frontmatter.data), message: frontmatter.body.trim() },
    diagnostics: [],
  };
}
