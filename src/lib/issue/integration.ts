/**
 * Astro integration that issues the badges: after the content check, it signs every award (see
 * issue-fs.ts), exposes a summary to pages as `virtual:mic/badges`, serves the files in `astro dev`,
 * and writes them into the build output. Nothing is written unless the self-check passed.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { JSONWebKeySet } from 'jose';
import { AstroError } from 'astro/errors';
import type { Achievement } from '../../schemas/achievement.ts';
import type { Award } from '../../schemas/award.ts';
import type { Settings } from '../../schemas/settings.ts';
import type { PublicJwk } from '../../schemas/signing-key.ts';
import { checkedContent } from '../content/integration.ts';
import type { CheckedEntry } from '../content/integrity.ts';
import { compileTemplate, credentialView, fillTemplate, templateFile, type CompiledTemplate, type CredentialSummary, type PageContext } from './credential-page.ts';
import { issueBadges, type IssueResult } from './issue-fs.ts';
import { SigningKeyError } from './keys-fs.ts';
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

/** Fills each micro-credential's page template for its credentials, then removes the templates. */
async function writeCredentialPages(out: string, credentials: CredentialSummary[], contexts: Map<string, PageContext>): Promise<number> {
  const templates = new Map<string, CompiledTemplate>();
  for (const slug of new Set(credentials.map((c) => c.achievement))) {
    const file = path.join(out, templateFile(slug));
    templates.set(slug, compileTemplate(await readFile(file, 'utf8'), file));
  }
  let next = 0;
  const worker = async () => {
    while (next < credentials.length) {
      const c = credentials[next++]!;
      const dir = path.join(out, 'credentials', c.credentialId);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'index.html'), fillTemplate(templates.get(c.achievement)!, credentialView(c, contexts.get(c.achievement)!)));
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  for (const slug of templates.keys()) await rm(path.dirname(path.join(out, templateFile(slug))), { recursive: true, force: true });
  return credentials.length;
}

export function badgeIssuer(): AstroIntegration {
  let result: IssueResult | undefined;
  let siteOrigin = '';
  return {
    name: 'mic:badges',
    hooks: {
      'astro:config:setup': async ({ config, command, updateConfig, logger }) => {
        siteOrigin = new URL(String(config.site)).origin;
        if (command === 'build' || command === 'dev') {
          const content = checkedContent();
          if (content && content.problems.length === 0) {
            const root = fileURLToPath(config.root);
            try {
              result = await issueBadges({
                root,
                origin: String(config.site),
                production: isProductionBuild(),
                secret: process.env.BADGE_SIGNING_KEY,
                cacheDir: path.join(root, 'node_modules', '.cache', 'mic-badges'),
                awards: content.entries.awards as CheckedEntry<Award>[],
                achievements: content.entries.achievements as CheckedEntry<Achievement>[],
                settings: (content.entries.settings[0] as CheckedEntry<Settings>).data,
                keys: content.entries.keys.map((k) => ({ name: k.id, jwk: k.data as PublicJwk })),
                log: (message) => logger.info(message),
              });
            } catch (error) {
              if (error instanceof SigningKeyError) throw new AstroError(error.message);
              throw error;
            }
            if (result.development) {
              logger.warn(
                [
                  '',
                  '*'.repeat(78),
                  '* DEVELOPMENT BUILD: badges are signed with a throwaway key from .badges-dev/.',
                  '* They verify on this build only and are marked "development build".',
                  '* Set BADGE_SIGNING_KEY (npm run keys:new) and build with --production to issue real credentials.',
                  '*'.repeat(78),
                ].join('\n'),
              );
            }
            logger.info(`Issued ${result.credentials.length} credential(s) for ${config.site} with key ${result.keyName}.`);
          }
        }
        const issued = result?.credentials ?? [];
        // A build renders one credential page template per micro-credential and fills it for every
        // credential at the end (writeCredentialPages); `astro dev` renders each credential page itself.
        const summary = {
          development: result?.development ?? true,
          origin: new URL(String(config.site)).origin,
          credentials: command === 'build' ? [] : issued,
          templates: command === 'build' ? [...new Set(issued.map((c) => c.achievement))].sort() : [],
          issuedCounts: issuedCounts(issued),
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
        if (!result) return;
        const out = fileURLToPath(dir);
        for (const [relative, body] of [...result.files, ...result.baked]) {
          const target = path.join(out, relative);
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, body);
        }
        logger.info(`Published ${result.files.size + result.baked.size} badge files (credentials, baked images, keys, status lists, issuer).`);
        const pages = await writeCredentialPages(out, result.credentials, result.pageContexts);
        logger.info(`Wrote ${pages} credential pages.`);
        const jwks = JSON.parse(result.files.get('.well-known/jwks.json')!) as JSONWebKeySet;
        await writeOfflineVerifier({ outDir: out, siteOrigin: String(siteOrigin), jwks });
        logger.info('Wrote the offline verifier, /verify/offline.html.');
      },
    },
  };
}
