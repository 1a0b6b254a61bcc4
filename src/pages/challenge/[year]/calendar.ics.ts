/** A Challenge year's key dates as an iCalendar file: the "Add to calendar" link of its page. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { editionCalendar } from '../../../lib/site/calendar.ts';
import { hasDatedMilestones } from '../../../lib/site/edition.ts';
import { getEditions, getSettings, siteUrl, type EditionEntry } from '../../../lib/site/site-data.ts';

export const getStaticPaths = (async () => {
  const editions = await getEditions();
  return editions.filter((e) => hasDatedMilestones(e.data)).map((edition) => ({ params: { year: String(edition.data.year) }, props: { edition } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ edition: EditionEntry }> = async ({ props, site }) => {
  const settings = await getSettings();
  const e = props.edition.data;
  const body = editionCalendar(e, { siteName: settings.siteName, pageUrl: new URL(`/challenge/${e.year}/`, siteUrl(site)) });
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
