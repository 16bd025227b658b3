import { z } from 'zod';
import { impactSchema } from './enums.ts';
import { isReservedSecret, RESERVED_SECRET_PREFIXES, SECRET_NAME } from './secrets.ts';
import { isTimeZone, parseDuration } from './time.ts';

/** `components.yml`: the site's settings, its component groups and components with their probes. */

const ID = /^[a-z0-9][a-z0-9-]*$/;
const idSchema = z.string().regex(ID, { error: 'Expected an id of lowercase letters, digits and dashes, such as "api" or "eu-west"' });

/** A duration written for people: `30s`, `15m`, `1h30m`, `2d`, `500ms`. Output is milliseconds. */
export const durationSchema = z
  .string({ error: 'Expected a duration such as 500ms, 30s, 15m, 2h or 1d' })
  .refine((s) => parseDuration(s) !== undefined, { error: 'Expected a duration such as 500ms, 30s, 15m, 2h or 1d' })
  .transform((s) => parseDuration(s)!)
  .meta({ type: 'string', pattern: '^(\\d+(\\.\\d+)?(ms|s|m|h|d))+$' });

const slaTargetSchema = z.strictObject({
  acknowledge: durationSchema.describe('Time to first update after the declaration'),
  resolve: durationSchema.describe('Time from the start to resolution'),
});

const SLA_DEFAULTS = {
  critical: { acknowledge: '15m', resolve: '1h' },
  major: { acknowledge: '30m', resolve: '4h' },
  minor: { acknowledge: '2h', resolve: '24h' },
  none: { acknowledge: '8h', resolve: '72h' },
};

const slaSchema = z
  .strictObject({
    critical: slaTargetSchema.prefault(SLA_DEFAULTS.critical),
    major: slaTargetSchema.prefault(SLA_DEFAULTS.major),
    minor: slaTargetSchema.prefault(SLA_DEFAULTS.minor),
    none: slaTargetSchema.prefault(SLA_DEFAULTS.none),
  })
  .prefault({})
  .describe('Targets for acknowledging and resolving incidents, per impact');

const linkSchema = z.strictObject({
  label: z.string().min(1),
  url: z.string().min(1).describe('Absolute URL, or a path on this site'),
});

const autoIncidentsSchema = z
  .strictObject({
    publish: z.enum(['review', 'immediate']).default('review').describe('review: open a pull request; immediate: commit to main'),
    resolve: z.enum(['review', 'immediate']).default('review').describe('How a recovery of an already published auto-incident is posted'),
    cooldown: durationSchema.prefault('30m').describe('No new auto-incident for a component this soon after its last one ended'),
    allow_payload_publish: z
      .boolean()
      .default(false)
      .describe('Let a dispatch payload\'s "publish: immediate" skip review when publish is review; off by default'),
  })
  .prefault({});

export const siteSchema = z.strictObject({
  title: z.string().min(1).describe('Name shown in the header and the page title'),
  url: z
    .url({
      protocol: /^https?$/,
      error: 'Expected the absolute URL the site is published at, such as https://status.example.com/ or https://example.github.io/status/',
    })
    .describe('Where the site is published; a path is kept as the base path'),
  description: z.string().default('').describe('One sentence for search engines and link previews'),
  timezone: z
    .string()
    .default('UTC')
    .refine(isTimeZone, { error: 'Expected an IANA time zone such as UTC, Europe/Berlin or America/New_York' })
    .describe('Times without an offset are read in this zone, and pages show times in it'),
  incident_position: z.enum(['top', 'below-status', 'below-components']).default('below-status').describe('Where active incidents appear on the home page'),
  home_incidents: z.int().min(0).max(100).default(5).describe('How many recent incidents the home page lists'),
  history_days: z.int().min(1).max(3650).default(90).describe('Days shown in uptime bars'),
  feed_items: z.int().min(1).max(1000).default(50).describe('Most items in each feed'),
  sla: slaSchema,
  logo: z.string().optional().describe('Path or URL of a logo image for the header'),
  brand_color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: 'Expected a colour such as #3b5bdb' })
    .default('#3b5bdb')
    .describe('Accent colour for links and the header'),
  links: z.array(linkSchema).default([]).describe('Links in the header, such as your home page or support'),
  footer: z.string().default('').describe('Footer text (Markdown)'),
  auto_incidents: autoIncidentsSchema,
});

const statusCodesSchema = z
  .array(
    z.union([
      z.int().min(100).max(599),
      z.string().regex(/^[1-5]\d\d-[1-5]\d\d$/, { error: 'Expected a status code such as 200 or a range such as "200-299"' }),
    ]),
  )
  .min(1);

const PROBE_URL = /^(https?:\/\/[^\s/]+(\/\S*)?|tcp:\/\/[^\s/:]+:(\d+|\$\{[A-Z0-9_]+\}))$/i;

export const probeSchema = z.strictObject({
  url: z
    .string()
    .regex(PROBE_URL, { error: 'Expected an http://, https:// or tcp://host:port URL' })
    .describe('What to check. ${NAME} is replaced by the environment variable NAME when NAME is listed under probe.secrets'),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  expect_status: statusCodesSchema.default(['200-399']).describe('Accepted HTTP status codes or ranges'),
  keyword: z.string().optional().describe('Text the response body must contain'),
  forbidden_keyword: z.string().optional().describe('Text the response body must not contain'),
  json_path: z
    .strictObject({
      path: z.string().regex(/^\$(\.[A-Za-z_][\w-]*|\[\d+\])*$/, { error: 'Expected a path such as $.status or $.checks[0].state' }),
      equals: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    })
    .optional()
    .describe('A value in the JSON response that must equal `equals`'),
  degraded_after: durationSchema.optional().describe('Slower responses than this mark the component degraded'),
  timeout: durationSchema.prefault('10s').describe('Deadline for one attempt, from connect to the last byte'),
  retries: z.int().min(0).max(5).default(2).describe('Extra attempts before a check counts as failed'),
  max_redirects: z.int().min(0).max(20).default(5),
  ca: z.string().min(1).optional().describe('PEM file, relative to the repository root, of a private certificate authority to trust besides the public ones'),
  cert_warning_days: z.int().min(0).max(365).default(14).describe('A certificate expiring sooner marks the component degraded'),
  failure_threshold: z.int().min(1).max(100).default(3).describe('Consecutive failed runs before an incident is drafted'),
  success_threshold: z.int().min(1).max(100).default(2).describe('Consecutive good runs before the incident is resolved'),
  interval: durationSchema.prefault('5m').describe('How often the probe runs; data older than three intervals is stale'),
  impact: z
    .strictObject({ down: impactSchema.default('major'), degraded: impactSchema.default('minor') })
    .default({ down: 'major', degraded: 'minor' })
    .describe('Impact of drafted incidents'),
});

export const groupSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  description: z.string().default(''),
  collapsed: z.boolean().default(false).describe('Show the group folded on the home page'),
});

export const componentSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  description: z.string().default(''),
  group: idSchema.optional(),
  probe: probeSchema.optional(),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  site: siteSchema,
  probe: z
    .strictObject({
      concurrency: z.int().min(1).max(4096).default(128).describe('Checks running at once in all: checks wait on the network, so hundreds are cheap'),
      per_origin: z.int().min(1).max(256).default(6).describe('Checks running at once against one origin (scheme, host and port), to stay polite'),
      data_branch: z
        .string()
        .regex(/^(?!-)(?!.*\.\.)[\w./-]+$/, { error: 'Expected a branch name such as status-data' })
        .default('status-data')
        .describe('Branch the workflows keep check results on (checked out as status-data/)'),
      secrets: z
        .array(
          z
            .string()
            .regex(SECRET_NAME, { error: 'Expected an environment variable name such as STATUS_API_TOKEN' })
            .refine((name) => !isReservedSecret(name), {
              error: `Names starting with ${RESERVED_SECRET_PREFIXES.join(', ')} belong to the CI runner and are never filled; pass the value under another name`,
            }),
        )
        .default([])
        .describe('Environment variables that ${NAME} in probe URLs, headers and bodies may use; no other is filled'),
    })
    .prefault({}),
  groups: z.array(groupSchema).default([]),
  components: z.array(componentSchema).min(1, { error: 'List at least one component' }),
});

export type Config = z.output<typeof configSchema>;
export type Site = Config['site'];
export type Group = z.output<typeof groupSchema>;
export type Component = z.output<typeof componentSchema>;
export type Probe = z.output<typeof probeSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** A status code is expected when it matches one of the codes or ranges. */
export function statusExpected(code: number, expected: Probe['expect_status']): boolean {
  return expected.some((e) => {
    if (typeof e === 'number') return e === code;
    const [lo, hi] = e.split('-').map(Number);
    return code >= lo! && code <= hi!;
  });
}
