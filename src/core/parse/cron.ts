import { DAY, MINUTE } from '#core/model/time.ts';

/** The values of one cron field (`*`, `5`, `1-5`, `*\/15`, `5/15`, lists of them), or undefined when unreadable. */
function values(field: string, min: number, max: number): number[] | undefined {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(?:(\*)|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const lo = m[1] ? min : Number(m[2]);
    const hi = m[1] ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : lo;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < min || hi > max || lo > hi || step < 1) return undefined;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out];
}

/**
 * The longest wait between two runs of cron schedules taken together (five fields, in UTC as
 * GitHub reads them). Undefined when one cannot be read, or runs on some days only: then no wait
 * can be named.
 */
export function longestWait(crons: readonly string[]): number | undefined {
  const minutes = new Set<number>();
  for (const cron of crons) {
    const fields = cron.trim().split(/\s+/);
    if (fields.length !== 5 || fields.slice(2).some((f) => f !== '*' && f !== '?')) return undefined;
    const mins = values(fields[0]!, 0, 59);
    const hours = values(fields[1]!, 0, 23);
    if (!mins || !hours) return undefined;
    for (const h of hours) for (const m of mins) minutes.add(h * 60 + m);
  }
  const runs = [...minutes].sort((a, b) => a - b);
  if (runs.length === 0) return undefined;
  let longest = runs[0]! + DAY / MINUTE - runs.at(-1)!;
  for (let i = 1; i < runs.length; i++) longest = Math.max(longest, runs[i]! - runs[i - 1]!);
  return longest * MINUTE;
}
