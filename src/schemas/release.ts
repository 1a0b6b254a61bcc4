/**
 * A news release, announcement or media advisory, one Markdown (.md) file in content/releases/. Its body
 * may hold only the HTML src/lib/content/markdown-body.ts allows.
 * The file name (without extension) is the URL: content/releases/2022-01-25-foo.md -> /news/2022-01-25-foo/.
 */
import { z } from 'astro/zod';
import { creditedImage, isoDate, kingstonDateTime, requiredText, webUrl } from './shared.ts';
import { video } from './video.ts';

/** The kinds of news item, in the order the news page lists them in its filter. */
export const RELEASE_CATEGORIES = ['Releases', 'Announcements', 'Media advisories', 'Statements'] as const;

export const releaseSchema = z.strictObject({
  /** The headline, shown on the page, in lists, in search and in the RSS feed. */
  title: requiredText('a title (the headline of the release)'),
  /**
   * The publication date, a Kingston calendar day YYYY-MM-DD. Lists sort newest first by this date. A
   * date still to come holds the release back until 00:00 Kingston time that day (src/lib/dates/schedule.ts
   * `isPublished`), so no page shows a release dated in the future.
   */
  date: isoDate,
  /** Which kind of news this is; drives the category filter on /news/. */
  category: z.enum(RELEASE_CATEGORIES, {
    error: `Expected one of: ${RELEASE_CATEGORIES.join(', ')}.`,
  }),
  /** One or two sentences for lists, search results, RSS and link previews. */
  summary: requiredText('a summary (one or two sentences for lists and link previews)').pipe(
    z.string().max(300, 'Keep the summary under 300 characters; it is shown in lists and link previews.'),
  ),
  /** Optional photo at the top of the release, with alt text and photo credit. */
  hero: creditedImage.optional(),
  /** Optional video on YouTube or Vimeo, shown under the photo as a player that loads only when pressed. */
  video: video.optional(),
  /** Who published the original: shown as "Source: …" under the release. */
  source: z
    .strictObject({
      /** The organisation that issued the original, e.g. "City of Kingston". */
      name: requiredText('the name of the source organisation'),
      /** Where the original can be read, if it is online. */
      url: webUrl.optional(),
    })
    .optional(),
  /** True keeps the release off the site, out of lists and out of the feed; it is still checked. */
  draft: z.boolean().default(false),
  /**
   * Publish at this time, Kingston time (YYYY-MM-DDTHH:MM, whatever the zone of the editor's computer):
   * until a build at or after it (and after the start of `date`), the release is on no page, list, feed,
   * search index or sitemap. The Git repository itself is not embargoed.
   */
  publishAt: kingstonDateTime.optional(),
});

export type Release = z.output<typeof releaseSchema>;
