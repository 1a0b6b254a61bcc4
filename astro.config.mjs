// @ts-check
import { readFileSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { parse } from 'yaml';
import { contentCheck } from './src/lib/content/integration.ts';
import { pagefindIndex } from './src/lib/search/pagefind-integration.ts';

/**
 * The public address comes from content/settings/site.yaml (editors own it); SITE_URL overrides it
 * for preview deployments. An unreadable settings file is reported by the content check, so here it
 * only falls back to a placeholder long enough for that report to be printed.
 */
function siteUrl() {
  if (process.env.SITE_URL) return process.env.SITE_URL;
  try {
    const settings = parse(readFileSync(new URL('./content/settings/site.yaml', import.meta.url), 'utf8'));
    return typeof settings?.url === 'string' ? settings.url : 'http://localhost:4321';
  } catch {
    return 'http://localhost:4321';
  }
}

export default defineConfig({
  site: siteUrl(),
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [
    contentCheck(),
    mdx(),
    sitemap({ filter: (page) => !/\/(404|search)\/?$/.test(new URL(page).pathname) }),
    pagefindIndex(),
  ],
});
