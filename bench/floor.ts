import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { remark } from 'remark';
import html from 'remark-html';
import { parse } from 'yaml';

/**
 * The floor of the work a job does, for the benchmark's ratios: the least any program must do to
 * read a repository (`check`: read every incident file and parse its frontmatter) or to turn it into
 * pages (`build`: also render each message once and write one trivial page per incident and per
 * component). Usage: `node bench/floor.ts check|build <repo> [<out>]`.
 */

function incidentFiles(repo: string): string[] {
  return readdirSync(join(repo, 'incidents'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(repo, 'incidents', f));
}

function split(text: string): { data: unknown; body: string } {
  const end = text.indexOf('\n---', 4);
  return { data: parse(text.slice(4, end)), body: text.slice(text.indexOf('\n', end + 1) + 1) };
}

const [job, repo, out] = process.argv.slice(2);
if ((job !== 'check' && job !== 'build') || !repo) throw new Error('usage: node bench/floor.ts check|build <repo> [<out>]');
const files = incidentFiles(repo);
const parsed = files.map((f) => split(readFileSync(f, 'utf8')));
if (job === 'build') {
  const dir = out ?? join(repo, 'floor-dist');
  const renderer = remark().use(html);
  const byIncident = new Map<string, string[]>();
  files.forEach((f, i) => {
    const id = f.split('/').at(-2)!;
    const list = byIncident.get(id) ?? [];
    list.push(String(renderer.processSync(parsed[i]!.body)));
    byIncident.set(id, list);
  });
  for (const [id, parts] of byIncident) {
    mkdirSync(join(dir, 'incidents', id), { recursive: true });
    writeFileSync(join(dir, 'incidents', id, 'index.html'), `<!doctype html><title>${id}</title>${parts.join('')}`);
  }
  const config = parse(readFileSync(join(repo, 'components.yml'), 'utf8')) as { components: Array<{ id: string; name: string }> };
  for (const c of config.components) {
    mkdirSync(join(dir, 'components', c.id), { recursive: true });
    writeFileSync(join(dir, 'components', c.id, 'index.html'), `<!doctype html><title>${c.name}</title>`);
  }
}
