import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { type Command, parseCommandArgs } from '../scripts/cli/command.ts';
import { tempDir, writeFiles } from './helpers.ts';

/**
 * What the automation tests stand on: real Git (a bare repository as the remote, clones as the
 * CI runner and as people), and a stand-in for GitHub's REST API, which cannot be reached from
 * here: a local HTTP server on 127.0.0.1 implementing the few endpoints the automation calls,
 * backed by the bare repository the way GitHub backs pull requests by Git refs.
 */

export function sh(cwd: string, args: string[], input?: string): string {
  const r = spawnSync('git', args, { cwd, input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
  return r.stdout;
}

export interface Remote {
  dir: string;
  bare: string;
  /** A fresh clone, as a person gets it; `shallow`: only the tip of main, as actions/checkout makes it. */
  clone(name: string, shallow?: boolean): string;
}

/** A bare repository whose main branch holds `files`, committed by "Seed". */
export function remoteWith(files: Record<string, string>): Remote {
  const dir = tempDir('cairn-automation-');
  const bare = join(dir, 'remote.git');
  sh(dir, ['init', '--quiet', '--bare', '-b', 'main', bare]);
  let n = 0;
  const clone = (name: string, shallow = false) => {
    const path = join(dir, `${name}-${n++}`);
    sh(dir, ['clone', '--quiet', ...(shallow ? ['--depth=1', `file://${bare}`] : [bare]), path]);
    sh(path, ['config', 'user.name', name]);
    sh(path, ['config', 'user.email', `${name}@example.test`]);
    return path;
  };
  const seed = clone('seed');
  writeFiles(seed, files);
  sh(seed, ['checkout', '--quiet', '-b', 'main']);
  sh(seed, ['add', '.']);
  sh(seed, ['commit', '--quiet', '-m', 'Start the status repository']);
  sh(seed, ['push', '--quiet', 'origin', 'main']);
  return { dir, bare, clone };
}

export interface Recorded {
  method: string;
  path: string;
  body: any;
  authorization?: string;
}

export interface FakePull {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged_at: string | null;
  closed_at: string | null;
  updated_at: string;
  created_at: string;
  head: { ref: string; sha: string; repo: { full_name: string } };
  base: { ref: string };
  html_url: string;
  labels: string[];
  comments: string[];
}

export const TOKEN = 'test-token';
export const REPOSITORY = 'acme/status';

export interface FakeGitHub {
  url: string;
  requests: Recorded[];
  pulls: FakePull[];
  /** Answers the next pull request creation with GitHub's refusal when Actions may not create them. */
  refuseCreate: boolean;
  /** Jobs of workflow runs by run id, with their steps, for `GET …/actions/runs/<id>/jobs`. */
  runs: Record<string, Array<{ name: string; conclusion: string; steps: Array<{ name: string; conclusion: string }> }>>;
  /** The time pull requests are opened and merged at through the API (default: a clock of its own). */
  now?: string;
  /** Merges pull request `number` into its base the way the merge button does. */
  merge(number: number, at: string): void;
  /** Closes it without merging, optionally deleting its branch. */
  close(number: number, at: string, deleteBranch?: boolean): void;
  /** Calls since the last `take()`, then forgets them. */
  take(): Recorded[];
}

function tip(bare: string, ref: string): string | undefined {
  const r = spawnSync('git', ['rev-parse', '--verify', '--quiet', ref], { cwd: bare, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export async function fakeGitHub(remote: Remote): Promise<FakeGitHub> {
  const { bare } = remote;
  const requests: Recorded[] = [];
  const pulls: FakePull[] = [];
  let taken = 0;
  let clock = 0;
  const stamp = () => new Date(Date.UTC(2030, 0, 1) + clock++ * 1000).toISOString();

  // GitHub moves refs/pull/<n>/head along with the branch while the pull request is open.
  const sync = () => {
    for (const p of pulls.filter((p) => p.state === 'open')) {
      const sha = tip(bare, `refs/heads/${p.head.ref}`);
      if (sha && sha !== p.head.sha) {
        p.head.sha = sha;
        sh(bare, ['update-ref', `refs/pull/${p.number}/head`, sha]);
      }
    }
  };
  const json = (pull: FakePull) => {
    const { labels, comments, ...rest } = pull;
    return { ...rest, labels: labels.map((name) => ({ name })) };
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : undefined;
    const url = new URL(req.url!, 'http://127.0.0.1');
    requests.push({ method: req.method!, path: url.pathname + url.search, body, authorization: req.headers.authorization });
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(data));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    sync();
    const base = `/repos/${REPOSITORY}`;
    const path = url.pathname;
    if (req.method === 'GET' && path === `${base}/pulls`) {
      const state = url.searchParams.get('state') ?? 'open';
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const all = pulls.filter((p) => state === 'all' || p.state === state).sort((a, b) => b.updated_at.localeCompare(a.updated_at));
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const next: Record<string, string> =
        all.length > page * perPage ? { link: `<http://${req.headers.host}${path}?state=${state}&per_page=${perPage}&page=${page + 1}>; rel="next"` } : {};
      return send(200, slice.map(json), next);
    }
    if (req.method === 'POST' && path === `${base}/pulls`) {
      if (fake.refuseCreate) return send(403, { message: 'GitHub Actions is not permitted to create or approve pull requests.' });
      const sha = tip(bare, `refs/heads/${body.head}`);
      if (!sha) return send(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }] });
      if (pulls.some((p) => p.state === 'open' && p.head.ref === body.head)) {
        return send(422, { message: 'Validation Failed', errors: [{ message: `A pull request already exists for acme:${body.head}.` }] });
      }
      const number = pulls.length + 1;
      const pull: FakePull = {
        number,
        title: body.title,
        body: body.body,
        state: 'open',
        merged_at: null,
        closed_at: null,
        updated_at: stamp(),
        created_at: fake.now ?? stamp(),
        head: { ref: body.head, sha, repo: { full_name: REPOSITORY } },
        base: { ref: body.base },
        html_url: `https://github.com/${REPOSITORY}/pull/${number}`,
        labels: [],
        comments: [],
      };
      sh(bare, ['update-ref', `refs/pull/${number}/head`, sha]);
      pulls.push(pull);
      return send(201, json(pull));
    }
    const run = /^\/repos\/acme\/status\/actions\/runs\/(\d+)\/jobs$/.exec(path);
    if (req.method === 'GET' && run) {
      const jobs = fake.runs[run[1]!];
      return jobs ? send(200, { total_count: jobs.length, jobs }) : send(404, { message: 'Not Found' });
    }
    const m = /^\/repos\/acme\/status\/(pulls|issues)\/(\d+)(?:\/(labels|comments|merge))?$/.exec(path);
    const pull = m && pulls.find((p) => p.number === Number(m[2]));
    if (!m || !pull) return send(404, { message: 'Not Found' });
    pull.updated_at = stamp();
    if (req.method === 'PATCH' && m[1] === 'pulls' && !m[3]) {
      Object.assign(pull, body.title === undefined ? {} : { title: body.title }, body.body === undefined ? {} : { body: body.body });
      return send(200, json(pull));
    }
    if (req.method === 'PUT' && m[1] === 'pulls' && m[3] === 'merge') {
      if (pull.state !== 'open') return send(405, { message: 'Pull Request is not mergeable' });
      if (body.sha !== pull.head.sha) return send(409, { message: 'Head branch was modified. Review and try the merge again.' });
      fake.merge(pull.number, fake.now ?? stamp());
      return send(200, { merged: true, message: 'Pull Request successfully merged' });
    }
    if (req.method === 'POST' && m[3] === 'labels') {
      pull.labels.push(...body.labels.filter((l: string) => !pull.labels.includes(l)));
      return send(
        200,
        pull.labels.map((name) => ({ name })),
      );
    }
    if (req.method === 'POST' && m[3] === 'comments') {
      pull.comments.push(body.body);
      return send(201, { id: pull.comments.length, body: body.body });
    }
    return send(404, { message: 'Not Found' });
  }

  const url = await localServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  const person = remote.clone('reviewer');

  const fake: FakeGitHub = {
    url,
    requests,
    pulls,
    refuseCreate: false,
    runs: {},
    merge(number, at) {
      sync();
      const pull = pulls.find((p) => p.number === number)!;
      sh(person, ['fetch', '--quiet', 'origin']);
      sh(person, ['checkout', '--quiet', '-B', pull.base.ref, `origin/${pull.base.ref}`]);
      sh(person, ['merge', '--quiet', '--no-ff', '-m', `Merge pull request #${number} from ${pull.head.ref}`, `origin/${pull.head.ref}`]);
      sh(person, ['push', '--quiet', 'origin', pull.base.ref]);
      Object.assign(pull, { state: 'closed', merged_at: at, closed_at: at, updated_at: stamp() });
    },
    close(number, at, deleteBranch = false) {
      sync();
      const pull = pulls.find((p) => p.number === number)!;
      Object.assign(pull, { state: 'closed', merged_at: null, closed_at: at, updated_at: stamp() });
      if (deleteBranch) sh(bare, ['update-ref', '-d', `refs/heads/${pull.head.ref}`]);
    },
    take() {
      const out = requests.slice(taken);
      taken = requests.length;
      return out;
    },
  };
  return fake;
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one command in-process, as `cairn <name> …` would, with the given folder, environment and time. */
export async function runCommand(command: Command, argv: string[], io: { cwd: string; env?: NodeJS.ProcessEnv; now: string; stdin?: string }): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const args = parseCommandArgs(command, argv);
  let code: number;
  try {
    code = await command.run(args, {
      cwd: io.cwd,
      env: io.env ?? {},
      now: Date.parse(io.now),
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      readStdin: async () => io.stdin ?? '',
      isTTY: false,
    });
  } catch (e) {
    stderr += (e as Error).message;
    code = 1;
  }
  return { code, stdout, stderr };
}

/** The environment a workflow gives the automation, pointed at the stand-in API. */
export function actionsEnv(github: FakeGitHub, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: REPOSITORY, GITHUB_API_URL: github.url, ...extra };
}

/** A folder for files a test writes along the way. */
export function scratch(): string {
  const dir = tempDir('cairn-scratch-');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Servers that `localServer` started, closed when the test file ends. The hook is registered as
 * the file imports this module: one registered by a test or hook that starts a server is ignored.
 */
const servers = new Set<Server>();
afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all([...servers].map((server) => new Promise<void>((done) => server.close(() => done()))));
  servers.clear();
});

/** An HTTP server on 127.0.0.1 for the rest of the test file; resolves with its base URL. */
export async function localServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.add(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A webhook receiver: records the path and JSON body of every POST; `/broken` answers 500. */
export async function webhookReceiver(): Promise<{ url: string; received: Array<{ path: string; body: any }> }> {
  const received: Array<{ path: string; body: any }> = [];
  const url = await localServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ path: req.url!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    // "/missing…" answers as many web frameworks do, echoing the path it was asked for.
    if (req.url!.startsWith('/missing')) {
      res.writeHead(404);
      res.end(`<pre>Cannot POST ${req.url}</pre>`);
      return;
    }
    res.writeHead(req.url === '/broken' ? 500 : 200);
    res.end('ok');
  });
  return { url, received };
}
