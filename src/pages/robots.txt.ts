import { robotsTxt } from '#core/outputs/sitemap.ts';
import { siteData } from '../site-data.ts';

export function GET(): Response {
  return new Response(robotsTxt(siteData().urls), { headers: { 'Content-Type': 'text/plain' } });
}
