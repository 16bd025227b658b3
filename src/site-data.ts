import { createHash } from 'node:crypto';
import { asOf } from '#core/derive/as-of.ts';
import { checkRules } from '#core/derive/rules.ts';
import { type Snapshot, snapshot } from '#core/derive/snapshot.ts';
import { formatDiagnostics, hasErrors } from '#core/model/diagnostics.ts';
import type { Repository } from '#core/parse/repository.ts';
import { type Messages, type RenderedMessage, renderMessage } from '#core/render/markdown.ts';
import { type Theme, theme, themeCss } from '#core/render/theme.ts';
import { barCss } from '#core/render/uptime-bar.ts';
import { type Urls, urls } from '#core/render/urls.ts';
import { loadRepository, resolveNow } from './load.ts';

/**
 * The build's one view of the repository: read, checked and derived once, then shared by every
 * page, feed and endpoint. A repository with errors fails the build: nothing half-right is published.
 */
export interface SiteData {
  repository: Repository;
  snapshot: Snapshot;
  urls: Urls;
  /** A message as sanitized HTML and as plain text, rendered once per build. */
  message: Messages;
  /** The brand's colours, and the one inline style of every page with its hash for the Content-Security-Policy. */
  style: { colors: Theme; css: string; hash: `sha256-${string}` };
}

let cached: SiteData | undefined;

/**
 * How much work the build did, shared with the `cairn-stats` integration in astro.config.mjs
 * (same process, different bundles: hence a global). Lets a test show that the repository is
 * derived once and each message rendered once, however many pages use them.
 */
export interface BuildStats {
  loads: number;
  renders: number;
}
const stats: BuildStats = ((globalThis as { __cairnStats?: BuildStats }).__cairnStats ??= { loads: 0, renders: 0 });

/** The status repository to build: `CAIRN_ROOT`, or the working directory. */
export function repositoryRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.CAIRN_ROOT ?? process.cwd();
}

export function siteData(): SiteData {
  if (cached) return cached;
  stats.loads++;
  const now = resolveNow();
  // What was written after "now" is not on the page yet (a build as of an earlier moment), so the
  // rules run on the repository as it was then.
  const loaded = loadRepository(repositoryRoot());
  const repository = loaded.repository && asOf(loaded.repository, now);
  const diagnostics = repository ? [...loaded.diagnostics, ...checkRules(repository, loaded.configSource, now)] : loaded.diagnostics;
  if (!repository || hasErrors(diagnostics)) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    throw new Error(`The status repository has errors; fix them and build again:\n${formatDiagnostics(errors, 'human')}`);
  }
  const rendered = new Map<string, RenderedMessage>();
  const { site } = repository.config;
  const colors = theme(site.brand_color);
  const css = themeCss(colors) + barCss(site.history_days);
  cached = {
    repository,
    snapshot: snapshot(repository, now),
    urls: urls(repository.config.site.url),
    message(markdown) {
      let message = rendered.get(markdown);
      if (message === undefined) {
        stats.renders++;
        message = renderMessage(markdown);
        rendered.set(markdown, message);
      }
      return message;
    },
    style: { colors, css, hash: `sha256-${createHash('sha256').update(css).digest('base64')}` },
  };
  return cached;
}
