/**
 * Astro integration that runs the content check before anything is built, so `astro build` and
 * `npm run build` both stop with one clear report instead of a half-built site. In `astro dev` the
 * report is logged and the server keeps running, so an editor can fix the file and reload.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { checkContent, formatReport, type ContentReport } from './check-fs.ts';

let latest: ContentReport | undefined;

/** The report of the check this process ran last, so later integrations reuse its parsed entries. */
export function checkedContent(): ContentReport | undefined {
  return latest;
}

export function contentCheck(): AstroIntegration {
  return {
    name: 'mic:content-check',
    hooks: {
      'astro:config:setup': async ({ config, command, logger }) => {
        const report = await checkContent(fileURLToPath(config.root));
        latest = report;
        if (report.problems.length === 0) {
          logger.info(`Content check passed: ${report.files} files.`);
          return;
        }
        // The report goes out as it is (no log prefix on its lines), once: the badge integration reuses
        // these parsed entries, so no build reads content/ twice.
        process.stderr.write(`\n${formatReport(report)}\n\n`);
        if (command === 'build') throw new AstroError('The content check failed: see the report above.');
      },
    },
  };
}
