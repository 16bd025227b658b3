import { Resolver } from 'node:dns/promises';
import type { ErrorClass } from '#core/model/enums.ts';
import type { DnsProbe } from '#core/model/probe.ts';
import { judgeTiming } from '#core/probe/verdict.ts';
import { type Attempt, since } from './attempt.ts';
import type { Target } from './target.ts';

/** c-ares codes: no such name; the name has no record of the type asked; no answer in time. */
const BY_CODE: Record<string, ErrorClass> = { ENOTFOUND: 'nxdomain', ENODATA: 'mismatch', ETIMEOUT: 'timeout', ECANCELLED: 'timeout' };

function normalize(value: string): string {
  return value.toLowerCase().replace(/\.$/, '');
}

async function answers(resolver: Resolver, probe: DnsProbe): Promise<string[]> {
  switch (probe.record) {
    case 'A':
      return resolver.resolve4(probe.name);
    case 'AAAA':
      return resolver.resolve6(probe.name);
    case 'CNAME':
      return resolver.resolveCname(probe.name);
    case 'TXT':
      // A TXT record may come in several strings; they form one value.
      return (await resolver.resolveTxt(probe.name)).map((chunks) => chunks.join(''));
  }
}

/** Resolves the name within the timeout; with `expect`, every expected value must be among the answers. */
export async function dnsAttempt(target: Target & { probe: DnsProbe }): Promise<Attempt> {
  const { probe } = target;
  const resolver = new Resolver({ timeout: probe.timeout, tries: 1 });
  if (probe.server) resolver.setServers([probe.server]);
  const start = performance.now();
  // c-ares may retry past its own timeout: one deadline for the whole attempt.
  const timer = setTimeout(() => resolver.cancel(), probe.timeout);
  try {
    const found = (await answers(resolver, probe)).map(normalize);
    const ms = since(start);
    if (probe.expect && !probe.expect.every((v) => found.includes(normalize(v)))) return { status: 'down', ms, error: 'mismatch', extra: {} };
    const verdict = judgeTiming(probe, ms);
    return { status: verdict.status, ms, extra: verdict.detail ? { detail: verdict.detail } : {} };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { status: 'down', ms: since(start), error: (typeof code === 'string' && BY_CODE[code]) || 'dns', extra: {} };
  } finally {
    clearTimeout(timer);
  }
}
