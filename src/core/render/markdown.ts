import { remark } from 'remark';
import remarkHtml from 'remark-html';

interface MdNode {
  type: string;
  url?: string;
  value?: string;
  alt?: string | null;
  ordered?: boolean | null;
  start?: number | null;
  children?: MdNode[];
}

/** Links and images whose URL no browser can parse (`<https://a.example|b>`) become their text: the page stays valid HTML. */
function dropUnparseableUrls() {
  const walk = (node: MdNode) => {
    if (!node.children) return;
    node.children = node.children.flatMap((child) =>
      (child.type === 'link' || child.type === 'image') && !URL.canParse(child.url ?? '', 'https://base.invalid/') ? (child.children ?? []) : [child],
    );
    node.children.forEach(walk);
  };
  // Every link and image starts with `[`, `!` then `[`, or `<`: most messages have none to walk for.
  return (tree: MdNode, file: { value: unknown }) => {
    if (/[[<]/.test(String(file.value))) walk(tree);
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
const processor = remark().use(dropUnparseableUrls).use(keepText).use(remarkHtml).freeze();
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
