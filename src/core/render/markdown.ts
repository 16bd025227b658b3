import { remark } from 'remark';
import remarkHtml from 'remark-html';

interface MdNode {
  type: string;
  depth?: number;
  url?: string;
  value?: string;
  alt?: string | null;
  ordered?: boolean | null;
  start?: number | null;
  children?: MdNode[];
}

const text = (value: string): MdNode => ({ type: 'text', value });

/**
 * Links and images whose URL no browser can parse (`<https://a.example|b>`) become their text:
 * the page stays valid HTML. An image from another site becomes a link to it, named by its alt
 * text: the pages load images from their own site only, and would show a broken one.
 */
function safeLinks(child: MdNode): MdNode[] {
  if (child.type !== 'link' && child.type !== 'image') return [child];
  const url = child.url ?? '';
  if (!URL.canParse(url, 'https://base.invalid/')) return child.type === 'link' ? (child.children ?? []) : child.alt ? [text(child.alt)] : [];
  if (child.type === 'image' && /^(https?:)?\/\//i.test(url)) return [{ type: 'link', url, children: [text(child.alt || url)] }];
  return [child];
}

/**
 * Headings in a message sit under the page's own (its title, h1, and its sections, h2): the
 * message's highest level becomes h3, and the others follow it, down to h6, skipping none.
 */
function shapeTree() {
  const walk = (node: MdNode, headings: MdNode[]) => {
    if (node.type === 'heading') headings.push(node);
    if (!node.children) return;
    // A new list only where there is a link or an image: most messages have none.
    if (node.children.some((c) => c.type === 'link' || c.type === 'image')) node.children = node.children.flatMap(safeLinks);
    for (const child of node.children) walk(child, headings);
  };
  return (tree: MdNode) => {
    const headings: MdNode[] = [];
    walk(tree, headings);
    const shift = 3 - Math.min(...headings.map((h) => h.depth ?? 1));
    for (const h of headings) h.depth = Math.min(6, (h.depth ?? 1) + shift);
  };
}

const CONTAINERS = new Set(['root', 'blockquote', 'list', 'listItem']);

/**
 * The words of a node as Markdown readers see them, added to `out`: what links, emphasis and code
 * show (an autolink shows its address), an image's alt text, the text of raw HTML.
 */
function collectText(node: MdNode, out: string[]): void {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
    case 'html':
      out.push(node.value ?? '');
      return;
    case 'image':
      out.push(node.alt ?? '');
      return;
    case 'break':
      out.push(' ');
      return;
    case 'definition':
      return;
  }
  // Blocks inside blocks (a list in a quote, a paragraph in an item) are separated by a space.
  const separate = CONTAINERS.has(node.type);
  for (const child of node.children ?? []) {
    if (separate) out.push(' ');
    collectText(child, out);
  }
}

/**
 * Plain text of a parsed block on one line. Whatever reads like a tag or a comment goes, also
 * when written as text: clients that wrongly show plain text as HTML get no markup from it.
 */
function blockText(block: MdNode): string {
  const out: string[] = [];
  collectText(block, out);
  const text = out.join('');
  return (text.includes('<') ? text.replace(/<!--[\s\S]*?-->|<\/?[a-z][^>]*>/gi, '') : text).replace(/\s+/g, ' ').trim();
}

/** A message's text on one line, and its paragraphs: each top-level block, a list an item per line. */
function messageText(tree: MdNode): { text: string; paragraphs: string[] } {
  const pieces: string[] = [];
  const paragraphs: string[] = [];
  for (const block of tree.children ?? []) {
    if (block.type === 'list') {
      const items = (block.children ?? []).map(blockText);
      pieces.push(...items);
      paragraphs.push(items.map((item, i) => `${block.ordered ? `${(block.start ?? 1) + i}.` : '-'} ${item}`).join('\n'));
    } else {
      const text = blockText(block);
      pieces.push(text);
      if (text) paragraphs.push(text);
    }
  }
  return { text: pieces.filter(Boolean).join(' '), paragraphs };
}

/** Keeps the plain text of the tree the HTML is made from: one parse gives both. */
function keepText() {
  return (tree: MdNode, file: { data: Record<string, unknown> }) => {
    Object.assign(file.data, messageText(tree));
  };
}

// remark-html sanitizes by default (GitHub's schema): raw HTML, event handlers and
// `javascript:` URLs are dropped, so an incident message can never run script on the page.
const processor = remark().use(shapeTree).use(keepText).use(remarkHtml).freeze();
const parser = remark().freeze();

export interface RenderedMessage {
  /** Safe HTML. */
  html: string;
  /** The same words as plain text on one line, for summaries and descriptions. */
  text: string;
  /** And as plain-text paragraphs, for outputs that show no Markdown; wrapped lines are joined. */
  paragraphs: string[];
}

/** How outputs get a message rendered: the build renders each one once and shares it. */
export type Messages = (markdown: string) => RenderedMessage;

/** Markdown to safe HTML and to plain text. */
export const renderMessage: Messages = (markdown) => {
  const file = processor.processSync(markdown);
  return { html: String(file), text: file.data.text as string, paragraphs: file.data.paragraphs as string[] };
};

/** Plain text of a message on one line, for titles, summaries and terminals. */
export function plainText(markdown: string): string {
  return messageText(parser.parse(markdown) as MdNode).text;
}
