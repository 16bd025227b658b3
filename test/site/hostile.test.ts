import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import ICAL from 'ical.js';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { describe, expect, it } from 'vitest';
import { builtSite } from '../build.ts';
import { ROOT, readTree } from '../helpers.ts';
import { FORBIDDEN } from '../hostile.ts';

/** The hostile repository built for real; then every file in dist/ is parsed by a strict parser for its type. */

const CDATA_TITLE = 'Checkout errors ]]> ]]><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(document.domain)</h:script><![CDATA[';

interface XmlNode {
  name: string;
  uri: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses XML strictly (namespaces checked); fails on any well-formedness error. Reports whether CDATA was used. */
function parseXml(text: string): { root: XmlNode; cdata: boolean } {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlNode[] = [{ name: '#document', uri: '', attributes: {}, children: [], text: '' }];
  let cdata = false;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const node: XmlNode = {
      name: tag.local,
      uri: tag.uri,
      attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value])),
      children: [],
      text: '',
    };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => void (stack.at(-1)!.text += t));
  parser.on('cdata', (t) => {
    cdata = true;
    stack.at(-1)!.text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(text).close();
  return { root: stack[0]!.children[0]!, cdata };
}

function all(node: XmlNode): XmlNode[] {
  return [node, ...node.children.flatMap(all)];
}

/** Every string inside a parsed JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

const dist = await builtSite('hostile');
const files = readTree(dist);

describe('a build of hostile text', () => {
  it('writes only files a strict parser for their type accepts, with no forbidden character', () => {
    const kinds = new Map<string, number>();
    for (const [path, text] of Object.entries(files)) {
      const ext = extname(path);
      kinds.set(ext, (kinds.get(ext) ?? 0) + 1);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(join(dist, path))), path).not.toThrow();
      if (ext === '.xml' || ext === '.svg') {
        const { root, cdata } = parseXml(text);
        // Nothing relies on CDATA, and no element of another vocabulary (XHTML script) was injected.
        expect(cdata, path).toBe(false);
        const foreign = all(root).filter((n) => n.uri === 'http://www.w3.org/1999/xhtml' || n.name === 'script');
        expect(foreign, path).toEqual([]);
        expect(FORBIDDEN.test(text), path).toBe(false);
      } else if (ext === '.json') {
        const found = strings(JSON.parse(text)).filter((s) => FORBIDDEN.test(s));
        expect(found, path).toEqual([]);
      } else if (ext === '.ics') {
        const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
        expect(events.length, path).toBeGreaterThan(0);
        expect(/[\0-\x08\x0B-\x0C\x0E-\x1F\x7F-\x9F]/.test(text), path).toBe(false);
      } else if (['.html', '.css', '.js', '.txt'].includes(ext)) {
        expect(FORBIDDEN.test(text), path).toBe(false);
      } else {
        throw new Error(`${path}: no parser for this kind of file; add one to this test`);
      }
    }
    expect(Object.fromEntries(kinds)).toMatchObject({
      '.html': expect.any(Number),
      '.xml': expect.any(Number),
      '.json': expect.any(Number),
      '.svg': expect.any(Number),
      '.ics': 1,
    });
  });

  it('keeps the text of a CDATA attack, inert, in RSS and Atom', () => {
    for (const path of ['feed.xml', 'components/webhooks/feed.xml']) {
      const titles = all(parseXml(files[path]!).root)
        .filter((n) => n.name === 'title')
        .map((n) => n.text);
      expect(titles, path).toContain(`[Resolved] ${CDATA_TITLE}`);
    }
    const atom = all(parseXml(files['atom.xml']!).root);
    // Atom titles are HTML: the reader decodes it once more and gets the title as text.
    expect(atom.filter((n) => n.name === 'title').map((n) => n.text)).toContain(
      `[Resolved] ${CDATA_TITLE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}`,
    );
    expect(atom.filter((n) => n.name === 'category').map((n) => n.attributes.label)).toContain('Webhooks <beta>');
  });

  it('sends Statuspage API bodies as plain text', () => {
    const { incidents } = JSON.parse(files['api/v2/incidents.json']!) as { incidents: Array<{ incident_updates: Array<{ body: string }> }> };
    const bodies = incidents.flatMap((i) => i.incident_updates.map((u) => u.body));
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(body).not.toMatch(/<\/?[a-z]/i);
  });

  it('puts the Content-Security-Policy first in every page, allowing images from this site only', () => {
    for (const [path, text] of Object.entries(files)) {
      if (!path.endsWith('.html')) continue;
      const meta = /^<!DOCTYPE html><html[^>]*><head><meta http-equiv="content-security-policy" content="([^"]*)">/i.exec(text);
      expect(meta, path).not.toBeNull();
      const directives = meta![1]!
        .replace(/&#39;/g, "'")
        .split(';')
        .map((d) => d.trim());
      expect(directives).toContain("img-src 'self' data:");
      expect(directives).toContain("default-src 'self'");
    }
  });

  it('passes the Nu HTML Checker', () => {
    const pages = Object.keys(files)
      .filter((p) => p.endsWith('.html'))
      .map((p) => join(dist, p));
    const jar = join(ROOT, 'node_modules/vnu-jar/build/dist/vnu.jar');
    const result = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...pages], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const messages = JSON.parse(result.stderr).messages as Array<{ url: string; message: string; extract?: string }>;
    expect(messages.map((m) => `${m.url}: ${m.message} ${m.extract ?? ''}`)).toEqual([]);
  });
});
