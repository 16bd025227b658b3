import { request } from 'undici';
import { z } from 'zod';
import type { Actor } from './git.ts';

/**
 * The few GitHub REST calls the automation makes. Base URL from `GITHUB_API_URL` (GitHub
 * Enterprise sets it; default https://api.github.com), token from `GITHUB_TOKEN`, repository from
 * `GITHUB_REPOSITORY` (owner/name). Refusals name the permission or setting that is missing.
 * The token goes to the API base only: a `Link` to anywhere else is not followed. Server errors
 * and timeouts are retried with backoff, and rate limits are waited out when they end soon.
 */

export const pullSchema = z.looseObject({
  number: z.int(),
  title: z.string(),
  body: z.string().nullable().default(null),
  html_url: z.string(),
  state: z.enum(['open', 'closed']),
  merged_at: z.string().nullable().default(null),
  closed_at: z.string().nullable().default(null),
  head: z.looseObject({ ref: z.string(), sha: z.string(), repo: z.looseObject({ full_name: z.string() }).nullable() }),
  base: z.looseObject({ ref: z.string() }),
  created_at: z.string().optional(),
  labels: z.array(z.looseObject({ name: z.string() })).default([]),
});
export type Pull = z.output<typeof pullSchema>;

export class GitHubError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  body?: unknown;
  /** What the call does, for messages: "list pull requests". */
  what: string;
  /** The workflow permission it needs: "pull-requests: write". */
  permission: string;
}

const PR_SETTING = 'Settings → Actions → General → Workflow permissions → "Allow GitHub Actions to create and approve pull requests"';

function explain(call: Call, status: number, message: string, headers: Record<string, string | string[] | undefined>, repository: string): string {
  const said = message ? ` (${status}: ${message})` : ` (${status})`;
  if (status === 401)
    return `GitHub rejected the token when trying to ${call.what}${said}: set GITHUB_TOKEN to a valid token; in a workflow, env: GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}`;
  if (status === 403 && /not permitted to create or approve pull requests/i.test(message)) {
    return `GitHub Actions may not ${call.what} in ${repository}${said}: enable ${PR_SETTING}`;
  }
  if ((status === 403 || status === 429) && headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    return `GitHub's rate limit is used up${said}; it resets at ${Number.isFinite(reset) ? new Date(reset * 1000).toISOString() : 'the top of the hour'}`;
  }
  const wait = rateLimitWait(status, message, headers, Date.now());
  if (wait !== undefined)
    return `GitHub's secondary rate limit stopped the request to ${call.what}${said}; it asks to wait ${Math.ceil(wait / 1000)} s: run again later`;
  if (status === 403)
    return `GitHub refused to ${call.what}${said}: the token needs "${call.permission}"; add it under permissions: in the workflow, and check Settings → Actions → General → Workflow permissions is "Read and write permissions"`;
  if (status === 404)
    return `GitHub found nothing to ${call.what} at ${call.path}${said}: check GITHUB_REPOSITORY=${repository}; for a private repository, a token without "${call.permission}" also gets 404`;
  if (status === 422) return `GitHub did not accept the request to ${call.what}${said}`;
  return `GitHub answered ${status} when trying to ${call.what}${said}`;
}

/** GitHub's error message, with the details of a validation error. */
function errorMessage(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const d = data as { message?: unknown; errors?: Array<{ message?: string; code?: string; field?: string }> };
  const details = (d.errors ?? []).map((e) => e.message ?? [e.field, e.code].filter(Boolean).join(' ')).filter(Boolean);
  return [typeof d.message === 'string' ? d.message : '', ...details].filter(Boolean).join('; ');
}

/** The `rel="next"` page, or undefined on the last page; refused unless it lies under the API base. */
export function nextPage(link: string | string[] | undefined, base: string): string | undefined {
  const text = Array.isArray(link) ? link.join(',') : link;
  const next = text
    ?.split(',')
    .map((part) => /<([^>]+)>;\s*rel="next"/.exec(part)?.[1])
    .find(Boolean);
  if (next === undefined) return undefined;
  if (!underBase(next, base)) throw new GitHubError(`GitHub's next page is not under ${base}; it is not followed, so the token goes nowhere else`, 0);
  return next;
}

function underBase(url: string, base: string): boolean {
  try {
    const u = new URL(url);
    const b = new URL(`${base}/`);
    return u.origin === b.origin && u.pathname.startsWith(b.pathname);
  } catch {
    return false;
  }
}

/** Attempts per call: the first and three retries. */
export const ATTEMPTS = 4;
/** Pause before retry n (1, 2, 3): 1 s, 2 s, 4 s. */
export const BACKOFF_MS = 1000;
/** The longest wait for a rate limit to pass; a longer one is reported instead. */
export const MAX_RATE_WAIT_MS = 60_000;

/**
 * How long GitHub asks to wait before trying again, or undefined when the answer is no rate limit:
 * `retry-after` (seconds), an exhausted limit until `x-ratelimit-reset`, or a secondary rate limit
 * without either, for which GitHub says to wait at least a minute.
 */
export function rateLimitWait(status: number, message: string, headers: Record<string, string | string[] | undefined>, now: number): number | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const after = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(after)) return Math.max(0, after) * 1000;
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    return Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) : undefined;
  }
  if (/secondary rate limit/i.test(message) || status === 429) return 60_000;
  return undefined;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface GitHub {
  repository: string;
  /** Pull requests in `state`, most recently updated first; at most `pages` pages of 100. */
  listPulls(state: 'open' | 'closed', pages?: number): Promise<Pull[]>;
  /** Undefined in a dry run. */
  createPull(fields: { title: string; head: string; base: string; body: string }): Promise<Pull | undefined>;
  updatePull(number: number, fields: { title?: string; body?: string }): Promise<void>;
  /** `number` is undefined only in a dry run, for a pull request not opened. */
  addLabels(number: number | undefined, labels: string[]): Promise<void>;
  comment(number: number, body: string): Promise<void>;
  /** Merges it as the merge button does, only if its head is still `sha`. */
  mergePull(number: number, sha: string, title: string): Promise<void>;
}

export interface Options {
  /** Waits between attempts; a test passes one that records instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
}

export function gitHub(env: NodeJS.ProcessEnv, actor: Actor, options: Options = {}): GitHub {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const token = env.GITHUB_TOKEN;
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    throw new Error(
      `GITHUB_REPOSITORY="${repository}" is not owner/name; GitHub Actions sets it, elsewhere set it yourself, such as GITHUB_REPOSITORY=acme/status`,
    );
  }
  if (!token) throw new Error('GITHUB_TOKEN is not set; in a workflow, add env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}');
  const base = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const repo = `/repos/${repository}`;

  async function attempt(call: Call, url: string): Promise<{ status: number; data: unknown; headers: Record<string, string | string[] | undefined> }> {
    const response = await request(url, {
      method: call.method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'user-agent': 'cairn-status',
        'x-github-api-version': '2022-11-28',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.body.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    return { status: response.statusCode, data, headers: response.headers };
  }

  /** One call: server errors and timeouts retried with backoff, short rate limits waited out. */
  async function send(call: Call, url = `${base}${call.path}`): Promise<{ data: unknown; link?: string | string[] }> {
    // Nothing but the API base ever sees the token.
    if (!underBase(url, base)) throw new GitHubError(`refusing to send the token to ${url}: it is not under ${base}`, 0);
    for (let tries = 1; ; tries++) {
      let answer: Awaited<ReturnType<typeof attempt>>;
      try {
        answer = await attempt(call, url);
      } catch (e) {
        if (tries < ATTEMPTS) {
          await sleep(BACKOFF_MS * 2 ** (tries - 1));
          continue;
        }
        throw new GitHubError(`cannot reach GitHub at ${base} to ${call.what} (${tries} attempts): ${(e as Error).message}`, 0);
      }
      const { status, data, headers } = answer;
      if (status < 300) return { data, link: headers.link };
      if (tries < ATTEMPTS) {
        const wait = status >= 500 ? BACKOFF_MS * 2 ** (tries - 1) : rateLimitWait(status, errorMessage(data), headers, Date.now());
        if (wait !== undefined && wait <= MAX_RATE_WAIT_MS) {
          await sleep(wait);
          continue;
        }
      }
      throw new GitHubError(explain(call, status, errorMessage(data), headers, repository), status);
    }
  }

  /** A call that changes something: printed instead of made in a dry run. */
  async function change(call: Call): Promise<unknown> {
    if (actor.dryRun) {
      actor.log(`would call: ${call.method} ${call.path} ${cut(JSON.stringify(call.body), 160)}`);
      return undefined;
    }
    return (await send(call)).data;
  }

  return {
    repository,
    async listPulls(state, pages = 10) {
      const out: Pull[] = [];
      const call: Call = {
        method: 'GET',
        path: `${repo}/pulls?state=${state}&sort=updated&direction=desc&per_page=100`,
        what: 'list pull requests',
        permission: 'pull-requests: read',
      };
      let url: string | undefined = `${base}${call.path}`;
      for (let page = 0; url && page < pages; page++) {
        const { data, link } = await send(call, url);
        out.push(...z.array(pullSchema).parse(data));
        url = nextPage(link, base);
      }
      return out;
    },
    async createPull(fields) {
      const data = await change({
        method: 'POST',
        path: `${repo}/pulls`,
        body: fields,
        what: `open a pull request from ${fields.head}`,
        permission: 'pull-requests: write',
      });
      return data === undefined ? undefined : pullSchema.parse(data);
    },
    async updatePull(number, fields) {
      await change({
        method: 'PATCH',
        path: `${repo}/pulls/${number}`,
        body: fields,
        what: `update pull request #${number}`,
        permission: 'pull-requests: write',
      });
    },
    async addLabels(number, labels) {
      await change({
        method: 'POST',
        path: `${repo}/issues/${number ?? '<new pull request>'}/labels`,
        body: { labels },
        what: `label pull request #${number}`,
        permission: 'issues: write',
      });
    },
    async mergePull(number, sha, title) {
      await change({
        method: 'PUT',
        path: `${repo}/pulls/${number}/merge`,
        body: { sha, merge_method: 'merge', commit_title: title },
        what: `merge pull request #${number}`,
        permission: 'contents: write',
      });
    },
    async comment(number, body) {
      await change({
        method: 'POST',
        path: `${repo}/issues/${number}/comments`,
        body: { body },
        what: `comment on pull request #${number}`,
        permission: 'issues: write',
      });
    },
  };
}
