import { statSync } from 'node:fs';
import path from 'node:path';
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { cleanedUpload } from '../../lib/content/upload-copy-fs.ts';
import { uploadName } from '../../lib/content/uploads.ts';
import { getReleases, getSettings, siteUrl, type ReleaseEntry } from '../../lib/site/site-data.ts';

const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.avif': 'image/avif', '.gif': 'image/gif' };

/**
 * A release's photo as an RSS enclosure (readers show it with the item): an upload's cleaned copy
 * (served at the same address, src/pages/uploads/[name].ts) or a file of public/, with its size.
 */
async function enclosure(release: ReleaseEntry, site: URL) {
  const src = release.data.hero?.src;
  if (!src) return {};
  const name = uploadName(src);
  const type = TYPES[path.extname(name ?? src.split(/[?#]/)[0]!).toLowerCase()];
  if (!type) return {};
  const length = name !== undefined ? (await cleanedUpload(name)).bytes.length : statSync(path.join(process.cwd(), 'public', src), { throwIfNoEntry: false })?.size;
  return length === undefined ? {} : { enclosure: { url: new URL(src, site).href, length, type } };
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
