/** How many candidates an "ambiguous" message names before it says "and N more". */
const SHOWN = 8;

import { suggest } from '#core/model/suggest.ts';
import { quoted } from '#core/model/text.ts';

/** The date at the start of an id, which people leave out when they abbreviate. */
const DAY_PREFIX = /^\d{4}-\d{2}-\d{2}-/;

/**
 * Finds the one id that `query` abbreviates: the id itself, a prefix of an id, or a prefix of the
 * part after its date (`webhook` for `2026-11-23-webhook-delays`). Otherwise a sentence that
 * names the candidates or the closest id.
 */
export function resolveId(query: string, ids: readonly string[]): { id: string } | { error: string } {
  const q = query.toLowerCase();
  const exact = ids.find((id) => id.toLowerCase() === q);
  if (exact) return { id: exact };
  const matches = ids.filter((id) => id.toLowerCase().startsWith(q) || id.toLowerCase().replace(DAY_PREFIX, '').startsWith(q));
  if (matches.length === 1) return { id: matches[0]! };
  if (matches.length > 1) {
    const shown = matches.slice(0, SHOWN);
    const more = matches.length > SHOWN ? ` and ${matches.length - SHOWN} more` : '';
    return { error: `${quoted(query)} matches ${matches.length} incidents: ${shown.join(', ')}${more}; type more of the id` };
  }
  const hint =
    suggest(q, ids) ??
    suggest(
      q,
      ids.map((id) => id.replace(DAY_PREFIX, '')),
    );
  const full = hint && ids.find((id) => id === hint || id.replace(DAY_PREFIX, '') === hint);
  return { error: `no incident ${quoted(query)}${full ? `; did you mean ${full}?` : ''} (run "cairn list" to see the ids)` };
}
