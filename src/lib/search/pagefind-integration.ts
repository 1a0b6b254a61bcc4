/**
 * Builds the Pagefind search index as the last step of every `astro build`, so search can never
 * be missing or stale in a published build. Only pages carrying `data-pagefind-body` are indexed
 * (see BaseLayout), which keeps private pages out without a list of exclusions. Pagefind never even
 * reads the credential pages (there may be tens of thousands, none searchable) nor the CMS, whether
 * the badge integration has written them yet or not: the order of integrations does not matter.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import * as pagefind from 'pagefind';
import { badgePaths } from '../ob3/urls.ts';

/** What Pagefind does not read: unsearchable by design (credential pages, the offline verifier, the CMS) or its own output. */
const SKIP = [badgePaths.credentials, badgePaths.offlineVerifier, 'admin', 'pagefind'];

/**
 * A Pagefind glob for every HTML file of the site outside SKIP. Pagefind's glob has no negation,
 * so it lists what to read: whole folders where nothing inside is skipped, file by file where
 * something is (the site's top level and the verify folder: a few entries).
 */
export async function indexGlob(site: string, within = ''): Promise<string> {
  const parts: string[] = [];
  for (const entry of await readdir(path.join(site, within), { withFileTypes: true })) {
    const relative = `${within}${entry.name}`;
    if (SKIP.includes(relative) || entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) {
      const partly = SKIP.some((skipped) => skipped.startsWith(`${relative}/`));
      parts.push(partly ? (await indexGlob(site, `${relative}/`)).slice(1, -1) : `${relative}/**/*.html`);
    } else if (entry.name.endsWith('.html')) {
      parts.push(relative);
    }
  }
  return `{${parts.filter(Boolean).join(',')}}`;
}

export function pagefindIndex(): AstroIntegration {
  return {
    name: 'mic:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
        if (!index) throw new AstroError(`Pagefind could not start: ${errors.join('; ')}`);
        try {
          const added = await index.addDirectory({ path: site, glob: await indexGlob(site) });
          if (added.errors.length > 0) throw new AstroError(`Pagefind could not index ${site}: ${added.errors.join('; ')}`);
          const written = await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
          if (written.errors.length > 0) throw new AstroError(`Pagefind could not write its index: ${written.errors.join('; ')}`);
          logger.info(`Search index: ${added.page_count} pages.`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
