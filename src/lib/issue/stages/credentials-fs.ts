/**
 * Stage 3 of an issuing run: the credentials. Takes the awards and micro-credentials, the keys of
 * stage 1 and the issuer documents of stage 2; gives what pages need about each credential now (a
 * summary, and the page context of each micro-credential) and the worker pool, already signing.
 * A separate stage because it is the one that runs long: the pool builds, signs, self-checks and
 * bakes every credential on its threads (pool-fs.ts, shard.ts) while the status lists are signed
 * and Astro builds, so this stage only starts it and hands back the promise of its outcome.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Achievement } from '../../../schemas/achievement.ts';
import type { Award } from '../../../schemas/award.ts';
import type { Settings } from '../../../schemas/settings.ts';
import type { CheckedEntry } from '../../content/integrity.ts';
import { UnsafeSvgError } from '../../content/svg-safety.ts';
import { cleanedUpload } from '../../content/upload-copy-fs.ts';
import { uploadName } from '../../content/uploads.ts';
import { expiryDay, startOfDay } from '../../ob3/credential.ts';
import type { BadgeUrls } from '../../ob3/urls.ts';
import { bakeableJson } from '../../ob3/wallet.ts';
import { badgePng } from '../artwork-fs.ts';
import { assertInertSvg, bakeSvg } from '../bake-fs.ts';
import type { CredentialSummary, PageContext } from '../credential-page.ts';
import { IssueError } from '../issue-error.ts';
import { createPool, type IssuePool } from '../pool-fs.ts';
import type { CredentialJob, ShardSetup, SignOutcome } from '../shard.ts';
import type { IssuerDocuments } from './issuer-fs.ts';
import type { IssuingKeys } from './keys-fs.ts';

/** What pages need to know about one issued credential (no token, no identifiers), and its award file. */
export interface IssuedCredential extends CredentialSummary {
  file: string;
}

export interface CredentialsInput {
  root: string;
  /** Where the achievement images to bake are (the site's static files). */
  publicDir: string;
  cacheDir: string;
  earlyDir: string | undefined;
  awards: CheckedEntry<Award>[];
  achievements: CheckedEntry<Achievement>[];
  organization: Settings['organization'];
  log: (message: string) => void;
}

export interface CredentialsUnderWay {
  /** The awards issued, in credentialId order (the order the pool signs them in). */
  awards: Award[];
  /** The micro-credentials, by slug. */
  achievements: Map<string, Achievement>;
  /** One per award, in the same order: what pages show. */
  summaries: IssuedCredential[];
  /** What the credential pages of each micro-credential repeat, by slug. */
  pageContexts: Map<string, PageContext>;
  /** Each micro-credential's badge as a PNG (and its SVG artwork), by slug: where baking starts. */
  bases: ShardSetup['bases'];
  /** Holds the signing keys on its threads: closed on any failure. */
  pool: IssuePool;
  /** Settles when every credential is signed (or reused) and self-checked. Never unhandled: awaited later. */
  signing: Promise<SignOutcome>;
  /** When the pool started (Date.now()), for the timing in the log. */
  started: number;
}

/** The achievement's artwork bytes: an uploaded PNG is baked from the copy the site serves at its address (no camera metadata). */
async function artwork(achievement: Achievement, root: string, publicDir: string): Promise<Buffer> {
  const upload = uploadName(achievement.image.src);
  return upload !== undefined ? Buffer.from((await cleanedUpload(upload, root)).bytes) : readFile(path.join(publicDir, achievement.image.src));
}

/** Baked badges start from the achievement's image: one PNG render (and the SVG) per achievement, the SVG held to the allow-list. */
async function bakingBases(achievements: Map<string, Achievement>, root: string, publicDir: string): Promise<ShardSetup['bases']> {
  const bases: ShardSetup['bases'] = {};
  for (const [slug, achievement] of achievements) {
    const source = await artwork(achievement, root, publicDir);
    const svg = achievement.image.src.endsWith('.svg') ? source.toString('utf8') : undefined;
    if (svg !== undefined) {
      const what = `The artwork of "${slug}" (${achievement.image.src})`;
      assertInertSvg(svg, what);
      // And once baked: what is published is the artwork with a credential in it, so that is what is held
      // to the allow-list too (a probe credential; every real one is escaped the same way).
      try {
        assertInertSvg(bakeSvg(svg, bakeableJson('{"probe":"</openbadges:credential><script>]]></script>"}')), `${what}, once a credential is baked into it`);
      } catch (error) {
        if (error instanceof UnsafeSvgError) throw error;
        throw new IssueError('ERR_ISSUE_CONTENT', `${what} cannot carry a credential: ${(error as Error).message}`);
      }
    }
    bases[slug] = { png: await badgePng(source, 400), svg };
  }
  return bases;
}

/** What pages need about one award, before its credential is signed. */
function summaryOf(award: Award, file: string, achievement: Achievement): IssuedCredential {
  const until = expiryDay(award, achievement);
  return {
    credentialId: award.credentialId,
    file,
    achievement: award.achievement,
    recipientName: award.publishName ? award.recipientName : undefined,
    awardedDate: award.awardedDate,
    validUntil: until ? startOfDay(until) : undefined,
    revoked: award.revoked,
    ...(award.revokedDate ? { revokedDate: award.revokedDate } : {}),
    suspended: award.suspended,
    sample: award.sample,
    evidence: award.evidence,
  };
}

export async function startCredentials(input: CredentialsInput, keys: IssuingKeys, issuer: IssuerDocuments, urls: BadgeUrls): Promise<CredentialsUnderWay> {
  const achievements = new Map(input.achievements.map((a) => [a.id, a.data]));
  const pageContexts = new Map(
    [...achievements].map(([slug, a]) => [
      slug,
      {
        origin: urls.origin,
        achievementName: a.name,
        organizationName: input.organization.name,
        organizationLinkedInId: input.organization.linkedInId,
        artwork: a.image.src,
        today: new Date().toISOString().slice(0, 10),
      },
    ]),
  );
  const sorted = [...input.awards].sort((a, b) => a.data.credentialId.localeCompare(b.data.credentialId));
  const summaries: IssuedCredential[] = [];
  // The credentials themselves are built on the pool's threads; here only what pages need.
  const jobs: CredentialJob[] = sorted.map(({ data: award, file }) => {
    const achievement = achievements.get(award.achievement);
    if (!achievement) throw new IssueError('ERR_ISSUE_CONTENT', `${file}: no achievement "${award.achievement}".`);
    const summary = summaryOf(award, file, achievement);
    summaries.push(summary);
    return { file, award, summary };
  });
  const bases = await bakingBases(achievements, input.root, input.publicDir);

  const pool = createPool(
    {
      key: keys.jwt.privateKey,
      alg: keys.jwt.alg,
      thumbprint: keys.jwt.thumbprint,
      header: keys.header,
      diKey: keys.dataIntegrity.privateKey,
      diThumbprint: keys.dataIntegrity.thumbprint,
      diVerificationMethod: keys.diVerificationMethod,
      issuer: issuer.profile,
      achievements: Object.fromEntries(achievements),
      endorsements: issuer.endorsements,
      cacheDir: input.cacheDir,
      siteOrigin: urls.origin,
      jwks: keys.jwks,
      bases,
      contexts: Object.fromEntries(pageContexts),
      earlyDir: input.earlyDir,
    },
    jobs.length,
  );
  const started = Date.now();
  let lastReport = 0;
  const signing = pool.sign(jobs, (done) => {
    if (jobs.length >= 1000 && (done === jobs.length || Date.now() - lastReport > 1000)) {
      lastReport = Date.now();
      input.log(`signed and checked ${done}/${jobs.length}`);
    }
  });
  signing.catch(() => {}); // awaited by the self-check, after the status lists
  return { awards: sorted.map((a) => a.data), achievements, summaries, pageContexts, bases, pool, signing, started };
}
