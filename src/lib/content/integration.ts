/**
 * Astro integration that runs the content check before anything is built, so `astro build` and
 * `npm run build` both stop with one clear report instead of a half-built site. In `astro dev` the
 * report is logged and the server keeps running, so an editor can fix the file and reload.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { checkContent, formatReport } from './check-fs.ts';

export function contentCheck(): AstroIntegration {
  return {
    name: 'mic:content-check',
    hooks: {
      'astro:config:setup': async ({ config, command, logger }) => {
        const report = await checkContent(fileURLToPath(config.root));
        if (report.problems.length === 0) {
          logger.info(`Content check passed: ${report.files} files.`);
          return;
        }
        if (command === 'build') {
          throw new AstroError(formatReport(report));
        }
        logger.error(formatReport(report));
      },
    },
  };
}
