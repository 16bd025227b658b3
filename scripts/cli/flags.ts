import type { ParseArgsOptionsConfig } from 'node:util';
import { AFFECTED_STATUSES, type AffectedStatus, IMPACTS, type Impact, impactOfSev } from '#core/model/enums.ts';
import { suggest } from '#core/model/suggest.ts';
import { quoted } from '#core/model/text.ts';
import { isIsoTime, isMade, isoInZone, parseDuration, toInstant, wallClockExists } from '#core/model/time.ts';
import { listWords } from '#core/parse/yaml-source.ts';
import { UsageError } from './command.ts';

/** Options and values shared by the commands that write or list incidents. */

export const MESSAGE_OPTION = { message: { type: 'string', short: 'm' } } as const satisfies ParseArgsOptionsConfig;
export const AT_OPTION = { at: { type: 'string' } } as const satisfies ParseArgsOptionsConfig;
export const AUTHOR_OPTION = { author: { type: 'string' } } as const satisfies ParseArgsOptionsConfig;
export const WRITE_OPTIONS = { ...MESSAGE_OPTION, ...AT_OPTION, ...AUTHOR_OPTION } as const satisfies ParseArgsOptionsConfig;

/** Help lines for the options in `WRITE_OPTIONS`; `withoutMessage` says what happens when --message is left out. */
export function writeHelp(withoutMessage = 'Without it, $EDITOR opens when run in a terminal.'): string[] {
  return [
    '  -m, --message TEXT   The message readers see (Markdown); "-" reads it from standard input.',
    `                       ${withoutMessage}`,
    '  --at TIME            When it happened (default: now); ISO 8601, without an offset read in',
    "                       the site's time zone: 2026-11-23T14:05, 2026-11-23T13:05:00Z.",
    '  --author NAME        Recorded in the file (default: git config user.name).',
  ];
}

/** Options that take an impact: `--impact major` or `--impact SEV-2`, or `--sev 2`. */
export const IMPACT_OPTIONS = { impact: { type: 'string' }, sev: { type: 'string' } } as const satisfies ParseArgsOptionsConfig;

export const IMPACT_HELP = [
  `  --impact LEVEL       ${IMPACTS.join(', ')}, or SEV-4 to SEV-1 (SEV-1 is critical).`,
  '  --sev N              The same as --impact SEV-N.',
];

/** The impact `--impact` or `--sev` names, undefined when neither is given. */
export function parseImpact(impactFlag: string | undefined, sevFlag: string | undefined): Impact | undefined {
  const impact = impactFlag?.trim();
  const sev = sevFlag?.trim();
  if (impact !== undefined && sev !== undefined) throw new UsageError('give --impact or --sev, not both');
  if (sev !== undefined) {
    const found = /^\d$/.test(sev) ? impactOfSev(sev) : undefined;
    if (!found) throw new UsageError(`--sev ${quoted(sev)} is not accepted; expected 1 (critical), 2 (major), 3 (minor) or 4 (none)`);
    return found;
  }
  if (impact === undefined) return undefined;
  const found = (IMPACTS as readonly string[]).includes(impact.toLowerCase()) ? (impact.toLowerCase() as Impact) : impactOfSev(impact);
  if (!found || /^\d$/.test(impact)) throw new UsageError(`--impact ${quoted(impact)} is not accepted; expected ${IMPACTS.join(', ')} or SEV-1 to SEV-4`);
  return found;
}

/** A string option that must be given (and not blank), trimmed. */
export function required(name: string, given: string | undefined, example: string): string {
  const value = given?.trim();
  if (!value) throw new UsageError(`--${name} is required, such as --${name} ${example}`);
  return value;
}

/** An ISO time from a flag; one without an offset is read in the site's zone. */
export function parseTime(flag: string, value: string, timeZone: string): number {
  if (!isIsoTime(value)) {
    throw new UsageError(`--${flag} ${quoted(value)} is not a time; expected ISO 8601 such as 2026-11-23T14:05 (read in ${timeZone}) or 2026-11-23T13:05:00Z`);
  }
  if (!wallClockExists(value, timeZone)) {
    throw new UsageError(`--${flag} ${quoted(value)} does not exist in ${timeZone}: the clocks skip it; give the time after the change, or one with an offset`);
  }
  return toInstant(value, timeZone)!;
}

/**
 * `--at`: when it happened, now if not given. A time a minute or more ahead would be hidden from
 * every reader until then, so it is refused.
 */
export function parseAt(value: string | undefined, timeZone: string, now: number): number {
  if (value === undefined) return now;
  const at = parseTime('at', value, timeZone);
  if (!isMade(at, now)) throw new UsageError(`--at ${quoted(value)} is in the future (now is ${isoInZone(now, timeZone)}); give the time it happened`);
  return at;
}

/** `--since`: an ISO date or time, or a duration back from now such as `30d` or `12h`. */
export function parseSince(value: string | undefined, timeZone: string, now: number): number | undefined {
  if (value === undefined) return undefined;
  const back = parseDuration(value);
  if (back !== undefined) return now - back;
  if (isIsoTime(value)) return toInstant(value, timeZone)!;
  throw new UsageError(`--since ${quoted(value)} is neither a time nor a duration; expected e.g. 2026-11-01, 2026-11-01T08:00 or 30d`);
}

/** Short names people type during an outage, for the component statuses. */
const STATUS_ALIASES: Record<string, AffectedStatus> = {
  degraded: 'degraded_performance',
  partial: 'partial_outage',
  major: 'major_outage',
  maintenance: 'under_maintenance',
};

/**
 * `--components api:major_outage,db` (repeatable): component id → status. An id without a status
 * gets `bare`, as a plain list does in a file. Only the status is checked here; the ids are checked
 * against components.yml by the same rules as `cairn check`.
 */
export function parseComponents(values: string[] | undefined, bare: AffectedStatus): Record<string, AffectedStatus> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, AffectedStatus> = {};
  for (const item of values
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, status, ...rest] = item.split(':').map((s) => s.trim());
    if (!id || rest.length) throw new UsageError(`--components ${quoted(item)} is not accepted; expected id or id:status, such as api:major_outage`);
    // An own property even for `__proto__`, so the file written names it and `cairn check` refuses it.
    const set = (value: AffectedStatus) => Object.defineProperty(out, id, { value, enumerable: true, writable: true, configurable: true });
    if (status === undefined) {
      set(bare);
      continue;
    }
    const resolved = (Object.hasOwn(STATUS_ALIASES, status) ? STATUS_ALIASES[status] : undefined) ?? AFFECTED_STATUSES.find((s) => s === status);
    if (!resolved) {
      const words = [...AFFECTED_STATUSES, ...Object.keys(STATUS_ALIASES)];
      const hint = suggest(status, words);
      throw new UsageError(
        `--components ${quoted(item)}: unexpected status ${quoted(status)}${hint ? ` (did you mean ${hint}?)` : ''}; expected ${listWords(AFFECTED_STATUSES)} (or degraded, partial, major, maintenance)`,
      );
    }
    set(resolved);
  }
  return out;
}

/** `--remove db,cdn` (repeatable): component ids. */
export function parseIds(values: string[] | undefined): string[] {
  if (!values) return [];
  return values
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}
