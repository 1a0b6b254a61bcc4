/**
 * Pagefind returns excerpts as HTML: escaped page text with the matched words wrapped in <mark>.
 * This splits one into plain-text parts so the page can build text nodes and <mark> elements
 * itself and never assigns HTML from the index to innerHTML.
 */

export interface ExcerptPart {
  text: string;
  /** True for a matched word. */
  mark: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export function excerptParts(html: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  const pattern = /<mark>([\s\S]*?)<\/mark>/gi;
  let last = 0;
  for (let match = pattern.exec(html); match; match = pattern.exec(html)) {
    if (match.index > last) parts.push({ text: stripTags(html.slice(last, match.index)), mark: false });
    parts.push({ text: stripTags(match[1] ?? ''), mark: true });
    last = match.index + match[0].length;
  }
  if (last < html.length) parts.push({ text: stripTags(html.slice(last)), mark: false });
  return parts.filter((p) => p.text.length > 0);
}

function stripTags(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''));
}
