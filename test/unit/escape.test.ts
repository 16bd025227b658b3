import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { type PublishedUpdate, slackPayloads } from '#core/automation/notifications.ts';
import { siteSchema } from '#core/model/config.ts';
import { type Diagnostic, formatDiagnostics } from '#core/model/diagnostics.ts';
import { cleanText, terminalText } from '#core/model/text.ts';
import { timeProblem, toInstant } from '#core/model/time.ts';
import { renderBadge } from '#core/outputs/badges.ts';
import { type FeedEntry, renderFeed } from '#core/outputs/feeds.ts';
import { codeSpan, escapeIcs, escapeMarkdown, escapeSlack, escapeXml, jsonText } from '#core/render/escape.ts';
import { plainText, renderMessage } from '#core/render/markdown.ts';
import { FORBIDDEN, hostileText } from '../hostile.ts';

/** Every untrusted string, escaped for its target, stays text there: properties over generated hostile text. */

/** The text of each element named `name`, parsed strictly; fails on any well-formedness error or CDATA. */
function texts(xml: string, name: string): string[] {
  const parser = new SaxesParser({ xmlns: true });
  const found: string[] = [];
  let current: string | undefined;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('cdata', () => {
    throw new Error('CDATA section');
  });
  parser.on('opentag', (tag) => {
    if (tag.local === name) current = '';
  });
  parser.on('text', (t) => {
    if (current !== undefined) current += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.local === name && current !== undefined) found.push(current);
    current = undefined;
  });
  parser.write(xml).close();
  return found;
}

const SITE = 'https://status.example/';
const META = {
  title: 'Status',
  description: 'd',
  home: SITE,
  links: { rss: `${SITE}feed.xml`, atom: `${SITE}atom.xml`, json: `${SITE}feed.json` },
  icon: `${SITE}favicon.svg`,
  fallbackUpdated: 0,
};

const entry = (title: string, body: string, name: string): FeedEntry => ({
  id: `${SITE}incidents/a/#declared`,
  title,
  link: `${SITE}incidents/a/#declared`,
  date: Date.UTC(2026, 10, 20),
  html: renderMessage(body).html,
  summary: body,
  author: name,
  categories: [{ id: 'api', name }],
});

describe('feeds', () => {
  it('are well-formed XML without CDATA, and keep titles as text, whatever the text', () => {
    fc.assert(
      fc.property(hostileText, hostileText, hostileText, (title, body, name) => {
        const entries = [entry(title, body, name)];
        const rss = renderFeed('rss', { ...META, title: name }, entries);
        expect(texts(rss, 'title')).toEqual([cleanText(name), cleanText(title)]);
        const atom = renderFeed('atom', META, entries);
        // Atom titles are HTML: one more decoding gives the text.
        expect(texts(atom, 'title')[1]).toBe(escapeXml(title));
        expect(FORBIDDEN.test(rss) || FORBIDDEN.test(atom)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('keep a title with two ]]> and an XHTML script as text (the reproduction)', () => {
    const title = 'Checkout errors ]]> ]]><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(document.domain)</h:script><![CDATA[';
    const rss = renderFeed('rss', META, [entry(title, 'a ]]> b ]]> c', 'Webhooks <beta>')]);
    expect(texts(rss, 'title')).toEqual(['Status', title]);
    expect(texts(rss, 'script')).toEqual([]);
  });

  it('write JSON Feed without lone surrogates', () => {
    const json = renderFeed('json', META, [entry('half \ud800 of a pair', 'b', 'c')]);
    expect(JSON.parse(json).items[0].title).toBe('half \ufffd of a pair');
  });
});

describe('badges', () => {
  it('are well-formed SVG with the label as text', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (label, message) => {
        const svg = renderBadge({ label, message, color: '#1a7f37', title: `${label}: ${message}` });
        expect(texts(svg, 'title')).toEqual([cleanText(`${label}: ${message}`)]);
      }),
      { numRuns: 200 },
    );
  });
});

/** The Slack message of one declaration with `title`, `message` and affected `components`. */
function slackOf(title: string, message: string, components: PublishedUpdate['components'] = []) {
  const update: PublishedUpdate = {
    incident: { id: 'a', title, type: 'incident', url: `${SITE}incidents/a/` },
    id: 'declared',
    at: 0,
    status: 'investigating',
    impact: 'minor',
    message,
    components,
    url: `${SITE}incidents/a/#declared`,
  };
  return slackPayloads([update], { title: 'Status', url: SITE, status: 'operational', timeZone: 'UTC' })[0]!;
}

describe('escaping', () => {
  it('leaves no control character or unescaped separator in iCalendar text', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const ics = escapeIcs(text);
        expect(ics).not.toMatch(/[\0-\x1F\x7F-\x9F]/);
        expect(ics.replace(/\\[\\;,nN]/g, '')).not.toMatch(/[\\;,]/);
      }),
    );
  });

  it('prints one terminal line without escape sequences, carriage returns or direction overrides', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(terminalText(text)).not.toMatch(/[\0-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]|\p{Cs}/u);
      }),
    );
  });

  it('keeps Markdown titles as text: no tag, link, image or emphasis', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const html = renderMessage(`x ${escapeMarkdown(text)}`).html.trim();
        expect(html.replace(/^<p>/, '').replace(/<\/p>$/, '')).not.toMatch(/</);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps Slack text free of mentions and links', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(escapeSlack(text)).not.toMatch(/[<>]/);
      }),
    );
    const payload = slackOf(
      '<!channel> <https://evil.example|click here>',
      'Ping [everyone](!channel) and [Ada](@U123); see [the page](https://status.example/).',
    );
    expect(payload.text).toBe('Status: Investigating: &lt;!channel&gt; &lt;https://evil.example|click here&gt;');
    // A Markdown link becomes a Slack link only to a web or mail address: never a mention.
    expect(JSON.stringify(payload.blocks)).toContain('Ping everyone and Ada; see <https://status.example/|the page>.');
  });

  it('keeps titles and component names in Slack plain: Markdown in them links nowhere', () => {
    const payload = slackOf('Login down: [reset your password](https://evil.example/phish)', 'Looking into it.', [
      { id: 'web', name: '[Web](https://evil.example/)', status: 'partial_outage' },
    ]);
    const blocks = JSON.stringify(payload.blocks);
    expect(blocks).not.toContain('evil.example|');
    expect(blocks).toContain('Login down: [reset your password](https://evil.example/phish)');
    expect(blocks).toContain('[Web](https://evil.example/) (partial outage)');
  });

  it('keeps terminal text on one line, Unicode line separators included', () => {
    expect(terminalText('a\u2028b\u2029c')).toBe('a b c');
  });

  it('puts text in a code span that nothing breaks out of', () => {
    expect(codeSpan('fixes #1 @team <img src=x> [a](b)')).toBe('`fixes #1 @team <img src=x> [a](b)`');
    expect(codeSpan('a `b` c')).toBe('``a `b` c``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan('two\nlines')).toBe('`two lines`');
  });

  it('writes JSON whose strings are well-formed', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        expect(JSON.parse(jsonText({ text })).text).not.toMatch(/\p{Cs}/u);
      }),
    );
  });
});

describe('plain text of a message', () => {
  it('drops tags and comments but keeps a lone <', () => {
    expect(plainText('Latency < 200 ms <!-- note --> and <script>alert(1)</script> <b>bold</b>.')).toBe('Latency < 200 ms and alert(1) bold.');
  });

  it('keeps what a reader of the page sees: autolinks, characters Markdown uses, code, alt text', () => {
    expect(plainText('See <https://status.example.com/x?a=1&b=2> or write to <ops@example.com>.')).toBe(
      'See https://status.example.com/x?a=1&b=2 or write to ops@example.com.',
    );
    expect(plainText('a > b, error_code #42, 5 * 3 ~ 15, AT&amp;T')).toBe('a > b, error_code #42, 5 * 3 ~ 15, AT&T');
    expect(plainText('<div>\nMaintenance is <em>done</em>.\n</div>')).toBe('Maintenance is done.');
    expect(plainText('**Fixed** in `v2.1` ([notes](https://x.example/n)) ![latency graph](g.png)\n\n```\nERR_TIMEOUT\n```')).toBe(
      'Fixed in v2.1 (notes) latency graph ERR_TIMEOUT',
    );
  });

  it("puts a message's headings under the page's own, and links images from other sites instead of breaking them", () => {
    expect(renderMessage('## Cause\n\nA deploy.\n\n### Detail\n\nMore.').html).toBe('<h3>Cause</h3>\n<p>A deploy.</p>\n<h4>Detail</h4>\n<p>More.</p>\n');
    expect(renderMessage('![latency graph](https://cdn.example/g.png) ![logo](/brand/logo.svg)').html).toBe(
      '<p><a href="https://cdn.example/g.png">latency graph</a> <img src="/brand/logo.svg" alt="logo"></p>\n',
    );
  });

  it('as paragraphs, keeps blocks apart and lists an item per line', () => {
    expect(renderMessage('# Cause\n\nA bad\ndeploy.\n\n- rolled back\n- added a check\n\n1. one\n2. two\n\n> quoted').paragraphs).toEqual([
      'Cause',
      'A bad deploy.',
      '- rolled back\n- added a check',
      '1. one\n2. two',
      'quoted',
    ]);
  });
});

describe('GitHub annotations', () => {
  it('give each diagnostic one line whose properties no file name can end or extend', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostileText, hostileText), { minLength: 1, maxLength: 5 }), (pairs) => {
        const diagnostics: Diagnostic[] = pairs.map(([file, message]) => ({ file, line: 1, column: 2, severity: 'error', rule: 'r', message }));
        const lines = formatDiagnostics(diagnostics, 'github').split('\n');
        expect(lines).toHaveLength(pairs.length);
        for (const line of lines) expect(line).toMatch(/^::error file=[^:,\r\n]*,line=1,col=2,title=r::[^\r\n]*$/);
      }),
    );
  });

  it('carry no escape sequence or direction override, in a file name or a message quoting a YAML key', () => {
    const out = formatDiagnostics([{ file: 'incidents/\x1b[2Ja\u202e.md', severity: 'error', rule: 'r', message: 'Unknown field "\x1b[2Jkey"' }], 'github');
    expect(out).toBe('::error file=incidents/ [2Ja .md,title=r::Unknown field " [2Jkey"');
  });

  it('escape a file name that would add a workflow command (the reproduction)', () => {
    const out = formatDiagnostics([{ file: 'incidents/a\n::add-mask::x,title=y', severity: 'error', rule: 'r', message: 'm' }], 'github');
    expect(out).toBe('::error file=incidents/a%0A%3A%3Aadd-mask%3A%3Ax%2Ctitle=y,title=r::m');
  });
});

describe('times', () => {
  it('refuse years before 1970', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1969 }), (year) => {
        const text = `${String(year).padStart(4, '0')}-11-23T12:00:00Z`;
        expect(timeProblem(text)).toMatch(/year from 1970/);
        expect(toInstant(text, 'UTC')).toBeUndefined();
      }),
    );
    expect(timeProblem('1970-01-01T00:00:00Z')).toBeUndefined();
  });

  it('refuse offsets outside -14:00…+14:00 and minutes over 59', () => {
    fc.assert(
      fc.property(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (sign, h, m) => {
        const offset = `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        const valid = m <= 59 && h * 60 + m <= 14 * 60;
        expect(timeProblem(`2026-11-23T12:00:00${offset}`) === undefined).toBe(valid);
      }),
    );
  });
});

describe('links in components.yml', () => {
  const site = (url: string, logo?: string) => siteSchema.safeParse({ title: 'T', url: SITE, links: [{ label: 'L', url }], logo }).success;

  it('accept http(s), mailto and paths on the site', () => {
    for (const url of ['https://example.com/', 'http://example.com', 'mailto:help@example.com', '/about/', 'about', '#top', '//cdn.example/x'])
      expect(site(url), url).toBe(true);
    expect(site('/', '/logo.svg')).toBe(true);
    expect(site('/', 'https://cdn.example/logo.svg')).toBe(true);
  });

  it('refuse every other scheme, and whitespace or controls a browser would drop', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>',
      'vbscript:x',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'java\nscript:x',
      '\x01javascript:x',
    ])
      expect(site(url), url).toBe(false);
    expect(site('/', 'data:image/svg+xml,<svg onload=alert(1)>')).toBe(false);
    expect(site('/', 'mailto:a@b.c')).toBe(false);
    // The logo's origin goes into the Content-Security-Policy: a ";" there would add a directive.
    expect(site('/', 'https://cdn.example;script-src/logo.png')).toBe(false);
    // A quote would end the attribute the link is written in.
    expect(site('https://example.com/"onmouseover=x')).toBe(false);
    expect(site('https://bücher.example:8443/katalog?x=1#y')).toBe(true);
    expect(site('https://[2001:db8::1]/')).toBe(true);
  });
});
