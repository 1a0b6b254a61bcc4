/**
 * The issuing half of the badge system, run once per build: turns every award into a signed Open
 * Badges 3.0 credential, publishes the issuer profile, keys, DID document and status lists, and
 * verifies everything it signed with the project's own verification core before anything is
 * published. Returns the files to publish; writing them is the caller's job.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { compactVerify, importJWK, type JWK } from 'jose';
import type { Achievement } from '../../schemas/achievement.ts';
import { STATUS_LIST_SIZE, type Award } from '../../schemas/award.ts';
import type { Settings } from '../../schemas/settings.ts';
import type { CheckedEntry } from '../content/integrity.ts';
import { buildCredential, issuerProfile, jwtClaims, type OpenBadgeCredential } from '../ob3/credential.ts';
import { badgeUrls, type BadgeUrls, type StatusPurpose } from '../ob3/urls.ts';
import { STATUS_LIST_CONTEXT } from '../ob3/vocabulary.ts';
import { decodeStatusList, readStatusBit } from '../verify/status-list.ts';
import { verify } from '../verify/verify.ts';
import { assertInertSvg, badgePng, bakePng, bakeSvg, previewCard } from './bake-fs.ts';
import { loadSigningKey, type CommittedKey, type SigningKey } from './keys-fs.ts';
import type { CredentialSummary, PageContext } from './credential-page.ts';
import { signAll, type SignRequest } from './sign-fs.ts';
import { bitstring, encodeStatusList } from './status-list-fs.ts';

export interface IssueInput {
  root: string;
  origin: string;
  production: boolean;
  /** BADGE_SIGNING_KEY, if set. */
  secret: string | undefined;
  cacheDir: string;
  /** Where the site's static files are (the achievement images to bake); default <root>/public. */
  publicDir?: string;
  awards: CheckedEntry<Award>[];
  achievements: CheckedEntry<Achievement>[];
  settings: Settings;
  keys: CommittedKey[];
  log?: (message: string) => void;
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

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function statusListCredential(urls: BadgeUrls, purpose: StatusPurpose, encodedList: string) {
  const id = urls.statusList(purpose);
  return {
    '@context': [...STATUS_LIST_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: urls.issuer,
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList },
  };
}

/** did:web document. Verification method ids must be DID URLs (did:web:host#name); the https kid stays in the JWK. */
function didDocument(urls: BadgeUrls, keys: { name: string; jwk: JWK }[]) {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: urls.did,
    verificationMethod: keys.map(({ name, jwk }) => ({
      id: `${urls.did}#${name}`,
      type: 'JsonWebKey2020',
      controller: urls.did,
      publicKeyJwk: jwk,
    })),
    assertionMethod: keys.map(({ name }) => `${urls.did}#${name}`),
  };
}

/** Rules for Netlify and Cloudflare Pages: anyone may fetch credentials and keys, and JWTs are text. */
export const HEADERS_FILE = `# Written by the build (src/lib/issue/issue-fs.ts). Static hosts read this file; see README, "Deployment".
# Every page also carries its own Content-Security-Policy in a <meta> element (src/lib/security.ts);
# frame-ancestors only works as a header, so it is sent here.
/*
  Content-Security-Policy: frame-ancestors 'none'
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()
/credentials/*.jwt
  Content-Type: text/plain; charset=utf-8
  Access-Control-Allow-Origin: *
/credentials/*.json
  Content-Type: application/json; charset=utf-8
  Access-Control-Allow-Origin: *
/status/*
  Content-Type: text/plain; charset=utf-8
  Access-Control-Allow-Origin: *
/keys/*
  Content-Type: application/json; charset=utf-8
  Access-Control-Allow-Origin: *
/.well-known/*
  Content-Type: application/json; charset=utf-8
  Access-Control-Allow-Origin: *
/issuer.json
  Content-Type: application/json; charset=utf-8
  Access-Control-Allow-Origin: *
# SVG files opened on their own must never run script on this origin (the CMS keeps its login here).
/credentials/*.svg
  Content-Type: image/svg+xml
  Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox
/uploads/*
  Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox
`;

export async function issueBadges(input: IssueInput): Promise<IssueResult> {
  const log = input.log ?? (() => {});
  const urls = badgeUrls(input.origin);
  const key: SigningKey = await loadSigningKey({
    root: input.root,
    committed: input.keys,
    secret: input.secret,
    production: input.production,
  });
  const development = key.development;
  const issuer = issuerProfile(input.settings, urls, development);
  const achievements = new Map(input.achievements.map((a) => [a.id, a.data]));

  // Every published key: committed ones (current and retired) plus, in development, the throwaway one.
  const published = [
    ...input.keys.map((k) => ({ name: k.name, jwk: k.jwk })),
    ...(development ? [{ name: key.name, jwk: key.publicJwk }] : []),
  ]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, jwk }) => ({ name, kid: urls.key(name), jwk: { ...jwk, kid: urls.key(name) } as JWK }));
  const jwks: JSONWebKeySet = { keys: published.map((k) => k.jwk) };
  const kid = urls.key(key.name);
  const header = JSON.stringify({ alg: key.alg, kid, typ: 'JWT' });

  const awards = [...input.awards].sort((a, b) => a.data.credentialId.localeCompare(b.data.credentialId));
  const credentials: OpenBadgeCredential[] = awards.map(({ data: award, file }) => {
    const achievement = achievements.get(award.achievement);
    if (!achievement) throw new IssueError('ERR_ISSUE_CONTENT', `${file}: no achievement "${award.achievement}".`);
    return buildCredential({ award, achievement, issuer, urls });
  });

  const lists = (['revocation', 'suspension'] as const).map((purpose) => {
    const set = awards.filter(({ data }) => (purpose === 'revocation' ? data.revoked : data.suspended)).map(({ data }) => data.statusIndex);
    const vc = statusListCredential(urls, purpose, encodeStatusList(bitstring(STATUS_LIST_SIZE, set)));
    return { purpose, set, vc };
  });

  const requests: SignRequest[] = [
    ...credentials.map((vc) => ({ header, payload: JSON.stringify({ ...vc, ...jwtClaims(vc) }) })),
    ...lists.map(({ vc }) => ({ header, payload: JSON.stringify({ ...vc, iss: urls.issuer, jti: vc.id }) })),
  ];
  const started = Date.now();
  let lastReport = 0;
  const sign = (useCache: boolean) =>
    signAll(requests, key, {
      cacheDir: input.cacheDir,
      useCache,
      onProgress: (done, total) => {
        if (total >= 1000 && (done === total || Date.now() - lastReport > 1000)) {
          lastReport = Date.now();
          log(`signed ${done}/${total}`);
        }
      },
    });
  let report = await sign(true);
  if (report.reused > 0 && (await selfCheck(report.tokens)).length > 0) {
    // A damaged cache must cost time, not a broken build: sign everything again, ignoring it.
    log('Some cached signatures did not verify; signing everything again without the cache.');
    report = await sign(false);
  }
  log(
    `Signed ${report.signed} and reused ${report.reused} cached signature${report.reused === 1 ? '' : 's'} in ${Date.now() - started} ms (key ${key.name}, ${key.alg}).`,
  );

  const failures = await selfCheck(report.tokens);
  if (failures.length > 0) {
    throw new IssueError(
      'ERR_SELF_CHECK',
      `The build's self-check rejected ${failures.length} signed file(s); nothing was published:\n  ${failures.join('\n  ')}`,
    );
  }

  /** Nothing is published unless the verification core accepts every credential and every status list decodes right. */
  async function selfCheck(tokens: string[]): Promise<string[]> {
    const failures: string[] = [];
    await Promise.all(
      credentials.map(async (_vc, i) => {
        const result = await verify(tokens[i]!, { siteOrigin: urls.origin, trustedKeys: jwks, checkStatus: false });
        if (result.verdict !== 'valid') {
          const failed = result.checks.find((c) => c.status === 'fail');
          failures.push(`${awards[i]!.file}: ${result.verdict} (${failed?.code ?? 'no code'}: ${failed?.detail ?? ''})`);
        }
      }),
    );
    const signingJwk = await importJWK(published.find((p) => p.name === key.name)!.jwk, key.alg);
    for (const [n, list] of lists.entries()) {
      const token = tokens[credentials.length + n]!;
      try {
        const payload = JSON.parse(new TextDecoder().decode((await compactVerify(token, signingJwk)).payload)) as ReturnType<
          typeof statusListCredential
        >;
        const bits = await decodeStatusList(payload.credentialSubject.encodedList);
        const expected = new Set(list.set);
        let count = 0;
        for (let index = 0; index < STATUS_LIST_SIZE; index += 1) if (readStatusBit(bits, index) === 1) count += 1;
        const wrong = list.set.filter((index) => readStatusBit(bits, index) !== 1);
        if (bits.length * 8 !== STATUS_LIST_SIZE || wrong.length > 0 || count !== expected.size)
          failures.push(`${list.purpose} status list does not decode to the statuses in content`);
      } catch (error) {
        failures.push(`${list.purpose} status list: ${(error as { code?: string }).code ?? (error as Error).message}`);
      }
    }
    return failures;
  }

  // Baked badges: the achievement's image with the token inside (PNG and SVG), one base render per achievement.
  const publicDir = input.publicDir ?? path.join(input.root, 'public');
  const bases = new Map<string, { png: Uint8Array; svg?: string }>();
  for (const [slug, achievement] of achievements) {
    const source = await readFile(path.join(publicDir, achievement.image.src));
    if (achievement.image.src.endsWith('.svg')) assertInertSvg(source.toString('utf8'), `The artwork of "${slug}" (${achievement.image.src})`);
    bases.set(slug, {
      png: await badgePng(source, 400),
      ...(achievement.image.src.endsWith('.svg') ? { svg: source.toString('utf8') } : {}),
    });
  }
  const baked = new Map<string, string | Uint8Array>();
  for (const [slug, achievement] of achievements) {
    if (!awards.some((a) => a.data.achievement === slug)) continue;
    baked.set(
      `credentials/cards/${slug}.png`,
      await previewCard({ badge: bases.get(slug)!.png, title: achievement.name, issuer: input.settings.organization.name, siteName: input.settings.siteName }),
    );
  }

  const files = new Map<string, string>();
  credentials.forEach((vc, i) => {
    const award = awards[i]!.data;
    const id = award.credentialId;
    const token = report.tokens[i]!;
    files.set(`credentials/${id}.jwt`, token);
    files.set(`credentials/${id}.json`, json(vc));
    const base = bases.get(award.achievement)!;
    baked.set(`credentials/${id}.png`, bakePng(base.png, token));
    if (base.svg) baked.set(`credentials/${id}.svg`, bakeSvg(base.svg, token));
  });
  lists.forEach((list, n) => files.set(`status/${list.purpose}-1.jwt`, report.tokens[credentials.length + n]!));
  files.set('issuer.json', json(issuer));
  for (const k of published) files.set(`keys/${k.name}.json`, json(k.jwk));
  files.set('.well-known/jwks.json', json(jwks));
  files.set('.well-known/did.json', json(didDocument(urls, published)));
  files.set('_headers', HEADERS_FILE);

  return {
    files,
    baked,
    development,
    keyName: key.name,
    signed: report.signed,
    reused: report.reused,
    pageContexts: new Map(
      [...achievements].map(([slug, a]) => [
        slug,
        { origin: urls.origin, achievementName: a.name, organizationName: input.settings.organization.name, organizationLinkedInId: input.settings.organization.linkedInId },
      ]),
    ),
    credentials: awards.map(({ data: a, file }, i) => ({
      credentialId: a.credentialId,
      file,
      achievement: a.achievement,
      recipientName: a.publishName ? a.recipientName : undefined,
      awardedDate: a.awardedDate,
      validUntil: credentials[i]!.validUntil,
      revoked: a.revoked,
      suspended: a.suspended,
      sample: a.sample,
      evidence: a.evidence,
    })),
  };
}
