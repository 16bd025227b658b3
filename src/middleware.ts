import type { MiddlewareHandler } from 'astro';

const CSP_META = /<meta http-equiv="content-security-policy" content="[^"<>]*">/;

/**
 * Astro writes the Content-Security-Policy meta element after the page's other head elements; a
 * policy applies only to what follows it, so each page's is moved to the start of its head as the
 * page is rendered (rather than reading and writing every file again after the build). Only the
 * head is decoded: the body's bytes are passed on as they are.
 */
export const onRequest: MiddlewareHandler = async (_, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
  const bytes = Buffer.from(await response.arrayBuffer());
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  const headEnd = bytes.indexOf('</head>');
  const head = bytes.toString('utf8', 0, Math.max(headEnd, 0));
  const meta = CSP_META.exec(head)?.[0];
  if (!meta) return new Response(bytes, init);
  const moved = head.replace(meta, '').replace('<head>', () => `<head>${meta}`);
  return new Response(Buffer.concat([Buffer.from(moved), bytes.subarray(headEnd)]), init);
};
