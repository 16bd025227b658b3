import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { published } from '#core/parse/repository.ts';
import { BENCH_NOW, generate } from '../../bench/generate.ts';
import { loadRepository } from '../../src/load.ts';
import { buildSite } from '../build.ts';
import { tempDir } from '../helpers.ts';

/**
 * Work grows with the repository, not with pages × incidents: a build derives the repository once
 * and renders each message once, and no page lists everything.
 */

interface Built {
  root: string;
  dist: string;
  stats: { loads: number; renders: number };
}

async function build(incidents: number, days: number): Promise<Built> {
  const root = join(tempDir('cairn-scale-'), 'repo');
  generate(root, { incidents, components: 12, days });
  const statsFile = join(tempDir('cairn-stats-'), 'stats.json');
  const { dist } = await buildSite(root, BENCH_NOW, { CAIRN_STATS_FILE: statsFile });
  return { root, dist, stats: JSON.parse(readFileSync(statsFile, 'utf8')) };
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.html'))
    .map((d) => join(d.parentPath, d.name));
}

describe('a build at scale', () => {
  let small: Built;
  let large: Built;
  beforeAll(async () => {
    // The same number of incidents a day; the large one has ten times the history.
    [small, large] = await Promise.all([build(90, 90), build(900, 900)]);
  });

  it('loads and derives the repository once, and renders each message once', () => {
    const { repository } = loadRepository(large.root);
    const messages = new Set<string>();
    for (const incident of published(repository!).incidents) {
      for (const entry of incident.entries) messages.add(entry.body);
    }
    const pages = htmlFiles(large.dist).length;
    expect(pages).toBeGreaterThan(900);
    expect(large.stats.loads).toBe(1);
    // Every published message appears on some page or feed, each rendered once however many use it.
    expect(large.stats.renders).toBeLessThanOrEqual(messages.size + 1);
    expect(large.stats.renders).toBeGreaterThan(messages.size * 0.9);
  });

  it('keeps the home page the same size with ten times the past incidents', () => {
    const home = (b: Built) => statSync(join(b.dist, 'index.html')).size;
    expect(home(large) / home(small)).toBeLessThan(1.1);
  });

  it('paginates history: no page lists everything', () => {
    const perPage = (file: string) => parse(readFileSync(file, 'utf8')).querySelectorAll('main a[href*="/incidents/"]').length;
    const history = htmlFiles(join(large.dist, 'history'));
    expect(history.length).toBeGreaterThan(20);
    expect(Math.max(...history.map(perPage))).toBeLessThanOrEqual(50);
  });
});
