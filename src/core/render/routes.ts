/**
 * Where everything lives on the site, relative to its base. Pages, feeds and the API link through
 * these (and `urls.ts`), so a path is written once.
 */
export const routes = {
  home: '',
  history: (page = 1) => (page <= 1 ? 'history/' : `history/${page}/`),
  componentHistory: (id: string, page = 1) => (page <= 1 ? `history/${id}/` : `history/${id}/${page}/`),
  incident: (id: string) => `incidents/${id}/`,
  /** Anchor of one update on its incident page. */
  update: (incidentId: string, entryId: string) => `incidents/${incidentId}/#${entryId}`,
  component: (id: string) => `components/${id}/`,
  metrics: 'metrics/',
  /** Every way to follow the page: feeds, calendar, API, badges. */
  subscribe: 'subscribe/',
  sitemap: 'sitemap.xml',
  robots: 'robots.txt',
  favicon: 'favicon.svg',
  /** The optional script: relative times and reload on new data. */
  script: 'live.js',
  feed: { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' },
  componentFeed: {
    rss: (id: string) => `components/${id}/feed.xml`,
    atom: (id: string) => `components/${id}/atom.xml`,
    json: (id: string) => `components/${id}/feed.json`,
  },
  calendar: 'maintenance.ics',
  api: {
    summary: 'api/v2/summary.json',
    status: 'api/v2/status.json',
    components: 'api/v2/components.json',
    incidents: 'api/v2/incidents.json',
    unresolved: 'api/v2/incidents/unresolved.json',
    maintenances: 'api/v2/scheduled-maintenances.json',
    upcoming: 'api/v2/scheduled-maintenances/upcoming.json',
    active: 'api/v2/scheduled-maintenances/active.json',
    cairn: 'api/cairn.json',
  },
  badge: {
    page: 'badges/page.svg',
    pageShields: 'badges/page.json',
    component: (id: string) => `badges/${id}.svg`,
    uptime: (id: string) => `badges/${id}-uptime.svg`,
    shields: (id: string) => `badges/${id}.json`,
    shieldsUptime: (id: string) => `badges/${id}-uptime.json`,
  },
} as const;
