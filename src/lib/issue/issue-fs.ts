/**
 * The issuing half of the badge system, run once per build: turns every award into a signed Open
 * Badges 3.0 credential, makes the issuer's documents, keys and status lists, and verifies everything
 * it signed with the project's own verification core before anything may be published.
 * startIssuing() composes the stages (stages/), in the order of the trust chain: keys, issuer
 * documents, credentials (on the worker pool, pool-fs.ts), status lists, self-check, files to publish.
 * It returns while the pool is still signing, so a build runs Astro meanwhile; issueBadges() waits
 * and returns everything in memory.
 */
import path from 'node:path';
import type { Achievement } from '../../schemas/achievement.ts';
import type { Award } from '../../schemas/award.ts';
import type { Settings } from '../../schemas/settings.ts';
import type { CheckedEntries, CheckedEntry } from '../content/integrity.ts';
import type { EndorsementView } from '../ob3/endorsement.ts';
import { badgeUrls } from '../ob3/urls.ts';
import type { Partner } from '../../schemas/partner.ts';
import { HEADERS_FILE } from '../security/policies.ts';
import type { PageContext } from './credential-page.ts';
import { IssueError } from './issue-error.ts';
import type { CommittedKey } from './keys-fs.ts';
import type { IssuePool } from './pool-fs.ts';
import { readSignatureCache } from './signature-cache-fs.ts';
import { startCredentials, type IssuedCredential } from './stages/credentials-fs.ts';
import { issuerDocuments } from './stages/issuer-fs.ts';
import { loadIssuingKeys } from './stages/keys-fs.ts';
import { filesToPublish } from './stages/publish-fs.ts';
import { selfCheck } from './stages/self-check-fs.ts';
import { signStatusLists } from './stages/status-lists-fs.ts';

export { IssueError, type IssuedCredential };

export interface IssueInput {
  root: string;
  origin: string;
  production: boolean;
  /** BADGE_SIGNING_KEY, if set. */
  secret: string | undefined;
  /** BADGE_DI_KEY (the Ed25519 key of the Data Integrity proofs), if set. */
  diSecret: string | undefined;
  cacheDir: string;
  /** Builds: where credential files are written as they pass the self-check (see ShardSetup.earlyDir). */
  earlyDir?: string | undefined;
  /** Where the site's static files are (the achievement images to bake); default <root>/public. */
  publicDir?: string;
  awards: CheckedEntry<Award>[];
  achievements: CheckedEntry<Achievement>[];
  settings: Settings;
  keys: CommittedKey[];
  /** The partners: whose endorsement keys content/endorsements/ is checked against (none: no endorsement is accepted). */
  partners?: CheckedEntry<Partner>[];
  log?: (message: string) => void;
}

/** The part of IssueInput that comes from the content check's entries. */
export type IssueContent = Pick<IssueInput, 'awards' | 'achievements' | 'settings' | 'keys' | 'partners'>;

/** What issuing reads from a passed content check: awards, micro-credentials, settings and public keys. */
export function issueContent(entries: CheckedEntries): IssueContent {
  const settings = entries.settings[0];
  if (!settings) throw new IssueError('ERR_ISSUE_CONTENT', 'content/settings/site.yaml is missing: the issuer\'s name and logo come from it.');
  return {
    awards: entries.awards,
    achievements: entries.achievements,
    settings: settings.data,
    keys: entries.keys.map((k) => ({ name: k.id, jwk: k.data })),
    partners: entries.partners,
  };
}

export interface IssueResult {
  /** Files to publish, by path relative to the site root. */
  files: Map<string, string>;
  /** Baked badge images (credentials/<id>.png and .svg), by path relative to the site root. */
  baked: Map<string, string | Uint8Array>;
  development: boolean;
  keyName: string;
  credentials: IssuedCredential[];
  /** What the credential pages of each micro-credential repeat. */
  pageContexts: Map<string, PageContext>;
  /** The verified partner endorsements of each micro-credential, as pages show them. */
  endorsements: Record<string, EndorsementView[]>;
  signed: number;
  reused: number;
}

/** The _headers file: built from the site's security declarations (src/lib/security/policies.ts), as the pages' own policies are. */
export { HEADERS_FILE };

/** An issuing run under way: what pages need now, and the signing still running on the pool. */
export interface Issuing {
  development: boolean;
  keyName: string;
  credentials: IssuedCredential[];
  /** What the credential pages of each micro-credential repeat. */
  pageContexts: Map<string, PageContext>;
  /** The verified partner endorsements of each micro-credential, as pages show them. */
  endorsements: Record<string, EndorsementView[]>;
  /**
   * Settles once every credential is signed and the self-check has passed; rejects with an
   * IssueError otherwise (and then nothing may be published).
   */
  done: Promise<Issued>;
}

export interface Issued {
  /** Site-wide files to publish (status lists, issuer, keys, JWKS, DID document, _headers). */
  files: Map<string, string>;
  /** Link-preview cards, one per micro-credential with credentials. */
  images: Map<string, Uint8Array>;
  /** Holds every credential's token: publish() writes their files and pages, files() hands them back. */
  pool: IssuePool;
  signed: number;
  reused: number;
}

/**
 * Starts issuing: the stages in the order of the trust chain, each handing its result to the next.
 * A key problem throws first, before anything is built; a broken endorsement next, before anything is
 * signed. Returns once the pool is signing the credentials, so a build can run Astro meanwhile; `done`
 * tells when the status lists are signed too, the self-check has passed and the files are ready.
 */
export async function startIssuing(input: IssueInput): Promise<Issuing> {
  const log = input.log ?? (() => {});
  const urls = badgeUrls(input.origin);
  const { root, production, cacheDir, settings } = input;
  const keys = await loadIssuingKeys({ root, production, secret: input.secret, diSecret: input.diSecret, committed: input.keys }, urls);
  const issuer = await issuerDocuments({ root, production, settings, partners: input.partners ?? [], achievements: input.achievements, log }, keys, urls);
  // Only the status lists look the cache up here (the pool reads it for the credentials): not waited for.
  const cacheRead = readSignatureCache(cacheDir);
  const credentials = await startCredentials(
    {
      root,
      publicDir: input.publicDir ?? path.join(root, 'public'),
      cacheDir,
      earlyDir: input.earlyDir,
      awards: input.awards,
      achievements: input.achievements,
      organization: settings.organization,
      log,
    },
    keys,
    issuer,
    urls,
  );
  const finish = async (): Promise<Issued> => {
    // Signed on this thread while the pool signs the credentials.
    const lists = await signStatusLists(credentials.awards, cacheRead, keys, urls);
    const { signed, reused } = await selfCheck(credentials, lists, keys, cacheDir, log);
    const { files, images } = await filesToPublish(keys, issuer, credentials, lists, { siteName: settings.siteName, organizationName: settings.organization.name }, urls);
    return { files, images, pool: credentials.pool, signed, reused };
  };
  // Whatever fails, the pool's threads (which hold the keys) are stopped before the error goes on.
  const done = finish().catch(async (error: unknown) => {
    await credentials.pool.close();
    throw error;
  });
  // The caller awaits `done` later; until then a failure must not count as an unhandled rejection.
  done.catch(() => {});
  return { development: keys.development, keyName: keys.jwt.name, credentials: credentials.summaries, pageContexts: credentials.pageContexts, endorsements: issuer.endorsementViews, done };
}

/** Issues everything and returns it in memory (astro dev, tests, scripts). */
export async function issueBadges(input: IssueInput): Promise<IssueResult> {
  const issuing = await startIssuing(input);
  const issued = await issuing.done; // on failure the pool is already closed
  try {
    const files = new Map(issued.files);
    const baked = new Map<string, string | Uint8Array>(issued.images);
    for (const [relative, body] of await issued.pool.files()) {
      if (typeof body === 'string' && !relative.endsWith('.svg')) files.set(relative, body);
      else baked.set(relative, body);
    }
    return {
      files,
      baked,
      development: issuing.development,
      keyName: issuing.keyName,
      credentials: issuing.credentials,
      pageContexts: issuing.pageContexts,
      endorsements: issuing.endorsements,
      signed: issued.signed,
      reused: issued.reused,
    };
  } finally {
    await issued.pool.close();
  }
}
