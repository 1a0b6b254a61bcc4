/**
 * The badges() Astro integration: the content check, then issuing, as one integration, so the
 * check's report is handed to the issuer as a value and no order of integrations in astro.config.mjs
 * can make a build issue nothing. After the check it starts issuing (issue-fs.ts): in a build the
 * signing and self-check run on worker threads while Astro builds the pages, and astro:build:done
 * waits for them, then writes every credential's files and page into the output. Pages see a summary
 * as `virtual:mic/badges`; `astro dev` serves the files from memory. Nothing is written unless the
 * self-check passed.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import type { JSONWebKeySet } from 'jose';
import { AstroError } from 'astro/errors';
import { formatReport, type ContentReport } from '../content/check-fs.ts';
import { runContentCheck } from '../content/integration.ts';
import { ENVIRONMENT, formatLaunchReport, launchNotice } from '../content/launch.ts';
import { checkLaunch, realSigningKeys } from '../content/launch-fs.ts';
import { awardHistoryProblems, readAwardHistory } from './award-history-fs.ts';
import { badgeHref, badgePaths } from '../ob3/urls.ts';
import { templateFile, templateNonce, type CredentialSummary } from './credential-page.ts';
import { createEarlyDir, earlyDirOf, removeEarlyDir } from './early-dir-fs.ts';
import { IssueError, issueBadges, issueContent, startIssuing, type IssueInput, type IssueResult, type Issued, type Issuing } from './issue-fs.ts';
import { SigningKeyError, takeSigningSecrets, type SigningSecrets } from './keys-fs.ts';
import { writeOfflineVerifier } from './offline-verifier-fs.ts';

const VIRTUAL_ID = 'virtual:mic/badges';

/** True when BADGES_PRODUCTION is set (npm run build -- --production sets it): a real key and SITE_URL are required. */
export function isProductionBuild(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['1', 'true', 'yes'].includes((env.BADGES_PRODUCTION ?? '').toLowerCase());
}

/** Credentials that count as issued, by micro-credential: samples and withdrawn ones do not. */
function issuedCounts(credentials: CredentialSummary[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of credentials) if (!c.sample && !c.revoked && !c.suspended) counts[c.achievement] = (counts[c.achievement] ?? 0) + 1;
  return counts;
}

/**
 * Puts the credentials/ folder written during the build at `target`, in one rename: whatever Astro
 * put in `target` (nothing, normally) moves into it first, so nothing is lost.
 */
async function moveInto(early: string, target: string) {
  if (!existsSync(early)) return;
  if (existsSync(target)) {
    for (const entry of await readdir(target)) {
      if (existsSync(path.join(early, entry))) throw new AstroError(`Both the site and the badge issuer publish ${path.basename(target)}/${entry}. Rename the page or file that uses that address.`);
      await rename(path.join(target, entry), path.join(early, entry));
    }
    await rmdir(target);
  }
  await rename(early, target);
}

/**
 * Issued and revoked are forever (award-history-fs.ts). A production build that cannot read the full
 * history refuses; a development build says so and goes on. A break of the record stops any build.
 */
function checkAwardHistory(root: string, report: ContentReport, logger: AstroIntegrationLogger) {
  const history = readAwardHistory(root);
  if (!history.available) {
    const message = `The award history could not be checked: ${history.reason}. It is how the build makes sure no published award was deleted, un-revoked or given another's id or slot.`;
    if (isProductionBuild()) {
      throw new AstroError(`${message} Build from a full clone (git clone without --depth; in GitHub Actions, actions/checkout with fetch-depth: 0).`);
    }
    logger.warn(`${message} (Development build: going on.)`);
    return;
  }
  const problems = awardHistoryProblems(history, report.entries.awards);
  if (problems.length === 0) return;
  process.stderr.write(`\n${formatReport({ ...report, problems }).replace('Content check failed', 'Award history check failed')}\n\n`);
  throw new AstroError('The award history check failed: see the report above.');
}

/**
 * The launch check (src/lib/content/launch.ts): a production build stops here, before any key signs
 * anything, on placeholder addresses, samples, development or TEST-ONLY keys and missing launch
 * fields, listing them all. So does any build given a real key (neither .badges-dev/ nor TEST-ONLY):
 * what makes a credential verify as the City's is the key, not the --production flag, so a plain
 * `npm run build` with the real keys would otherwise sign the sample awards as real. A development
 * build with no keys or TEST-ONLY keys goes on (samples are shown, labelled) and says in a few lines
 * what a production build would refuse.
 */
async function checkLaunchReadiness(root: string, site: string, report: ContentReport, secrets: SigningSecrets, logger: AstroIntegrationLogger) {
  const production = isProductionBuild();
  const real = production ? [] : await realSigningKeys(root, secrets);
  const held = production || real.length > 0;
  const siteUrl = process.env['SITE_URL']?.trim() || undefined;
  const problems = await checkLaunch(root, { entries: report.entries, site: siteUrl, secrets });
  if (held && siteUrl === undefined && !production) {
    // A production build has already stopped without SITE_URL (astro.config.mjs); this one would sign for the local address.
    problems.unshift({ file: ENVIRONMENT, field: 'SITE_URL', message: `SITE_URL is not set, so this build would sign with the real key for ${site}, which no one else can reach. Set SITE_URL to the site's public address, with https and its domain name (e.g. https://innovation.cityofkingston.ca).` });
  }
  if (problems.length === 0) {
    if (held) logger.info('Launch check passed: no samples, placeholders or test keys.');
    return;
  }
  if (held) {
    const why = production
      ? ''
      : `This build signs with the real key ${real.map((k) => `${k.env}${k.committedAs === undefined ? '' : ` (${k.committedAs})`}`).join(' and ')}, so it is checked as a production build.\n`;
    process.stderr.write(`\n${why}${formatLaunchReport(problems)}\n\n`);
    throw new AstroError('The launch check failed: see the report above.');
  }
  logger.warn(launchNotice(problems));
}

export function badges(): AstroIntegration {
  /** A build's issuing run: signing goes on beside Astro's build and is awaited in astro:build:done. */
  let issuing: Issuing | undefined;
  /** astro dev: everything issued, in memory. */
  let result: IssueResult | undefined;
  let siteOrigin = '';
  let earlyDir: string | undefined;
  const nonce = templateNonce();
  return {
    name: 'mic:badges',
    hooks: {
      'astro:config:setup': async ({ config, command, updateConfig, logger }) => {
        siteOrigin = new URL(String(config.site)).origin;
        const root = fileURLToPath(config.root);
        // The signing keys leave process.env before Vite, pages or workers can copy it (keys-fs.ts).
        let secrets: SigningSecrets;
        try {
          secrets = takeSigningSecrets(root);
        } catch (error) {
          if (error instanceof SigningKeyError) throw new AstroError(error.message);
          throw error;
        }
        // First the content check; its report goes to the issuer as a value (a build stops here on a
        // problem). `astro preview` only serves files and checks nothing.
        const report = command === 'preview' ? undefined : await runContentCheck(root, command, logger);
        if ((command === 'build' || command === 'dev') && report?.problems.length === 0) await checkLaunchReadiness(root, String(config.site), report, secrets, logger);
        if (command === 'build' && report?.problems.length === 0) checkAwardHistory(root, report, logger);
        if ((command === 'build' || command === 'dev') && report?.problems.length === 0) {
          try {
            // Credential files are written beside the output while Astro builds (Astro empties the
            // output folder when it starts), and moved in at the end.
            earlyDir = command === 'build' ? earlyDirOf(fileURLToPath(config.outDir)) : undefined;
            if (earlyDir) createEarlyDir(earlyDir);
            const input: IssueInput = {
              earlyDir,
              root,
              origin: String(config.site),
              production: isProductionBuild(),
              secret: secrets.jwt,
              diSecret: secrets.dataIntegrity,
              cacheDir: path.join(root, 'node_modules', '.cache', 'mic-badges'),
              ...issueContent(report.entries),
              log: (message) => logger.info(message),
            };
            if (command === 'build') issuing = await startIssuing(input);
            else result = await issueBadges(input);
          } catch (error) {
            if (error instanceof SigningKeyError || error instanceof IssueError) throw new AstroError(error.message);
            throw error;
          }
          const run = (issuing ?? result)!;
          if (run.development) {
            logger.warn(
              [
                '',
                '*'.repeat(78),
                '* DEVELOPMENT BUILD: badges are signed with a throwaway key from .badges-dev/.',
                '* They verify on this build only and are marked "development build".',
                '* Expected on your own computer: the deployment (deploy.yml) builds with the real keys.',
                '* Real credentials come only from a --production build with BADGE_SIGNING_KEY and BADGE_DI_KEY set.',
                '*'.repeat(78),
              ].join('\n'),
            );
          }
          logger.info(`Issuing ${run.credentials.length} credential(s) for ${config.site} with key ${run.keyName}.`);
        }
        const issued = (issuing ?? result)?.credentials ?? [];
        // A build renders one credential page template per micro-credential, which the pool fills for
        // every credential at the end (shard.ts); `astro dev` renders each credential page itself.
        const summary = {
          development: (issuing ?? result)?.development ?? true,
          origin: new URL(String(config.site)).origin,
          credentials: command === 'build' ? [] : issued,
          credentialJson: Object.fromEntries(command === 'build' ? [] : issued.map((c) => [c.credentialId, result?.files.get(badgePaths.credentialJson(c.credentialId))])),
          templates: command === 'build' ? [...new Set(issued.map((c) => c.achievement))].sort() : [],
          templateNonce: nonce,
          issuedCounts: issuedCounts(issued),
          endorsements: (issuing ?? result)?.endorsements ?? {},
        };
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'mic:badges-virtual',
                resolveId: (id: string) => (id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : undefined),
                load: (id: string) =>
                  id === `\0${VIRTUAL_ID}`
                    ? Object.entries(summary).map(([k, v]) => `export const ${k} = ${JSON.stringify(v)};`).join('\n')
                    : undefined,
              },
            ],
          },
        });
      },
      'astro:server:setup': ({ server }) => {
        // `astro dev` serves the issued files from memory, at the addresses they will have when built.
        server.middlewares.use((req, res, next) => {
          const key = decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, ''));
          const file = result?.files.get(key) ?? result?.baked.get(key);
          if (file === undefined) return next();
          const type = key.endsWith('.jwt') ? 'text/plain; charset=utf-8' : key.endsWith('.png') ? 'image/png' : key.endsWith('.svg') ? 'image/svg+xml' : 'application/json; charset=utf-8';
          res.writeHead(200, { 'Content-Type': type, 'Access-Control-Allow-Origin': '*' });
          res.end(file);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (!issuing) return;
        const out = fileURLToPath(dir);
        let issued: Issued;
        try {
          issued = await issuing.done;
        } catch (error) {
          if (error instanceof IssueError) throw new AstroError(error.message);
          throw error;
        }
        try {
          const slugs = [...new Set(issuing.credentials.map((c) => c.achievement))];
          const templates: Record<string, string> = {};
          for (const slug of slugs) {
            const file = path.join(out, templateFile(slug));
            templates[slug] = await readFile(file, 'utf8');
            await rm(path.dirname(file), { recursive: true, force: true });
          }
          if (earlyDir) await moveInto(path.join(earlyDir, badgePaths.credentials), path.join(out, badgePaths.credentials));
          for (const [relative, body] of [...issued.files, ...issued.images]) {
            const target = path.join(out, relative);
            await mkdir(path.dirname(target), { recursive: true });
            await writeFile(target, body);
          }
          await issued.pool.publish(out, templates, nonce);
          logger.info(
            `Published ${issuing.credentials.length} credentials (token, JSON, baked image and page each) and ${issued.files.size + issued.images.size} issuer files (keys, status lists, issuer, cards).`,
          );
        } finally {
          await issued.pool.close();
          if (earlyDir) await removeEarlyDir(earlyDir);
        }
        const jwks = JSON.parse(issued.files.get(badgePaths.jwks)!) as JSONWebKeySet;
        await writeOfflineVerifier({ outDir: out, siteOrigin: String(siteOrigin), jwks });
        logger.info(`Wrote the offline verifier, ${badgeHref(badgePaths.offlineVerifier)}.`);
      },
    },
  };
}
