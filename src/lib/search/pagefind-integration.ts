/**
 * Builds the Pagefind search index as the last step of every `astro build`, so search can never
 * be missing or stale in a published build. Only pages carrying `data-pagefind-body` are indexed
 * (see BaseLayout), which keeps private pages out without a list of exclusions.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import * as pagefind from 'pagefind';

export function pagefindIndex(): AstroIntegration {
  return {
    name: 'mic:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
        if (!index) throw new AstroError(`Pagefind could not start: ${errors.join('; ')}`);
        try {
          const added = await index.addDirectory({ path: site });
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
