import type { CheckResult } from '#core/model/check-data.ts';
import type { Attempt } from './attempt.ts';
import { failure } from './classify.ts';
import { httpAttempt } from './http.ts';
import type { Target } from './target.ts';
import { tcpAttempt } from './tcp.ts';

/** Pause before retry n (1, 2, …): short, so a blip is retried within the same run. */
export const BACKOFF_MS = 250;

async function attempt(target: Target): Promise<Attempt> {
  try {
    return await (target.url.protocol === 'tcp:' ? tcpAttempt(target) : httpAttempt(target));
  } catch (err) {
    // A check never takes the run down with it.
    return failure(err, false, 0, {});
  }
}

/** A check with its retries: only a failure is retried; the last try is what counts. */
export async function runCheck(target: Target, at: number): Promise<CheckResult> {
  for (let tries = 1; ; tries++) {
    const result = await attempt(target);
    if (result.status !== 'down' || tries > target.probe.retries) return { at, attempts: tries, ...result };
    await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * tries));
  }
}

/**
 * Runs every check with at most `concurrency` at once, in the targets' order; one slow or hanging
 * endpoint holds one slot for its timeout and delays nothing else. Every result carries `at`.
 */
export async function runChecks(targets: Target[], concurrency: number, at: number): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      results[i] = await runCheck(targets[i]!, at);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  return results;
}
