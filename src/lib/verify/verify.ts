/**
 * THE verification core. Reads what it is given (token, JSON, baked PNG or SVG), then checks, each
 * as its own step: header, key provenance, signature, claims, OB 3.0 shape, dates, status and
 * optionally the recipient. It never throws for a bad credential: it returns a log of named steps
 * with stable codes and one verdict. jose + WebCrypto + fetch only (no node:*, no astro:*, no DOM),
 * so the verify page, the offline file, the CLI and the build's self-check all run this same code.
 */
import {
  calculateJwkThumbprint,
  compactVerify,
  decodeProtectedHeader,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { badgeUrls } from '../ob3/urls.ts';
import { sha256Hex } from './bytes.ts';
import { readInput, type ReadInput } from './input.ts';
import { decodeStatusList, readStatusBit } from './status-list.ts';
import type { Check, CheckId, VerificationResult, Verdict } from './types.ts';

/**
 * Thumbprints and imported keys, remembered per key object: a verifier that checks many tokens
 * against the same JWKS (the build's self-check, a page of credentials) hashes and imports each
 * key once. Keys are never mutated after they are read, so the object is a safe cache key.
 */
const thumbprints = new WeakMap<JWK, Promise<string>>();
const imports = new WeakMap<JWK, Map<string, ReturnType<typeof importJWK>>>();

function thumbprintOf(key: JWK): Promise<string> {
  let print = thumbprints.get(key);
  if (!print) {
    print = calculateJwkThumbprint(key);
    thumbprints.set(key, print);
  }
  return print;
}

function importedKey(key: JWK, alg: string): ReturnType<typeof importJWK> {
  let byAlg = imports.get(key);
  if (!byAlg) imports.set(key, (byAlg = new Map()));
  let imported = byAlg.get(alg);
  if (!imported) {
    imported = importJWK(key, alg);
    // A key that fails to import is not remembered: the next call reports the failure again.
    imported.catch(() => byAlg.delete(alg));
    byAlg.set(alg, imported);
  }
  return imported;
}

export const ALLOWED_ALGS = ['RS256', 'ES256', 'EdDSA'] as const;
const ALLOWED_HEADER_MEMBERS = new Set(['alg', 'kid', 'jwk', 'typ']);
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const JWT_CLAIMS = ['iss', 'jti', 'sub', 'nbf', 'exp', 'iat', 'aud'];

export interface VerifyOptions {
  /** The site's configured origin (SITE_URL). Its issuer and keys are the ones this verifier vouches for. */
  siteOrigin: string;
  /**
   * The origin the verifier is actually served from. URLs under `siteOrigin` are fetched from here
   * instead, so previews and localhost verify their own files. Defaults to `siteOrigin`.
   */
  servedOrigin?: string;
  /** This site's keys, pinned (offline file, self-check). Without it they are fetched from /.well-known/jwks.json. */
  trustedKeys?: JSONWebKeySet;
  /** Network access; leave out (or pass undefined) to verify without any request. */
  fetch?: ((url: string) => Promise<Response>) | undefined;
  /** The moment to judge dates at; leave out to skip the date step. */
  now?: Date;
  /** An email address to compare with the credential's hashed identifiers (it is hashed here, never sent). */
  email?: string | undefined;
  /** false skips the status step (the build's self-check). */
  checkStatus?: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const seconds = (iso: unknown) => (typeof iso === 'string' ? Math.floor(Date.parse(iso) / 1000) : Number.NaN);
const errorCode = (error: unknown, fallback: string) => {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : fallback;
};

class Log {
  readonly checks: Check[] = [];
  add(id: CheckId, status: Check['status'], code: string, detail: string) {
    this.checks.push({ id, status, code, detail });
  }
  result(verdict: Verdict, credential?: Record<string, unknown>): VerificationResult {
    return { verdict, checks: this.checks, ...(credential ? { credential } : {}) };
  }
}

/** Problems with the OB 3.0 shape, one sentence each; empty when the shape is right. */
export function shapeProblems(vc: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const context = asArray(vc['@context']);
  if (context[0] !== 'https://www.w3.org/ns/credentials/v2' && context[0] !== 'https://www.w3.org/2018/credentials/v1') {
    problems.push('@context does not start with the W3C credentials context.');
  }
  if (!context.some((c) => typeof c === 'string' && /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$/.test(c))) {
    problems.push('@context does not include the Open Badges 3.0 context.');
  }
  const types = asArray(vc.type);
  if (!types.includes('VerifiableCredential') || !(types.includes('OpenBadgeCredential') || types.includes('AchievementCredential'))) {
    problems.push('type must include VerifiableCredential and OpenBadgeCredential.');
  }
  if (typeof vc.id !== 'string') problems.push('The credential has no id.');
  const issuer = vc.issuer;
  if (!(typeof issuer === 'string' || (isRecord(issuer) && typeof issuer.id === 'string'))) problems.push('The issuer is missing or has no id.');
  const subject = vc.credentialSubject;
  if (!isRecord(subject)) {
    problems.push('credentialSubject is missing.');
  } else {
    if (typeof subject.id !== 'string' && asArray(subject.identifier).length === 0) {
      problems.push('credentialSubject has neither an id nor an identifier.');
    }
    const achievement = subject.achievement;
    if (!isRecord(achievement) || typeof achievement.id !== 'string' || typeof achievement.name !== 'string') {
      problems.push('credentialSubject.achievement is missing or has no id and name.');
    }
  }
  if (typeof (vc.validFrom ?? vc.issuanceDate) !== 'string' || Number.isNaN(Date.parse(String(vc.validFrom ?? vc.issuanceDate)))) {
    problems.push('validFrom is missing or not a date.');
  }
  return problems;
}

/** Normalises an email the way the import tool did before hashing: trimmed, lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Verifies a credential in any supported form. Never throws for bad input; see VerificationResult. */
export async function verify(input: string | Uint8Array, options: VerifyOptions): Promise<VerificationResult> {
  const log = new Log();
  const site = new URL(options.siteOrigin).origin;
  const served = new URL(options.servedOrigin ?? site).origin;
  /** A URL of this site, rewritten to where this verifier is served from. */
  const local = (url: string) => (url.startsWith(`${site}/`) ? `${served}${url.slice(site.length)}` : url);
  const get = async (url: string): Promise<Response> => {
    if (!options.fetch) throw Object.assign(new Error('offline'), { code: 'ERR_OFFLINE' });
    const response = await options.fetch(local(url));
    if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { code: 'ERR_HTTP_STATUS' });
    return response;
  };

  // 1. Input
  let read: ReadInput = await readInput(input);
  if (read.kind === 'unreadable') {
    log.add('input', 'fail', read.code, read.detail);
    return log.result('error');
  }
  if (read.kind === 'ob2') {
    log.add('input', 'fail', 'ERR_INPUT_OB2', 'This is an Open Badges 2.0 badge. Only Open Badges 3.0 credentials can be verified here.');
    return log.result('error');
  }
  if (read.kind === 'json') {
    const json = read.credential;
    // Our own JSON files carry no signature; their signed twin is the .jwt beside them.
    const id = typeof json.id === 'string' ? json.id : '';
    if (id.startsWith(badgeUrls(site).credentialsFolder) && id.endsWith('.json') && options.fetch) {
      try {
        const token = (await (await get(id.replace(/\.json$/, '.jwt'))).text()).trim();
        const twin = await readInput(token);
        if (twin.kind === 'jws') {
          const signed = decodeJwtPayload(twin.token);
          if (signed && !sameCredential(json, signed)) {
            log.add('input', 'fail', 'ERR_JSON_DIFFERS', 'The JSON you gave differs from the credential this site signed: it has been edited.');
            return log.result('invalid', json);
          }
          log.add('input', 'pass', 'OK_JSON_SIGNED_COPY', 'Read credential JSON and fetched its signed copy from this site.');
          return await verifyToken(twin.token, log, options, site, get);
        }
      } catch {
        // Fall through: report the JSON as unsigned.
      }
    }
    if ('proof' in json) {
      log.add('input', 'fail', 'ERR_PROOF_UNSUPPORTED', 'This credential uses an embedded proof (Data Integrity), which this verifier does not support. Ask for the badge as a JWT or a baked image.');
      return log.result('invalid', json);
    }
    log.add('input', 'fail', 'ERR_UNSIGNED_JSON', 'This is credential JSON with no signature, so nothing proves who issued it. Ask for the badge token (.jwt) or the badge image.');
    return log.result('invalid', json);
  }
  log.add('input', 'pass', 'OK', `Read a signed credential${read.form === 'png' ? ' from a PNG badge image' : read.form === 'svg' ? ' from an SVG badge image' : ''}.`);
  return verifyToken(read.token, log, options, site, get);
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** True when `part` is exactly what encoding its own bytes would give (no stray trailing bits, no impossible length). */
export function isCanonicalBase64url(part: string): boolean {
  const tail = part.length % 4;
  if (tail === 1) return false;
  if (tail === 0 || part.length === 0) return true;
  const last = B64URL.indexOf(part[part.length - 1]!);
  // With 2 characters in the last group only its top 2 bits carry data; with 3, its top 4.
  return (last & (tail === 2 ? 0b1111 : 0b11)) === 0;
}

/** The payload of a compact JWS as JSON, unverified (only to compare; verification follows). */
function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  try {
    const part = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!isRecord(parsed)) return undefined;
    return isRecord(parsed.vc) ? parsed.vc : parsed;
  } catch {
    return undefined;
  }
}

/** Compares credential JSON with the signed payload, ignoring the JWT claims the payload adds. */
function sameCredential(json: Record<string, unknown>, signed: Record<string, unknown>): boolean {
  const strip = (o: Record<string, unknown>) => JSON.stringify(canonical(Object.fromEntries(Object.entries(o).filter(([k]) => !JWT_CLAIMS.includes(k)))));
  return strip(json) === strip(signed);
}
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isRecord(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  return value;
}

async function verifyToken(
  token: string,
  log: Log,
  options: VerifyOptions,
  site: string,
  get: (url: string) => Promise<Response>,
): Promise<VerificationResult> {
  // 2. Header. A part whose base64url is not in canonical form (for instance stray low bits in its
  // last character) decodes to the same bytes as another text: refuse it, so no edited token verifies.
  if (!token.split('.').every(isCanonicalBase64url)) {
    log.add('header', 'fail', 'ERR_JWS_NOT_CANONICAL', 'The token is damaged: one of its parts is not valid base64url.');
    return log.result('invalid');
  }
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    log.add('header', 'fail', 'ERR_HEADER_UNREADABLE', 'The token is damaged: its header cannot be read.');
    return log.result('invalid');
  }
  const alg = header.alg;
  const extra = Object.keys(header).filter((k) => !ALLOWED_HEADER_MEMBERS.has(k));
  const embedded = isRecord(header.jwk) ? (header.jwk as JWK) : undefined;
  if (typeof alg !== 'string' || !(ALLOWED_ALGS as readonly string[]).includes(alg)) {
    log.add('header', 'fail', 'ERR_ALG_NOT_ALLOWED', `The signature algorithm "${String(alg)}" is not accepted; only RS256, ES256 and EdDSA are.`);
    return log.result('invalid');
  }
  if (extra.length > 0) {
    log.add('header', 'fail', 'ERR_HEADER_MEMBERS', `The header has members that are not allowed: ${extra.join(', ')}.`);
    return log.result('invalid');
  }
  if (embedded && PRIVATE_MEMBERS.some((m) => m in embedded)) {
    log.add('header', 'fail', 'ERR_HEADER_PRIVATE_KEY', 'The header embeds a private key, which no genuine issuer does.');
    return log.result('invalid');
  }
  log.add('header', 'pass', 'OK', alg === 'EdDSA' ? 'Signed with EdDSA (accepted; Open Badges only requires RS256).' : `Signed with ${alg}.`);

  // 3. Key and provenance
  let trusted: JSONWebKeySet | undefined = options.trustedKeys;
  if (!trusted) {
    try {
      trusted = (await (await get(badgeUrls(site).jwks)).json()) as JSONWebKeySet;
    } catch {
      trusted = undefined;
    }
  }
  const trustedPrints = new Set<string>();
  for (const key of trusted?.keys ?? []) {
    try {
      trustedPrints.add(await thumbprintOf(key));
    } catch {
      // A malformed entry in a JWKS trusts nothing.
    }
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  let key: JWK | undefined = embedded;
  if (!key && kid) {
    key = trusted?.keys.find((k) => k.kid === kid);
    if (!key && /^https?:\/\//.test(kid)) {
      try {
        const fetched = (await (await get(kid)).json()) as unknown;
        if (isRecord(fetched) && typeof fetched.kty === 'string') key = fetched as JWK;
      } catch {
        key = undefined;
      }
    }
  }
  if (!key) {
    log.add(
      'key',
      'fail',
      kid ? 'ERR_KEY_NOT_FOUND' : 'ERR_KEY_MISSING',
      kid ? `The signing key ${kid} could not be found${options.fetch ? '' : ' offline'}, so the issuer cannot be established.` : 'The token names no signing key.',
    );
    return log.result('unknown-issuer');
  }
  let print = '';
  try {
    print = await thumbprintOf(key);
  } catch {
    log.add('key', 'fail', 'ERR_KEY_INVALID', 'The signing key is not a valid public key.');
    return log.result('invalid');
  }
  const isOurs = trustedPrints.has(print);
  if (isOurs) {
    log.add('key', 'pass', 'OK', "The signing key is one of this site's published keys.");
  } else {
    log.add(
      'key',
      'warn',
      trusted ? 'WARN_KEY_NOT_TRUSTED' : 'WARN_KEYS_UNAVAILABLE',
      trusted
        ? "The signing key is not one of this site's published keys: the signature can be checked, but not who made it."
        : "This site's published keys could not be loaded, so the issuer cannot be established.",
    );
  }

  // 4. Signature
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, await importedKey(key, alg), { algorithms: [alg] }));
  } catch (error) {
    log.add('signature', 'fail', errorCode(error, 'ERR_JWS_INVALID'), 'The signature does not match: the credential was changed after it was signed, or signed with another key.');
    return log.result('invalid');
  }
  log.add('signature', 'pass', 'OK', 'The signature matches the credential: it has not been changed since it was signed.');

  let vc: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (!isRecord(parsed)) throw new Error('not an object');
    // The older VC-JWT form (VC 1.1) wraps the credential in a `vc` claim.
    vc = isRecord(parsed.vc) ? { ...parsed.vc, ...Object.fromEntries(JWT_CLAIMS.filter((c) => c in parsed).map((c) => [c, parsed[c]])) } : parsed;
  } catch {
    log.add('claims', 'fail', 'ERR_PAYLOAD_NOT_JSON', 'The signed content is not a credential.');
    return log.result('invalid');
  }
  const credential = vc;

  // 5. Claims: the JWT claims must agree with the credential they carry.
  const issuerId = typeof vc.issuer === 'string' ? vc.issuer : isRecord(vc.issuer) ? vc.issuer.id : undefined;
  const subject = isRecord(vc.credentialSubject) ? vc.credentialSubject : {};
  const mismatches = [
    vc.iss !== undefined && vc.iss !== issuerId ? 'iss is not the issuer id' : '',
    vc.jti !== undefined && vc.jti !== vc.id ? 'jti is not the credential id' : '',
    vc.sub !== undefined && subject.id !== undefined && vc.sub !== subject.id ? 'sub is not the subject id' : '',
    vc.nbf !== undefined && vc.nbf !== seconds(vc.validFrom ?? vc.issuanceDate) ? 'nbf is not validFrom' : '',
    vc.exp !== undefined && vc.exp !== seconds(vc.validUntil ?? vc.expirationDate) ? 'exp is not validUntil' : '',
  ].filter(Boolean);
  if (mismatches.length > 0) {
    log.add('claims', 'fail', 'ERR_CLAIMS_MISMATCH', `The token's claims contradict the credential: ${mismatches.join('; ')}.`);
    return log.result('invalid', credential);
  }
  if (isOurs && issuerId !== badgeUrls(site).issuer) {
    log.add('claims', 'fail', 'ERR_ISSUER_MISMATCH', `Signed with this site's key but names another issuer (${String(issuerId)}).`);
    return log.result('invalid', credential);
  }
  log.add('claims', 'pass', 'OK', 'The token agrees with the credential it carries.');

  // 6. Shape
  const problems = shapeProblems(vc);
  if (problems.length > 0) {
    log.add('shape', 'fail', 'ERR_SHAPE', problems.join(' '));
    return log.result('invalid', credential);
  }
  log.add('shape', 'pass', 'OK', 'It has every field an Open Badges 3.0 credential needs.');

  let verdict: Verdict = isOurs ? 'valid' : 'unknown-issuer';

  // 7. Dates
  if (options.now) {
    const now = options.now.getTime();
    const from = String(vc.validFrom ?? vc.issuanceDate);
    const until = vc.validUntil ?? vc.expirationDate;
    if (Date.parse(from) > now) {
      log.add('dates', 'fail', 'ERR_NOT_YET_VALID', `It is not valid until ${from}.`);
      if (verdict === 'valid') verdict = 'not-yet-valid';
    } else if (typeof until === 'string' && Date.parse(until) <= now) {
      log.add('dates', 'fail', 'ERR_EXPIRED', `It expired on ${until}.`);
      if (verdict === 'valid') verdict = 'expired';
    } else {
      log.add('dates', 'pass', 'OK', typeof until === 'string' ? `Valid from ${from} until ${until}.` : `Valid since ${from}; it does not expire.`);
    }
  } else {
    log.add('dates', 'skip', 'SKIPPED', 'Dates were not checked.');
  }

  // 8. Status
  if (options.checkStatus === false) {
    log.add('status', 'skip', 'SKIPPED', 'Revocation was not checked.');
  } else {
    const status = await checkStatus(vc, { site, get, trustedPrints });
    log.add('status', status.status, status.code, status.detail);
    if (isOurs && status.code === 'REVOKED') verdict = 'revoked';
    else if (isOurs && status.code === 'SUSPENDED') verdict = 'suspended';
  }

  // 9. Recipient
  if (options.email !== undefined && options.email.trim()) {
    const email = normaliseEmail(options.email);
    let match = false;
    for (const identity of asArray(subject.identifier)) {
      if (!isRecord(identity) || identity.identityType !== 'emailAddress' || typeof identity.identityHash !== 'string') continue;
      const expected = identity.identityHash.toLowerCase();
      const salt = typeof identity.salt === 'string' ? identity.salt : '';
      if (identity.hashed === false ? normaliseEmail(expected) === email : expected === `sha256$${await sha256Hex(email + salt)}`) match = true;
    }
    log.add(
      'recipient',
      match ? 'pass' : 'fail',
      match ? 'OK' : 'ERR_RECIPIENT_MISMATCH',
      match ? 'It was issued to the email address you entered.' : 'It was not issued to the email address you entered.',
    );
  }

  return log.result(verdict, credential);
}

async function checkStatus(
  vc: Record<string, unknown>,
  context: { site: string; get: (url: string) => Promise<Response>; trustedPrints: Set<string> },
): Promise<{ status: Check['status']; code: string; detail: string }> {
  const entries = asArray(vc.credentialStatus).filter(isRecord);
  if (entries.length === 0) return { status: 'skip', code: 'NO_STATUS', detail: 'The issuer publishes no revocation list for it.' };
  const lists: { purpose: string; url: string; index: number }[] = [];
  for (const entry of entries) {
    if (entry.type !== 'BitstringStatusListEntry' || typeof entry.statusListCredential !== 'string') continue;
    const index = Number(entry.statusListIndex);
    const purpose = String(entry.statusPurpose);
    lists.push({ purpose, url: entry.statusListCredential, index });
    // This site publishes its suspension list beside the revocation list, at the same index
    // (Open Badges allows one credentialStatus entry; see src/lib/ob3/urls.ts).
    const ours = badgeUrls(context.site);
    if (purpose === 'revocation' && entry.statusListCredential === ours.statusList('revocation')) {
      lists.push({ purpose: 'suspension', url: ours.statusList('suspension'), index });
    }
  }
  if (lists.length === 0) return { status: 'warn', code: 'WARN_STATUS_UNSUPPORTED', detail: 'Its status uses a method this verifier does not read.' };
  const found: string[] = [];
  for (const list of lists) {
    try {
      const token = (await (await context.get(list.url)).text()).trim();
      const header = decodeProtectedHeader(token);
      const key = await keyForStatusList(header, context);
      const { payload } = await compactVerify(token, await importJWK(key, String(header.alg)), { algorithms: ['RS256', 'ES256', 'EdDSA'] });
      const listVc = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
      const subject = (isRecord(listVc.vc) ? listVc.vc : listVc).credentialSubject;
      if (!isRecord(subject) || typeof subject.encodedList !== 'string' || String(subject.statusPurpose) !== list.purpose) {
        throw Object.assign(new Error('bad list'), { code: 'ERR_STATUS_LIST_SHAPE' });
      }
      if (readStatusBit(await decodeStatusList(subject.encodedList), list.index) === 1) found.push(list.purpose);
    } catch (error) {
      const code = errorCode(error, 'ERR_STATUS_UNAVAILABLE');
      return {
        status: 'warn',
        code: code === 'ERR_OFFLINE' ? 'WARN_STATUS_OFFLINE' : 'WARN_STATUS_UNAVAILABLE',
        detail:
          code === 'ERR_OFFLINE'
            ? 'Not checked offline: whether it has been revoked since could not be checked.'
            : `The ${list.purpose} list could not be checked (${code}), so it is not known whether it was revoked or suspended.`,
      };
    }
  }
  if (found.includes('revocation')) return { status: 'fail', code: 'REVOKED', detail: 'The issuer has revoked it: it no longer stands.' };
  if (found.includes('suspension')) return { status: 'fail', code: 'SUSPENDED', detail: 'The issuer has suspended it for now.' };
  return { status: 'pass', code: 'OK', detail: 'The issuer has not revoked or suspended it.' };
}

async function keyForStatusList(header: Record<string, unknown>, context: { get: (url: string) => Promise<Response>; trustedPrints: Set<string> }): Promise<JWK> {
  let key: JWK | undefined = isRecord(header.jwk) ? (header.jwk as JWK) : undefined;
  if (!key && typeof header.kid === 'string') key = (await (await context.get(header.kid)).json()) as JWK;
  if (!key) throw Object.assign(new Error('no key'), { code: 'ERR_STATUS_LIST_KEY' });
  // A status list only counts if signed by a key this site publishes (the same rule as credentials).
  if (!context.trustedPrints.has(await calculateJwkThumbprint(key))) throw Object.assign(new Error('untrusted'), { code: 'ERR_STATUS_LIST_KEY' });
  return key;
}
