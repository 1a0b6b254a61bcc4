/**
 * A standalone page (About micro-credentials, Accessibility…), one Markdown (.md) file in content/pages/.
 * Its body may hold only the HTML src/lib/content/markdown-body.ts allows.
 * The file name is the URL: content/pages/about-micro-credentials.md -> /about-micro-credentials/.
 */
import { z } from 'astro/zod';
import { isoDate, requiredText } from './shared.ts';

/**
 * URL paths the site's own routes use; a page in content/pages/ must not take one of them. It names
 * every top-level folder of the badge address table too (BADGE_FOLDERS in src/lib/ob3/urls.ts, which
 * a schema cannot import): tests/unit/addresses.test.ts checks that it does.
 */
export const RESERVED_PAGE_IDS = [
  'challenge',
  'winners',
  'news',
  'micro-credentials',
  'search',
  'sitemap',
  'faq',
  '404',
  'verify',
  'credentials',
  'admin',
  'pagefind',
  'issuer',
  'status',
  'keys',
  // Folders of public/: a page there would be served under their sandboxing headers, or clash with a file.
  'uploads',
  'images',
  'badges',
] as const;

export const pageSchema = z.strictObject({
  /** The page heading and browser title. */
  title: requiredText('a title'),
  /** One sentence for search results and link previews. */
  description: requiredText('a description (one sentence for search results and link previews)'),
  /** A short line shown above the heading, e.g. "Micro-credentials". */
  eyebrow: z.string().trim().min(1).optional(),
  /** Date of the last meaningful edit, shown as "Last updated". */
  updated: isoDate.optional(),
});

export type Page = z.output<typeof pageSchema>;
