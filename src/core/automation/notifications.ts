import { PAGE_STATUS_TEXT, type PageStatus } from '#core/derive/page-status.ts';
import type { Snapshot } from '#core/derive/snapshot.ts';
import { type AffectedStatus, type Impact, label, type Status } from '#core/model/enums.ts';
import { isoUtc } from '#core/model/time.ts';
import { escapeSlack } from '#core/render/escape.ts';
import { formatDateTime } from '#core/render/format.ts';
import { routes } from '#core/render/routes.ts';
import { urls } from '#core/render/urls.ts';

/**
 * Notifications of what readers newly see: every incident message (declaration or update) that is
 * published and visible in one state of the repository and was not in the previous one. Drafts
 * are never visible, so they never notify. Pure: payloads are plain data for the shell to post.
 */

export interface PublishedUpdate {
  incident: { id: string; title: string; type: 'incident' | 'maintenance'; url: string };
  /** `declared`, or the update file's name. */
  id: string;
  at: number;
  status: Status;
  impact: Impact;
  message: string;
  components: Array<{ id: string; name: string; status: AffectedStatus }>;
  author?: string;
  url: string;
}

export interface PageInfo {
  title: string;
  url: string;
  status: PageStatus;
  timeZone: string;
}

const key = (incident: string, entry: string) => `${incident}\0${entry}`;

/** Messages visible in `after` that `before` did not show, oldest first. */
export function newPublishedUpdates(before: Snapshot, after: Snapshot): PublishedUpdate[] {
  const seen = new Set(before.all.flatMap((f) => f.timeline.entries.map((e) => key(f.incident.id, e.id))));
  const site = urls(after.config.site.url);
  const names = new Map(after.config.components.map((c) => [c.id, c.name]));
  const out: PublishedUpdate[] = [];
  for (const { incident, timeline } of after.all) {
    for (const e of timeline.entries) {
      if (seen.has(key(incident.id, e.id))) continue;
      out.push({
        incident: { id: incident.id, title: incident.title, type: incident.type, url: site.absolute(routes.incident(incident.id)) },
        id: e.id,
        at: e.at,
        status: e.state.status,
        impact: e.state.impact,
        message: e.body.trim(),
        components: Object.entries(e.state.components).map(([id, status]) => ({ id, name: names.get(id) ?? id, status })),
        author: e.author,
        url: site.absolute(routes.update(incident.id, e.id)),
      });
    }
  }
  return out.sort((a, b) => a.at - b.at || a.incident.id.localeCompare(b.incident.id) || a.id.localeCompare(b.id));
}

export function pageInfo(snapshot: Snapshot): PageInfo {
  return { title: snapshot.config.site.title, url: snapshot.config.site.url, status: snapshot.page, timeZone: snapshot.config.site.timezone };
}

function headline(u: PublishedUpdate): string {
  return `${label(u.status)}: ${u.incident.title}`;
}

function affected(u: PublishedUpdate): string {
  return u.components.map((c) => `${c.name} (${label(c.status).toLowerCase()})`).join(', ');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Splits items into batches that each stay within a count and a size limit. */
function batches<T>(items: T[], maxCount: number, maxSize: number, size: (item: T) => number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    const s = size(item);
    if (current.length > 0 && (current.length >= maxCount || total + s > maxSize)) {
      out.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += s;
  }
  if (current.length) out.push(current);
  return out;
}

// Slack's mrkdwn is not Markdown: escape its control characters, then translate links and bold.
// Only web and mail addresses become links: `<!channel|…>` or `<@U123|…>` would mention people.
function slackText(markdown: string): string {
  return escapeSlack(markdown)
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, text: string, url: string) => (/^(https?:|mailto:)/i.test(url) ? `<${url}|${text}>` : text))
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*');
}

/** Slack incoming-webhook messages: one section per update, as few messages as Slack's limits allow. */
export function slackPayloads(updates: PublishedUpdate[], page: PageInfo): Array<{ text: string; blocks: unknown[] }> {
  // Slack allows 50 blocks per message; each update takes three.
  return batches(updates, 16, Infinity, () => 1).map((batch) => ({
    // The fallback text is mrkdwn too: `<!channel>` or `<url|label>` in a title must stay text.
    text: escapeSlack(batch.length === 1 ? `${page.title}: ${headline(batch[0]!)}` : `${page.title}: ${batch.length} updates`),
    blocks: batch.flatMap((u, i) => [
      ...(i > 0 ? [{ type: 'divider' }] : []),
      // Titles and names are plain text: only the message is Markdown, whose links may become Slack links.
      { type: 'section', text: { type: 'mrkdwn', text: cut(`*<${u.url}|${escapeSlack(headline(u))}>*\n${slackText(u.message)}`, 3000) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: escapeSlack([formatDateTime(u.at, page.timeZone), affected(u)].filter(Boolean).join(' · ')) }],
      },
    ]),
  }));
}

const COLORS: Record<Impact, number> = { none: 0x868e96, minor: 0xf59f00, major: 0xe8590c, critical: 0xe03131 };

function color(u: PublishedUpdate): number {
  if (u.status === 'resolved' || u.status === 'completed') return 0x2f9e44;
  if (u.incident.type === 'maintenance') return 0x1c7ed6;
  return COLORS[u.impact];
}

interface DiscordEmbed {
  title: string;
  url: string;
  description: string;
  color: number;
  timestamp: string;
  fields: Array<{ name: string; value: string }>;
  footer: { text: string };
}

function embedSize(e: DiscordEmbed): number {
  return e.title.length + e.description.length + e.footer.text.length + e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/** Discord webhook messages: one embed per update, at most ten embeds and 6,000 characters each. */
export function discordPayloads(updates: PublishedUpdate[], page: PageInfo): Array<{ username: string; embeds: DiscordEmbed[] }> {
  const embeds = updates.map(
    (u): DiscordEmbed => ({
      title: cut(headline(u), 256),
      url: u.url,
      description: cut(u.message, 1500),
      color: color(u),
      timestamp: new Date(u.at).toISOString(),
      fields: u.components.length ? [{ name: 'Affected', value: cut(affected(u), 1024) }] : [],
      footer: { text: `${page.title} · ${PAGE_STATUS_TEXT[page.status]}` },
    }),
  );
  return batches(embeds, 10, 6000, embedSize).map((batch) => ({ username: cut(page.title, 80), embeds: batch }));
}

/** The generic webhook's body: the page and every new update, in one POST. */
export function jsonPayload(updates: PublishedUpdate[], page: PageInfo) {
  return {
    page: { title: page.title, url: page.url, status: page.status, status_text: PAGE_STATUS_TEXT[page.status] },
    updates: updates.map((u) => ({
      incident: u.incident,
      id: u.id,
      at: isoUtc(u.at),
      status: u.status,
      impact: u.impact,
      message: u.message,
      components: u.components,
      author: u.author ?? null,
      url: u.url,
    })),
  };
}

export const SERVICES = ['slack', 'discord', 'json'] as const;
export type Service = (typeof SERVICES)[number];

/** The bodies to POST to one service for these updates. */
export function payloads(service: Service, updates: PublishedUpdate[], page: PageInfo): unknown[] {
  if (updates.length === 0) return [];
  if (service === 'slack') return slackPayloads(updates, page);
  if (service === 'discord') return discordPayloads(updates, page);
  return [jsonPayload(updates, page)];
}
