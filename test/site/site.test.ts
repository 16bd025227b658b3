import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type HTMLElement, parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, builtSite } from '../build.ts';
import { copyRepository, EXAMPLE_NOW, ROOT, readTree, sampleData, tempDir, writeFiles } from '../helpers.ts';

/** Real builds of the example and of small repositories, read back as parsed HTML. */

const NOW = '2026-05-10T12:00:00Z';

function html(dist: string, path: string): HTMLElement {
  const file = path.endsWith('.html') ? path : join(path, 'index.html');
  return parse(readFileSync(join(dist, file), 'utf8'));
}

const text = (el: HTMLElement | null | undefined) => el?.text.replace(/\s+/g, ' ').trim() ?? '';

const BAR_CLASS: Record<string, string> = { d: 'degraded_performance', p: 'partial_outage', x: 'major_outage', m: 'under_maintenance', n: 'unknown' };

/** The status of each day of an uptime bar, read back from its paths (`M3 0h2m4 0h1`); the background is operational. */
function barDays(bar: HTMLElement): string[] {
  const days: string[] = Array(Number(bar.getAttribute('viewBox')!.split(' ')[2])).fill('operational');
  for (const path of bar.querySelectorAll('path')) {
    let x = 0;
    for (const [, move, dx, length] of path.getAttribute('d')!.matchAll(/([Mm])([\d.]+) 0h([\d.]+)/g)) {
      x = move === 'M' ? Number(dx) : x + Number(dx);
      for (let i = 0; i < Number(length); i++) days[x + i] = BAR_CLASS[path.getAttribute('class')!]!;
      x += Number(length);
    }
  }
  return days;
}

const STATUS_CONFIG = (components: string) => `site:
  title: Status Test
  url: https://status.test.example/
  timezone: Europe/Berlin
components:
${components}`;
const PLAIN = ['api', 'web', 'db', 'cdn'].map((id) => `  - id: ${id}\n    name: ${id.toUpperCase()}\n`).join('');
const PROBED = ['api', 'web'].map((id) => `  - id: ${id}\n    name: ${id.toUpperCase()}\n    probe:\n      url: https://${id}.test.example/\n`).join('');

const incident = (fields: string, body = 'Something is happening.') => `---\n${fields.trim()}\n---\n${body}\n`;

/** One small repository per page status, each built as of NOW. */
const STATUS_REPOSITORIES: Record<string, { config: string; files: Record<string, string> }> = {
  'Under Maintenance': {
    // Also the repository whose owner turned the metrics page off.
    config: STATUS_CONFIG(PLAIN).replace('timezone: Europe/Berlin', 'timezone: Europe/Berlin\n  metrics: false'),
    files: {
      'incidents/2026-05-10-upgrade/index.md': incident(
        'title: Database upgrade\ntype: maintenance\nat: 2026-05-01T09:00:00Z\nwindow:\n  start: 2026-05-10T11:00:00Z\n  end: 2026-05-10T13:00:00Z\ncomponents: [db]',
      ),
      // Called off two days before its window.
      'incidents/2026-05-12-cdn-move/index.md': incident(
        'title: CDN move\ntype: maintenance\nat: 2026-05-01T09:00:00Z\nwindow:\n  start: 2026-05-12T11:00:00Z\n  end: 2026-05-12T13:00:00Z\ncomponents: [cdn]',
      ),
      'incidents/2026-05-12-cdn-move/off.md': incident('at: 2026-05-10T08:00:00Z\nstatus: completed', 'Called off.'),
    },
  },
  'Degraded Performance': {
    config: STATUS_CONFIG(PLAIN),
    files: {
      'incidents/2026-05-10-slow/index.md': incident(
        'title: Everything is slow\nat: 2026-05-10T11:00:00Z\ncomponents:\n  api: degraded_performance\n  web: degraded_performance\n  db: degraded_performance',
      ),
    },
  },
  'Partial System Outage': {
    config: STATUS_CONFIG(PLAIN),
    files: { 'incidents/2026-05-10-api/index.md': incident('title: API errors\nat: 2026-05-10T11:00:00Z\ncomponents:\n  api: partial_outage') },
  },
  'Major System Outage': {
    config: STATUS_CONFIG(PLAIN),
    files: { 'incidents/2026-05-10-all/index.md': incident('title: Nothing works\nimpact: critical\nat: 2026-05-10T11:00:00Z') },
  },
  // The API checked once, four hours ago: too long ago to speak for now, and too little for a day's figure.
  'No Status Available': { config: STATUS_CONFIG(PROBED), files: { 'status-data/api/2026-05-10.txt': '2026-05-10T08:00:00Z up 100 200 - 1\n' } },
};

const dists: Record<string, string> = { example: await builtSite('example'), subpath: await builtSite('site-subpath') };

beforeAll(async () => {
  const builds: Array<Promise<void>> = [];
  for (const [status, { config, files }] of Object.entries(STATUS_REPOSITORIES)) {
    const dir = tempDir('cairn-status-');
    writeFiles(dir, { 'components.yml': config, ...files });
    builds.push(buildSite(dir, NOW).then((b) => void (dists[status] = b.dist)));
  }
  await Promise.all(builds);
});

describe('the banner', () => {
  it('says "Partial Degraded Performance" on the example, where one of seven components is degraded', () => {
    expect(text(html(dists.example!, '').querySelector('.banner h1'))).toBe('Partial Degraded Performance');
  });

  it('says "All Systems Operational" when nothing is wrong', () => {
    expect(text(html(dists.subpath!, '').querySelector('.banner h1'))).toBe('All Systems Operational');
  });

  it.each(Object.keys(STATUS_REPOSITORIES))('says "%s"', (status) => {
    const home = html(dists[status]!, '');
    expect(text(home.querySelector('.banner h1'))).toBe(status);
    // The title of the 404 page carries the same words, for readers who land there.
    expect(text(html(dists[status]!, '404.html').querySelector('main'))).toContain(status);
  });
});

describe('site.metrics: false', () => {
  it('builds no metrics page and links none from the footer or the sitemap; Subscribe stays', () => {
    const dist = dists['Under Maintenance']!;
    expect(existsSync(join(dist, 'metrics'))).toBe(false);
    const links = html(dist, '').querySelectorAll('footer nav a').map(text);
    expect(links).not.toContain('Metrics');
    expect(links).toContain('Subscribe');
    expect(readFileSync(join(dist, 'sitemap.xml'), 'utf8')).not.toContain('/metrics/');
    expect(existsSync(join(dists.example!, 'metrics', 'index.html'))).toBe(true);
  });
});

describe('the subscribe page', () => {
  it('gives the absolute address of every feed, the calendar, the API and the badges, and is linked from the header', () => {
    const home = html(dists.subpath!, '');
    expect(home.querySelector('header nav a.subscribe-link')!.getAttribute('href')).toBe('/status/subscribe/');
    const page = html(dists.subpath!, 'subscribe');
    const addresses = page.querySelectorAll('code.copy').map(text);
    for (const path of ['feed.xml', 'atom.xml', 'feed.json', 'maintenance.ics', 'api/v2/summary.json', 'api/cairn.json', 'badges/page.svg']) {
      expect(addresses).toContain(`https://example.github.io/status/${path}`);
    }
    expect(addresses).toContain('/feed subscribe https://example.github.io/status/feed.xml');
    for (const address of addresses.filter((a) => a.startsWith('https://example.github.io/'))) {
      const file = new URL(address).pathname.replace('/status/', '');
      expect(existsSync(join(dists.subpath!, file)), file).toBe(true);
    }
  });
});

describe('the example home page', () => {
  const home = () => html(dists.example!, '');

  it('shows the active incident below the status, then maintenance, components and past incidents', () => {
    const sections = home()
      .querySelectorAll('main > section')
      .map((s) => s.classList.value[0]);
    expect(sections).toEqual(['banner', 'active', 'maint', 'components', 'recent']);
    const active = home().querySelector('.active .inc')!;
    expect(text(active.querySelector('.inc-title'))).toBe('Webhook deliveries delayed');
    // The latest update, with its time and author.
    expect(text(active.querySelector('.latest'))).toContain('The backlog is draining');
    expect(active.querySelector('.latest time')!.getAttribute('datetime')).toBe('2026-11-23T13:40:00Z');
    expect(text(home().querySelector('.maint'))).toContain('29 Nov 2026, 04:00 – 06:00 CET');
  });

  it('lists past incidents newest first, as many as home_incidents, without active or upcoming ones', () => {
    const titles = home().querySelectorAll('.recent .row-title').map(text);
    expect(titles).toEqual([
      'Checkout pages returning errors',
      'Primary database upgrade',
      'Slow dashboard sign-in',
      'Payments API unavailable',
      'CDN is down',
    ]);
    // A closed incident is shown with the worst impact it had.
    expect(text(home().querySelector('.recent .row'))).toContain('Critical impact · SEV-1');
    // A maintenance that is over gives the times it really ran: this one ended 18 minutes early.
    expect(text(home().querySelectorAll('.recent .row')[1]!.querySelector('.row-meta'))).toBe('8 Nov 2026, 03:00 – 04:42 CET');
  });

  it('lists a maintenance called off before its window as called off, with the window it had', () => {
    const row = html(dists['Under Maintenance']!, '')
      .querySelectorAll('.recent .row')
      .find((r) => text(r.querySelector('.row-title')) === 'CDN move')!;
    expect(text(row.querySelector('.tags .tag'))).toBe('Called off');
    expect(text(row.querySelector('.row-meta'))).toBe('Planned for 12 May 2026, 13:00 – 15:00 CEST');
  });

  it('shows each component with its status in words and a 90-day bar', () => {
    const rows = home().querySelectorAll('.comp');
    expect(rows.map((r) => text(r.querySelector('.comp-name')))).toEqual([
      'Payments API',
      'Hosted Checkout',
      'Dashboard',
      'Webhooks',
      'Primary database',
      'Search',
      'CDN',
    ]);
    const webhooks = rows[3]!;
    expect(text(webhooks.querySelector('.st'))).toBe('Degraded performance');
    for (const row of rows) {
      expect(barDays(row.querySelector('.bar')!)).toHaveLength(90);
      expect(row.querySelector('.bar')!.getAttribute('aria-label')).toMatch(/^Uptime over the last 90 days: \d+\.\d\d%/);
      expect(row.getAttribute('data-uptime')).toMatch(/^\d+\.\d\d% uptime$/);
    }
  });

  it('colours a day by its worst status, and names and links its incidents on the component page', () => {
    // Day 0 is 26 Aug 2026, day 89 today (23 Nov).
    const day = (component: string, index: number) =>
      barDays(
        home()
          .querySelectorAll('.comp')
          .find((r) => text(r.querySelector('.comp-name')) === component)!
          .querySelector('.bar')!,
      )[index];
    expect(day('CDN', 37)).toBe('major_outage'); // 2 Oct
    expect(day('Primary database', 74)).toBe('under_maintenance'); // 8 Nov
    expect(day('Webhooks', 89)).toBe('partial_outage');
    expect(day('Dashboard', 36)).toBe('operational'); // 1 Oct

    const cdn = html(dists.example!, 'components/cdn');
    const entry = cdn.querySelector('#daily-2026-10-02')!;
    expect(text(entry)).toBe('2 Oct 2026 · 98.26% · CDN is down');
    expect(entry.querySelector('a')!.getAttribute('href')).toBe('/incidents/2026-10-02-cdn-unreachable/');
    expect(cdn.querySelector('svg a[href="#daily-2026-10-02"]')).not.toBeNull();
    const db = html(dists.example!, 'components/database');
    expect(text(db.querySelector('#daily-2026-11-08'))).toContain('Primary database upgrade');
  });

  it('opens a collapsed group only when something in it is wrong', () => {
    const groups = home().querySelectorAll('details.group');
    expect(groups.map((g) => [text(g.querySelector('.g-name')), g.hasAttribute('open')])).toEqual([
      ['Platform 4 components', true],
      ['Infrastructure 3 components', false],
    ]);
    expect(text(groups[0]!.querySelector('summary .st'))).toBe('Degraded performance');
  });

  it('says when it was updated and how old the newest check is', () => {
    expect(
      home()
        .querySelectorAll('.updated time')
        .map((t) => t.getAttribute('datetime')),
    ).toEqual(['2026-11-23T14:00:00Z', '2026-11-23T14:00:00Z']);
    expect(home().querySelector('.notice')).toBeNull();
  });

  it('weighs under 50 KB with its stylesheet', () => {
    const page = readFileSync(join(dists.example!, 'index.html'));
    const css = parse(page.toString())
      .querySelectorAll('link[rel=stylesheet]')
      .map((l) => statSync(join(dists.example!, l.getAttribute('href')!)).size);
    expect(css).toHaveLength(1);
    expect(page.length + css[0]!).toBeLessThan(50_000);
  });
});

describe('an incident page', () => {
  const page = () => html(dists.example!, 'incidents/2026-10-21-api-outage');

  it('shows the postmortem of a resolved incident before its updates', () => {
    const headings = page().querySelectorAll('main h2').map(text);
    expect(headings.indexOf('Postmortem')).toBeLessThan(headings.indexOf('Updates'));
    expect(headings.indexOf('Postmortem')).toBeGreaterThanOrEqual(0);
  });

  it('says when the duration of an ongoing incident was computed', () => {
    const facts = html(dists.example!, 'incidents/2026-11-23-webhook-delays').querySelectorAll('.facts div');
    const duration = facts.find((f) => text(f.querySelector('dt')) === 'Duration')!;
    expect(text(duration.querySelector('dd'))).toMatch(/^Ongoing, .+ as of 23 Nov 2026, 15:00 CET$/);
    expect(duration.querySelector('dd time')!.getAttribute('datetime')).toBe('2026-11-23T14:00:00Z');
  });

  it('shows the whole timeline newest first, each entry anchored by its file name', () => {
    const entries = page().querySelectorAll('.timeline > li');
    expect(entries.map((e) => e.id)).toEqual([
      '2026-10-21T1437-resolved',
      '2026-10-21T1426-investigating',
      '2026-10-21T1418-resolved',
      '2026-10-21T1410-identified',
      'declared',
    ]);
    expect(entries.map((e) => text(e.querySelector('h3')))).toEqual(['Resolved', 'Investigating', 'Resolved', 'Identified', 'Investigating']);
    const times = entries.map((e) => e.querySelector('time')!);
    expect(times.map((t) => t.getAttribute('datetime'))).toEqual([
      '2026-10-21T14:37:00Z',
      '2026-10-21T14:26:00Z',
      '2026-10-21T14:18:00Z',
      '2026-10-21T14:10:00Z',
      '2026-10-21T14:02:00Z',
    ]);
    expect(text(times[0])).toBe('21 Oct 2026, 16:37 CEST');
    expect(entries[0]!.querySelector('a')!.getAttribute('href')).toBe('/incidents/2026-10-21-api-outage/#2026-10-21T1437-resolved');
  });

  it('states impact, affected components, start, resolution and duration, and the postmortem', () => {
    const facts = Object.fromEntries(
      page()
        .querySelectorAll('.facts > div')
        .map((d) => [text(d.querySelector('dt')), text(d.querySelector('dd'))]),
    );
    expect(facts).toEqual({ Impact: 'Major (SEV-2)', Started: '21 Oct 2026, 16:02 CEST', Resolved: '21 Oct 2026, 16:37 CEST', Duration: '35m' });
    expect(page().querySelectorAll('main > .tags .tag').map(text)).toEqual(['Resolved', 'Major impact · SEV-2']);
    // Resolved: what it affected, at worst, and said so.
    expect(text(page().querySelector('main > .affected-block .affected-caption'))).toBe('Affected at worst');
    expect(page().querySelectorAll('main > .affected-block .affected li').map(text)).toEqual(['Payments API Major outage', 'Webhooks Partial outage']);
    expect(text(page().querySelector('.postmortem'))).toContain('An automated certificate rotation');
  });

  it('labels automatic incidents by their source', () => {
    expect(html(dists.example!, 'incidents/2026-10-02-cdn-unreachable').querySelectorAll('.tags .tag').map(text)).toContain('Auto: Uptime');
  });
});

describe('a component page', () => {
  it('shows uptime over four periods, a response-time chart and daily uptime as inline SVG', () => {
    const page = html(dists.example!, 'components/cdn');
    expect(text(page.querySelector('h1'))).toBe('CDN');
    expect(page.querySelectorAll('.figures dt').map(text)).toEqual(['Last 24 hours', 'Last 7 days', 'Last 30 days', 'Last 90 days']);
    for (const figure of page.querySelectorAll('.figures dd')) expect(text(figure)).toMatch(/^\d+\.\d\d%$/);
    const [response, daily] = page.querySelectorAll('figure svg');
    expect(response!.querySelector('path.median')!.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+(L[\d.]+ [\d.]+)+/);
    expect(daily!.querySelectorAll('rect')).toHaveLength(90);
    expect(text(daily!.querySelector('desc'))).toBe('Daily uptime over 90 days; 2 days below 100%, lowest 97.45%.');
    expect(page.querySelectorAll('.rows .row-title').map(text)).toEqual(['CDN provider migration', 'Checkout pages returning errors', 'CDN is down']);
    expect(page.querySelector('link[rel=alternate][href="/components/cdn/feed.xml"]')).not.toBeNull();
  });

  it('explains where the status of a component without a probe comes from', () => {
    const page = html(dists.example!, 'components/search');
    expect(page.querySelector('.chart path.median')).toBeNull();
    expect(text(page.querySelector('main'))).toContain('Not checked automatically');
  });
});

describe('the history', () => {
  it('groups incidents by month, newest first, with a page per component as the filter', () => {
    const all = html(dists.example!, 'history');
    expect(all.querySelectorAll('.month h2').map(text)).toEqual(['November 2026', 'October 2026', 'September 2026']);
    expect(all.querySelectorAll('.month .row-title')).toHaveLength(8);
    expect(all.querySelector('.filter a[aria-current=page]')!.getAttribute('href')).toBe('/history/');
    const cdn = html(dists.example!, 'history/cdn');
    expect(cdn.querySelectorAll('.row-title').map(text)).toEqual(['CDN provider migration', 'Checkout pages returning errors', 'CDN is down']);
    expect(cdn.querySelector('.filter a[aria-current=page]')!.getAttribute('href')).toBe('/history/cdn/');
  });
});

describe('drafts', () => {
  it.each([
    ['example', 'Search results incomplete', '2026-11-23-search-reindex'],
    ['subpath', 'DRAFTTOKEN7731', '2026-03-19-secret'],
  ])('appear in no file of the %s site', (site, title, id) => {
    const files = readTree(dists[site]!);
    expect(Object.keys(files).length).toBeGreaterThan(10);
    for (const [path, content] of Object.entries(files)) {
      expect(content, path).not.toContain(title);
      expect(content, path).not.toContain(id);
    }
  });
});

describe('hostile Markdown', () => {
  const page = () => html(dists.subpath!, 'incidents/2026-03-14-xss');

  it('renders inert: no script, event handler, frame or javascript: link reaches a page', () => {
    for (const [path, content] of Object.entries(readTree(dists.subpath!)).filter(([p]) => p.endsWith('.html'))) {
      const doc = parse(content);
      for (const script of doc.querySelectorAll('script')) {
        expect(script.getAttribute('src'), path).toBe('/status/live.js');
        expect(script.text, path).toBe('');
      }
      for (const el of doc.querySelectorAll('*')) {
        for (const name of Object.keys(el.attributes)) expect(name, `${path} <${el.tagName}>`).not.toMatch(/^on/i);
        expect(el.getAttribute('href') ?? '', path).not.toMatch(/^\s*javascript:/i);
      }
      expect(doc.querySelectorAll('iframe, img[onerror], svg[onload]'), path).toHaveLength(0);
    }
    expect(text(page().querySelector('.timeline'))).toContain('real one');
    expect(page().querySelector('.timeline a[href="https://acme.example/"]')).not.toBeNull();
  });

  it('shows a title with markup as plain text', () => {
    expect(text(page().querySelector('h1'))).toBe("Database <b>bold</b> & <script>alert('title')</script>");
    expect(page().querySelector('h1 b')).toBeNull();
  });

  it('is kept out by a Content-Security-Policy that allows only the site’s own script and its one inline style', () => {
    const doc = page();
    const csp = doc.querySelector('meta[http-equiv=content-security-policy]')!.getAttribute('content')!;
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `))!;
    expect(directive('script-src')).toMatch(/^script-src 'self'/);
    expect(csp).not.toContain('unsafe-inline');
    const style = doc.querySelector('style')!.text;
    expect(directive('style-src')).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(directive('default-src')).toBe("default-src 'self'");
  });
});

describe('a site under a sub-path', () => {
  it('links everything below the base path', () => {
    const pages = Object.entries(readTree(dists.subpath!)).filter(([p]) => p.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(8);
    for (const [path, content] of pages) {
      for (const el of parse(content).querySelectorAll('[href], [src]')) {
        const url = el.getAttribute('href') ?? el.getAttribute('src')!;
        // Absolute addresses (webcal: is the calendar's own, for calendar apps) carry the base path themselves.
        if (/^(https?:|webcal:|mailto:|#)/.test(url)) continue;
        expect(url, `${path}: ${el.outerHTML}`).toMatch(/^\/status\//);
      }
    }
    const home = html(dists.subpath!, '');
    expect(home.querySelector('link[rel=canonical]')!.getAttribute('href')).toBe('https://example.github.io/status/');
    expect(home.querySelector('meta[property="og:url"]')!.getAttribute('content')).toBe('https://example.github.io/status/');
    expect(home.querySelector('.brand img')!.getAttribute('src')).toBe('/status/favicon.svg');
    expect(home.querySelectorAll('.top nav a').map((a) => a.getAttribute('href'))).toEqual(['https://acme.example/', '/status/docs/', '/status/subscribe/']);
    expect(html(dists.subpath!, 'subscribe').querySelector('a[href^="webcal:"]')!.getAttribute('href')).toBe(
      'webcal://example.github.io/status/maintenance.ics',
    );
    expect(html(dists.subpath!, 'incidents/2026-03-02-older').querySelector('link[rel=canonical]')!.getAttribute('href')).toBe(
      'https://example.github.io/status/incidents/2026-03-02-older/',
    );
  });

  it('puts active incidents at the top when configured, and keeps a collapsed group folded', () => {
    const home = html(dists.subpath!, '');
    expect(home.querySelectorAll('main > section').map((s) => s.classList.value[0])).toEqual(['active', 'banner', 'components', 'recent']);
    expect(home.querySelectorAll('.recent .row-title').map(text)).toEqual(["Database <b>bold</b> & <script>alert('title')</script>", 'Newer website slowness']);
    expect(home.querySelector('details.group')!.hasAttribute('open')).toBe(false);
  });

  it('renders the configured footer sanitized, with links to feeds, calendar, API and history', () => {
    const footer = html(dists.subpath!, '').querySelector('footer')!;
    expect(footer.querySelector('.foot-text strong')!.text).toBe('Acme');
    expect(footer.querySelectorAll('nav a').map((a) => [text(a), a.getAttribute('href')])).toEqual([
      ['History', '/status/history/'],
      ['Metrics', '/status/metrics/'],
      ['Subscribe', '/status/subscribe/'],
      ['RSS', '/status/feed.xml'],
      ['Atom', '/status/atom.xml'],
      ['JSON Feed', '/status/feed.json'],
      ['Maintenance calendar', '/status/maintenance.ics'],
      ['API', '/status/api/v2/summary.json'],
    ]);
  });

  it('keeps readable text on a light brand colour', () => {
    expect(html(dists.subpath!, '').querySelector('style')!.text).toContain('--on-brand:#111111');
  });
});

describe('pages for search engines and browsers', () => {
  it('give every page a title, description, canonical URL and Open Graph tags', () => {
    for (const [path, content] of Object.entries(readTree(dists.example!)).filter(([p]) => p.endsWith('index.html'))) {
      const doc = parse(content);
      const canonical = doc.querySelector('link[rel=canonical]')!.getAttribute('href')!;
      expect(canonical, path).toBe(`https://status.fernhill.example/${path.replace(/index\.html$/, '')}`);
      expect(text(doc.querySelector('title')), path).toMatch(/Fernhill Status$/);
      expect(doc.querySelector('meta[name=description]')!.getAttribute('content'), path).not.toBe('');
      expect(doc.querySelector('meta[property="og:title"]')!.getAttribute('content'), path).toBe(text(doc.querySelector('title')));
      expect(doc.querySelector('link[rel=icon]')!.getAttribute('href'), path).toBe('/favicon.svg');
      expect(
        doc
          .querySelectorAll('link[rel=alternate]')
          .map((l) => l.getAttribute('href'))
          .slice(0, 3),
        path,
      ).toEqual(['/feed.xml', '/atom.xml', '/feed.json']);
    }
  });

  it('list every page in sitemap.xml, point robots.txt at it, and keep the 404 page out', () => {
    const sitemap = readFileSync(join(dists.example!, 'sitemap.xml'), 'utf8');
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    const pages = Object.keys(readTree(dists.example!))
      .filter((p) => p.endsWith('index.html'))
      .map((p) => `https://status.fernhill.example/${p.replace(/index\.html$/, '')}`);
    expect(new Set(locs)).toEqual(new Set(pages));
    expect(readFileSync(join(dists.example!, 'robots.txt'), 'utf8')).toContain('Sitemap: https://status.fernhill.example/sitemap.xml');
    expect(readFileSync(join(dists.subpath!, 'robots.txt'), 'utf8')).toContain('Sitemap: https://example.github.io/status/sitemap.xml');
    const notFound = html(dists.example!, '404.html');
    expect(notFound.querySelector('meta[name=robots]')!.getAttribute('content')).toBe('noindex');
    expect(text(notFound.querySelector('h1'))).toBe('Page not found');
    expect(readFileSync(join(dists.example!, 'favicon.svg'), 'utf8')).toContain('fill="#2f6f4f"');
  });
});

describe('a repository whose probes have not reported', () => {
  it('shows days without data differently from good days, and says the data is missing', () => {
    const home = html(dists['No Status Available']!, '');
    const bars = home.querySelectorAll('.bar');
    expect(bars).toHaveLength(2);
    for (const bar of bars) expect(new Set(barDays(bar))).toEqual(new Set(['unknown']));
    expect(home.querySelectorAll('.comp .st').map(text)).toEqual(['No data', 'No data']);
    // The figure under each bar: no "No data uptime".
    expect(home.querySelectorAll('.comp').map((c) => c.getAttribute('data-uptime'))).toEqual(['No data', 'No data']);
    expect(text(home.querySelector('.notice'))).toBe(
      'No recent checks for API (newest check 4h old), WEB (no check yet), so their statuses show as “No data” until the probe reports again.',
    );
  });
});

describe('the built HTML', () => {
  it('passes the Nu HTML Checker', () => {
    const files = ['example', 'subpath', 'Under Maintenance'].flatMap((site) =>
      Object.keys(readTree(dists[site]!))
        .filter((p) => p.endsWith('.html'))
        .map((p) => join(dists[site]!, p)),
    );
    expect(files.length).toBeGreaterThan(30);
    const jar = join(ROOT, 'node_modules/vnu-jar/build/dist/vnu.jar');
    expect(existsSync(jar)).toBe(true);
    const result = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const messages = JSON.parse(result.stderr).messages as Array<{ url: string; message: string; extract?: string }>;
    expect(messages.map((m) => `${m.url}: ${m.message} ${m.extract ?? ''}`)).toEqual([]);
  });
});

describe('sample data', () => {
  it('is deterministic and agrees with the example incidents', () => {
    const a = copyRepository('example');
    const b = copyRepository('example');
    expect(sampleData(a, EXAMPLE_NOW).status).toBe(0);
    expect(sampleData(b, EXAMPLE_NOW).status).toBe(0);
    const data = readTree(join(a, 'status-data'));
    expect(data).toEqual(readTree(join(b, 'status-data')));
    expect(data['.sample']).toMatch(/not real measurements/);
    // Components with a probe only; two weeks of raw checks, older days as summaries.
    expect(
      Object.keys(data)
        .filter((p) => p.endsWith('daily.txt'))
        .sort(),
    ).toEqual(['api/daily.txt', 'cdn/daily.txt', 'checkout/daily.txt', 'dashboard/daily.txt', 'database/daily.txt']);
    expect(
      Object.keys(data)
        .filter((p) => p.startsWith('api/2026-'))
        .sort(),
    ).toHaveLength(14);
    expect(data['api/daily.txt']!.trim().split('\n')).toHaveLength(76);
    // The CDN was down from 06:15 to 06:40 UTC on 2 October: five failed checks, 25 minutes.
    expect(data['cdn/daily.txt']).toMatch(/^2026-10-02 checks=288 up=283 degraded=0 down=5 observed_min=[\d.]+ down_min=2[45][\d.]* /m);
    // The API was slow from 12:41 UTC until the update at 13:40 took it off the incident.
    const slow = data['api/2026-11-23.txt']!.split('\n')
      .filter((l) => l.includes(' degraded '))
      .map((l) => l.slice(11, 16));
    expect(slow[0]).toBe('12:45');
    expect(slow.at(-1)).toBe('13:35');
    expect(data['api/2026-11-23.txt']!.trim().split('\n').at(-1)).toMatch(/^2026-11-23T14:00:00Z up \d+ 200 - 1$/);
  });

  it('refuses to touch status-data/ that it did not write', () => {
    const dir = copyRepository('example');
    writeFiles(dir, { 'status-data/api/2026-11-23.txt': '2026-11-23T13:55:00Z up 120 200 - 1\n' });
    const result = sampleData(dir, EXAMPLE_NOW);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('was not made by this script (no status-data/.sample)');
    expect(readTree(join(dir, 'status-data'))).toEqual({ 'api/2026-11-23.txt': '2026-11-23T13:55:00Z up 120 200 - 1\n' });
  });

  it('replaces its own earlier data, leaving no day behind', () => {
    const dir = copyRepository('example');
    expect(sampleData(dir, EXAMPLE_NOW).status).toBe(0);
    expect(sampleData(dir, '2026-11-30T14:00:00Z').status).toBe(0);
    const days = Object.keys(readTree(join(dir, 'status-data')))
      .filter((p) => p.startsWith('api/2026-'))
      .sort();
    expect(days[0]).toBe('api/2026-11-17.txt');
    expect(days).toHaveLength(14);
    expect(execFileSync('ls', [join(dir, 'status-data')], { encoding: 'utf8' })).not.toContain('tmp');
  });
});
