/**
 * Every link of the site goes through here, so it works at a domain root and under a sub-path
 * (GitHub Pages project sites live at /<repo>/).
 */
export interface Urls {
  /** Path from the domain root: `path('incidents/x/')` → `/status/incidents/x/`. */
  path(path: string): string;
  /** Absolute URL, for feeds, canonical links and the API. */
  absolute(path: string): string;
  /** A link written in the config: an absolute URL stays as it is, anything else is a path on this site. */
  link(target: string): string;
  base: string;
}

export function urls(siteUrl: string): Urls {
  const site = new URL(siteUrl);
  const base = site.pathname.endsWith('/') ? site.pathname : `${site.pathname}/`;
  const path = (p: string) => base + p.replace(/^\/+/, '');
  return {
    base,
    path,
    absolute: (p: string) => new URL(path(p), site.origin).href,
    link: (target: string) => (/^[a-z][a-z0-9+.-]*:/i.test(target) ? target : path(target)),
  };
}

/** The site's address without scheme or trailing slash (`status.example.com`, `example.github.io/status`): an id that lasts as long as the site's URL. */
export function siteId(u: Urls): string {
  const home = new URL(u.absolute(''));
  return `${home.host}${home.pathname.replace(/\/$/, '')}`;
}
