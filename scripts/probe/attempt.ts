import type { CheckResult } from '#core/model/check-data.ts';
import { DAY } from '#core/model/time.ts';
import type { UpstreamIncident } from '#core/probe/upstream.ts';

/**
 * One try of a check; the runner adds the time of the run and the number of tries. `upstream`
 * names the provider's incident behind a statuspage probe's failure: it goes into a drafted
 * incident, never into the data files.
 */
export type Attempt = Omit<CheckResult, 'at' | 'attempts'> & { upstream?: UpstreamIncident };

/** A check as the run reports it. */
export type RunResult = CheckResult & { upstream?: UpstreamIncident };

/** Milliseconds since `start`, on the monotonic clock. */
/**
 * Reads a response body up to `limit` bytes, stopping (and closing it) there: a huge or endless
 * answer never fills memory. `keep: false` counts without keeping.
 */
export async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  limit: number,
  keep = true,
): Promise<{ text?: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const room = limit - size;
    if (keep) chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(chunk.length, room);
    if (chunk.length > room) {
      body.destroy();
      return { text: keep ? Buffer.concat(chunks).toString('utf8') : undefined, truncated: true };
    }
  }
  return { text: keep ? Buffer.concat(chunks).toString('utf8') : undefined, truncated: false };
}

export function since(start: number): number {
  return performance.now() - start;
}

/** Whole days until a certificate's end of validity; once expired, -1 for its first day and so on. */
export function daysLeft(validTo: Date): number {
  const days = (validTo.getTime() - Date.now()) / DAY;
  return days >= 0 ? Math.floor(days) : Math.min(-1, Math.trunc(days));
}

/** Socket timings in whole milliseconds, as `extra` fields: dns, connect, tls (whichever happened). */
export function watchSocket(socket: NodeJS.EventEmitter, start: number, into: Record<string, string>): void {
  let mark = start;
  const lap = (key: string) => () => {
    const now = performance.now();
    into[key] = String(Math.round(now - mark));
    mark = now;
  };
  socket.once('lookup', lap('dns'));
  socket.once('connect', lap('connect'));
  socket.once('secureConnect', lap('tls'));
}
