import { cpSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type HTMLElement, parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFrontmatter } from '#core/parse/yaml-source.ts';
import { buildSite } from '../build.ts';
import { copyRepository, FIXTURES, tempDir, writeFiles } from '../helpers.ts';
import { cairn } from '../probe-servers.ts';

/**
 * The heartbeat and statuspage probes end to end: their incidents, drafted by real probe runs,
 * published in a real build of the example, and a statuspage probe reading that build's own
 * /api/v2/summary.json over HTTP on 127.0.0.1.
 */

const NOW = '2026-11-23T14:00:00Z';

function serve(files: Record<string, Buffer>): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const body = files[req.url ?? ''];
    if (body) res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** A repository with the example's component ids and the given probes, probed at each time. */
async function drafts(probes: string, times: string[], heartbeatAt?: string): Promise<string> {
  const dir = tempDir('cairn-drafts-');
  writeFiles(dir, {
    'components.yml': `site:\n  title: Drafts\n  url: https://status.fernhill.example/\n  timezone: Europe/Berlin\ncomponents:\n${probes}`,
  });
  if (heartbeatAt) expect((await cairn(dir, ['heartbeat', 'search'], { CAIRN_NOW: heartbeatAt })).code).toBe(0);
  for (const now of times) expect((await cairn(dir, ['probe'], { CAIRN_NOW: now })).code).toBe(0);
  return dir;
}

const text = (el: HTMLElement | null | undefined) => el?.text.replace(/\s+/g, ' ').trim() ?? '';

describe('heartbeat and statuspage incidents on the page, and a statuspage probe of our own API', () => {
  let dist: string;
  let upstream: { server: Server; base: string };
  let own: { server: Server; base: string };
  beforeAll(async () => {
    upstream = await serve({ '/api/v2/summary.json': readFileSync(join(FIXTURES, 'statuspage', 'summary.json')) });
    const heartbeat = await drafts(
      '  - id: search\n    name: Search\n    probe: { kind: heartbeat, every: 1h, grace: 10m, failure_threshold: 2 }\n',
      ['2026-11-23T13:15:00Z', '2026-11-23T13:20:00Z'],
      '2026-11-23T12:00:00Z',
    );
    const integration = await drafts(
      `  - id: webhooks\n    name: Webhooks\n    probe: { kind: statuspage, url: "${upstream.base}", components: [Git Operations], failure_threshold: 1, retries: 0 }\n`,
      ['2026-11-23T13:30:00Z'],
    );
    const example = copyRepository('example');
    cpSync(join(heartbeat, 'incidents'), join(example, 'incidents'), { recursive: true });
    cpSync(join(integration, 'incidents'), join(example, 'incidents'), { recursive: true });
    ({ dist } = await buildSite(example, NOW));
    own = await serve({ '/api/v2/summary.json': readFileSync(join(dist, 'api/v2/summary.json')) });
  }, 240_000);
  afterAll(() => Promise.all([upstream, own].map((s) => new Promise<void>((resolve) => s.server.close(() => resolve())))));

  const page = (id: string) => parse(readFileSync(join(dist, 'incidents', id, 'index.html'), 'utf8'));

  it('shows the heartbeat incident with its source and what the probe saw', () => {
    const html = page('2026-11-23-search-down');
    expect(text(html.querySelector('h1'))).toBe('Search missed its heartbeat');
    expect(html.querySelectorAll('.tags .tag').map(text)).toContain('Auto: Heartbeat');
    expect(text(html.querySelector('main'))).toContain('The scheduled job behind Search has not reported in since 23 Nov 2026, 13:00');
  });

  it("shows the statuspage incident with the upstream incident's name and a link to it", () => {
    const html = page('2026-11-23-webhooks-down');
    expect(text(html.querySelector('h1'))).toBe('Webhooks: Incident with Git Operations and Webhooks');
    expect(html.querySelectorAll('.tags .tag').map(text)).toContain('Auto: Integration');
    const link = html.querySelectorAll('main a').find((a) => a.getAttribute('href') === 'https://stspg.io/x7n1m4q2');
    expect(text(link)).toBe('Incident with Git Operations and Webhooks');
  });

  it("reads Cairn's own built /api/v2/summary.json like any Statuspage page", async () => {
    const summary = JSON.parse(readFileSync(join(dist, 'api/v2/summary.json'), 'utf8'));
    const webhooks = summary.components.find((c: { name: string }) => c.name === 'Webhooks');
    const dir = tempDir('cairn-own-');
    writeFiles(dir, {
      'components.yml': `site:\n  title: Downstream\n  url: https://status.downstream.example/\ncomponents:\n  - id: fernhill\n    name: Fernhill webhooks\n    probe: { kind: statuspage, url: "${own.base}", components: [Webhooks], failure_threshold: 1, retries: 0 }\n  - id: fernhill-page\n    name: Fernhill\n    probe: { kind: statuspage, url: "${own.base}/api/v2/summary.json", retries: 0 }\n`,
    });
    const run = await cairn(dir, ['probe', '--json'], { CAIRN_NOW: NOW });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    const expected = { operational: 'up', degraded_performance: 'degraded', partial_outage: 'down', major_outage: 'down', under_maintenance: 'up' }[
      webhooks.status as string
    ];
    expect(webhooks.status).not.toBe('operational');
    expect(json.results[0]).toMatchObject({ component: 'fernhill', status: expected });
    expect(json.results[1]).toMatchObject({ component: 'fernhill-page', status: summary.status.indicator === 'none' ? 'up' : expect.any(String) });
    const action = json.actions.find((a: { component: string }) => a.component === 'fernhill');
    const open = summary.incidents.find((i: { components: Array<{ name: string }> }) => i.components.some((c) => c.name === 'Webhooks'));
    expect(action.title).toBe(`Fernhill webhooks: ${open.name}`);
    const drafted = parseFrontmatter(readFileSync(join(dir, action.files[0]), 'utf8'), action.files[0]).frontmatter!;
    expect(drafted.body).toContain(`(${open.shortlink})`);
  });
});
