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
  return walk;
}

const words = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The words of a node as Markdown readers see them: what links, emphasis and code show (an
 * autolink shows its address), an image's alt text, the text of raw HTML.
 */
function inlineText(node: MdNode): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value ?? '';
    case 'html':
    case 'image':
      return node.alt ?? '';
    case 'break':
      return ' ';
    case 'definition':
      return '';
    default:
      // Blocks inside blocks (a list in a quote, a paragraph in an item) are separated by a space.
      return (node.children ?? []).map(inlineText).join(node.type === 'paragraph' || node.type === 'heading' ? '' : ' ');
  }
}

/**
 * Plain text of a parsed message on one line. Whatever reads like a tag or a comment goes, also
 * when written as text: clients that wrongly show plain text as HTML get no markup from it.
 */
const treeText = (tree: MdNode) => words(inlineText(tree).replace(/<!--[\s\S]*?-->|<\/?[a-z][^>]*>/gi, ''));

/** Each top-level block as a paragraph; a list is one paragraph, an item per line. */
function paragraphs(tree: MdNode): string[] {
  return tree
    .children!.map((block) =>
      block.type === 'list'
        ? block.children!.map((item, i) => `${block.ordered ? `${(block.start ?? 1) + i}.` : '-'} ${treeText(item)}`).join('\n')
        : treeText(block),
    )
    .filter(Boolean);
}

/** Keeps the plain text of the tree the HTML is made from: one parse gives all three. */
function keepText() {
  return (tree: MdNode, file: { data: Record<string, unknown> }) => {
    file.data.text = treeText(tree);
    file.data.paragraphs = paragraphs(tree);
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
  return treeText(parser.parse(markdown) as MdNode);
}
