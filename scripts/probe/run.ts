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

/** How many checks run at once: in all, and against one origin (scheme, host and port). */
export interface Limits {
  concurrency: number;
  perOrigin: number;
}

/**
 * Where a check goes; `URL.origin` is "null" for tcp: URLs, so the key is built by hand. A dns
 * check goes to its resolver; a heartbeat goes nowhere and has a key of its own.
 */
function originOf(target: Target): string {
  const { probe } = target;
  if (probe.kind === 'dns') return `dns://${probe.server ?? 'system'}`;
  if (probe.kind === 'heartbeat' || !target.url) return `heartbeat:${target.component}`;
  return `${target.url.protocol}//${target.url.host}`;
}

/**
 * Runs every check, at most `concurrency` at once and at most `perOrigin` against one origin, so a
 * run costs about the slowest single check however many endpoints there are (checks wait on the
 * network, not the CPU) while no host gets more than a few connections from us. Origins take
 * turns; every result carries `at` and keeps its target's position. `history` is each
 * component's data so far, for the kinds that judge from it (heartbeat).
 */
export function runChecks(targets: Target[], limits: Limits, at: number, history?: Map<string, ProbeData>): Promise<RunResult[]> {
  const results: RunResult[] = new Array(targets.length);
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
          const target = targets[i]!;
          void runCheck(target, at, { now: at, checks: history?.get(target.component)?.checks ?? [] }).then((result) => {
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
