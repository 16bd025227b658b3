import { z } from 'zod';
import { durationSchema, probeSchema } from './probe.ts';
import { isReservedSecret, RESERVED_SECRET_PREFIXES, SECRET_NAME } from './secrets.ts';
import { oneLine } from './text.ts';
import { isTimeZone, parseDuration } from './time.ts';

/** `components.yml`: the site's settings, its component groups and components with their probes. */

const ID = /^[a-z0-9][a-z0-9-]*$/;
export const idSchema = z.string().regex(ID, { error: 'Expected an id of lowercase letters, digits and dashes, such as "api" or "eu-west"' });

const slaTargetSchema = z.strictObject({
  acknowledge: durationSchema.describe(
    'Time from the start to the first acknowledgement or update by a person before it was resolved (entries of the probe or of author API do not count)',
  ),
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

// Whitespace and controls, which browsers drop (`java\tscript:`), and what a URL never holds
// unescaped: quotes and angle brackets would end the attribute or tag it is written in.
const NOT_IN_URL = /[\s\0-\x1F\x7F"<>\\^`{|}]/;
// A host name, IPv4 or [IPv6] address, and port: a logo's origin goes into the Content-Security-Policy,
// where a ";" in a "host" would start a directive of its own.
const WEB_ORIGIN = /^(?:https?:)?\/\/(?:[^@/?#]*@)?(?:[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:[/?#]|$)/iu;

/**
 * A link a page shows: a path on this site, or a URL with one of `schemes`. Anything else
 * (`javascript:`, `data:`) could run script or show another page's content.
 */
function linkUrlSchema(schemes: string[], what: string) {
  return z
    .string()
    .min(1)
    .refine(
      (url) => {
        if (NOT_IN_URL.test(url)) return false;
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
        if (scheme !== undefined && !schemes.includes(scheme)) return false;
        // A path on this site, or a mail address; a web address needs a real host.
        if (scheme === 'mailto' || (scheme === undefined && !url.startsWith('//'))) return true;
        return WEB_ORIGIN.test(url);
      },
      { error: `Expected ${what}` },
    );
}

const linkSchema = z.strictObject({
  label: z.string().min(1).describe('Text of the link'),
  url: linkUrlSchema(['http', 'https', 'mailto'], 'a path on this site, or an http(s) or mailto: URL').describe('Absolute URL, or a path on this site'),
});

const PUBLISH_ERROR = 'Expected review, immediate, or "after" and a duration, such as after 15m';

/**
 * How the probe's drafts reach the page: `review` (a pull request people merge), `immediate` (a
 * commit to the base branch) or `after 15m` (a pull request the first probe run past the delay
 * merges, unless someone closed it or labelled it `hold`).
 */
const publishModeSchema = z
  .string({ error: PUBLISH_ERROR })
  .refine((s) => s === 'review' || s === 'immediate' || (/^after\s+\S+$/.test(s) && parseDuration(s.slice(5).trim()) !== undefined), {
    error: PUBLISH_ERROR,
  })
  .transform((s): PublishMode => (s === 'review' || s === 'immediate' ? { mode: s } : { mode: 'after', delay: parseDuration(s.slice(5).trim())! }))
  .meta({ type: 'string', pattern: '^(review|immediate|after\\s+(\\d+(\\.\\d+)?(ms|s|m|h|d))+)$' });

export type PublishMode = { mode: 'review' | 'immediate' } | { mode: 'after'; delay: number };

const autoIncidentsSchema = z
  .strictObject({
    publish: publishModeSchema
      .prefault('review')
      .describe(
        'review: open a pull request; immediate: commit to main; after 15m: open a pull request and merge it after the delay unless closed or labelled hold',
      ),
    resolve: publishModeSchema.optional().describe('How a recovery of an already published auto-incident is posted; the same as publish unless given'),
    cooldown: durationSchema.prefault('30m').describe('No new auto-incident for a component this soon after its last one ended'),
    allow_payload_publish: z
      .boolean()
      .default(false)
      .describe('Let a dispatch payload\'s "publish: immediate" skip review when publish is review; off by default'),
  })
  .prefault({})
  .describe('How incidents the probe drafts are published and resolved')
  .transform((s) => ({ ...s, resolve: s.resolve ?? s.publish }));

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
  history_days: z.int().min(1).max(3650).default(90).describe('Days of history the uptime figures cover; bars show the latest 90 of them (30 on phones)'),
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
  stale_after: z
    .strictObject({
      severe: durationSchema.prefault('15m').describe('How long an active SEV-1 or SEV-2 incident (critical, major) may go without an update'),
      other: durationSchema.prefault('60m').describe('How long any other active incident may go without an update'),
    })
    .prefault({})
    .describe('An active incident without an update for this long earns a warning: severe is SEV-1 and SEV-2 (critical, major), other the rest'),
});

export const groupSchema = z.strictObject({
  id: idSchema.describe('Permanent id, used by components\' "group"'),
  name: z.string().min(1).overwrite(oneLine).describe('Heading on the home page'),
  description: z.string().default('').describe('One line under the heading'),
  collapsed: z.boolean().default(false).describe('Show the group folded on the home page'),
});

export const componentSchema = z.strictObject({
  id: idSchema
    // /history/<component>/ would be /history/2/, the second page of the whole history.
    .refine((id) => !/^\d+$/.test(id), {
      error: 'An id of digits only would take the address of a page of the history (/history/2/): add a letter, such as "region-2"',
    })
    .describe('Permanent id, used by incidents, URLs, feeds and the API; never change it'),
  name: z.string().min(1).overwrite(oneLine).describe('What readers see'),
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
export type { Probe } from './probe.ts';
export type ConfigInput = z.input<typeof configSchema>;
