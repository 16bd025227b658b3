import type { CheckResult } from '#core/model/check-data.ts';
import type { DnsProbe, HeartbeatProbe, HttpProbe, ProbeKind, StatuspageProbe, TcpProbe } from '#core/model/probe.ts';
import type { Attempt } from './attempt.ts';
import { dnsAttempt } from './dns.ts';
import { heartbeatAttempt } from './heartbeat.ts';
import { httpAttempt } from './http.ts';
import { statuspageAttempt } from './statuspage.ts';
import type { Target, UrlTarget } from './target.ts';
import { tcpAttempt } from './tcp.ts';

/**
 * One interface for every kind of probe: an attempt turns a target into a result. What a result
 * means in words is the core's `describeCheck`, which knows each kind's fields.
 */

/** What an attempt may need besides its target: the run's time and the component's data so far. */
export interface AttemptContext {
  now: number;
  checks: CheckResult[];
}

export type AttemptFn = (target: Target, context: AttemptContext) => Promise<Attempt>;

export const KINDS: Record<ProbeKind, AttemptFn> = {
  http: (t) => httpAttempt(t as UrlTarget<HttpProbe>),
  tcp: (t) => tcpAttempt(t as UrlTarget<TcpProbe>),
  dns: (t) => dnsAttempt(t as Target & { probe: DnsProbe }),
  heartbeat: (t, context) => heartbeatAttempt(t as Target & { probe: HeartbeatProbe }, context),
  statuspage: (t) => statuspageAttempt(t as UrlTarget<StatuspageProbe>),
};
