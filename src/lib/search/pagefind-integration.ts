/**
 * Builds the Pagefind search index as the last step of every `astro build`, so search can never
 * be missing or stale in a published build. Only pages carrying `data-pagefind-body` are indexed
 * (see BaseLayout), which keeps private pages out without a list of exclusions. Pagefind never even
 * reads the credential pages (there may be tens of thousands, none searchable) nor the CMS, whether
 * the badge integration has written them yet or not: the order of integrations does not matter.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import * as pagefind from 'pagefind';
import { badgePaths } from '../ob3/urls.ts';
import { htmlFiles } from '../build/html-files-fs.ts';
import { withReadingSeparators } from './reading.ts';

/** What Pagefind does not read: unsearchable by design (credential pages, the offline verifier, the CMS) or its own output. */
const SKIP = [badgePaths.credentials, badgePaths.offlineVerifier, 'admin', 'pagefind'];

export function pagefindIndex(): AstroIntegration {
  return {
    name: 'mic:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
        if (!index) throw new AstroError(`Pagefind could not start: ${errors.join('; ')}`);
        try {
          // Each page as a reader sees it: separators between terms, descriptions, cells and items (reading.ts).
          let pages = 0;
          for (const file of await htmlFiles(site, SKIP)) {
            const added = await index.addHTMLFile({ sourcePath: file, content: withReadingSeparators(await readFile(path.join(site, file), 'utf8')) });
            if (added.errors.length > 0) throw new AstroError(`Pagefind could not index ${file}: ${added.errors.join('; ')}`);
            if (added.file) pages += 1;
          }
          const written = await index.writeFiles({ outputPath: path.join(site, 'pagefind') });
          if (written.errors.length > 0) throw new AstroError(`Pagefind could not write its index: ${written.errors.join('; ')}`);
          logger.info(`Search index: ${pages} pages.`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
