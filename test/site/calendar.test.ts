import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { snapshot } from '#core/derive/snapshot.ts';
import { foldLine, icsTime, maintenanceCalendar } from '#core/outputs/calendar.ts';
import { escapeIcs } from '#core/render/escape.ts';
import { routes } from '#core/render/routes.ts';
import { urls } from '#core/render/urls.ts';
import { loadRepository } from '../../src/load.ts';
import { builtSite } from '../build.ts';
import { copyRepository, t, writeFiles } from '../helpers.ts';

const octets = (s: string) => new TextEncoder().encode(s).length;

/** The calendar of a fixture repository as of `now`, without a build. */
function calendarOf(name: string, now: string): string {
  const { repository } = loadRepository(copyRepository(name));
  return maintenanceCalendar(snapshot(repository!, t(now)), urls(repository!.config.site.url));
}

describe('iCalendar text', () => {
  it('writes times in UTC', () => {
    expect(icsTime(t('2026-11-29T03:00:00.250Z'))).toBe('20261129T030000Z');
  });

  it('escapes backslashes, semicolons, commas and line breaks', () => {
    expect(escapeIcs('a\\b; c, d\r\ne\nf')).toBe('a\\\\b\\; c\\, d\\ne\\nf');
  });

  it('folds lines at 75 octets without splitting a character', () => {
    const line = `SUMMARY:${'ü'.repeat(80)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    expect(octets(parts[0]!)).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) {
      expect(p.startsWith(' ')).toBe(true);
      expect(octets(p)).toBeLessThanOrEqual(75);
    }
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
  });
});

describe('maintenance.ics of a site with maintenance under way', async () => {
  const ics = readFileSync(join(await builtSite('maintenance-ongoing'), routes.calendar), 'utf8');

  it('is valid iCalendar with CRLF lines of at most 75 octets', () => {
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(octets(line), line).toBeLessThanOrEqual(75);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Nordlicht Status maintenance');
  });

  it('has one event per published maintenance window, drafts left out', () => {
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.uid, e.startDate.toJSDate().toISOString(), e.endDate.toJSDate().toISOString()])).toEqual([
      // Completed early, at 04:50: the event ends then.
      ['2026-05-28-cache-rollout@status.nordlicht.example', '2026-05-28T04:00:00.000Z', '2026-05-28T04:50:00.000Z'],
      ['2026-06-10-database-maintenance@status.nordlicht.example', '2026-06-10T20:00:00.000Z', '2026-06-11T00:00:00.000Z'],
      ['2026-06-20-network-upgrade@status.nordlicht.example', '2026-06-20T01:00:00.000Z', '2026-06-20T03:00:00.000Z'],
    ]);
    const db = events[1]!;
    // The long title with a semicolon and non-ASCII letters comes back whole after folding and escaping.
    expect(db.summary).toBe('Wartung der Datenbank – Umzug auf neue Server; Schreibzugriffe kurz gesperrt, Lesezugriffe weiter möglich');
    expect(db.description).toBe(
      [
        'Affects Datenbank.',
        'Data is copied; writes are paused now, for about ten minutes.',
        'We move the database to new servers. Writes pause for up to ten minutes; reads continue, with slightly higher latency.',
      ].join('\n\n'),
    );
    expect(db.sequence).toBe(1);
    expect(db.component.getFirstPropertyValue('url')).toBe('https://status.nordlicht.example/incidents/2026-06-10-database-maintenance/');
    expect(db.component.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-06-10T20:15:00Z');
    expect(ics).not.toContain('Unpublished draft outage');
  });

  it('changes only when a message does, not with the clock', () => {
    // Later, the window has passed: the same events, byte for byte, so calendars keep them as they are.
    expect(calendarOf('maintenance-ongoing', '2026-06-25T00:00:00Z')).toBe(ics);
  });

  it('cancels a window called off before it started, and moves one started or ended early', () => {
    const events = (updates: Record<string, string>, now: string) => {
      const dir = copyRepository('example');
      writeFiles(dir, updates);
      const { repository } = loadRepository(dir);
      const ics = maintenanceCalendar(snapshot(repository!, t(now)), urls(repository!.config.site.url));
      const cdn = new ICAL.Component(ICAL.parse(ics))
        .getAllSubcomponents('vevent')
        .filter((v) => String(v.getFirstPropertyValue('uid')).startsWith('2026-11-29-cdn-migration@'));
      return cdn.map((v) => ({
        status: v.getFirstPropertyValue('status'),
        start: new ICAL.Event(v).startDate.toJSDate().toISOString(),
        end: new ICAL.Event(v).endDate.toJSDate().toISOString(),
      }));
    };
    const update = (at: string, status: string) => `---\nat: ${at}\nstatus: ${status}\n---\nNews.\n`;
    const folder = 'incidents/2026-11-29-cdn-migration';
    expect(events({ [`${folder}/a.md`]: update('2026-11-23T14:00:00Z', 'completed') }, '2026-11-23T14:00:00Z')).toEqual([
      { status: 'CANCELLED', start: '2026-11-29T03:00:00.000Z', end: '2026-11-29T05:00:00.000Z' },
    ]);
    expect(
      events(
        { [`${folder}/a.md`]: update('2026-11-28T20:00:00Z', 'in_progress'), [`${folder}/b.md`]: update('2026-11-28T23:00:00Z', 'completed') },
        '2026-11-29T12:00:00Z',
      ),
    ).toEqual([{ status: 'CONFIRMED', start: '2026-11-28T20:00:00.000Z', end: '2026-11-28T23:00:00.000Z' }]);
  });

  it('is an empty calendar where there is no maintenance', () => {
    const empty = calendarOf('no-incidents', '2026-03-10T12:00:00Z');
    const calendar = new ICAL.Component(ICAL.parse(empty));
    expect(calendar.getAllSubcomponents('vevent')).toEqual([]);
    expect(calendar.getFirstPropertyValue('url')).toBe('https://acme.github.io/acme-status/');
  });
});
