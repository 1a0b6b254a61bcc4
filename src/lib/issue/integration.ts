/**
 * Astro integration that issues the badges: after the content check, it signs every award (see
 * issue-fs.ts), exposes a summary to pages as `virtual:mic/badges`, serves the files in `astro dev`,
 * and writes them into the build output. Nothing is written unless the self-check passed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
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
import { issueBadges, type IssueResult } from './issue-fs.ts';
import { SigningKeyError } from './keys-fs.ts';
import { writeOfflineVerifier } from './offline-verifier-fs.ts';

const VIRTUAL_ID = 'virtual:mic/badges';

/** True when BADGES_PRODUCTION is set (npm run build -- --production sets it): a real key and SITE_URL are required. */
export function isProductionBuild(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['1', 'true', 'yes'].includes((env.BADGES_PRODUCTION ?? '').toLowerCase());
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
        const summary = {
          development: result?.development ?? true,
          origin: new URL(String(config.site)).origin,
          credentials: result?.credentials ?? [],
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
        const jwks = JSON.parse(result.files.get('.well-known/jwks.json')!) as JSONWebKeySet;
        await writeOfflineVerifier({ outDir: out, siteOrigin: String(siteOrigin), jwks });
        logger.info('Wrote the offline verifier, /verify/offline.html.');
      },
    },
  };
}
