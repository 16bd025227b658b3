import { affectedComponents } from '#core/derive/affected.ts';
import { windowShown } from '#core/derive/incident-view.ts';
import type { Snapshot } from '#core/derive/snapshot.ts';
import { escapeIcs } from '#core/render/escape.ts';
import { type Messages, renderMessage } from '#core/render/markdown.ts';
import { routes } from '#core/render/routes.ts';
import { siteId, type Urls } from '#core/render/urls.ts';

/**
 * `maintenance.ics`: every maintenance window as an iCalendar (RFC 5545) event, so a calendar
 * can subscribe to it. Times are in UTC; every value comes from the repository, so an unchanged
 * repository gives the same file, and an update raises SEQUENCE so that calendars refresh it.
 */

/** `20261129T030000Z` */
export function icsTime(instant: number): string {
  return new Date(instant).toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';
}

const encoder = new TextEncoder();

/** Lines longer than 75 octets continue on the next line after one space, never inside a character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // The first line holds 75 octets; continuation lines 74 after their leading space.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function maintenanceCalendar(snapshot: Snapshot, urls: Urls, message: Messages = renderMessage): string {
  const { config } = snapshot;
  const site = config.site;
  const name = `${site.title} maintenance`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Cairn//${escapeIcs(site.title)}//EN`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${escapeIcs(name)}`,
    `X-WR-CALNAME:${escapeIcs(name)}`,
    `URL:${urls.absolute(routes.home)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
  ];
  const windows = snapshot.all
    .filter((f) => f.incident.type === 'maintenance' && f.incident.window)
    .sort((a, b) => a.incident.window!.start - b.incident.window!.start || a.incident.id.localeCompare(b.incident.id));
  for (const folded of windows) {
    const { incident, timeline } = folded;
    // Called off, calendars drop it; otherwise it has the times it really had, as its updates
    // said: started early, ended early or late.
    const { calledOff } = timeline;
    const { start, end } = windowShown(folded);
    const newest = timeline.entries[0]!;
    const announcement = timeline.entries.at(-1)!;
    const affected = affectedComponents(config, announcement.state.components).map((c) => c.name);
    // No status here: it follows the clock, and the event should change only with its messages.
    const description = [
      ...(affected.length ? [`Affects ${affected.join(', ')}.`] : []),
      ...message(newest.body).paragraphs,
      ...(newest === announcement ? [] : message(announcement.body).paragraphs),
    ].join('\n\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${incident.id}@${siteId(urls)}`,
      // The newest message's time, not the build's: the event changes only when its text does.
      `DTSTAMP:${icsTime(newest.at)}`,
      `LAST-MODIFIED:${icsTime(newest.at)}`,
      `SEQUENCE:${timeline.entries.length - 1}`,
      `DTSTART:${icsTime(start)}`,
      `DTEND:${icsTime(end)}`,
      `SUMMARY:${escapeIcs(incident.title)}`,
      `DESCRIPTION:${escapeIcs(description)}`,
      `URL:${urls.absolute(routes.incident(incident.id))}`,
      calledOff ? 'STATUS:CANCELLED' : 'STATUS:CONFIRMED',
      'TRANSP:TRANSPARENT',
      'CATEGORIES:Maintenance',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
