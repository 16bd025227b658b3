import { Agent, request } from 'undici';
import type { StatuspageProbe } from '#core/model/probe.ts';
import { judgeSummary, summarySchema, summaryUrl } from '#core/probe/upstream.ts';
import { MAX_BODY } from '#core/probe/verdict.ts';
import { type Attempt, readCapped, since } from './attempt.ts';
import { failure } from './classify.ts';
import type { UrlTarget } from './target.ts';

/**
 * Reads an upstream provider's `/api/v2/summary.json` and maps it onto our component. Redirects
 * are not followed: the probe names the summary's final address.
 */
export async function statuspageAttempt(target: UrlTarget<StatuspageProbe>): Promise<Attempt> {
  const { probe } = target;
  const start = performance.now();
  const agent = new Agent({ allowH2: false, headersTimeout: probe.timeout, bodyTimeout: probe.timeout, connect: { timeout: probe.timeout } });
  const deadline = AbortSignal.timeout(probe.timeout);
  try {
    const res = await request(summaryUrl(target.url.href), {
      headers: { accept: 'application/json', 'user-agent': 'cairn-probe' },
      signal: deadline,
      dispatcher: agent,
    });
    const { text = '', truncated } = await readCapped(res.body, MAX_BODY);
    const ms = since(start);
    if (res.statusCode < 200 || res.statusCode > 299) return { status: 'down', ms, code: res.statusCode, error: 'status', extra: {} };
    if (truncated) return { status: 'down', ms, code: res.statusCode, error: 'too-large', extra: {} };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { status: 'down', ms, code: res.statusCode, error: 'assertion', extra: { detail: 'invalid_json' } };
    }
    const summary = summarySchema.safeParse(json);
    if (!summary.success) return { status: 'down', ms, code: res.statusCode, error: 'assertion', extra: { detail: 'invalid_json' } };
    const verdict = judgeSummary(probe, summary.data);
    return { status: verdict.status, ms, code: res.statusCode, error: verdict.error, extra: verdict.extra, upstream: verdict.incident };
  } catch (err) {
    return failure(err, deadline.aborted, since(start), {});
  } finally {
    await agent.destroy().catch(() => {});
  }
}
