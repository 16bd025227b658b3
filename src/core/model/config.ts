import { z } from 'zod';
import { impactSchema } from './enums.ts';
import { isReservedSecret, RESERVED_SECRET_PREFIXES, SECRET_NAME } from './secrets.ts';
import { isTimeZone, parseDuration } from './time.ts';

/** `components.yml`: the site's settings, its component groups and components with their probes. */

const ID = /^[a-z0-9][a-z0-9-]*$/;
export const idSchema = z.string().regex(ID, { error: 'Expected an id of lowercase letters, digits and dashes, such as "api" or "eu-west"' });

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
    critical: slaTargetSchema.prefault(SLA_DEFAULTS.critical).describe('Targets for critical incidents (SEV-1)'),
    major: slaTargetSchema.prefault(SLA_DEFAULTS.major).describe('Targets for major incidents (SEV-2)'),
    minor: slaTargetSchema.prefault(SLA_DEFAULTS.minor).describe('Targets for minor incidents (SEV-3)'),
    none: slaTargetSchema.prefault(SLA_DEFAULTS.none).describe('Targets for incidents without impact (SEV-4)'),
  })
  .prefault({})
  .describe('Targets for acknowledging and resolving incidents, per impact');

/**
 * A link a page shows: a path on this site, or a URL with one of `schemes`. Anything else
 * (`javascript:`, `data:`) could run script or show another page's content; whitespace and
 * control characters are refused too, since browsers drop them (`java\tscript:`).
 */
function linkUrlSchema(schemes: string[], what: string) {
  return z
    .string()
    .min(1)
    .refine((url) => !/[\s\0-\x1F\x7F]/.test(url) && (!/^[a-z][a-z0-9+.-]*:/i.test(url) || schemes.includes(url.slice(0, url.indexOf(':')).toLowerCase())), {
      error: `Expected ${what}`,
    });
}

const linkSchema = z.strictObject({
  label: z.string().min(1).describe('Text of the link'),
  url: linkUrlSchema(['http', 'https', 'mailto'], 'a path on this site, or an http(s) or mailto: URL').describe('Absolute URL, or a path on this site'),
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
  .prefault({})
  .describe('How incidents the probe drafts are published and resolved');

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
  logo: linkUrlSchema(['http', 'https'], 'a path on this site, or an http(s) URL').optional().describe('Path or URL of a logo image for the header'),
  brand_color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: 'Expected a colour such as #3b5bdb' })
    .default('#3b5bdb')
    .describe('Accent colour for links and the header'),
  links: z.array(linkSchema).default([]).describe('Links in the header, such as your home page or support'),
  footer: z.string().default('').describe('Footer text (Markdown)'),
  metrics: z
    .boolean()
    .default(true)
    .describe('Publish the incident metrics page (metrics/: mean times to acknowledge and resolve, missed targets), linked from the footer'),
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

/**
 * What the probe would refuse in a URL, said before it runs: a host that is empty or a port
 * outside 1–65535. Parts written as `${NAME}` are only known when the probe runs.
 */
export function probeUrlProblem(url: string): string | undefined {
  const m = /^[a-z]+:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?/i.exec(url);
  if (!m) return undefined;
  const [, host = '', port] = m;
  if (host === '') return 'Expected a host name in the URL, such as https://api.example.com/';
  if (port !== undefined && !port.includes('${') && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535))
    return `Port "${port}" is not a port number: expected 1 to 65535`;
  if (!url.includes('${') && !URL.canParse(url)) return 'Expected a valid URL, such as https://api.example.com/health';
  return undefined;
}

/** Said by `cairn check` and the probe alike when a probe's `ca:` names no file. */
export function missingCaMessage(componentId: string, ca: string): string {
  return `Probe of "${componentId}" trusts the certificate authority in "${ca}", but there is no such file; give a path relative to the repository root`;
}

/** Node's timers hold at most 2^31−1 ms (about 24.8 days); a longer delay fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const probeSchema = z.strictObject({
  url: z
    .string()
    .regex(PROBE_URL, { error: 'Expected an http://, https:// or tcp://host:port URL' })
    .check((ctx) => {
      const problem = probeUrlProblem(ctx.value);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    })
    .describe('What to check. ${NAME} is replaced by the environment variable NAME when NAME is listed under probe.secrets'),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET').describe('HTTP method of the request'),
  headers: z.record(z.string(), z.string()).default({}).describe('Request headers; values may use ${NAME} secrets listed under probe.secrets'),
  body: z.string().optional().describe('Request body; may use ${NAME} secrets listed under probe.secrets'),
  expect_status: statusCodesSchema.default(['200-399']).describe('Accepted HTTP status codes or ranges'),
  keyword: z.string().optional().describe('Text the response body must contain'),
  forbidden_keyword: z.string().optional().describe('Text the response body must not contain'),
  json_path: z
    .strictObject({
      path: z
        .string()
        .regex(/^\$(\.[A-Za-z_][\w-]*|\[\d+\])*$/, { error: 'Expected a path such as $.status or $.checks[0].state' })
        .describe('Where the value is, such as $.status or $.checks[0].state'),
      equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).describe('The value it must have'),
    })
    .optional()
    .describe('A value in the JSON response that must equal `equals`'),
  degraded_after: durationSchema.optional().describe('Slower responses than this mark the component degraded'),
  timeout: durationSchema
    .pipe(
      z
        .number()
        .min(1, { error: 'Expected a timeout of at least 1ms' })
        .max(MAX_TIMER_MS, { error: 'Expected a timeout of at most 24d (Node cannot wait longer)' }),
    )
    .prefault('10s')
    .describe('Deadline for one attempt, from connect to the last byte'),
  retries: z.int().min(0).max(5).default(2).describe('Extra attempts before a check counts as failed'),
  max_redirects: z.int().min(0).max(20).default(5).describe('Redirects followed before the check fails'),
  ca: z.string().min(1).optional().describe('PEM file, relative to the repository root, of a private certificate authority to trust besides the public ones'),
  cert_warning_days: z.int().min(0).max(365).default(14).describe('A certificate expiring sooner marks the component degraded'),
  failure_threshold: z.int().min(1).max(100).default(3).describe('Consecutive failed runs before an incident is drafted'),
  success_threshold: z.int().min(1).max(100).default(2).describe('Consecutive good runs before the incident is resolved'),
  interval: durationSchema.prefault('5m').describe('How often the probe runs; data older than three intervals is stale'),
  impact: z
    .strictObject({
      down: impactSchema.default('major').describe('Impact when the component is down'),
      degraded: impactSchema.default('minor').describe('Impact when it is degraded'),
    })
    .default({ down: 'major', degraded: 'minor' })
    .describe('Impact of drafted incidents'),
});

export const groupSchema = z.strictObject({
  id: idSchema.describe('Permanent id, used by components\' "group"'),
  name: z.string().min(1).describe('Heading on the home page'),
  description: z.string().default('').describe('One line under the heading'),
  collapsed: z.boolean().default(false).describe('Show the group folded on the home page'),
});

export const componentSchema = z.strictObject({
  id: idSchema.describe('Permanent id, used by incidents, URLs, feeds and the API; never change it'),
  name: z.string().min(1).describe('What readers see'),
  description: z.string().default('').describe('One line about it, on its page'),
  group: idSchema.optional().describe('Id of the group it belongs to'),
  probe: probeSchema.optional().describe('What the probe checks; without it, only incidents set its status'),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  site: siteSchema.describe('The page itself'),
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
    .prefault({})
    .describe('How the probe runs and where it keeps results'),
  groups: z.array(groupSchema).default([]).describe('Headings that components are listed under, in this order'),
  components: z.array(componentSchema).min(1, { error: 'List at least one component' }).describe('What the page reports on, in this order'),
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
