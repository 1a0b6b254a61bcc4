/**
 * Step 2, header: the token's parts are canonical base64url, its protected header is readable and
 * names an accepted algorithm, carries no member beyond alg, kid, jwk and typ, and no private key.
 */
import { base64urlToBytes, decodeUtf8 } from '../bytes.ts';
import { isRecord, parseJson } from '../json.ts';
import { PRIVATE_MEMBERS } from '../keys.ts';
import type { Check } from '../types.ts';
import { check } from './check.ts';

/** A compact JWS: three base64url parts (the signature may be empty, which no accepted algorithm allows). */
export const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export const ALLOWED_ALGS = ['RS256', 'ES256', 'EdDSA'] as const;
export type AllowedAlg = (typeof ALLOWED_ALGS)[number];
const ALLOWED_HEADER_MEMBERS = new Set(['alg', 'kid', 'jwk', 'typ']);

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

export function headerStep(token: string): { check: Check; header?: Record<string, unknown>; alg?: AllowedAlg } {
  // A part whose base64url is not in canonical form (for instance stray low bits in its last
  // character) decodes to the same bytes as another text: refuse it, so no edited token verifies.
  if (!token.split('.').every(isCanonicalBase64url)) {
    return { check: check('header', 'fail', 'ERR_JWS_NOT_CANONICAL', 'The token is damaged (not base64url).') };
  }
  let decoded: unknown;
  try {
    const parsed = parseJson(decodeUtf8(base64urlToBytes(token.slice(0, token.indexOf('.')))));
    decoded = parsed.ok ? parsed.value : undefined;
  } catch {
    decoded = undefined;
  }
  if (!isRecord(decoded)) return { check: check('header', 'fail', 'ERR_HEADER_UNREADABLE', 'The token’s header cannot be read.') };
  const header = decoded;
  const alg = header.alg;
  if (typeof alg !== 'string' || !(ALLOWED_ALGS as readonly string[]).includes(alg)) {
    return { check: check('header', 'fail', 'ERR_ALG_NOT_ALLOWED', `The signature algorithm "${String(alg).slice(0, 40)}" is not accepted, only ${ALLOWED_ALGS.join(', ')}.`) };
  }
  const extra = Object.keys(header).filter((k) => !ALLOWED_HEADER_MEMBERS.has(k));
  if (extra.length > 0) {
    return { check: check('header', 'fail', 'ERR_HEADER_MEMBERS', `The header has disallowed members: ${extra.slice(0, 5).join(', ').slice(0, 120)}.`) };
  }
  if (isRecord(header.jwk) && PRIVATE_MEMBERS.some((m) => m in (header.jwk as object))) {
    return { check: check('header', 'fail', 'ERR_HEADER_PRIVATE_KEY', 'The header carries a private key, which no genuine issuer does.') };
  }
  const detail = alg === 'EdDSA' ? 'Signed with EdDSA.' : `Signed with ${alg}.`;
  return { check: check('header', 'pass', 'OK', detail), header, alg: alg as AllowedAlg };
}
