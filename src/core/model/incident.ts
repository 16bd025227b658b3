import { z } from 'zod';
import { idSchema } from './config.ts';
import { affectedStatusSchema, impactSchema, sourceSchema, statusSchema } from './enums.ts';
import { oneLine } from './text.ts';
import { timeProblem } from './time.ts';

/**
 * Frontmatter of the files under `incidents/<id>/`. Times stay text here: one without an offset
 * means wall-clock time in the site's time zone, which the loader knows and the schema does not.
 */

export const timeSchema = z.string({ error: 'Expected an ISO 8601 time such as 2026-11-20T14:05:00Z or 2026-11-20 14:05' }).superRefine((text, ctx) => {
  const problem = timeProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: text });
});

// Ids as components.yml spells them: a key such as `__proto__` is refused, never silently dropped.
const componentIdSchema = idSchema;

/** A list of ids (each then `partial_outage`) or a map of id → status. */
/**
 * A map whose keys people choose, as `z.record`, except that an own `__proto__` key (which zod
 * drops without a word) is refused instead, so it can never silently empty the map.
 */
export function userRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V) {
  return z
    .unknown()
    .superRefine((input, ctx) => {
      if (input && typeof input === 'object' && Object.hasOwn(input, '__proto__'))
        ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'Unexpected key "__proto__"', input });
    })
    .pipe(z.record(key, value));
}

const affectedMapSchema = userRecord(componentIdSchema, affectedStatusSchema);

export const affectedSchema = z.union([z.array(componentIdSchema), affectedMapSchema], {
  error: 'Expected a list of component ids, or a map of component id to degraded_performance, partial_outage, major_outage or under_maintenance',
});

export const incidentFrontmatterSchema = z.strictObject({
  title: z.string({ error: 'Add a title, such as "Checkout is slow"' }).trim().min(1, { error: 'Add a title, such as "Checkout is slow"' }).overwrite(oneLine),
  type: z.enum(['incident', 'maintenance']).default('incident'),
  impact: impactSchema.optional(),
  status: statusSchema.optional(),
  at: timeSchema.describe('When it began (maintenance: when it was announced)'),
  components: affectedSchema.optional(),
  window: z.strictObject({ start: timeSchema, end: timeSchema }).optional().describe('Maintenance only: the planned window'),
  source: sourceSchema.default('manual'),
  draft: z.boolean().default(false),
  global: z.boolean().default(true),
  author: z.string().optional(),
});

export const updateFrontmatterSchema = z.strictObject({
  at: timeSchema,
  ack: z.boolean().optional().describe('An acknowledgement: someone is on it (cairn ack); MTTA counts to the first one'),
  status: statusSchema.optional(),
  impact: impactSchema.optional(),
  components: affectedSchema.optional(),
  author: z.string().optional(),
});

export const postmortemFrontmatterSchema = z.strictObject({
  at: timeSchema.optional(),
  author: z.string().optional(),
});

export type IncidentFrontmatter = z.output<typeof incidentFrontmatterSchema>;
export type UpdateFrontmatter = z.output<typeof updateFrontmatterSchema>;
export type PostmortemFrontmatter = z.output<typeof postmortemFrontmatterSchema>;
export type Affected = z.output<typeof affectedSchema>;

/**
 * The author written by systems rather than people, so pages never credit whoever committed the
 * file; their entries never acknowledge an incident.
 */
export const PROBE_AUTHOR = 'Cairn probe';
export const API_AUTHOR = 'API';
