import { sitemapRoutes, sitemapXml } from '#core/outputs/sitemap.ts';
import { siteData } from '../site-data.ts';

export function GET(): Response {
  const { snapshot, urls } = siteData();
  return new Response(sitemapXml(sitemapRoutes(snapshot), urls), { headers: { 'Content-Type': 'application/xml' } });
}
