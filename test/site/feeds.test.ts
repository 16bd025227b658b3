import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { snapshot } from '#core/derive/snapshot.ts';
import { feedEntries } from '#core/outputs/feeds.ts';
import { renderMessage } from '#core/render/markdown.ts';
import { routes } from '#core/render/routes.ts';
import { urls } from '#core/render/urls.ts';
import { builtSite } from '../build.ts';
import { CONFIG, repo, t } from '../helpers.ts';

const read = (dist: string, path: string) => readFileSync(join(dist, path), 'utf8');
const rss = (dist: string, path: string = routes.feed.rss) => parseFeed(read(dist, path));
const atom = (dist: string, path: string = routes.feed.atom) => parseFeed(read(dist, path));

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the fields readers rely on. */
const jsonFeedSchema = z.looseObject({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string(),
  home_page_url: z.url(),
  feed_url: z.url(),
  language: z.string(),
  items: z.array(
    z.looseObject({
      id: z.string(),
      url: z.url(),
      title: z.string(),
      content_html: z.string(),
      summary: z.string(),
      date_published: z.iso.datetime(),
      authors: z.array(z.object({ name: z.string() })).optional(),
      tags: z.array(z.string()).optional(),
    }),
  ),
});
const jsonFeed = (dist: string, path: string = routes.feed.json) => jsonFeedSchema.parse(JSON.parse(read(dist, path)));

const SITE = 'https://status.fernhill.example/';
describe('the example site’s feeds', async () => {
  const dist = await builtSite('example');

  it('RSS lists every update newest first, titled with the status it left the incident in', () => {
    const feed = rss(dist);
    expect(feed.title).toBe('Fernhill Status');
    expect(feed.url).toBe(SITE);
    expect(feed.self).toBe(`${SITE}feed.xml`);
    // The newest update, not the build time.
    expect(feed.updated).toEqual(new Date('2026-11-23T13:40:00Z'));
    const [first] = feed.items;
    expect(first!.title).toBe('[Identified] Webhook deliveries delayed');
    expect(first!.url).toBe(`${SITE}incidents/2026-11-23-webhook-delays/#2026-11-23T1340-update`);
    expect(first!.id).toBe(first!.url);
    expect(first!.published).toEqual(new Date('2026-11-23T13:40:00Z'));
    expect(first!.content).toContain('<p>The backlog is draining');
    expect(first!.authors.map((a) => a.name)).toEqual(['Jonas Weber']);

    const dates = feed.items.map((i) => i.published!.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const titles = feed.items.map((i) => i.title);
    // A reopened incident shows each turn; maintenance announcements and the postmortem are there too.
    expect(titles).toEqual(
      expect.arrayContaining([
        '[Investigating] Payments API unavailable',
        '[Resolved] Payments API unavailable',
        '[Postmortem] Payments API unavailable',
        '[Scheduled] CDN provider migration',
        '[Completed] Primary database upgrade',
      ]),
    );
    expect(titles.filter((t) => t === '[Resolved] Payments API unavailable')).toHaveLength(2);
    expect(titles.join('\n')).not.toMatch(/Search results incomplete/);
  });

  it('Atom carries the same items with URL ids and the same dates', () => {
    const a = atom(dist);
    const r = rss(dist);
    expect(a.title).toBe('Fernhill Status');
    expect(a.self).toBe(`${SITE}atom.xml`);
    expect(a.updated).toEqual(r.updated);
    expect(a.items.map((i) => [i.id, i.title, i.url, i.updated?.toISOString()])).toEqual(
      r.items.map((i) => [i.id, i.title, i.url, i.published?.toISOString()]),
    );
    for (const item of a.items) expect(new URL(item.id!).href).toBe(item.id);
  });

  it('JSON Feed 1.1 carries the same items', () => {
    const j = jsonFeed(dist);
    const r = rss(dist);
    expect(j.feed_url).toBe(`${SITE}feed.json`);
    expect(j.items.map((i) => [i.id, i.title, i.url, i.date_published])).toEqual(r.items.map((i) => [i.id, i.title, i.url, i.published!.toISOString()]));
    expect(j.items[0]!.authors).toEqual([{ name: 'Jonas Weber' }]);
    expect(j.items[0]!.tags).toEqual(['Webhooks']);
  });

  it('every item links to the update’s anchor on the built incident page', () => {
    for (const item of rss(dist).items) {
      const url = new URL(item.url!);
      const page = read(dist, join(url.pathname, 'index.html'));
      expect(page, item.url!).toContain(`id="${url.hash.slice(1)}"`);
    }
  });

  it('a component’s feeds hold only the incidents and maintenance that affected it', () => {
    for (const path of [routes.componentFeed.rss('cdn'), routes.componentFeed.atom('cdn')]) {
      const feed = parseFeed(read(dist, path));
      expect(feed.title).toBe('CDN · Fernhill Status');
      expect(feed.url).toBe(`${SITE}components/cdn/`);
      expect([...new Set(feed.items.map((i) => new URL(i.url!).pathname))]).toEqual([
        '/incidents/2026-11-29-cdn-migration/',
        '/incidents/2026-11-17-checkout-errors/',
        '/incidents/2026-10-02-cdn-unreachable/',
      ]);
    }
    const ids = rss(dist, routes.componentFeed.rss('cdn')).items.map((i) => i.id);
    expect(jsonFeed(dist, routes.componentFeed.json('cdn')).items.map((i) => i.id)).toEqual(ids);
    // The draft about search stays out of its feed.
    expect(rss(dist, routes.componentFeed.rss('search')).items.map((i) => i.title)).toEqual([
      '[Resolved] Search slower than usual',
      '[Investigating] Search slower than usual',
    ]);
  });
});

describe('feeds of a repository with an active critical incident', async () => {
  const dist = await builtSite('critical');
  // Half an hour later, without any new update.
  const again = await builtSite('critical-later');

  it('caps the feed at site.feed_items, newest first', () => {
    const feed = rss(dist);
    expect(feed.items.map((i) => i.title)).toEqual([
      '[Identified] Payments & refunds failing',
      '[Identified] Payments & refunds failing',
      '[Investigating] Payments & refunds failing',
      '[Postmortem] Login errors',
    ]);
    expect(jsonFeed(dist).items).toHaveLength(4);
  });

  it('keeps titles with markup characters as text in every format', () => {
    expect(atom(dist).items[0]!.title).toBe('[Identified] Payments & refunds failing');
    expect(jsonFeed(dist).items[0]!.title).toBe('[Identified] Payments & refunds failing');
    expect(atom(dist).title).toBe('Orbit & Co Status');
  });

  it('gives the same ids, dates and bytes when rebuilt later without news', () => {
    const paths = [
      routes.feed.rss,
      routes.feed.atom,
      routes.feed.json,
      ...['payments', 'login', 'docs'].flatMap((id) => [routes.componentFeed.rss(id), routes.componentFeed.atom(id), routes.componentFeed.json(id)]),
    ];
    for (const path of paths) expect(read(again, path), path).toBe(read(dist, path));
    const before = atom(dist);
    const after = atom(again);
    expect(after.updated).toEqual(new Date('2026-05-04T14:40:00Z'));
    expect(after.updated).toEqual(before.updated);
    expect(after.items.map((i) => i.id)).toEqual(before.items.map((i) => i.id));
  });

  it('gives a component without incidents an empty feed dated like the page', () => {
    const docs = rss(dist, routes.componentFeed.rss('docs'));
    expect(docs.items).toEqual([]);
    expect(docs.updated).toBeInstanceOf(Date);
    expect(jsonFeed(dist, routes.componentFeed.json('docs')).items).toEqual([]);
  });
});

describe('feed items', () => {
  const md = (front: string, body = 'Message.') => `---\n${front.trim()}\n---\n${body}\n`;
  const items = (files: Record<string, string>, config = CONFIG, componentId?: string) => {
    const { repository, diagnostics } = repo(files, config);
    expect(diagnostics).toEqual([]);
    return feedEntries(
      { snapshot: snapshot(repository!, t('2026-11-20T12:00:00Z')), urls: urls(repository!.config.site.url), message: renderMessage },
      componentId,
    );
  };

  it('leave out drafts, and postmortems that have no time to date them by', () => {
    const list = items({
      'incidents/a/index.md': md('title: Published\nat: 2026-11-20T10:00:00Z\ncomponents: [api]'),
      'incidents/a/2026-11-20T1100-resolved.md': md('at: 2026-11-20T11:00:00Z\nstatus: resolved'),
      'incidents/a/postmortem.md': md('author: Someone', 'What happened.'),
      'incidents/b/index.md': md('title: Secret\ndraft: true\nat: 2026-11-20T09:00:00Z'),
    });
    expect(list.map((i) => [i.title, i.link, i.date])).toEqual([
      ['[Resolved] Published', 'https://status.test.example/incidents/a/#2026-11-20T1100-resolved', t('2026-11-20T11:00:00Z')],
      ['[Investigating] Published', 'https://status.test.example/incidents/a/#declared', t('2026-11-20T10:00:00Z')],
    ]);
    expect(list[0]!.categories).toEqual([{ id: 'api', name: 'API', status: 'partial_outage' }]);
  });

  it('hold updates not due yet back until their time', () => {
    const list = items({
      'incidents/a/index.md': md('title: Ongoing\nat: 2026-11-20T10:00:00Z'),
      'incidents/a/2026-11-20T1300-resolved.md': md('at: 2026-11-20T13:00:00Z\nstatus: resolved'),
    });
    expect(list.map((i) => i.title)).toEqual(['[Investigating] Ongoing']);
  });

  it('stop at site.feed_items', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++)
      files[`incidents/i${i}/index.md`] = md(`title: Incident ${i}\nat: 2026-11-${String(1 + (i % 19)).padStart(2, '0')}T10:${String(i).padStart(2, '0')}:00Z`);
    expect(items(files)).toHaveLength(50);
    expect(items(files, `${CONFIG.replace('timezone: Europe/Berlin', 'timezone: Europe/Berlin\n  feed_items: 7')}`)).toHaveLength(7);
  });
});
