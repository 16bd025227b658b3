import { isIsoTime, toInstant } from '#core/model/time.ts';

/** "Now" for builds and commands: `CAIRN_NOW` when set (reproducible builds and tests), else the clock. */
export function resolveNow(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.CAIRN_NOW;
  if (!text) return Date.now();
  if (!isIsoTime(text)) throw new Error(`CAIRN_NOW="${text}" is not an ISO 8601 time; use e.g. CAIRN_NOW=2026-11-20T12:00:00Z`);
  return toInstant(text, 'UTC')!;
}
