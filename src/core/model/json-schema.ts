import { z } from 'zod';
import { configSchema } from './config.ts';

export const SCHEMA_FILE = 'schema/components.schema.json';

/** JSON Schema of what people write in components.yml (the input side: durations are text). */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
    title: 'Cairn components.yml',
  };
}
