import type { ErrorClass } from '#core/model/enums.ts';
import type { Attempt } from './attempt.ts';

/** Turns what Node and undici throw into an error class a person understands, plus a safe detail word. */

/** The code of the error the HTTP check throws when a check carrying a secret is redirected to another origin. */
export const CROSS_ORIGIN_REDIRECT = 'CAIRN_CROSS_ORIGIN_REDIRECT';

const BY_CODE: Record<string, ErrorClass> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_FAIL: 'dns',
  EAI_NODATA: 'dns',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_REDIRECT_MAX: 'status',
  [CROSS_ORIGIN_REDIRECT]: 'cross-origin',
  EPROTO: 'tls',
};

function isTlsCode(code: string): boolean {
  return (
    /^(ERR_TLS_|ERR_SSL_|CERT_)/.test(code) ||
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'HOSTNAME_MISMATCH',
    ].includes(code)
  );
}

/** The error and the errors it wraps (`cause`, an AggregateError's `errors`), outermost first. */
function chain(err: unknown): Array<{ code?: unknown; message?: unknown; name?: unknown }> {
  const out: Array<{ code?: unknown; message?: unknown; name?: unknown }> = [];
  const queue = [err];
  while (queue.length && out.length < 10) {
    const e = queue.shift();
    if (!e || typeof e !== 'object') continue;
    out.push(e);
    const { cause, errors } = e as { cause?: unknown; errors?: unknown };
    if (cause) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return out;
}

export function classify(err: unknown, timedOut: boolean): { error: ErrorClass; detail?: string } {
  if (timedOut) return { error: 'timeout' };
  for (const e of chain(err)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (code === 'UND_ERR_REDIRECT_MAX' || (typeof e.message === 'string' && e.message.startsWith('Redirect loop')))
      return { error: 'status', detail: 'redirects' };
    // Node's codes are fixed identifiers: safe to store, unlike messages, which may quote a host or URL.
    if (isTlsCode(code)) return { error: 'tls', detail: /^[A-Z0-9_]+$/.test(code) ? code : undefined };
    if (BY_CODE[code]) return { error: BY_CODE[code]! };
    if (e.name === 'TimeoutError') return { error: 'timeout' };
  }
  return { error: 'other' };
}

/** A failed attempt: down, with its class and, when known, the detail word among the measurements. */
export function failure(err: unknown, timedOut: boolean, ms: number, extra: Record<string, string>): Attempt {
  const { error, detail } = classify(err, timedOut);
  return { status: 'down', ms, error, extra: detail ? { ...extra, detail } : extra };
}
