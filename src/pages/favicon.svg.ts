import { faviconSvg, theme } from '#core/render/theme.ts';
import { siteData } from '../site-data.ts';

export function GET(): Response {
  const svg = faviconSvg(theme(siteData().snapshot.config.site.brand_color));
  return new Response(svg, { headers: { 'Content-Type': 'image/svg+xml' } });
}
