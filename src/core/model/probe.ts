import { z } from 'zod';
import { impactSchema } from './enums.ts';
import { parseDuration } from './time.ts';

/**
 * The probe of a component, one schema per kind. A field the kind does not use is an error, so a
 * `tcp://` probe with `keyword` fails `cairn check` instead of being ignored. Files written before
 * `kind` existed keep working: without it, the URL's scheme says http or tcp.
 */

/** A duration written for people: `30s`, `15m`, `1h30m`, `2d`, `500ms`. Output is milliseconds. */
export const durationSchema = z
  .string({ error: 'Expected a duration such as 500ms, 30s, 15m, 2h or 1d' })
  .refine((s) => parseDuration(s) !== undefined, { error: 'Expected a duration such as 500ms, 30s, 15m, 2h or 1d' })
  .transform((s) => parseDuration(s)!)
  .meta({ type: 'string', pattern: '^(\\d+(\\.\\d+)?(ms|s|m|h|d))+$' });

export const PROBE_KINDS = ['http', 'tcp', 'dns', 'heartbeat', 'statuspage'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

/** Node's timers hold at most 2^31−1 ms (about 24.8 days); a longer delay fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** What every kind shares: how often it runs, its patience, and when a streak becomes an incident. */
const common = {
  failure_threshold: z.int().min(1).max(100).default(3).describe('Consecutive failed runs before an incident is drafted'),
  success_threshold: z.int().min(1).max(100).default(2).describe('Consecutive good runs before the incident is resolved'),
  interval: durationSchema
    .prefault('5m')
    .describe(
      'How often the probe runs: the schedule in .github/workflows/probe.yml (`cairn check` warns when it waits longer between runs); data older than three intervals is stale',
    ),
  impact: z
    .strictObject({
      down: impactSchema.default('major').describe('Impact when the component is down'),
      degraded: impactSchema.default('minor').describe('Impact when it is degraded'),
    })
    .default({ down: 'major', degraded: 'minor' })
    .describe('Impact of drafted incidents'),
};

/** What kinds that ask something over the network share. */
const network = {
  timeout: durationSchema
    .pipe(
      z
        .number()
        .min(1, { error: 'Expected a timeout of at least 1ms' })
        .max(MAX_TIMER_MS, { error: 'Expected a timeout of at most 24d (Node cannot wait longer)' }),
    )
    .prefault('10s')
    .describe('Deadline for one attempt'),
  retries: z.int().min(0).max(5).default(2).describe('Extra attempts before a check counts as failed'),
  ...common,
};

const degradedAfter = durationSchema.optional().describe('Slower answers than this mark the component degraded');

const statusCodesSchema = z
  .array(
    z.union([
      z.int().min(100).max(599),
      z
        .string()
        .regex(/^[1-5]\d\d-[1-5]\d\d$/, { error: 'Expected a status code such as 200 or a range such as "200-299"', abort: true })
        .refine((range) => Number(range.slice(0, 3)) <= Number(range.slice(4)), {
          error: 'Expected a range from the lower code to the higher, such as "200-299"',
        }),
    ]),
  )
  .min(1);

const HTTP_URL = /^https?:\/\/[^\s/]+(\/\S*)?$/i;
const TCP_URL = /^tcp:\/\/[^\s/:]+:(\d+|\$\{[A-Z0-9_]+\})$/i;

/** A TCP or UDP port number as text: 1 to 65535. */
const isPort = (text: string) => /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;

/**
 * What the probe would refuse in a URL, said before it runs: a host that is empty or a port
 * outside 1–65535. Parts written as `${NAME}` are only known when the probe runs.
 */
export function probeUrlProblem(url: string): string | undefined {
  const m = /^[a-z]+:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?/i.exec(url);
  if (!m) return undefined;
  const [, host = '', port] = m;
  if (host === '') return 'Expected a host name in the URL, such as https://api.example.com/';
  if (port !== undefined && !port.includes('${') && !isPort(port)) return `Port "${port}" is not a port number: expected 1 to 65535`;
  if (!url.includes('${') && !URL.canParse(url)) return 'Expected a valid URL, such as https://api.example.com/health';
  return undefined;
}

/** A probe URL of the given form, with the problems the probe itself would refuse. */
function probeUrl(form: RegExp, error: string) {
  return z
    .string()
    .regex(form, { error })
    .check((ctx) => {
      const problem = probeUrlProblem(ctx.value);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    });
}

/** Said by `cairn check` and the probe alike when a probe's `ca:` names no file. */
export function missingCaMessage(componentId: string, ca: string): string {
  return `Probe of "${componentId}" trusts the certificate authority in "${ca}", but there is no such file; give a path relative to the repository root`;
}

/** An HTTP token (RFC 9110): what undici accepts as a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const httpProbeSchema = z
  .strictObject({
    kind: z.literal('http').describe('Request a URL and judge the answer; without `kind`, a http:// or https:// url means this'),
    url: probeUrl(HTTP_URL, 'Expected an http:// or https:// URL').describe(
      'What to check. ${NAME} is replaced by the environment variable NAME when NAME is listed under probe.secrets',
    ),
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET').describe('HTTP method of the request'),
    headers: z
      .record(z.string(), z.string())
      .superRefine((headers, ctx) => {
        for (const name of Object.keys(headers)) {
          if (!HEADER_NAME.test(name))
            ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" is not a header name: use letters, digits and hyphens, such as X-Api-Key` });
        }
      })
      .default({})
      .describe('Request headers; values may use ${NAME} secrets listed under probe.secrets'),
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
    degraded_after: degradedAfter,
    max_redirects: z
      .int()
      .min(0)
      .max(20)
      .default(5)
      .describe('Redirects followed before the check fails; 0 follows none, and a redirect is judged by its status code'),
    ca: z.string().min(1).optional().describe('PEM file, relative to the repository root, of a private certificate authority to trust besides the public ones'),
    cert_warning_days: z.int().min(0).max(365).default(14).describe('A certificate expiring sooner marks the component degraded'),
    ...network,
  })
  .superRefine((probe, ctx) => {
    // A HEAD answer has no body: a check of its text could never pass.
    if (probe.method !== 'HEAD') return;
    for (const field of ['keyword', 'forbidden_keyword', 'json_path'] as const) {
      if (probe[field] !== undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `A HEAD request gets no body to check: use GET, or remove ${field}` });
    }
  });

export const tcpProbeSchema = z.strictObject({
  kind: z.literal('tcp').describe('Open a TCP connection; without `kind`, a tcp:// url means this'),
  url: probeUrl(TCP_URL, 'Expected a tcp://host:port URL').describe('Host and port to connect to'),
  degraded_after: degradedAfter,
  ...network,
});

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

const RESOLVER_ADDRESS = /^(?:(\d{1,3}(?:\.\d{1,3}){3})|\[([0-9a-fA-F:.]+)\])(?::(\d{1,5}))?$/;
const RESOLVER_ADDRESS_ERROR = 'Expected a resolver address such as 1.1.1.1, 1.1.1.1:53 or [2606:4700::1111]:53';

/** An address the resolver accepts: IPv4 or [IPv6], each with an optional port from 1 to 65535. */
function isResolverAddress(server: string): boolean {
  const m = RESOLVER_ADDRESS.exec(server);
  if (!m) return false;
  if (m[3] !== undefined && !isPort(m[3])) return false;
  return m[1] !== undefined ? IPV4.test(m[1]) : URL.canParse(`http://[${m[2]}]/`);
}

export const DNS_RECORDS = ['A', 'AAAA', 'CNAME', 'TXT'] as const;

export const dnsProbeSchema = z.strictObject({
  kind: z.literal('dns').describe('Resolve a name and compare the answers'),
  name: z
    .string()
    .regex(/^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9_]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/, {
      error: 'Expected a host name such as api.example.com',
    })
    .describe('The name to resolve'),
  record: z.enum(DNS_RECORDS).default('A').describe('Record type to ask for'),
  expect: z.array(z.string().min(1)).min(1).optional().describe('Values that must all be among the answers (CNAME: the target name)'),
  server: z
    .string()
    // The pattern gives editors the shape; the refinement the ranges of octets and ports.
    .regex(RESOLVER_ADDRESS, { error: RESOLVER_ADDRESS_ERROR, abort: true })
    .refine(isResolverAddress, { error: RESOLVER_ADDRESS_ERROR })
    .optional()
    .describe("Ask this resolver instead of the system's"),
  degraded_after: degradedAfter,
  ...network,
});

export const heartbeatProbeSchema = z.strictObject({
  kind: z.literal('heartbeat').describe('Wait for a scheduled job to report in with `cairn heartbeat`'),
  every: durationSchema.describe('How often the job reports in (`cairn heartbeat <component>`)'),
  grace: durationSchema.prefault('5m').describe('How late a report may be before the component counts as down'),
  ...common,
});

export const statuspageProbeSchema = z.strictObject({
  kind: z.literal('statuspage').describe("Read another company's Statuspage-compatible page for the components you depend on"),
  url: probeUrl(HTTP_URL, 'Expected the http:// or https:// address of a Statuspage-compatible page or its /api/v2/summary.json').describe(
    'The upstream page, or its /api/v2/summary.json',
  ),
  components: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe("Upstream components (by name) whose worst status is this component's; without it, the upstream page status"),
  ...network,
});

/** Without `kind`, the scheme of `url` decides between http and tcp, as it did before kinds existed. */
function inferKind(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || 'kind' in value) return value;
  const url = (value as { url?: unknown }).url;
  return { kind: typeof url === 'string' && /^tcp:/i.test(url) ? 'tcp' : 'http', ...value };
}

export const probeSchema = z.preprocess(
  inferKind,
  z.discriminatedUnion('kind', [httpProbeSchema, tcpProbeSchema, dnsProbeSchema, heartbeatProbeSchema, statuspageProbeSchema], {
    error: `Expected kind ${PROBE_KINDS.join(', ')}`,
  }),
);

export type Probe = z.output<typeof probeSchema>;
export type HttpProbe = z.output<typeof httpProbeSchema>;
export type TcpProbe = z.output<typeof tcpProbeSchema>;
export type DnsProbe = z.output<typeof dnsProbeSchema>;
export type HeartbeatProbe = z.output<typeof heartbeatProbeSchema>;
export type StatuspageProbe = z.output<typeof statuspageProbeSchema>;

/** A status code is expected when it matches one of the codes or ranges. */
export function statusExpected(code: number, expected: HttpProbe['expect_status']): boolean {
  return expected.some((e) => {
    if (typeof e === 'number') return e === code;
    const [lo, hi] = e.split('-').map(Number);
    return code >= lo! && code <= hi!;
  });
}
