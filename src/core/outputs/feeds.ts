import { Feed } from 'feed';
import { affectedComponents, byAffectedComponent } from '#core/derive/affected.ts';
import { visiblePostmortem } from '#core/derive/incident-view.ts';
import type { Snapshot } from '#core/derive/snapshot.ts';
import type { Folded, TimelineEntry } from '#core/derive/timeline.ts';
import { label } from '#core/model/enums.ts';
import { isMade } from '#core/model/time.ts';
import { escapeXml, jsonText } from '#core/render/escape.ts';
import type { Messages } from '#core/render/markdown.ts';
import { routes } from '#core/render/routes.ts';
import type { Urls } from '#core/render/urls.ts';

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 of incident updates: one item per visible update (and per
 * dated postmortem), newest first. Ids and dates come from the repository only, so rebuilding
 * without news changes nothing a feed reader compares.
 */

export const FEED_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
} as const;
export type FeedFormat = keyof typeof FEED_TYPES;
export const FEED_FORMATS = Object.keys(FEED_TYPES) as FeedFormat[];

/** What feeds are made from: the build's snapshot, its URLs and its Markdown renderer. */
export interface FeedSource {
  snapshot: Snapshot;
  urls: Urls;
  message: Messages;
}

export interface FeedEntry {
  /** The absolute link of the update: stable as long as the incident and the update file keep their names. */
  id: string;
  title: string;
  link: string;
  date: number;
  html: string;
  summary: string;
  author?: string;
  categories: Array<{ id: string; name: string }>;
}

/**
 * A feed item before it is written out: its time and where it comes from in the snapshot, as a
 * build keeps every candidate of a long history for all its feeds.
 */
interface Candidate {
  date: number;
  item: Folded;
  /** The update; none for the postmortem. */
  entry?: TimelineEntry;
}

/** The absolute link of an item's update, which is also the item's id. */
function link(urls: Urls, c: Candidate): string {
  return urls.absolute(routes.update(c.item.incident.id, c.entry?.id ?? 'postmortem'));
}

/** Every visible update (and dated postmortem) of the snapshot, newest first. */
function candidates({ snapshot, urls }: FeedSource): Candidate[] {
  const { now } = snapshot;
  const out: Candidate[] = [];
  for (const item of snapshot.all) {
    for (const entry of item.timeline.entries) if (isMade(entry.at, now)) out.push({ date: entry.at, item, entry });
    const pm = visiblePostmortem(item, now);
    if (pm?.at !== undefined) out.push({ date: pm.at, item });
  }
  // Equal times are rare: only they need the links.
  return out.sort((a, b) => b.date - a.date || link(urls, a).localeCompare(link(urls, b)));
}

/** What the feeds of one source share: its candidates, by component, and the items of each feed. */
interface Prepared {
  all: Candidate[];
  byComponent?: Map<string, Candidate[]>;
  entries: Map<string | undefined, FeedEntry[]>;
}

// A build asks for three formats of the page's feed and of every component's: the candidates are
// collected and grouped once per source, and each feed's items made once for its formats.
const prepared = new WeakMap<FeedSource, Prepared>();

function prepare(source: FeedSource): Prepared {
  let p = prepared.get(source);
  if (!p) {
    p = { all: candidates(source), entries: new Map() };
    prepared.set(source, p);
  }
  return p;
}

function candidatesFor(p: Prepared, componentId: string | undefined): Candidate[] {
  if (componentId === undefined) return p.all;
  p.byComponent ??= byAffectedComponent(p.all, (c) => c.item);
  return p.byComponent.get(componentId) ?? [];
}

/** The items of the page's feed, or of one component's: incidents that touched it at any point. */
export function feedEntries(source: FeedSource, componentId?: string): FeedEntry[] {
  const p = prepare(source);
  let entries = p.entries.get(componentId);
  if (!entries) {
    // Only the newest `feed_items` are rendered: rendering Markdown is the expensive part, and a
    // long history has thousands of updates.
    entries = candidatesFor(p, componentId)
      .slice(0, source.snapshot.config.site.feed_items)
      .map((c) => {
        const id = link(source.urls, c);
        const { body, author } = c.entry ?? c.item.incident.postmortem!;
        const rendered = source.message(body);
        // A postmortem is filed under the components of its incident's declaration (entries are newest first).
        const { status, components } = (c.entry ?? c.item.timeline.entries.at(-1)!).state;
        return {
          id,
          title: `[${label(c.entry ? status : 'postmortem')}] ${c.item.incident.title}`,
          link: id,
          date: c.date,
          html: rendered.html,
          summary: rendered.text,
          author,
          categories: affectedComponents(source.snapshot.config, components),
        };
      });
    p.entries.set(componentId, entries);
  }
  return entries;
}

export interface FeedMeta {
  title: string;
  description: string;
  /** Absolute URL of the page the feed follows; also the feed's id. */
  home: string;
  /** Absolute URL of the feed in each format. */
  links: Record<FeedFormat, string>;
  icon: string;
  /** The feed's time when it has no items (a feed without news is as old as the page). */
  fallbackUpdated: number;
}

/** JSON Feed 1.1 from the package's 1.0 output: 1.1 names authors in a list and states the language. */
function jsonFeed11(json: string, icon: string): string {
  const doc = JSON.parse(json) as { version: string; language?: string; favicon?: string; items: Array<{ author?: unknown; authors?: unknown[] }> };
  doc.version = 'https://jsonfeed.org/version/1.1';
  doc.language = 'en';
  doc.favicon = icon;
  for (const item of doc.items) {
    if (item.author !== undefined) item.authors = [item.author];
    delete item.author;
  }
  return `${jsonText(doc, 2)}\n`;
}

/**
 * The `feed` package writes RSS and Atom through xml-js, which puts titles and content in CDATA
 * and escapes only the first `]]>` of a string, and leaves `<` in attribute values. So no
 * untrusted string reaches it: each is replaced by a token (U+0001 and a number; U+0001 is in no
 * URL, the only other strings it gets), and each token in the XML it writes is then
 * replaced by the string, escaped as XML text; a token that fills a whole CDATA section
 * replaces the section. The result has no CDATA and every value escaped once.
 */
function xmlSlots() {
  const values: string[] = [];
  return {
    slot(text: string): string {
      values.push(text);
      return `\u0001${values.length - 1}\u0001`;
    },
    fill(xml: string): string {
      return xml.replace(/<!\[CDATA\[\u0001(\d+)\u0001\]\]>|\u0001(\d+)\u0001/g, (_, cdata?: string, plain?: string) =>
        escapeXml(values[Number(cdata ?? plain)]!),
      );
    },
  };
}

export function renderFeed(format: FeedFormat, meta: FeedMeta, entries: FeedEntry[]): string {
  const xml = format !== 'json';
  const slots = xmlSlots();
  const text = xml ? slots.slot : (s: string) => s;
  const feed = new Feed({
    id: meta.home,
    title: text(meta.title),
    description: text(meta.description),
    link: meta.home,
    // The newest item's time, not the build's: an unchanged feed stays byte for byte the same.
    updated: new Date(entries[0]?.date ?? meta.fallbackUpdated),
    generator: 'Cairn',
    language: 'en',
    favicon: meta.icon,
    feedLinks: meta.links,
  });
  for (const e of entries) {
    feed.addItem({
      id: e.id,
      // Atom titles are declared as HTML, and so are summaries in Atom and RSS; JSON Feed keeps plain text apart.
      title: text(format === 'atom' ? escapeXml(e.title) : e.title),
      link: e.link,
      date: new Date(e.date),
      published: new Date(e.date),
      description: xml ? text(escapeXml(e.summary)) : e.summary,
      content: text(e.html),
      // RSS's <author> must be an e-mail address: there the name goes into Dublin Core's creator.
      author: e.author && format !== 'rss' ? [{ name: text(e.author) }] : undefined,
      extensions: e.author && format === 'rss' ? [{ name: 'dc:creator', objects: { _text: text(e.author) } }] : undefined,
      category: e.categories.map((c) => ({ name: text(c.name), term: c.id })),
    });
  }
  if (format === 'rss') return slots.fill(feed.rss2());
  if (format === 'atom') return slots.fill(feed.atom1());
  return jsonFeed11(feed.json1(), meta.icon);
}

/** The page's feed (every incident and maintenance), or one component's (those that affected it). */
export function feedDocument(source: FeedSource, format: FeedFormat, componentId?: string): string {
  const { snapshot, urls } = source;
  const site = snapshot.config.site;
  const component = componentId === undefined ? undefined : snapshot.config.components.find((c) => c.id === componentId);
  if (componentId !== undefined && !component) throw new Error(`unknown component ${componentId}`);
  const c = routes.componentFeed;
  const paths = component ? { rss: c.rss(component.id), atom: c.atom(component.id), json: c.json(component.id) } : routes.feed;
  return renderFeed(
    format,
    {
      title: component ? `${component.name} · ${site.title}` : site.title,
      description: component ? `Incidents and maintenance affecting ${component.name}` : site.description || `Incidents and maintenance of ${site.title}`,
      home: urls.absolute(component ? routes.component(component.id) : routes.home),
      links: { rss: urls.absolute(paths.rss), atom: urls.absolute(paths.atom), json: urls.absolute(paths.json) },
      icon: urls.absolute(routes.favicon),
      fallbackUpdated: snapshot.updatedAt,
    },
    feedEntries(source, componentId),
  );
}
