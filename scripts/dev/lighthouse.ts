#!/usr/bin/env node
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
// The browser tests' static server: a built site as GitHub Pages would serve it.
import { serve } from '../../test/serve.ts';

/**
 * Lighthouse on the example site, built as of a fixed time with sample check data: the home page
 * and two incident pages (resolved with a postmortem, and active), as a phone and as a desktop.
 * Prints each page's four category scores and its cumulative layout shift, and exits non-zero
 * unless every score is 100 and nothing shifts. Needs Chromium (CHROME_PATH, default
 * /usr/bin/chromium). Not part of `npm test`: it takes a few minutes.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const NOW = '2026-11-23T14:00:00Z';
const PAGES = [
  ['home', ''],
  ['incident (resolved)', 'incidents/2026-11-17-checkout-errors/'],
  ['incident (active)', 'incidents/2026-11-23-webhook-delays/'],
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (d) => (errors += d));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${errors}`))));
  });
}

const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const cache = join(ROOT, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const work = mkdtempSync(join(cache, 'cairn-lighthouse-'));
try {
  const repo = join(work, 'repo');
  cpSync(join(ROOT, 'components.yml'), join(repo, 'components.yml'));
  cpSync(join(ROOT, 'incidents'), join(repo, 'incidents'), { recursive: true });
  const env = { CAIRN_ROOT: repo, CAIRN_NOW: NOW, CAIRN_CACHE_DIR: join(work, 'cache'), ASTRO_TELEMETRY_DISABLED: '1', CAIRN_SAMPLE_DATA: '1' };
  const sample = spawnSync(process.execPath, [join(ROOT, 'scripts/dev/sample-data.ts')], { cwd: repo, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (sample.status !== 0) throw new Error(sample.stderr);
  // Built from a folder of its own, as test/build.ts explains.
  await run(bin('astro'), ['build', '--root', ROOT, '--outDir', join(work, 'dist')], env, work);
  const site = await serve(join(work, 'dist'), '/');
  const rows: string[] = [];
  let perfect = true;
  try {
    for (const [name, path] of PAGES) {
      for (const form of ['mobile', 'desktop'] as const) {
        const out = join(work, `${form}-${rows.length}.json`);
        await run(
          bin('lighthouse'),
          [
            site.url + path,
            '--quiet',
            '--output=json',
            `--output-path=${out}`,
            `--only-categories=${CATEGORIES.join(',')}`,
            '--chrome-flags=--headless=new --no-sandbox',
            ...(form === 'desktop' ? ['--preset=desktop'] : []),
          ],
          { CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' },
        );
        const report = JSON.parse(readFileSync(out, 'utf8'));
        const scores = CATEGORIES.map((c) => Math.round(report.categories[c].score * 100));
        const cls = report.audits['cumulative-layout-shift'].numericValue as number;
        if (scores.some((s) => s < 100) || cls > 0) perfect = false;
        rows.push(`| ${name} | ${form} | ${scores.join(' | ')} | ${cls.toFixed(3)} |`);
        for (const c of CATEGORIES) {
          for (const ref of report.categories[c].auditRefs) {
            const audit = report.audits[ref.id];
            if (ref.weight > 0 && audit.score !== null && audit.score < 1)
              console.error(`${name}, ${form}, ${c}: ${audit.title} (${audit.displayValue ?? audit.score})`);
          }
        }
      }
    }
  } finally {
    site.server.close();
  }
  console.log(['| page | device | performance | accessibility | best practices | SEO | CLS |', '|---|---|---|---|---|---|---|', ...rows].join('\n'));
  process.exitCode = perfect ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
