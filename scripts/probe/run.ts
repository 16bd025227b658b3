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

/** How many checks run at once: in all, and against one origin (scheme, host and port). */
export interface Limits {
  concurrency: number;
  perOrigin: number;
}

/** Where a check goes; `URL.origin` is "null" for tcp: URLs, so the key is built by hand. */
function originOf(target: Target): string {
  return `${target.url.protocol}//${target.url.host}`;
}

/**
 * Runs every check, at most `concurrency` at once and at most `perOrigin` against one origin, so a
 * run costs about the slowest single check however many endpoints there are (checks wait on the
 * network, not the CPU) while no host gets more than a few connections from us. Origins take
 * turns; every result carries `at` and keeps its target's position.
 */
export function runChecks(targets: Target[], limits: Limits, at: number): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(targets.length);
  const pending = new Map<string, number[]>();
  targets.forEach((t, i) => {
    const key = originOf(t);
    const queue = pending.get(key);
    if (queue) queue.push(i);
    else pending.set(key, [i]);
  });
  const active = new Map<string, number>();
  let running = 0;
  let left = targets.length;
  return new Promise((resolve) => {
    if (left === 0) return resolve(results);
    const fill = () => {
      for (const [key, queue] of pending) {
        while (queue.length > 0 && running < limits.concurrency && (active.get(key) ?? 0) < limits.perOrigin) {
          const i = queue.shift()!;
          running++;
          active.set(key, (active.get(key) ?? 0) + 1);
          void runCheck(targets[i]!, at).then((result) => {
            results[i] = result;
            running--;
            active.set(key, active.get(key)! - 1);
            if (--left === 0) resolve(results);
            else fill();
          });
        }
        if (queue.length === 0) pending.delete(key);
        if (running >= limits.concurrency) return;
      }
    };
    fill();
  });
}
