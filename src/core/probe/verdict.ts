import type { CheckResult } from '#core/model/check-data.ts';
import { type CheckStatus, type ErrorClass, label } from '#core/model/enums.ts';
import { type HttpProbe, type Probe, statusExpected } from '#core/model/probe.ts';
import { formatDuration } from '#core/model/time.ts';
import { jsonPathValue } from './json-path.ts';

/**
 * What a probe's answer means: the rules that turn an observed response into up, degraded or
 * down with an error class, and the sentence that explains a check to people.
 */

/** The most response body a check reads; a larger body is cut here and never kept. */
export const MAX_BODY = 1024 * 1024;

/** Why a check is not plainly up, beyond its error class; a word safe to store and print. */
export const DETAILS = ['slow', 'cert', 'keyword', 'forbidden_keyword', 'json_path', 'invalid_json', 'redirects', 'upstream_component'] as const;

export interface Verdict {
  status: CheckStatus;
  error?: ErrorClass;
  detail?: string;
}

export interface Response {
  code: number;
  ms: number;
  /** The body as read, at most MAX_BODY bytes; undefined when the probe needs none. */
  body?: string;
  /** True when the body was longer than what was read. */
  truncated: boolean;
  certDays?: number;
}

/** True when the probe needs the response body to decide. */
export function needsBody(probe: HttpProbe): boolean {
  return probe.keyword !== undefined || probe.forbidden_keyword !== undefined || probe.json_path !== undefined;
}

function down(error: ErrorClass, detail?: string): Verdict {
  return { status: 'down', error, detail };
}

function assertBody(probe: HttpProbe, body: string, truncated: boolean): Verdict | undefined {
  // A cut body can still prove a keyword present, never a forbidden one absent or JSON valid.
  if (probe.keyword !== undefined && !body.includes(probe.keyword)) return truncated ? down('too-large') : down('assertion', 'keyword');
  if (probe.forbidden_keyword !== undefined) {
    if (body.includes(probe.forbidden_keyword)) return down('assertion', 'forbidden_keyword');
    if (truncated) return down('too-large');
  }
  if (probe.json_path !== undefined) {
    if (truncated) return down('too-large');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return down('assertion', 'invalid_json');
    }
    const found = jsonPathValue(json, probe.json_path.path);
    if (!found.found || found.value !== probe.json_path.equals) return down('assertion', 'json_path');
  }
  return undefined;
}

/** Degraded when slower than `degraded_after` or when the certificate expires within `cert_warning_days`. */
export function judgeTiming(probe: { degraded_after?: number; cert_warning_days?: number }, ms: number, certDays?: number): Verdict {
  if (certDays !== undefined && probe.cert_warning_days !== undefined && certDays < probe.cert_warning_days) return { status: 'degraded', detail: 'cert' };
  if (probe.degraded_after !== undefined && ms > probe.degraded_after) return { status: 'degraded', detail: 'slow' };
  return { status: 'up' };
}

export function judgeResponse(probe: HttpProbe, response: Response): Verdict {
  if (!statusExpected(response.code, probe.expect_status)) return down('status');
  if (needsBody(probe)) {
    const failed = assertBody(probe, response.body ?? '', response.truncated);
    if (failed) return failed;
  }
  return judgeTiming(probe, response.ms, response.certDays);
}

/** `850 ms`, `1.5 s`, `2m`: as precise as a response time deserves. */
function milliseconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 60_000 ? `${Number((ms / 1000).toFixed(1))} s` : formatDuration(ms);
}

/** Node's verification codes in words; others are shown as they are. */
const TLS_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'chain ends in a self-signed authority that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is not signed by a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is not signed by a trusted authority',
  ERR_TLS_CERT_ALTNAME_INVALID: 'does not name this host',
  CERT_NOT_YET_VALID: 'is not valid yet',
};

function days(n: number): string {
  return `${n} day${Math.abs(n) === 1 ? '' : 's'}`;
}

/** What a good check of each kind saw. */
function upLine(check: CheckResult, probe: Probe): string {
  switch (probe.kind) {
    case 'dns':
      return `resolved in ${milliseconds(check.ms)}`;
    case 'heartbeat':
      return check.extra.last ? `the last report came at ${check.extra.last}` : 'reported in';
    case 'statuspage':
      return 'the upstream page reports no problem';
    default:
      return check.code === undefined ? `connected in ${milliseconds(check.ms)}` : `HTTP ${check.code}, answered in ${milliseconds(check.ms)}`;
  }
}

/** One sentence about what a check saw, for people: never a response body or a secret. */
export function describeCheck(check: CheckResult, probe: Probe): string {
  const detail = check.extra.detail;
  const certDays = check.extra.cert_days === undefined ? undefined : Number(check.extra.cert_days);
  const http = check.code === undefined ? '' : `HTTP ${check.code}, `;
  const upstream = check.extra.upstream ? `the upstream page reports ${label(check.extra.upstream).toLowerCase()}` : '';
  if (check.status === 'degraded') {
    if (detail === 'cert' && certDays !== undefined) return `the TLS certificate expires in ${days(certDays)}`;
    if (upstream) return upstream;
    const threshold = 'degraded_after' in probe ? (probe.degraded_after ?? 0) : 0;
    return `answered in ${milliseconds(check.ms)}, slower than the ${milliseconds(threshold)} threshold`;
  }
  if (check.status === 'up') return upLine(check, probe);
  const web = probe.kind === 'http' ? probe : undefined;
  const what: Record<ErrorClass, string> = {
    timeout: probe.kind === 'heartbeat' ? 'no complete answer in time' : `no complete answer within ${milliseconds(probe.timeout)}`,
    dns: 'the host name could not be resolved',
    refused: 'the connection was refused',
    reset: 'the connection was closed before a complete answer',
    tls:
      certDays !== undefined && certDays < 0
        ? `the TLS certificate expired ${days(-certDays)} ago`
        : detail?.startsWith('ERR_SSL_')
          ? // The handshake itself failed (such as plain HTTP on an https port): no certificate was judged.
            `the TLS handshake failed: ${detail}`
          : `the TLS certificate ${TLS_PROBLEMS[detail ?? ''] ?? `was not accepted${detail ? `: ${detail}` : ''}`}`,
    status:
      detail === 'redirects' ? `more than ${web?.max_redirects} redirects` : `HTTP ${check.code ?? '?'}, expected ${web?.expect_status.join(', ') ?? '2xx'}`,
    assertion:
      {
        keyword: 'the response did not contain the expected text',
        forbidden_keyword: 'the response contained text that marks a failure',
        invalid_json: 'the response was not valid JSON',
        json_path: `the response's ${web?.json_path?.path} was not ${JSON.stringify(web?.json_path?.equals)}`,
        upstream_component: 'a component it names is not on the upstream page',
      }[detail ?? ''] ?? 'the response did not pass its checks',
    'too-large': `the response was larger than ${MAX_BODY / 1024 / 1024} MiB`,
    nxdomain: probe.kind === 'dns' ? `${probe.name} does not exist (NXDOMAIN)` : 'the name does not exist (NXDOMAIN)',
    mismatch:
      probe.kind === 'dns'
        ? probe.expect?.length
          ? `the ${probe.record} answer for ${probe.name} did not include ${probe.expect.join(', ')}`
          : `${probe.name} has no ${probe.record} record`
        : 'the answer was not the expected one',
    missed:
      probe.kind === 'heartbeat'
        ? `no report within ${formatDuration(probe.every + probe.grace)}${check.extra.last ? ` (the last came at ${check.extra.last})` : ' (none yet)'}`
        : 'no report came in time',
    upstream: upstream || 'the upstream page reports a problem',
    'cross-origin': 'the answer redirected to another origin, which a check carrying a secret never follows',
    other: 'the check failed',
  };
  const error = check.error ?? 'other';
  const prefix = error === 'status' || error === 'tls' ? '' : http;
  return `${prefix}${what[error]} (${error}${check.attempts > 1 ? `, ${check.attempts} attempts` : ''})`;
}
