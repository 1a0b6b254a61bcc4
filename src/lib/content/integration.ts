/**
 * The content check as a step of an Astro integration (the badges() integration runs it first, in
 * src/lib/issue/integration.ts), so `astro build` and `npm run build` both stop with one clear report
 * instead of a half-built site. In `astro dev` the report is logged and the server keeps running, so
 * an editor can fix the file and reload.
 */
import type { AstroIntegrationLogger } from 'astro';
import { AstroError } from 'astro/errors';
import { checkContent, formatReport, type ContentReport } from './check-fs.ts';

/**
 * Checks content/ under `root` and returns the report. A build stops on any problem (AstroError);
 * `astro dev` prints the report and goes on with what is valid. The report is returned as a value,
 * so whoever needs the parsed entries gets them from this call, never from module state.
 */
export async function runContentCheck(root: string, command: string, logger: AstroIntegrationLogger): Promise<ContentReport> {
  const report = await checkContent(root);
  if (report.problems.length === 0) {
    logger.info(`Content check passed: ${report.files} files.`);
    return report;
  }
  // The report goes out as it is (no log prefix on its lines), once: the issuer reuses these parsed
  // entries, so no build reads content/ twice.
  process.stderr.write(`\n${formatReport(report)}\n\n`);
  if (command === 'build') throw new AstroError('The content check failed: see the report above.');
  return report;
}
