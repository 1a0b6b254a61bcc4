/**
 * THE verification core, first steps: reads a compact JWS, checks its header, finds the key among
 * the keys trusted for this issuer, verifies the signature, then the claims and the OB 3.0 shape,
 * each as its own step. jose + WebCrypto only: no node:*, no astro:*, no DOM, so the build's
 * self-check, the CLI and the browser run the same code.
 */
import { compactVerify, decodeProtectedHeader, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import type { Check, CheckId, VerificationResult, Verdict } from './types.ts';

export const ALLOWED_ALGS = ['RS256', 'ES256', 'EdDSA'] as const;
const ALLOWED_HEADER_MEMBERS = new Set(['alg', 'kid', 'jwk', 'typ']);
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const MAX_TOKEN_LENGTH = 2 * 1024 * 1024;

export interface VerifyOptions {
  /** Keys that establish this site's issuer: the published /.well-known/jwks.json. */
  trustedKeys: JSONWebKeySet;
  /** The moment to judge validity at; leave out to skip the date step (the build's self-check does). */
  now?: Date;
}

class Log {
  readonly checks: Check[] = [];
  add(id: CheckId, status: Check['status'], code: string, detail: string) {
    this.checks.push({ id, status, code, detail });
  }
  failed(id: CheckId) {
    return this.checks.some((c) => c.id === id && c.status === 'fail');
  }
  result(verdict: Verdict, credential?: Record<string, unknown>): VerificationResult {
    return { verdict, checks: this.checks, ...(credential ? { credential } : {}) };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const seconds = (iso: unknown) => (typeof iso === 'string' ? Math.floor(Date.parse(iso) / 1000) : Number.NaN);

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
  if (typeof (vc.validFrom ?? vc.issuanceDate) !== 'string') problems.push('validFrom is missing.');
  return problems;
}

export async function verifyCredentialJwt(token: string, options: VerifyOptions): Promise<VerificationResult> {
  const log = new Log();
  const compact = token.trim();

  // 1. Input
  if (compact.length > MAX_TOKEN_LENGTH) {
    log.add('input', 'fail', 'ERR_INPUT_TOO_LARGE', 'The input is larger than 2 MB.');
    return log.result('error');
  }
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(compact)) {
    log.add('input', 'fail', 'ERR_INPUT_NOT_JWS', 'This is not a compact JWS (three base64url parts separated by dots).');
    return log.result('error');
  }
  log.add('input', 'pass', 'OK', 'Read a compact JWS.');

  // 2. Header
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(compact) as Record<string, unknown>;
  } catch {
    log.add('header', 'fail', 'ERR_HEADER_UNREADABLE', 'The JOSE header is not readable JSON.');
    return log.result('error');
  }
  const alg = header.alg;
  const extra = Object.keys(header).filter((k) => !ALLOWED_HEADER_MEMBERS.has(k));
  const embedded = isRecord(header.jwk) ? (header.jwk as JWK) : undefined;
  if (typeof alg !== 'string' || !(ALLOWED_ALGS as readonly string[]).includes(alg)) {
    log.add('header', 'fail', 'ERR_ALG_NOT_ALLOWED', `The signature algorithm ${String(alg)} is not accepted (RS256, ES256 or EdDSA).`);
    return log.result('invalid');
  }
  if (extra.length > 0) {
    log.add('header', 'fail', 'ERR_HEADER_MEMBERS', `The header has members that are not allowed: ${extra.join(', ')}.`);
    return log.result('invalid');
  }
  if (embedded && PRIVATE_MEMBERS.some((m) => m in embedded)) {
    log.add('header', 'fail', 'ERR_HEADER_PRIVATE_KEY', 'The header embeds a private key.');
    return log.result('invalid');
  }
  log.add('header', 'pass', 'OK', `Signed with ${alg}${alg === 'EdDSA' ? ' (accepted, though Open Badges verifiers need only support RS256)' : ''}.`);

  // 3. Key
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const trusted = options.trustedKeys.keys.find((k) => kid !== undefined && k.kid === kid);
  const candidate: JWK | undefined = trusted ?? embedded;
  if (!candidate) {
    log.add('key', 'fail', 'ERR_KEY_NOT_FOUND', kid ? `The key ${kid} is not one of this issuer's published keys.` : 'The signature names no key.');
    return log.result('unknown-issuer');
  }
  log.add(
    'key',
    trusted ? 'pass' : 'warn',
    trusted ? 'OK' : 'WARN_KEY_NOT_TRUSTED',
    trusted ? `The key ${kid} is one of this issuer's published keys.` : 'The signature uses a key this issuer has not published.',
  );

  // 4. Signature
  let payload: Uint8Array;
  try {
    const key = await importJWK(candidate, alg);
    ({ payload } = await compactVerify(compact, key, { algorithms: [alg] }));
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ERR_JWS_INVALID';
    log.add('signature', 'fail', code, 'The signature does not match the content: the credential was altered or signed with another key.');
    return log.result('invalid');
  }
  log.add('signature', 'pass', 'OK', 'The signature matches the content.');

  let vc: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (!isRecord(parsed)) throw new Error('not an object');
    // The older VC-JWT form wraps the credential in a `vc` claim.
    vc = isRecord(parsed.vc) ? { ...parsed.vc, ...pickClaims(parsed) } : parsed;
  } catch {
    log.add('claims', 'fail', 'ERR_PAYLOAD_NOT_JSON', 'The signed content is not a JSON credential.');
    return log.result('invalid');
  }
  const credential = vc;

  // 5. Claims: the JWT claims must agree with the credential they wrap.
  const issuerId = typeof vc.issuer === 'string' ? vc.issuer : isRecord(vc.issuer) ? vc.issuer.id : undefined;
  const subject = isRecord(vc.credentialSubject) ? vc.credentialSubject : {};
  const mismatches = [
    vc.iss !== undefined && vc.iss !== issuerId ? 'iss does not match issuer.id' : '',
    vc.jti !== undefined && vc.jti !== vc.id ? 'jti does not match id' : '',
    vc.sub !== undefined && subject.id !== undefined && vc.sub !== subject.id ? 'sub does not match credentialSubject.id' : '',
    vc.nbf !== undefined && vc.nbf !== seconds(vc.validFrom ?? vc.issuanceDate) ? 'nbf does not match validFrom' : '',
    vc.exp !== undefined && vc.exp !== seconds(vc.validUntil ?? vc.expirationDate) ? 'exp does not match validUntil' : '',
  ].filter(Boolean);
  if (mismatches.length > 0) {
    log.add('claims', 'fail', 'ERR_CLAIMS_MISMATCH', `The JWT claims disagree with the credential: ${mismatches.join('; ')}.`);
    return log.result('invalid', credential);
  }
  log.add('claims', 'pass', 'OK', 'The JWT claims agree with the credential.');

  // 6. Shape
  const problems = shapeProblems(vc);
  if (problems.length > 0) {
    log.add('shape', 'fail', 'ERR_SHAPE', problems.join(' '));
    return log.result('invalid', credential);
  }
  log.add('shape', 'pass', 'OK', 'It has every field an Open Badges 3.0 credential needs.');

  // 7. Dates
  if (options.now) {
    const now = options.now.getTime();
    const from = Date.parse(String(vc.validFrom ?? vc.issuanceDate));
    const until = vc.validUntil ?? vc.expirationDate;
    if (from > now) {
      log.add('dates', 'fail', 'ERR_NOT_YET_VALID', `It is not valid until ${String(vc.validFrom ?? vc.issuanceDate)}.`);
      return log.result('not-yet-valid', credential);
    }
    if (typeof until === 'string' && Date.parse(until) <= now) {
      log.add('dates', 'fail', 'ERR_EXPIRED', `It expired on ${until}.`);
      return log.result('expired', credential);
    }
    log.add('dates', 'pass', 'OK', typeof until === 'string' ? `Valid until ${until}.` : 'It does not expire.');
  } else {
    log.add('dates', 'skip', 'SKIPPED', 'Dates were not checked.');
  }

  return log.result(trusted ? 'valid' : 'unknown-issuer', credential);
}

function pickClaims(payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const claim of ['iss', 'jti', 'sub', 'nbf', 'exp']) if (payload[claim] !== undefined) out[claim] = payload[claim];
  return out;
}
