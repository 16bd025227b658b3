import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'node-html-parser';

/** What a reader downloads and the browser lays out for the home page of a site built at a domain root. */
export interface HomeWeight {
  /** `index.html` plus the stylesheets it links. */
  bytes: number;
  elements: number;
}

export function homeWeight(dist: string): HomeWeight {
  const html = readFileSync(join(dist, 'index.html'));
  const root = parse(html.toString('utf8'));
  const sheets = root.querySelectorAll('link[rel=stylesheet]').map((link) => readFileSync(join(dist, link.getAttribute('href')!)).length);
  return { bytes: html.length + sheets.reduce((a, b) => a + b, 0), elements: root.querySelectorAll('*').length };
}
