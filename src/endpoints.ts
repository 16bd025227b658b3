import { badgeFiles } from '#core/outputs/badges.ts';
import { FEED_TYPES, type FeedFormat, feedDocument } from '#core/outputs/feeds.ts';
import { type StatuspageDocuments, type StatuspageEndpoint, statuspageDocuments } from '#core/outputs/statuspage.ts';
import { jsonText } from '#core/render/escape.ts';
import { siteData } from './site-data.ts';

/** The responses of the site's feeds, API and badges: thin wrappers over the core, one derivation per build. */

export function json(value: unknown): Response {
  return new Response(`${jsonText(value)}\n`, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}

export function feedResponse(format: FeedFormat, componentId?: string): Response {
  return new Response(feedDocument(siteData(), format, componentId), { headers: { 'Content-Type': FEED_TYPES[format] } });
}

/** One page per component, for the per-component feeds. */
export function componentPaths(): Array<{ params: { id: string } }> {
  return siteData().snapshot.config.components.map((c) => ({ params: { id: c.id } }));
}

let documents: StatuspageDocuments | undefined;

export function statuspageResponse(endpoint: StatuspageEndpoint): Response {
  const { snapshot, urls, message } = siteData();
  documents ??= statuspageDocuments(snapshot, urls, message);
  return json(documents[endpoint]);
}

/** Badge files by their name under `badges/`. */
export function badgePaths(): Array<{ params: { file: string } }> {
  return badgeFiles(siteData().snapshot).map((f) => ({ params: { file: f.path.slice('badges/'.length) } }));
}

export function badgeResponse(file: string): Response {
  const badge = badgeFiles(siteData().snapshot).find((f) => f.path === `badges/${file}`);
  if (!badge) return new Response('Not found', { status: 404 });
  return new Response(badge.body(), { headers: { 'Content-Type': `${badge.type}; charset=utf-8` } });
}
