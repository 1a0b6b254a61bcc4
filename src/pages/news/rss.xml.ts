import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getReleases, getSettings, siteUrl } from '../../lib/site-data.ts';

export const GET: APIRoute = async ({ site }) => {
  const [settings, releases] = await Promise.all([getSettings(), getReleases()]);
  return rss({
    title: `${settings.siteName}: news`,
    description: settings.description,
    site: siteUrl(site),
    trailingSlash: true,
    items: releases.map((r) => ({
      title: r.data.title,
      description: r.data.summary,
      pubDate: new Date(`${r.data.date}T12:00:00Z`),
      link: `/news/${r.id}/`,
      categories: [r.data.category],
    })),
    customData: '<language>en-ca</language>',
  });
};
