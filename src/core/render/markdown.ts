import { remark } from 'remark';
import remarkHtml from 'remark-html';

interface MdNode {
  type: string;
  url?: string;
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

/** Plain text of a message, for titles, summaries and terminals. */
export function plainText(markdown: string): string {
  return (
    markdown
      .replace(/```[\s\S]*?```/g, ' ')
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      // Tags and comments, not every `<`: "latency < 200 ms" keeps its words.
      .replace(/<!--[\s\S]*?-->|<\/?[a-z][^>]*>/gi, '')
      .replace(/[*_`#>~]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** A message as plain-text paragraphs, for outputs that show no Markdown; wrapped lines are joined. */
export function plainParagraphs(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n/)
    .map(plainText)
    .filter(Boolean);
}
