/**
 * The issuing half of the badge system, run once per build: turns every award into a signed Open
 * Badges 3.0 credential (on the worker pool, pool-fs.ts), makes the issuer profile, keys, DID
 * document and status lists, and verifies everything it signed with the project's own verification
 * core before anything may be published. startIssuing() returns while the pool is still signing, so
 * a build runs Astro meanwhile; issueBadges() waits and returns everything in memory.
 */
import { cleanedUpload } from '../content/upload-copy-fs.ts';
import { uploadName } from '../content/uploads.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { CompactSign, type JWK } from 'jose';
import type { Achievement } from '../../schemas/achievement.ts';
import { STATUS_LIST_SIZE, type Award } from '../../schemas/award.ts';
import type { Settings } from '../../schemas/settings.ts';
import type { CheckedEntries, CheckedEntry } from '../content/integrity.ts';
import { expiryDay, issuerProfile, startOfDay } from '../ob3/credential.ts';
import { revocationRecord } from '../ob3/revocation.ts';
import { badgePaths, badgeUrls, type BadgeUrls, type StatusPurpose } from '../ob3/urls.ts';
import { DID_CONTEXT, PROFILE_CONTEXT, STATUS_LIST_CONTEXT } from '../ob3/vocabulary.ts';
import { CRYPTOSUITE } from '../data-integrity/proof.ts';
import { ed25519Multikey } from '../data-integrity/multibase.ts';
import { createKeyResolver } from '../verify/keys.ts';
import { createNet } from '../verify/net.ts';
import { readStatusBit } from '../verify/status-list.ts';
import { readStatusList } from '../verify/steps/status.ts';
import { readStatusListJson } from '../verify/steps/status-list-json.ts';
import { badgePng, previewCard } from './artwork-fs.ts';
import { UnsafeSvgError } from '../content/svg-safety.ts';
import { HEADERS_FILE } from '../security/policies.ts';
import { bakeableJson } from '../ob3/wallet.ts';
import { assertInertSvg, bakeSvg } from './bake-fs.ts';
import { optionsHash, proofOptions, proofValueOf, secured, unsecuredHash } from '../data-integrity/sign-fs.ts';
import { loadSigningKey, type CommittedKey, type SigningKey } from './keys-fs.ts';
import type { CredentialSummary, PageContext } from './credential-page.ts';
import { createPool, type IssuePool } from './pool-fs.ts';
import { cacheKey, readSignatureCache, writeSignatureCache } from './signature-cache-fs.ts';
import { EndorsementError, endorsementKeysDocument, readEndorsements, type VerifiedEndorsement } from './endorsements-fs.ts';
import type { EndorsementView } from '../ob3/endorsement.ts';
import type { Partner } from '../../schemas/partner.ts';
import { jsonFile as json, type CredentialJob, type ShardSetup, type SignOutcome } from './shard.ts';
import { bitstring, encodeStatusList } from './status-list-fs.ts';

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

/** What pages need to know about one issued credential (no token, no identifiers), and its award file. */
export interface IssuedCredential extends CredentialSummary {
  file: string;
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

/** A problem that stops issuing, with a stable code. */
export class IssueError extends Error {
  readonly code: 'ERR_SELF_CHECK' | 'ERR_ISSUE_CONTENT';
  constructor(code: IssueError['code'], message: string) {
    super(message);
    this.name = 'IssueError';
    this.code = code;
  }
}


/** A status list credential: the JWT list's id is its .jwt address, the Data Integrity list's its .json. */
function statusListCredential(urls: BadgeUrls, purpose: StatusPurpose, encodedList: string, form: 'jwt' | 'json') {
  const id = form === 'jwt' ? urls.statusList(purpose) : urls.statusListJson(purpose);
  return {
    '@context': [...STATUS_LIST_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: urls.did,
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList },
  };
}

/**
 * The did:web document: every Data Integrity key, current and retired, as a Multikey controlled by
 * the DID, under assertionMethod, so proofs made with any of them keep verifying. (The VC-JWT keys
 * are published as JWKs: their kid is their own URL, and the JWKS lists them.)
 */
function didDocument(urls: BadgeUrls, keys: { name: string; jwk: JWK }[]) {
  const methods = keys.filter(({ jwk }) => jwk.kty === 'OKP' && jwk.crv === 'Ed25519');
  return {
    '@context': [...DID_CONTEXT],
    id: urls.did,
    verificationMethod: methods.map(({ name, jwk }) => ({
      id: urls.verificationMethod(name),
      type: 'Multikey',
      controller: urls.did,
      publicKeyMultibase: ed25519Multikey(new Uint8Array(Buffer.from(jwk.x!, 'base64url'))),
    })),
    assertionMethod: methods.map(({ name }) => urls.verificationMethod(name)),
  };
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
 * Starts issuing: loads the key (a key problem throws here, before anything is built), summarises
 * every award for the pages, and sets the pool building and signing the credentials. Returns without
 * waiting for the signatures, so a build can run Astro meanwhile; `done` tells when they are ready.
 */
export async function startIssuing(input: IssueInput): Promise<Issuing> {
  const log = input.log ?? (() => {});
  const urls = badgeUrls(input.origin);
  const key: SigningKey = await loadSigningKey({
    root: input.root,
    committed: input.keys,
    secret: input.secret,
    production: input.production,
  });
  const diKey: SigningKey = await loadSigningKey({
    root: input.root,
    committed: input.keys,
    secret: input.diSecret,
    production: input.production,
    use: 'data-integrity',
  });
  const development = key.development || diKey.development;
  const issuer = issuerProfile(input.settings, urls, development);
  const achievements = new Map(input.achievements.map((a) => [a.id, a.data]));
  // Every partner endorsement is checked before anything is signed: a broken one stops the build, named.
  const partners = input.partners ?? [];
  let endorsed: Map<string, VerifiedEndorsement[]>;
  try {
    endorsed = await readEndorsements({ root: input.root, origin: urls.origin, production: input.production, partners, achievements: input.achievements, log });
  } catch (error) {
    if (error instanceof EndorsementError) throw new IssueError('ERR_ISSUE_CONTENT', error.message);
    throw error;
  }
  const endorsementsOf = (slug: string) => (endorsed.get(slug) ?? []).map((e) => e.credential);
  const endorsementViews = Object.fromEntries([...endorsed].map(([slug, list]) => [slug, list.map((e) => e.view)]));
  if (input.keys.some((k) => badgePaths.key(k.name) === badgePaths.endorsementKeys)) {
    throw new IssueError('ERR_ISSUE_CONTENT', `A key in content/keys/ is named like the partners' endorsement keys file (${badgePaths.endorsementKeys}). Rename that key file.`);
  }

  // Every published key: committed ones (current and retired) plus, in development, the throwaway one.
  const published = [
    ...input.keys.map((k) => ({ name: k.name, jwk: k.jwk })),
    ...(key.development ? [{ name: key.name, jwk: key.publicJwk }] : []),
    ...(diKey.development ? [{ name: diKey.name, jwk: diKey.publicJwk }] : []),
  ]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, jwk }) => ({ name, kid: urls.key(name), jwk: { ...jwk, kid: urls.key(name) } as JWK }));
  const jwks: JSONWebKeySet = { keys: published.map((k) => k.jwk) };
  const kid = urls.key(key.name);
  const header = JSON.stringify({ alg: key.alg, kid, typ: 'JWT' });
  const pageContexts = new Map(
    [...achievements].map(([slug, a]) => [
      slug,
      {
        origin: urls.origin,
        achievementName: a.name,
        organizationName: input.settings.organization.name,
        organizationLinkedInId: input.settings.organization.linkedInId,
        artwork: a.image.src,
        today: new Date().toISOString().slice(0, 10),
      },
    ]),
  );

  const awards = [...input.awards].sort((a, b) => a.data.credentialId.localeCompare(b.data.credentialId));
  // Only the two status lists are looked up here (the workers read the cache for the credentials),
  // so reading it is not waited for before the workers start.
  const cacheRead = readSignatureCache(input.cacheDir);
  const summaries: IssuedCredential[] = [];
  // The credentials themselves are built on the pool's threads; here only what pages need.
  const jobs: CredentialJob[] = awards.map(({ data: award, file }) => {
    const achievement = achievements.get(award.achievement);
    if (!achievement) throw new IssueError('ERR_ISSUE_CONTENT', `${file}: no achievement "${award.achievement}".`);
    const until = expiryDay(award, achievement);
    const summary: IssuedCredential = {
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
    summaries.push(summary);
    return { file, award, summary };
  });

  // Baked badges start from the achievement's image: one PNG render (and the SVG) per achievement.
  const publicDir = input.publicDir ?? path.join(input.root, 'public');
  const bases: ShardSetup['bases'] = {};
  for (const [slug, achievement] of achievements) {
    // An uploaded PNG is baked from the copy the site serves at its address (no camera metadata).
    const upload = uploadName(achievement.image.src);
    const source = upload !== undefined ? Buffer.from((await cleanedUpload(upload, input.root)).bytes) : await readFile(path.join(publicDir, achievement.image.src));
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

  const pool = createPool(
    {
      key: key.privateKey,
      alg: key.alg,
      thumbprint: key.thumbprint,
      header,
      diKey: diKey.privateKey,
      diThumbprint: diKey.thumbprint,
      diVerificationMethod: urls.verificationMethod(diKey.name),
      issuer,
      achievements: Object.fromEntries(achievements),
      endorsements: Object.fromEntries([...achievements.keys()].map((slug) => [slug, endorsementsOf(slug)])),
      cacheDir: input.cacheDir,
      siteOrigin: urls.origin,
      jwks,
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
      log(`signed and checked ${done}/${jobs.length}`);
    }
  });
  signing.catch(() => {}); // awaited in finish(), after the status lists

  const finish = async (): Promise<Issued> => {
    // The two status lists are signed here; everything else is on the pool meanwhile.
    const cache = await cacheRead;
    const lists = await Promise.all(
      (['revocation', 'suspension'] as const).map(async (purpose) => {
        const set = awards.filter(({ data }) => (purpose === 'revocation' ? data.revoked : data.suspended)).map(({ data }) => data.statusIndex);
        const encoded = encodeStatusList(bitstring(STATUS_LIST_SIZE, set));
        const vc = statusListCredential(urls, purpose, encoded, 'jwt');
        const payload = JSON.stringify({ ...vc, iss: urls.did, jti: vc.id });
        const k = cacheKey(key.thumbprint, header, payload);
        const cached = cache.get(k);
        let token = cached ? `${b64url(header)}.${b64url(payload)}.${cached}` : await signCompact(header, payload, key);
        let failure = await checkStatusList(token, purpose, set);
        const replaced = failure !== undefined && cached !== undefined;
        if (replaced) {
          token = await signCompact(header, payload, key);
          failure = await checkStatusList(token, purpose, set);
        }
        // The same bits as JSON with a Data Integrity proof, for Data Integrity verifiers.
        const list = statusListCredential(urls, purpose, encoded, 'json');
        const options = proofOptions(urls.verificationMethod(diKey.name));
        const [optionsDigest, listDigest] = await Promise.all([optionsHash(options, list['@context']), unsecuredHash(list)]);
        const proofValue = proofValueOf(diKey.privateKey, optionsDigest, listDigest);
        const published = json(secured(list, options, proofValue));
        // Read back by the verification core as a Data Integrity verifier reads it: spelling, proof, bits.
        failure ??= await checkStatusListJson(published, purpose, set);
        return { purpose, token, json: published, cacheKey: k, failure, fresh: !cached || replaced, replaced };
      }),
    );
    const outcome: SignOutcome = await signing;

    const used = new Map<string, string>();
    outcome.keys.forEach((k, i) => used.set(k, outcome.signatures[i]!));
    outcome.proofKeys.forEach((k, i) => used.set(k, outcome.proofs[i]!));
    for (const list of lists) used.set(list.cacheKey, list.token.slice(list.token.lastIndexOf('.') + 1));
    await writeSignatureCache(input.cacheDir, used);

    const signed = outcome.signed + lists.filter((l) => l.fresh).length;
    const reused = jobs.length + lists.length - signed;
    const replaced = outcome.replaced + lists.filter((l) => l.replaced).length;
    if (replaced > 0) log(`${replaced} cached signature(s) did not verify and were made again.`);
    log(
      `Signed ${signed} and reused ${reused} cached signature${reused === 1 ? '' : 's'} (key ${key.name}, ${key.alg}); made ${outcome.proved} and reused ${jobs.length - outcome.proved} Data Integrity proof${jobs.length - outcome.proved === 1 ? '' : 's'} (key ${diKey.name}, ${CRYPTOSUITE}); ${Date.now() - started} ms.`,
    );

    const failures = [...outcome.failures, ...lists.flatMap((l) => (l.failure ? [`${l.purpose} status list: ${l.failure}`] : []))];
    if (failures.length > 0) {
      throw new IssueError(
        'ERR_SELF_CHECK',
        `The build's self-check rejected ${failures.length} signed file(s); nothing was published:\n  ${failures.join('\n  ')}`,
      );
    }

    const images = new Map<string, Uint8Array>();
    for (const slug of new Set(summaries.map((c) => c.achievement))) {
      const achievement = achievements.get(slug)!;
      images.set(
        badgePaths.card(slug),
        await previewCard({ badge: bases[slug]!.png, title: achievement.name, issuer: input.settings.organization.name, siteName: input.settings.siteName }),
      );
    }
    const files = new Map<string, string>();
    for (const list of lists) {
      files.set(badgePaths.statusList(list.purpose), list.token);
      files.set(badgePaths.statusListJson(list.purpose), list.json);
    }
    // When each revoked credential was revoked (and why, only if its award says so): the status list holds one bit.
    for (const { data } of awards) {
      if (data.revoked && data.revokedDate) files.set(badgePaths.credentialRevocation(data.credentialId), json(revocationRecord(urls, { ...data, revokedDate: data.revokedDate })));
    }
    files.set(badgePaths.issuer, json({ '@context': [...PROFILE_CONTEXT], ...issuer }));
    for (const k of published) files.set(badgePaths.key(k.name), json(k.jwk));
    files.set(badgePaths.jwks, json(jwks));
    files.set(badgePaths.didDocument, json(didDocument(urls, published)));
    files.set(badgePaths.endorsementKeys, json(endorsementKeysDocument(partners)));
    files.set(badgePaths.hostHeaders, HEADERS_FILE);
    return { files, images, pool, signed, reused };
  };

  /**
   * Why a signed status list is not what content says, or undefined when it is. The list is read by
   * the verification core, as every verifier reads it (signature against the published keys,
   * issuer, purpose, length, validity), then its bits are compared with content.
   */
  const selfCheckKeys = createKeyResolver({ urls, net: createNet({ siteOrigin: urls.origin }), pinned: jwks });
  async function checkStatusList(token: string, purpose: StatusPurpose, set: number[]): Promise<string | undefined> {
    const read = await readStatusList(token, purpose, { urls, keys: selfCheckKeys, now: new Date() });
    if (!read.ok) return `a verifier would not count it: ${read.reason} (${read.code}${read.cause ? `, ${read.cause}` : ''})`;
    return sameBits(read.bits, set) ? undefined : 'it does not decode to the statuses in content';
  }
  /** True when exactly the indexes in `set` are 1 in a list of STATUS_LIST_SIZE bits. */
  function sameBits(bits: Uint8Array, set: number[]): boolean {
    let count = 0;
    for (let index = 0; index < STATUS_LIST_SIZE; index += 1) if (readStatusBit(bits, index) === 1) count += 1;
    return bits.length * 8 === STATUS_LIST_SIZE && set.every((index) => readStatusBit(bits, index) === 1) && count === new Set(set).size;
  }

  /** The same for the Data Integrity list, read from the JSON as published. */
  async function checkStatusListJson(text: string, purpose: StatusPurpose, set: number[]): Promise<string | undefined> {
    const read = await readStatusListJson(JSON.parse(text) as Record<string, unknown>, purpose, { urls, keys: selfCheckKeys, now: new Date() });
    if (!read.ok) return `its Data Integrity form: a verifier would not count it: ${read.reason} (${read.code}${read.cause ? `, ${read.cause}` : ''})`;
    return sameBits(read.bits, set) ? undefined : 'its Data Integrity form does not decode to the statuses in content';
  }

  // Whatever fails, the pool's threads (which hold the key) are stopped before the error goes on.
  const done = finish().catch(async (error: unknown) => {
    await pool.close();
    throw error;
  });
  // The caller awaits `done` later; until then a failure must not count as an unhandled rejection.
  done.catch(() => {});
  return { development, keyName: key.name, credentials: summaries, pageContexts, endorsements: endorsementViews, done };
}

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

async function signCompact(header: string, payload: string, key: SigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader(JSON.parse(header) as { alg: string }).sign(key.privateKey);
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
