import { writeFileSync } from 'node:fs';
import { configJsonSchema, SCHEMA_FILE } from '#core/model/json-schema.ts';

// Regenerates the JSON Schema that editors use to validate components.yml.
writeFileSync(SCHEMA_FILE, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${SCHEMA_FILE}`);
