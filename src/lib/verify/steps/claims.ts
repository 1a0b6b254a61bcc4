/**
 * Step 5, claims: the signed content is a credential, and the JWT claims agree with the credential
 * they carry (iss, jti, sub, nbf, exp); a credential signed with this site's key names this site's issuer.
 */
import type { BadgeUrls } from '../../ob3/urls.ts';
import { decodeUtf8 } from '../bytes.ts';
import { isRecord, parseJson } from '../json.ts';
import type { Check } from '../types.ts';
import { check } from './check.ts';

export const JWT_CLAIMS = ['iss', 'jti', 'sub', 'nbf', 'exp', 'iat', 'aud'];
const seconds = (iso: unknown) => (typeof iso === 'string' ? Math.floor(Date.parse(iso) / 1000) : Number.NaN);

/** The credential a JWS payload carries (the older VC-JWT form, VC 1.1, wraps it in a `vc` claim), or undefined. */
export function credentialOfPayload(parsed: unknown): Record<string, unknown> | undefined {
  if (!isRecord(parsed)) return undefined;
  return isRecord(parsed.vc) ? { ...parsed.vc, ...Object.fromEntries(JWT_CLAIMS.filter((c) => c in parsed).map((c) => [c, parsed[c]])) } : parsed;
}

export const issuerIdOf = (vc: Record<string, unknown>): unknown => (typeof vc.issuer === 'string' ? vc.issuer : isRecord(vc.issuer) ? vc.issuer.id : undefined);

/** A credential naming this site's issuer but not signed with one of this site's keys. */
export const claimsForged = (): Check =>
  check('claims', 'fail', 'ERR_ISSUER_MISMATCH', "It names this site's issuer, but it is not signed with any of this site's keys: this site did not issue it.");

/**
 * `foreign`: the key is known not to be this site's (this site's keys were loaded and it is not
 * among them), so a credential naming this site's issuer is a forgery.
 */
/** The issuer a token's payload names, read without trusting it (only ever to make a verdict worse). */
export function claimedIssuer(payload: Uint8Array): unknown {
  const parsed = parseJson(decodeUtf8(payload));
  const vc = parsed.ok ? credentialOfPayload(parsed.value) : undefined;
  return vc ? issuerIdOf(vc) : undefined;
}

export function claimsStep(payload: Uint8Array, ours: boolean, urls: BadgeUrls, foreign = false): { check: Check; vc?: Record<string, unknown> } {
  const parsed = parseJson(decodeUtf8(payload));
  const vc = parsed.ok ? credentialOfPayload(parsed.value) : undefined;
  if (!vc) return { check: check('claims', 'fail', 'ERR_PAYLOAD_NOT_JSON', 'The signed content is not a credential.') };
  const issuerId = issuerIdOf(vc);
  const subject = isRecord(vc.credentialSubject) ? vc.credentialSubject : {};
  // Each JWT claim, where present, must equal what the credential says.
  const expected: Record<string, unknown> = {
    iss: issuerId,
    jti: vc.id,
    sub: subject.id ?? vc.sub,
    nbf: seconds('validFrom' in vc ? vc.validFrom : vc.issuanceDate),
    exp: seconds('validUntil' in vc ? vc.validUntil : vc.expirationDate),
  };
  const mismatches = Object.keys(expected).filter((claim) => vc[claim] !== undefined && vc[claim] !== expected[claim]);
  if (mismatches.length > 0) {
    return { check: check('claims', 'fail', 'ERR_CLAIMS_MISMATCH', `The token's claims (${mismatches.join(', ')}) contradict the credential.`), vc };
  }
  if (foreign && issuerId === urls.did) return { check: claimsForged(), vc };
  if (ours && issuerId !== urls.did) {
    return { check: check('claims', 'fail', 'ERR_ISSUER_MISMATCH', `Signed with this site's key but names another issuer (${String(issuerId).slice(0, 200)}).`), vc };
  }
  return { check: check('claims', 'pass', 'OK', 'The token agrees with the credential it carries.'), vc };
}
