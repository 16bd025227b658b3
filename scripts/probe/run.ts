import type { ProbeData } from '#core/model/check-data.ts';
import type { Attempt, RunResult } from './attempt.ts';
import { failure } from './classify.ts';
import { type AttemptContext, KINDS } from './kinds.ts';
import type { Target } from './target.ts';

/** Pause before retry n (1, 2, …): short, so a blip is retried within the same run. */
export const BACKOFF_MS = 250;

async function attempt(target: Target, context: AttemptContext): Promise<Attempt> {
  try {
    return await KINDS[target.probe.kind](target, context);
  } catch (err) {
    // A check never takes the run down with it.
    return failure(err, false, 0, {});
  }
}

/** A check with its retries: only a failure is retried; the last try is what counts. */
export async function runCheck(target: Target, at: number, context: AttemptContext = { now: at, checks: [] }): Promise<RunResult> {
  const retries = 'retries' in target.probe ? target.probe.retries : 0;
  for (let tries = 1; ; tries++) {
    const result = await attempt(target, context);
    if (result.status !== 'down' || tries > retries) return { at, attempts: tries, ...result };
    await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * tries));
  }
}

/**
 * Runs every check with at most `concurrency` at once, in the targets' order; one slow or hanging
 * endpoint holds one slot for its timeout and delays nothing else. Every result carries `at`.
 * `history` is each component's data so far, for the kinds that judge from it (heartbeat).
 */
export async function runChecks(targets: Target[], concurrency: number, at: number, history?: Map<string, ProbeData>): Promise<RunResult[]> {
  const results: RunResult[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const target = targets[i]!;
      results[i] = await runCheck(target, at, { now: at, checks: history?.get(target.component)?.checks ?? [] });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  return results;
}
