import type { Snapshot } from '#core/derive/snapshot.ts';
import { escapeXml } from '#core/render/escape.ts';
import { allHistoryPages } from '#core/render/history-pages.ts';
import { routes } from '#core/render/routes.ts';
import type { Urls } from '#core/render/urls.ts';

/** Every page of the site, for `sitemap.xml`. Drafts are not in the snapshot, so they are not here. */
export function sitemapRoutes(snapshot: Snapshot): string[] {
  const { config, all, now } = snapshot;
  return [
    routes.home,
    ...allHistoryPages(all, config.components, now, config.site.timezone).map((h) => h.route),
    ...config.components.map((c) => routes.component(c.id)),
    ...(config.site.metrics ? [routes.metrics] : []),
    routes.subscribe,
    ...all.map((f) => routes.incident(f.incident.id)),
  ];
}

export function sitemapXml(paths: string[], urls: Urls): string {
  const entries = paths.map((p) => `  <url><loc>${escapeXml(urls.absolute(p))}</loc></url>\n`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries}</urlset>\n`;
}

export function robotsTxt(urls: Urls): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${urls.absolute(routes.sitemap)}\n`;
}
