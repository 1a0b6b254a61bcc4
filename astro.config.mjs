// @ts-check
import { defineConfig, envField } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import sitemap from '@astrojs/sitemap';
import { adminBundle } from './src/lib/admin/integration.ts';
import { bodyRehypePlugins } from './src/lib/content/markdown-body.ts';
import { badges, isProductionBuild } from './src/lib/issue/integration.ts';
import { badgeHref, badgePaths } from './src/lib/ob3/urls.ts';
import { pagefindIndex } from './src/lib/search/pagefind-integration.ts';
import { uploadsInDev } from './src/lib/content/upload-copy-fs.ts';
import { modulePreloads } from './src/lib/build/preload-integration.ts';

/** Where `astro preview` serves the site: the address development builds use when SITE_URL is not set. */
const LOCAL_ORIGIN = 'http://localhost:4321';

/**
 * The public origin, from SITE_URL. Every absolute URL (canonical links, sitemap, RSS, and every id
 * inside credentials, keys and status lists) derives from it. Production builds must set it.
 */
function siteUrl() {
  const value = process.env.SITE_URL?.trim();
  if (!value) {
    if (isProductionBuild()) {
      throw new Error('SITE_URL is not set. A production build needs the public address, e.g. SITE_URL=https://innovation.example.org');
    }
    console.warn(`SITE_URL is not set: building for ${LOCAL_ORIGIN} (development). Set SITE_URL to the public address for a real deployment.`);
    return LOCAL_ORIGIN;
  }
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`SITE_URL "${value}" is not a web address. Expected e.g. https://innovation.example.org`);
  }
  if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`SITE_URL "${value}" must be an http(s) origin with no path, e.g. https://innovation.example.org`);
  }
  return url.origin;
}

/**
 * Tells pages whether `astro dev` is serving them (import.meta.env.MIC_DEV_SERVER), for the development
 * Content-Security-Policy (src/lib/security/policies.ts). Not import.meta.env.DEV: Vite sets that from NODE_ENV,
 * so a build run with NODE_ENV=development or test (a test runner, a CI box, a developer's shell)
 * would publish the development policy. Astro's own command cannot be anything but 'dev' there.
 * @returns {import('astro').AstroIntegration}
 */
function devServerFlag() {
  return {
    name: 'mic:dev-server-flag',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        updateConfig({ vite: { define: { 'import.meta.env.MIC_DEV_SERVER': JSON.stringify(command === 'dev') } } });
      },
    },
  };
}

export default defineConfig({
  site: siteUrl(),
  trailingSlash: 'always',
  // The dev toolbar sits over the bottom of every page, the CMS's save bar included, and adds
  // script and styles the site itself does not have: development should look like the site.
  devToolbar: { enabled: false },
  build: { format: 'directory', inlineStylesheets: 'never' },
  // Scripts and styles are always separate files, so public pages need no 'unsafe-inline' in their CSP.
  vite: { build: { assetsInlineLimit: 0 } },
  markdown: {
    // Bodies of releases and pages are data: their raw HTML is parsed and held to an allow-list
    // (src/lib/content/markdown-body.ts, which the content check also applies, so an editor hears of
    // anything it would remove). The unified pipeline, because Astro's default (Sätteri) runs no
    // rehype plugins, so it could not apply rehype-sanitize.
    processor: unified({ rehypePlugins: bodyRehypePlugins() }),
    // Code blocks stay plain <pre><code class="language-…">: a highlighter's colours are inline
    // style attributes, which the pages' CSP (style-src 'self') blocks and the sanitiser removes.
    syntaxHighlight: false,
  },
  env: {
    schema: {
      // Read at build time only (src/lib/issue/integration.ts); never imported by a page, so it cannot reach a bundle.
      BADGE_SIGNING_KEY: envField.string({ context: 'server', access: 'secret', optional: true }),
      BADGE_DI_KEY: envField.string({ context: 'server', access: 'secret', optional: true }),
      SITE_URL: envField.string({ context: 'server', access: 'public', optional: true, url: true }),
      // Decap CMS backend for /admin/ (README, "Editing in the browser"); public: they end up in the admin bundle.
      PUBLIC_CMS_BACKEND: envField.enum({ context: 'client', access: 'public', values: ['local', 'github', 'gitlab', 'gitea'], default: 'local' }),
      PUBLIC_CMS_REPO: envField.string({ context: 'client', access: 'public', optional: true }),
      PUBLIC_CMS_BRANCH: envField.string({ context: 'client', access: 'public', optional: true }),
      PUBLIC_CMS_AUTH_BASE_URL: envField.string({ context: 'client', access: 'public', optional: true }),
      PUBLIC_CMS_AUTH_ENDPOINT: envField.string({ context: 'client', access: 'public', optional: true }),
      PUBLIC_CMS_APP_ID: envField.string({ context: 'client', access: 'public', optional: true }),
      PUBLIC_CMS_API_ROOT: envField.string({ context: 'client', access: 'public', optional: true }),
      PUBLIC_CMS_SITE_DOMAIN: envField.string({ context: 'client', access: 'public', optional: true }),
      PUBLIC_CMS_PROXY_URL: envField.string({ context: 'client', access: 'public', optional: true }),
    },
  },
  integrations: [
    // First, so esbuild bundles the CMS on its own threads while the content check reads content/.
    // The order of the others does not matter: badges() runs the content check and then the issuer
    // itself, and Pagefind never reads the credential pages (tests/build/integration-order.test.ts).
    adminBundle(),
    devServerFlag(),
    // Before badges(): its astro:build:done fills the credential pages from a template this adds the links to.
    modulePreloads(),
    badges(),
    pagefindIndex(),
    uploadsInDev(),
    mdx(),
    // Credential pages are private by default: reachable only through their link, never listed.
    sitemap({ filter: (page) => !/^\/(404|search|admin)\/?$/.test(new URL(page).pathname) && !new URL(page).pathname.startsWith(badgeHref(`${badgePaths.credentials}/`)) }),
  ],
});
