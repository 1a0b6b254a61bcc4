/**
 * What the search index reads of a page, as a reader reads it. Astro writes pages without
 * whitespace between elements, and Pagefind reads definition lists, table cells and list items as
 * inline text, so "Learning time" / "20 hours" / "Delivery" / "Online" came out as
 * "Learning time20 hoursDeliveryOnline" in excerpts. Before indexing (never in the published
 * page), a term gets a colon and every description, cell and item a following space.
 * Also the kind of page each address is, shown with each search result.
 */

/** The page's HTML with the separators a reader sees between terms, descriptions, cells and list items. */
export function withReadingSeparators(html: string): string {
  return html
    .replace(/([^\s:.;!?])(\s*)<\/dt>/gi, '$1:$2</dt>')
    .replace(/<\/(dt|dd|td|th|li)>/gi, '</$1> ');
}

/** The kind of page at `path`, in a reader's words (shown with each search result). */
export function pageKind(path: string): string {
  if (path === '/') return 'Home';
  if (/^\/news\/(page\/\d+\/|category\/[^/]+\/)?$/.test(path)) return 'News';
  if (path.startsWith('/news/')) return 'News release';
  if (/^\/challenge\/\d{4}\/$/.test(path)) return 'Challenge year';
  if (path.startsWith('/challenge/')) return 'The Challenge';
  if (path.startsWith('/winners/')) return 'Winners';
  if (path.startsWith('/micro-credentials/')) return 'Micro-credential';
  if (path.startsWith('/verify/')) return 'Verify a badge';
  return 'Page';
}
