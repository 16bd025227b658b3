/**
 * A status repository is Cairn's code plus its owner's content, and the two never share a file:
 * `cairn init` replaces the example's content with the owner's, and `cairn upgrade` replaces
 * everything that is not content with a newer Cairn's. This list is the one place that decides.
 */
export const CONTENT_PATHS = [
  'components.yml',
  'incidents/',
  // The owner's logo and other branding files, served at /brand/.
  'public/brand/',
  // Written by `cairn init`: this repository belongs to its owner now.
  '.cairn-owner',
  // Check results: gitignored on main, kept on the data branch.
  'status-data/',
] as const;

/** The file `cairn init` writes; its presence means the example company has been replaced. */
export const OWNER_MARKER = '.cairn-owner';

/** Whether a path (relative to the repository root, `/`-separated) is the owner's content. */
export function isContent(path: string): boolean {
  return CONTENT_PATHS.some((p) => (p.endsWith('/') ? path.startsWith(p) || `${path}/` === p : path === p));
}

/** What identifies the example company that Cairn ships with, so that leftovers can be found. */
export const EXAMPLE = {
  name: 'Fernhill',
  domain: 'fernhill.example',
  siteUrl: 'https://status.fernhill.example/',
  /** The example's component ids (a test holds this to the shipped components.yml). */
  components: ['api', 'checkout', 'dashboard', 'webhooks', 'database', 'search', 'cdn'] as readonly string[],
  /** What the example has under incidents/ (a test holds this to the shipped folder): anything else there is the owner's. */
  incidents: [
    '2026-09-14-search-degraded',
    '2026-10-02-cdn-unreachable',
    '2026-10-21-api-outage',
    '2026-11-05-dashboard-login-slow',
    '2026-11-08-database-upgrade',
    '2026-11-17-checkout-errors',
    '2026-11-23-search-reindex',
    '2026-11-23-webhook-delays',
    '2026-11-29-cdn-migration',
    '_templates/api-errors.md',
    '_templates/db-latency.md',
  ] as readonly string[],
  /**
   * The titles of the example's templates. Their file names are ones an owner may well choose for
   * their own: only a template still carrying the example's title is the example's.
   */
  templateTitles: {
    '_templates/api-errors.md': 'Elevated error rates on the Payments API',
    '_templates/db-latency.md': 'Slow responses from the primary database',
  } as Readonly<Record<string, string>>,
} as const;
