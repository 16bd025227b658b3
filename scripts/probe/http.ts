import type { EventEmitter } from 'node:events';
import { isIP } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { Agent, buildConnector, type Dispatcher, interceptors, request } from 'undici';
import type { HttpProbe } from '#core/model/probe.ts';
import { judgeResponse, MAX_BODY, needsBody } from '#core/probe/verdict.ts';
import { type Attempt, daysLeft, readCapped, since, watchSocket } from './attempt.ts';
import { CROSS_ORIGIN_REDIRECT, failure } from './classify.ts';
import type { UrlTarget } from './target.ts';

/**
 * One HTTP(S) attempt over a fresh connection (so connect and TLS times are real), with one
 * deadline for everything from the DNS lookup to the last byte read.
 */
export async function httpAttempt(target: UrlTarget<HttpProbe>): Promise<Attempt> {
  const { probe, url } = target;
  const start = performance.now();
  const extra: Record<string, string> = {};
  let certDays: number | undefined;
  let firstSocket = true;
  const connector = buildConnector({ timeout: probe.timeout, ...(target.ca ? { ca: target.ca } : {}) });
  const agent = new Agent({
    allowH2: false,
    // One connection per origin makes the agent use a Client, not a Pool: an attempt's requests
    // (redirects included) go one after another, and a Pool's queue alone is 16 KB per attempt.
    connections: 1,
    headersTimeout: probe.timeout,
    bodyTimeout: probe.timeout,
    connect(options, callback) {
      // Redirects may open more connections; the timings and certificate are those of the probed host.
      const first = firstSocket;
      firstSocket = false;
      // undici's connector returns its socket though its types say void; timings need it before the callback.
      const socket = connector(options, (err, s) => {
        if (first && s && 'getPeerX509Certificate' in s) {
          const validTo = (s as TLSSocket).getPeerX509Certificate()?.validToDate;
          if (validTo) certDays = daysLeft(validTo);
        }
        if (err) callback(err, null);
        else callback(null, s!);
      }) as unknown as EventEmitter | undefined;
      if (first && socket) watchSocket(socket, start, extra);
      return socket;
    },
  });
  // Innermost first: the redirect interceptor hands each hop's answer to the guard before following it.
  const dispatcher = agent.compose(
    ...(target.carriesSecret && probe.max_redirects > 0 ? [sameOriginRedirects] : []),
    interceptors.redirect({ maxRedirections: probe.max_redirects, throwOnMaxRedirect: true }),
  );
  const deadline = AbortSignal.timeout(probe.timeout);
  try {
    const res = await request(url, {
      method: probe.method,
      // The owner's User-Agent, in whatever case, replaces ours rather than joining it.
      headers: { ...(Object.keys(target.headers).some((h) => h.toLowerCase() === 'user-agent') ? {} : { 'user-agent': 'cairn-probe' }), ...target.headers },
      body: target.body,
      signal: deadline,
      dispatcher,
    });
    extra.ttfb = String(Math.round(since(start)));
    const { text, truncated } = await readCapped(res.body, MAX_BODY, needsBody(probe));
    const ms = since(start);
    if (certDays !== undefined) extra.cert_days = String(certDays);
    const verdict = judgeResponse(probe, { code: res.statusCode, ms, body: text, truncated, certDays });
    return { status: verdict.status, ms, code: res.statusCode, error: verdict.error, extra: verdict.detail ? { ...extra, detail: verdict.detail } : extra };
  } catch (err) {
    const attempt = failure(err, deadline.aborted, since(start), extra);
    if (attempt.error === 'tls') {
      const days = await peekCertificateDays(target);
      if (days !== undefined) attempt.extra.cert_days = String(days);
    }
    return attempt;
  } finally {
    await agent.destroy().catch(() => {});
  }
}

const REDIRECTS = new Set([300, 301, 302, 303, 307, 308]);

/**
 * A request that carries a secret follows redirects only within its origin: undici drops
 * `authorization` and `cookie` on a cross-origin hop but forwards other headers, and re-sends the
 * body on 307/308. The answer is refused as it arrives, so the next hop is never dispatched.
 */
const sameOriginRedirects: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const here = new URL(opts.path, opts.origin);
  return dispatch(opts, {
    onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
    onRequestUpgrade: (controller, status, headers, socket) => handler.onRequestUpgrade?.(controller, status, headers, socket),
    onResponseStart(controller, status, headers, message) {
      const location = headers.location;
      // Several Location headers are refused too: undici would follow them joined into one address.
      const elsewhere =
        location !== undefined && (typeof location !== 'string' || !URL.canParse(location, here) || new URL(location, here).origin !== here.origin);
      if (REDIRECTS.has(status) && elsewhere) {
        throw Object.assign(new Error('A check carrying a secret was redirected to another origin'), { code: CROSS_ORIGIN_REDIRECT });
      }
      handler.onResponseStart?.(controller, status, headers, message);
    },
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
    onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
  });
};

/**
 * Days left on a certificate the check refused (expired, self-signed…), read over a separate
 * handshake that sends nothing, so the incident can say "expired 3 days ago".
 */
function peekCertificateDays(target: UrlTarget<HttpProbe>): Promise<number | undefined> {
  const host = target.url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host,
      port: Number(target.url.port || 443),
      servername: isIP(host) ? undefined : host,
      ca: target.ca,
      rejectUnauthorized: false,
    });
    const done = (days?: number) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(days);
    };
    const timer = setTimeout(() => done(), target.probe.timeout);
    socket.once('secureConnect', () => {
      const validTo = socket.getPeerX509Certificate()?.validToDate;
      done(validTo ? daysLeft(validTo) : undefined);
    });
    socket.once('error', () => done());
  });
}
