import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { z } from 'zod';
import type { Service } from '#core/automation/notifications.ts';
import { terminalText } from '#core/model/text.ts';
import { DATA_DIR } from '../../src/load.ts';
import type { Actor } from './git.ts';

/**
 * Posting notifications to webhooks, and remembering up to where they were sent. The URLs are
 * secrets: they are never printed, only the service's name is.
 */

export const WEBHOOK_ENV: Record<Service, string> = {
  slack: 'SLACK_WEBHOOK_URL',
  discord: 'DISCORD_WEBHOOK_URL',
  json: 'NOTIFY_WEBHOOK_URL',
};

/** The services whose webhook URL is set, with the URL. */
export function configuredWebhooks(env: NodeJS.ProcessEnv): Array<{ service: Service; url: string }> {
  return (Object.keys(WEBHOOK_ENV) as Service[]).flatMap((service) => {
    const url = env[WEBHOOK_ENV[service]]?.trim();
    if (!url) return [];
    if (!/^https?:\/\//i.test(url)) throw new Error(`${WEBHOOK_ENV[service]} is not an http(s) URL`);
    return [{ service, url }];
  });
}

const RETRY_CAP_MS = 30_000;

/**
 * `text` (a server's answer, an error) without the webhook's address or any part of it that may
 * be its secret: servers echo the path they were asked for ("Cannot POST /hooks/abc?token=…"),
 * and GitHub masks only the whole secret in logs.
 */
export function withoutSecret(text: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return text.replaceAll(url, '…');
  }
  const parts = [url, parsed.pathname + parsed.search, parsed.search, parsed.pathname, ...parsed.pathname.split('/'), ...[...parsed.searchParams.values()]];
  // Longest first, so that a whole address goes before its pieces; short pieces ("hooks") are no secret.
  return [...new Set(parts)]
    .filter((part) => part.length >= 8)
    .sort((a, b) => b.length - a.length)
    .reduce((out, part) => out.replaceAll(part, '…'), text);
}

/** Posts each payload in order; tries once more after a rate limit, a server error or a dropped connection. */
export async function post(service: Service, url: string, payloads: unknown[], actor: Actor): Promise<void> {
  for (const [i, payload] of payloads.entries()) {
    const what = `${service} message ${i + 1} of ${payloads.length}`;
    if (actor.dryRun) {
      actor.log(`would post ${what} to ${WEBHOOK_ENV[service]}:\n${JSON.stringify(payload, null, 2)}`);
      continue;
    }
    for (let attempt = 1; ; attempt++) {
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'cairn-status' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(20_000),
        });
      } catch (e) {
        // A kept-alive connection the server just closed fails once; a second failure is real.
        if (attempt < 2) continue;
        throw new Error(`cannot reach the ${service} webhook (${WEBHOOK_ENV[service]}): ${withoutSecret((e as Error).message, url)}`);
      }
      const text = await response.body.text();
      if (response.statusCode < 300) break;
      const retryable = response.statusCode === 429 || response.statusCode >= 500;
      if (!retryable || attempt >= 2) {
        throw new Error(
          `the ${service} webhook (${WEBHOOK_ENV[service]}) answered ${response.statusCode} to ${what}: ${terminalText(withoutSecret(text, url)).slice(0, 200).trim() || 'no body'}`,
        );
      }
      const after = Number(response.headers['retry-after']);
      await sleep(Math.min(RETRY_CAP_MS, Number.isFinite(after) ? after * 1000 : 1000));
    }
  }
}

/** Up to where notifications were sent: the commit of the main branch and the time it was deployed at. */
export const cursorSchema = z.object({
  commit: z.string().regex(/^[0-9a-f]{40,64}$/),
  at: z.iso.datetime({ offset: true }),
});
export type Cursor = z.output<typeof cursorSchema>;

/** Kept on the data branch, next to the results, so every deploy sees the last one's. */
export const CURSOR_FILE = 'notifications.json';

export function readCursor(root: string): Cursor | undefined {
  const path = join(root, DATA_DIR, CURSOR_FILE);
  if (!existsSync(path)) return undefined;
  const expected = `${DATA_DIR}/${CURSOR_FILE} is not {"commit": "<sha>", "at": "<ISO time>"}`;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${expected}: ${(e as Error).message}; delete it to start notifications afresh`);
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${expected}: delete it to start notifications afresh`);
  return parsed.data;
}

export function cursorText(cursor: Cursor): string {
  return `${JSON.stringify(cursor, null, 2)}\n`;
}
