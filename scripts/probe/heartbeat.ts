import type { CheckResult } from '#core/model/check-data.ts';
import type { HeartbeatProbe } from '#core/model/probe.ts';
import { judgeHeartbeat } from '#core/probe/heartbeat.ts';
import type { Attempt } from './attempt.ts';
import type { Target } from './target.ts';

/** A heartbeat asks nothing of the network: the reports already in the data decide. */
export async function heartbeatAttempt(target: Target & { probe: HeartbeatProbe }, context: { now: number; checks: CheckResult[] }): Promise<Attempt> {
  const { status, error, extra } = judgeHeartbeat(target.probe, context.checks, context.now);
  return { status, ms: 0, error, extra };
}
