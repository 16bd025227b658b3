import { z } from 'zod';
import { PAGE_STATUS_TEXT, type PageStatus } from '#core/derive/page-status.ts';
import type { Snapshot } from '#core/derive/snapshot.ts';
import { RECENT_UPTIME_DAYS, recentUptime } from '#core/derive/snapshot.ts';
import { formatUptime } from '#core/derive/uptime.ts';
import { type ComponentStatus, label } from '#core/model/enums.ts';
import { escapeXml, jsonText } from '#core/render/escape.ts';
import { pageHeadline, unknownComponents } from '#core/render/labels.ts';
import { routes } from '#core/render/routes.ts';

/**
 * Status and uptime badges: SVG in the shape of shields.io's flat badges, and shields.io endpoint
 * JSON for those who would rather have shields.io draw them. Colour always comes with words.
 */

export interface Badge {
  label: string;
  message: string;
  color: string;
  /** The sentence a screen reader and a tooltip get. */
  title: string;
}

/** White text on each of these has a contrast of at least 4.5:1. */
export const BADGE_COLORS = {
  operational: '#1a7f37',
  maintenance: '#0969da',
  degraded: '#9a6700',
  partial: '#bc4c00',
  major: '#cf222e',
  unknown: '#6e7781',
  label: '#555555',
} as const;

const COMPONENT_COLOR: Record<ComponentStatus, string> = {
  unknown: BADGE_COLORS.unknown,
  operational: BADGE_COLORS.operational,
  under_maintenance: BADGE_COLORS.maintenance,
  degraded_performance: BADGE_COLORS.degraded,
  partial_outage: BADGE_COLORS.partial,
  major_outage: BADGE_COLORS.major,
};

const PAGE_COLOR: Record<PageStatus, string> = {
  unknown: BADGE_COLORS.unknown,
  operational: BADGE_COLORS.operational,
  maintenance: BADGE_COLORS.maintenance,
  partial_degraded: BADGE_COLORS.degraded,
  degraded: BADGE_COLORS.degraded,
  partial_outage: BADGE_COLORS.partial,
  major_outage: BADGE_COLORS.major,
};

export function uptimeColor(ratio: number | undefined): string {
  if (ratio === undefined) return BADGE_COLORS.unknown;
  if (ratio >= 0.999) return BADGE_COLORS.operational;
  if (ratio >= 0.99) return BADGE_COLORS.degraded;
  if (ratio >= 0.95) return BADGE_COLORS.partial;
  return BADGE_COLORS.major;
}

// Advance widths of Verdana at 11px for the printable ASCII characters (space to tilde), the
// font shields.io measures with; other characters get a typical width.
const ASCII_WIDTHS = [
  3.87, 4.33, 5.05, 9, 6.99, 11.84, 7.99, 2.95, 5, 5, 6.99, 9, 4, 5, 4, 5, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 5, 5, 9, 9, 9, 6, 11,
  7.52, 7.54, 7.68, 8.48, 6.96, 6.32, 8.53, 8.27, 4.63, 5, 7.62, 6.12, 9.27, 8.23, 8.66, 6.63, 8.66, 7.65, 7.52, 6.78, 8.05, 7.52, 10.88, 7.54, 6.77, 7.54, 5,
  5, 5, 9, 6.99, 6.99, 6.61, 6.85, 5.73, 6.85, 6.55, 3.87, 6.85, 6.96, 3.02, 3.79, 6.51, 3.02, 10.7, 6.96, 6.68, 6.85, 6.85, 4.69, 5.73, 4.33, 6.96, 6.51, 9,
  6.51, 6.51, 5.78, 6.98, 5, 6.98, 9,
];

/** Width of `text` in pixels, set in Verdana 11px. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    width += ASCII_WIDTHS[code - 32] ?? (code >= 0x2e80 ? 11 : 7);
  }
  return width;
}

const PADDING = 6;
const FONT = 'Verdana,Geneva,DejaVu Sans,sans-serif';

/** A flat badge: grey label, coloured message. `textLength` keeps the text inside in any font. */
export function renderBadge(badge: Badge): string {
  const labelText = textWidth(badge.label);
  const messageText = textWidth(badge.message);
  const labelWidth = Math.round(labelText + 2 * PADDING);
  const messageWidth = Math.round(messageText + 2 * PADDING);
  const width = labelWidth + messageWidth;
  const title = escapeXml(badge.title);
  const text = (content: string, x: number, length: number) => {
    const fit = `textLength="${length.toFixed(1)}" lengthAdjust="spacingAndGlyphs"`;
    // A faint shadow one pixel down, as on shields.io, then the text.
    return (
      `<text x="${x}" y="15" fill="#010101" fill-opacity=".3" aria-hidden="true" ${fit}>${escapeXml(content)}</text>` +
      `<text x="${x}" y="14" ${fit}>${escapeXml(content)}</text>`
    );
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" viewBox="0 0 ${width} 20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="${BADGE_COLORS.label}"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${badge.color}"/><rect width="${width}" height="20" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="${FONT}" font-size="11" text-rendering="geometricPrecision">`,
    text(badge.label, labelWidth / 2, labelText),
    text(badge.message, labelWidth + messageWidth / 2, messageText),
    '</g></svg>',
    '',
  ].join('\n');
}

/** shields.io's endpoint format: https://img.shields.io/endpoint?url=<this file's URL>. */
export const shieldsEndpointSchema = z.strictObject({
  schemaVersion: z.literal(1),
  label: z.string(),
  message: z.string().min(1),
  color: z.string().regex(/^#[0-9a-f]{6}$/),
  cacheSeconds: z.int().min(300),
});
export type ShieldsEndpoint = z.output<typeof shieldsEndpointSchema>;

export function shieldsEndpoint(badge: Badge): ShieldsEndpoint {
  // shields.io caches for at least five minutes; the probe rarely runs more often.
  return { schemaVersion: 1, label: badge.label, message: badge.message, color: badge.color, cacheSeconds: 300 };
}

/**
 * Like the page's headline, the badge never says "All Systems Operational" while a component has
 * no data; its message stays short (the title has the names).
 */
export function pageBadge(snapshot: Snapshot): Badge {
  const title = `${snapshot.config.site.title}: ${pageHeadline(snapshot)}`;
  const unknown = unknownComponents(snapshot);
  if (snapshot.page === 'operational' && unknown.length > 0) {
    const message = unknown.length === 1 ? `No data for ${unknown[0]}` : `No data for ${unknown.length} components`;
    return { label: 'status', message, color: BADGE_COLORS.unknown, title };
  }
  return { label: 'status', message: PAGE_STATUS_TEXT[snapshot.page], color: PAGE_COLOR[snapshot.page], title };
}

function component(snapshot: Snapshot, id: string) {
  const c = snapshot.config.components.find((x) => x.id === id);
  if (!c) throw new Error(`unknown component ${id}`);
  return c;
}

export function componentBadge(snapshot: Snapshot, id: string): Badge {
  const c = component(snapshot, id);
  const status = snapshot.components.get(id)!.status;
  return { label: c.name, message: label(status), color: COMPONENT_COLOR[status], title: `${c.name}: ${label(status)}` };
}

export function uptimeBadge(snapshot: Snapshot, id: string): Badge {
  const c = component(snapshot, id);
  const { ratio } = recentUptime(snapshot, id);
  const message = formatUptime(ratio);
  return {
    label: `${c.name} ${RECENT_UPTIME_DAYS}d uptime`,
    message,
    color: uptimeColor(ratio),
    title: `${c.name}: ${ratio === undefined ? 'no uptime data' : `${message} uptime`} over the last ${RECENT_UPTIME_DAYS} days`,
  };
}

export interface BadgeFile {
  /** Path from `routes`. */
  path: string;
  type: string;
  body(): string;
}

/**
 * Every badge file of the site. A component id that would produce the same file as another badge
 * (a component called `page`, or `x-uptime` next to `x`) is an error to fix in components.yml.
 */
export function badgeFiles(snapshot: Snapshot): BadgeFile[] {
  const svg = (path: string, badge: () => Badge): BadgeFile => ({ path, type: 'image/svg+xml', body: () => renderBadge(badge()) });
  const json = (path: string, badge: () => Badge): BadgeFile => ({
    path,
    type: 'application/json',
    body: () => `${jsonText(shieldsEndpoint(badge()))}\n`,
  });
  const files = [svg(routes.badge.page, () => pageBadge(snapshot)), json(routes.badge.pageShields, () => pageBadge(snapshot))];
  for (const { id } of snapshot.config.components) {
    files.push(
      svg(routes.badge.component(id), () => componentBadge(snapshot, id)),
      json(routes.badge.shields(id), () => componentBadge(snapshot, id)),
      svg(routes.badge.uptime(id), () => uptimeBadge(snapshot, id)),
      json(routes.badge.shieldsUptime(id), () => uptimeBadge(snapshot, id)),
    );
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path))
      throw new Error(
        `Two badges would be written to ${f.path}: rename the component whose id makes this path (ids "page" and "<id>-uptime" are taken by other badges)`,
      );
    seen.add(f.path);
  }
  return files;
}
