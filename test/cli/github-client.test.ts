import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTEMPTS, GitHubError, gitHub } from '../../scripts/automation/github.ts';

/**
 * The GitHub client against two local HTTP servers standing in for GitHub's API (which cannot be
 * reached from here) and for another origin. Each test scripts the API's answers in order; the
 * client's waits are recorded instead of slept, so nothing here depends on time.
 */

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

interface Server {
  url: string;
  seen: Array<{ method: string; url: string; authorization?: string }>;
  answers: Answer[];
  close(): Promise<void>;
}

async function server(): Promise<Server> {
  const state = { seen: [] as Server['seen'], answers: [] as Answer[] };
  const s = createServer((req, res) => {
    req.resume();
    state.seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const answer = state.answers.shift();
    if (answer) answer(req, res);
    else res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  return {
    ...state,
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
}

const json =
  (code: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (_req, res) =>
    res.writeHead(code, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

let api: Server;
let other: Server;
beforeAll(async () => {
  api = await server();
  other = await server();
});
afterAll(async () => {
  await api.close();
  await other.close();
});

function client(base = `${api.url}/api/v3`) {
  const waits: number[] = [];
  const logs: string[] = [];
  const github = gitHub(
    { GITHUB_TOKEN: 'secret-token', GITHUB_REPOSITORY: 'acme/status', GITHUB_API_URL: base },
    { dryRun: false, log: (l) => logs.push(l) },
    { sleep: async (ms) => void waits.push(ms) },
  );
  return { github, waits };
}

function reset() {
  api.seen.length = 0;
  api.answers.length = 0;
  other.seen.length = 0;
  other.answers.length = 0;
}

describe('GitHub client: pages', () => {
  it('follows rel="next" under the API base, and refuses a link to another origin or path without sending the token', async () => {
    reset();
    api.answers.push(json(200, [], { link: `<${api.url}/api/v3/repos/acme/status/pulls?page=2>; rel="next"` }));
    api.answers.push(json(200, []));
    await client().github.listPulls('open');
    expect(api.seen.map((s) => s.url)).toEqual([
      '/api/v3/repos/acme/status/pulls?state=open&sort=updated&direction=desc&per_page=100',
      '/api/v3/repos/acme/status/pulls?page=2',
    ]);

    for (const next of [`${other.url}/api/v3/repos/acme/status/pulls?page=2`, `${api.url}/elsewhere?page=2`, `${api.url}/api/v3x/pulls`]) {
      reset();
      api.answers.push(json(200, [], { link: `<${next}>; rel="next"` }));
      const error = await client()
        .github.listPulls('open')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitHubError);
      expect((error as Error).message).toMatch(/next page is not under .*; it is not followed/);
      expect(api.seen).toHaveLength(1);
      expect(other.seen).toEqual([]);
    }
  });
});

describe('GitHub client: retries', () => {
  it('retries a server error with growing backoff, then succeeds', async () => {
    reset();
    api.answers.push(json(502, { message: 'Bad gateway' }), json(503, { message: 'Unavailable' }));
    const { github, waits } = client();
    await github.listPulls('open');
    expect(api.seen).toHaveLength(3);
    expect(waits).toEqual([1000, 2000]);
  });

  it('gives up after the last attempt with the status in words', async () => {
    reset();
    for (let i = 0; i < ATTEMPTS; i++) api.answers.push(json(500, { message: 'Server Error' }));
    const { github, waits } = client();
    await expect(github.comment(7, 'hello')).rejects.toThrow(/GitHub answered 500 when trying to comment on pull request #7 \(500: Server Error\)/);
    expect(api.seen).toHaveLength(ATTEMPTS);
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('retries a request whose connection dropped before an answer, as after a timeout', async () => {
    reset();
    // The socket is closed without an answer: what a dropped connection looks like.
    api.answers.push((req) => req.socket.destroy());
    const { github, waits } = client();
    await github.listPulls('open');
    expect(api.seen).toHaveLength(2);
    expect(waits).toEqual([1000]);
  });

  it('waits out a secondary rate limit as retry-after asks, instead of reporting a missing permission', async () => {
    reset();
    api.answers.push(json(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '7' }));
    const { github, waits } = client();
    await github.addLabels(3, ['incident']);
    expect(waits).toEqual([7000]);
    expect(api.seen.map((s) => s.method)).toEqual(['POST', 'POST']);
  });

  it('waits for a used-up rate limit that resets within a minute', async () => {
    reset();
    const resetAt = Math.ceil(Date.now() / 1000) + 5;
    api.answers.push(json(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) }));
    const { github, waits } = client();
    await github.listPulls('open');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(6000);
  });

  it('reports a rate limit longer than a minute as such, not as a permission', async () => {
    reset();
    api.answers.push(json(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '600' }));
    const { github, waits } = client();
    const error = await github.addLabels(3, ['incident']).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/secondary rate limit stopped the request to label pull request #3 .*wait 600 s: run again later/);
    expect((error as Error).message).not.toMatch(/needs/);
    expect(waits).toEqual([]);
  });

  it('still names the permission for a plain 403, without retrying', async () => {
    reset();
    api.answers.push(json(403, { message: 'Resource not accessible by integration' }));
    const { github, waits } = client();
    await expect(github.comment(1, 'x')).rejects.toThrow(/the token needs "issues: write"/);
    expect(api.seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});
