import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAGE_INDICATOR, PAGE_STATUS_TEXT, type PageStatus } from '#core/derive/page-status.ts';
import { type ComponentStatus, label } from '#core/model/enums.ts';
import { isoUtc } from '#core/model/time.ts';
import { cairnApiSchema } from '#core/outputs/cairn-api.ts';
import { STATUSPAGE_SCHEMAS } from '#core/outputs/statuspage.ts';
import { routes } from '#core/render/routes.ts';
import { type GeneratedRepository, generatedFiles } from '../arbitraries.ts';
import { builtSite } from '../build.ts';
import { cairn } from '../cli-harness.ts';
import { tempDir, writeFiles } from '../helpers.ts';
import { GENERATED } from '../sites.ts';

/**
 * DESIGN.md point 8: for the same repository and `now`, the page (parsed HTML), the feeds, the
 * Statuspage API, cairn.json, the badges and `cairn status --json` agree on every component's
 * status, every incident's status and impact, and the page status. Over generated repositories,
 * built as fixture sites (test/sites.ts) from the start of the run.
 */

interface Said {
  page: PageStatus;
  components: Record<string, ComponentStatus>;
  incidents: Record<string, { status: string; impact: string }>;
}

interface Built {
  g: GeneratedRepository;
  dist: string;
  cli: Said;
}

const built: Built[] = [];

beforeAll(async () => {
  for (const [i, g] of GENERATED.entries()) {
    const root = tempDir('cairn-agree-');
    writeFiles(root, generatedFiles(g));
    const dist = await builtSite(`generated-${i}`);
    const run = await cairn(root, ['status', '--json'], { now: isoUtc(g.now) });
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout);
    const incidents: Said['incidents'] = {};
    for (const i of [...json.active_incidents, ...json.ongoing_maintenance, ...json.upcoming_maintenance])
      incidents[i.id] = { status: i.status, impact: i.impact ?? 'maintenance' };
    built.push({
      g,
      dist,
      cli: {
        page: json.page.status,
        components: Object.fromEntries(json.components.map((c: { id: string; status: ComponentStatus }) => [c.id, c.status])),
        incidents,
      },
    });
  }
}, 1_200_000);

const read = (b: Built, path: string) => readFileSync(join(b.dist, path), 'utf8');
const json = (b: Built, path: string) => JSON.parse(read(b, path));

/** What cairn.json says: the reference the others are held against. */
function fromCairnJson(b: Built): Said {
  const api = cairnApiSchema.parse(json(b, routes.api.cairn));
  return {
    page: api.page.status,
    components: Object.fromEntries(api.components.map((c) => [c.id, c.status])),
    incidents: Object.fromEntries(api.incidents.map((i) => [i.id, { status: i.status, impact: i.type === 'maintenance' ? 'maintenance' : i.impact }])),
  };
}

describe.each(GENERATED.map((g, i) => [i, g] as const))('generated repository %i', (i) => {
  const b = () => built[i]!;

  it('the home page shows the page status and each component as cairn.json and cairn status --json do', () => {
    const said = fromCairnJson(b());
    const html = parse(read(b(), 'index.html'));
    const banner = html.querySelector('section.banner')!;
    expect(banner.classList.contains(`b-${said.page}`)).toBe(true);
    if (said.page !== 'operational') expect(banner.querySelector('h1')!.text).toBe(PAGE_STATUS_TEXT[said.page]);
    const shown = Object.fromEntries(
      html.querySelectorAll('li.comp').map((li) => {
        const id = li.querySelector('a.comp-name')!.getAttribute('href')!.split('/').filter(Boolean).at(-1)!;
        const status = li
          .querySelector('.st')!
          .classList.value.find((c) => c.startsWith('s-'))!
          .slice(2);
        return [id, status];
      }),
    );
    expect(shown).toEqual(said.components);
    expect(b().cli.page).toBe(said.page);
    expect(b().cli.components).toEqual(said.components);
  });

  it('the Statuspage API says the same, in its own vocabulary', () => {
    const said = fromCairnJson(b());
    const summary = STATUSPAGE_SCHEMAS.summary.parse(json(b(), routes.api.summary));
    expect(summary.status.indicator).toBe(PAGE_INDICATOR[said.page]);
    for (const c of summary.components.filter((x) => !x.group)) {
      const status = said.components[c.id]!;
      // Statuspage has no "unknown": such a component is reported operational there.
      expect(c.status).toBe(status === 'unknown' ? 'operational' : status);
    }
    const incidents = STATUSPAGE_SCHEMAS.incidents.parse(json(b(), routes.api.incidents)).incidents;
    for (const inc of incidents) {
      const own = said.incidents[inc.id];
      if (!own) continue;
      expect({ status: inc.status, impact: inc.impact }).toEqual(own);
    }
    for (const m of STATUSPAGE_SCHEMAS.maintenances.parse(json(b(), routes.api.maintenances)).scheduled_maintenances) {
      if (said.incidents[m.id]) expect(m.status).toBe(said.incidents[m.id]!.status);
    }
  });

  it('each incident page, the feed and cairn status --json give the same status and impact', () => {
    const said = fromCairnJson(b());
    const feed = json(b(), routes.feed.json) as { items: Array<{ url: string; title: string; date_published: string }> };
    for (const [id, own] of Object.entries(said.incidents)) {
      const html = parse(read(b(), join(routes.incident(id), 'index.html')));
      const tags = html.querySelector('.tags')!;
      expect(tags.querySelector(`.tag.t-${own.status}`), `${id} status`).not.toBeNull();
      if (own.impact !== 'maintenance') expect(tags.querySelector(`.tag.i-${own.impact}`), `${id} impact`).not.toBeNull();
      const newest = feed.items.filter((item) => item.url.includes(`/incidents/${id}/`)).sort((x, y) => y.date_published.localeCompare(x.date_published))[0];
      // Feed items are messages, titled with the status each one set; a window's start is not a message.
      if (newest && own.impact !== 'maintenance')
        expect(newest.title.startsWith(`[${label(own.status)}]`) || newest.title.startsWith('[Postmortem]')).toBe(true);
      if (b().cli.incidents[id]) expect(b().cli.incidents[id]).toEqual(own);
    }
  });

  it('the badges say the same', () => {
    const said = fromCairnJson(b());
    expect(json(b(), routes.badge.pageShields).message).toBe(PAGE_STATUS_TEXT[said.page]);
    for (const [id, status] of Object.entries(said.components)) expect(json(b(), routes.badge.shields(id)).message).toBe(label(status));
  });
});
