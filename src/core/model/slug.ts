/** Incident ids: the day it began and a slug of its title, such as `2026-11-20-api-latency`. */

const MAX_SLUG = 48;

/** Lowercase ASCII words joined by dashes, cut at a word boundary; accents are dropped, other scripts too. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_SLUG) return slug;
  const cut = slug.slice(0, MAX_SLUG + 1);
  return cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : slug.slice(0, MAX_SLUG);
}

/**
 * `<day>-<slug>`, made unique against `taken` (compared without case, as file systems may) with
 * `-2`, `-3`…. A title without letters or digits falls back to `fallback`.
 */
export function incidentId(day: string, title: string, taken: Iterable<string>, fallback = 'incident'): string {
  const used = new Set([...taken].map((id) => id.toLowerCase()));
  const stem = `${day}-${slugify(title) || fallback}`;
  let id = stem;
  for (let i = 2; used.has(id); i++) id = `${stem}-${i}`;
  return id;
}
