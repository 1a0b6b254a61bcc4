import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getReleases, getSettings, photoEnclosure, siteUrl, type ReleaseEntry } from '../../lib/site/site-data.ts';

/**
 * A release's photo as an RSS enclosure (readers show it with the item): an upload's cleaned copy
 * (served at the same address, src/pages/uploads/[name].ts) or a file of public/, with its size.
 */
async function enclosure(release: ReleaseEntry, site: URL) {
  const src = release.data.hero?.src;
  if (!src) return {};
  const photo = await photoEnclosure(src);
  return photo === undefined ? {} : { enclosure: { url: new URL(src, site).href, length: photo.length, type: photo.type } };
}

export const GET: APIRoute = async ({ site }) => {
  const [settings, releases] = await Promise.all([getSettings(), getReleases()]);
  return rss({
    title: `${settings.siteName}: news`,
    description: settings.description,
    site: siteUrl(site),
    trailingSlash: true,
    items: await Promise.all(releases.map(async (r) => ({
      title: r.data.title,
      description: r.data.summary,
      pubDate: new Date(`${r.data.date}T12:00:00Z`),
      link: `/news/${r.id}/`,
      categories: [r.data.category],
      ...(await enclosure(r, siteUrl(site))),
    }))),
    customData: '<language>en-ca</language>',
  });
};
