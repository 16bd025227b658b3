import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'astro/config';
import { parse } from 'yaml';

// The status repository to build (CAIRN_ROOT, else this folder). Its site.url gives the
// canonical origin and the base path, so the site works under a sub-path too.
const root = process.env.CAIRN_ROOT ?? process.cwd();
let siteUrl = 'http://localhost:4321/';
let logo;
try {
  const site = parse(readFileSync(join(root, 'components.yml'), 'utf8'))?.site;
  siteUrl = site?.url ?? siteUrl;
  logo = site?.logo;
} catch {
  // components.yml problems are reported, with positions, when the pages load it.
}
const url = new URL(siteUrl);

// Images come from this site only (incident Markdown cannot load tracking pixels), and from the
// origin of the logo when components.yml names one by URL.
let logoOrigin;
try {
  if (/^https?:\/\//i.test(logo ?? '')) logoOrigin = new URL(logo).origin;
} catch {
  // An invalid logo URL is reported when the pages load components.yml.
}

/** With CAIRN_STATS_FILE set, writes how often the build loaded the repository and rendered a message. */
const stats = {
  name: 'cairn-stats',
  hooks: {
    'astro:build:done': () => {
      if (process.env.CAIRN_STATS_FILE) writeFileSync(process.env.CAIRN_STATS_FILE, JSON.stringify(globalThis.__cairnStats ?? {}));
    },
  },
};

export default defineConfig({
  site: url.origin,
  // Separate caches let several builds (tests of different repositories) run side by side.
  ...(process.env.CAIRN_CACHE_DIR ? { cacheDir: process.env.CAIRN_CACHE_DIR } : {}),
  base: url.pathname,
  trailingSlash: 'ignore',
  // One external stylesheet, cached across pages; the only inline style (the brand colour) is
  // allowed by its hash in the Content-Security-Policy that Astro writes into every page. Pages
  // render while earlier ones are being written: one at a time, the build would wait on every write.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 4 },
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        ["img-src 'self' data:", logoOrigin].filter(Boolean).join(' '),
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
    },
  },
  integrations: [stats],
  // Incident Markdown is rendered (and sanitized) by the core; Astro's own highlighter would need inline styles.
  markdown: { syntaxHighlight: false },
  devToolbar: { enabled: false },
  telemetry: false,
});
