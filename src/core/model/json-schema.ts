import { z } from 'zod';
import { configSchema } from './config.ts';

export const SCHEMA_FILE = 'schema/components.schema.json';

/** JSON Schema of what people write in components.yml (the input side: durations are text). */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12', override: kindOptional }),
    title: 'Cairn components.yml',
  };
}

/** An http or tcp probe may leave out `kind` (its URL's scheme says it), as the parser allows. */
function kindOptional(ctx: { jsonSchema: Record<string, unknown> }): void {
  const kind = (ctx.jsonSchema.properties as Record<string, { const?: unknown }> | undefined)?.kind;
  const required = ctx.jsonSchema.required;
  if ((kind?.const === 'http' || kind?.const === 'tcp') && Array.isArray(required)) ctx.jsonSchema.required = required.filter((k) => k !== 'kind');
}
