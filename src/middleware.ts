import type { MiddlewareHandler } from 'astro';

const CSP_META = /<meta http-equiv="content-security-policy" content="[^"<>]*">/;

/**
 * Astro writes the Content-Security-Policy meta element after the page's other head elements; a
 * policy applies only to what follows it, so each page's is moved to the start of its head as the
 * page is rendered (rather than reading and writing every file again after the build).
 */
export const onRequest: MiddlewareHandler = async (_, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
  const html = await response.text();
  const meta = CSP_META.exec(html)?.[0];
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  if (!meta) return new Response(html, init);
  return new Response(
    html.replace(meta, '').replace('<head>', () => `<head>${meta}`),
    init,
  );
};
