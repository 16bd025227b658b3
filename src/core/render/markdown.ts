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

// remark-html sanitizes by default (GitHub's schema): raw HTML, event handlers and
// `javascript:` URLs are dropped, so an incident message can never run script on the page.
const processor = remark().use(dropUnparseableUrls).use(remarkHtml).freeze();

/** Markdown to safe HTML. */
export function renderMarkdown(markdown: string): string {
  return String(processor.processSync(markdown));
}

const parser = remark().freeze();

const words = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The words of a node as Markdown readers see them: what links, emphasis and code show (an
 * autolink shows its address), an image's alt text, the text of raw HTML without its tags.
 */
function inlineText(node: MdNode): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value ?? '';
    case 'html':
      return (node.value ?? '').replace(/<!--[\s\S]*?-->|<\/?[a-z][^>]*>/gi, '');
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

/** Each top-level block as a paragraph; a list is one paragraph, an item per line. */
function blocks(markdown: string): string[] {
  return (parser.parse(markdown) as MdNode).children!.map((block) => {
    if (block.type !== 'list') return words(inlineText(block));
    return block.children!.map((item, i) => `${block.ordered ? `${(block.start ?? 1) + i}.` : '-'} ${words(inlineText(item))}`).join('\n');
  });
}

/** Plain text of a message on one line, for titles, summaries and terminals. */
export function plainText(markdown: string): string {
  return words((parser.parse(markdown) as MdNode).children!.map(inlineText).join(' '));
}

/** A message as plain-text paragraphs, for outputs that show no Markdown; wrapped lines are joined. */
export function plainParagraphs(markdown: string): string[] {
  return blocks(markdown).filter(Boolean);
}
