/**
 * THE verification core. Reads what it is given (token, JSON, baked PNG or SVG, or the address of
 * one of this site's credentials), then runs each step in its own module (steps/): header, key
 * provenance, signature, claims, OB 3.0 shape, dates, status and the recipient. It never throws: it
 * returns a log with every step in a fixed order (a step not reached is `skip`), each with a stable
 * code, and one verdict computed from the log by a documented precedence (verdict.ts). jose +
 * WebCrypto + fetch only (no node:*, no astro:*, no DOM), so the verify page, the offline file, the
 * CLI and the build's self-check all run this same code. It contacts no one but this site (net.ts).
 */
import type { JSONWebKeySet } from 'jose';
import { badgeUrls, credentialAddress } from '../ob3/urls.ts';
import { decodeUtf8 } from './bytes.ts';
import { isRecord } from './json.ts';
import { createKeyResolver } from './keys.ts';
import { createNet, type FetchLike } from './net.ts';
import { readInput, resolveInput } from './input.ts';
import { check } from './steps/check.ts';
import { claimsStep, JWT_CLAIMS } from './steps/claims.ts';
import { datesStep } from './steps/dates.ts';
import { headerStep } from './steps/header.ts';
import { keyStep } from './steps/key.ts';
import { recipientStep } from './steps/recipient.ts';
import { shapeStep } from './steps/shape.ts';
import { signatureStep } from './steps/signature.ts';
import { statusStep } from './steps/status.ts';
import { CHECK_IDS, type Check, type CheckId, type JudgedInput, type VerificationResult } from './types.ts';
import { verdictOf } from './verdict.ts';

export { ALLOWED_ALGS, isCanonicalBase64url } from './steps/header.ts';
export { shapeProblems } from './steps/shape.ts';

export interface VerifyOptions {
  /** The site's configured origin (SITE_URL). Its issuer and keys are the ones this verifier vouches for. */
  siteOrigin: string;
  /**
   * The origin the verifier is actually served from. URLs under `siteOrigin` are fetched from here
   * instead, so previews and localhost verify their own files. Defaults to `siteOrigin`.
   */
  servedOrigin?: string | undefined;
  /** This site's keys, pinned (offline file, self-check): then no key is ever fetched. Without it they come from the site's JWKS. */
  trustedKeys?: JSONWebKeySet | undefined;
  /** Network access, used only for this site's files; leave out (or pass undefined) to verify without any request. */
  fetch?: FetchLike | undefined;
  /** Time limit of each request in milliseconds (default 5,000). */
  timeoutMs?: number | undefined;
  /** The moment to judge dates at; leave out to skip the date step. */
  now?: Date | undefined;
  /** An email address to compare with the credential's hashed identifiers (it is hashed here, never sent). */
  email?: string | undefined;
  /** false skips the status step (the build's self-check of credentials it has just signed). */
  checkStatus?: boolean | undefined;
}

/** Collects one check per step and makes the result: steps never reached are listed as skipped. */
class Log {
  readonly #checks = new Map<CheckId, Check>();
  readonly judged: JudgedInput;
  constructor(judged: JudgedInput) {
    this.judged = judged;
  }
  add(entry: Check) {
    this.#checks.set(entry.id, entry);
  }
  result(credential?: Record<string, unknown>): VerificationResult {
    const checks = CHECK_IDS.map((id) => this.#checks.get(id) ?? check(id, 'skip', 'NOT_REACHED', 'Not checked: an earlier step did not pass.'));
    return { verdict: verdictOf(checks), checks, input: this.judged, ...(credential ? { credential } : {}) };
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

/** Verifies a credential in any supported form. Never throws; see VerificationResult. */
export async function verify(input: string | Uint8Array, options: VerifyOptions): Promise<VerificationResult> {
  try {
    return await run(input, options);
  } catch (error) {
    // A bug, not a verdict about the credential: say so rather than leave a caller waiting.
    const log = new Log({ form: 'unknown' });
    log.add(check('input', 'fail', 'ERR_INTERNAL', 'The verifier itself failed on this input, so nothing was verified. Please report it to the site.', error instanceof Error ? error.name : undefined));
    return log.result();
  }
}

async function run(input: string | Uint8Array, options: VerifyOptions): Promise<VerificationResult> {
  const urls = badgeUrls(options.siteOrigin);
  const net = createNet({ fetch: options.fetch, siteOrigin: urls.origin, servedOrigin: options.servedOrigin, timeoutMs: options.timeoutMs });
  const keys = createKeyResolver({ urls, net, pinned: options.trustedKeys });
  const { read, judged } = await resolveInput(input, net, urls.origin);
  const log = new Log(judged);

  // 1. Input
  if (read.kind === 'unreadable') {
    log.add(check('input', 'fail', read.code, read.detail));
    return log.result();
  }
  if (read.kind === 'ob2') {
    log.add(check('input', 'fail', 'ERR_INPUT_OB2', 'This is an Open Badges 2.0 badge. Only Open Badges 3.0 credentials can be verified here.'));
    return log.result();
  }
  let token: string;
  if (read.kind === 'json') {
    const json = read.credential;
    // This site's JSON files carry no signature; their signed twin is the .jwt beside them.
    const address = typeof json.id === 'string' ? credentialAddress(json.id, urls.origin) : undefined;
    if (!address || !String(json.id).endsWith('.json')) {
      if ('proof' in json) {
        log.add(check('input', 'fail', 'ERR_PROOF_UNSUPPORTED', 'This credential uses an embedded proof (Data Integrity), which this verifier does not support. Ask for the badge as a JWT or a baked image.'));
      } else {
        log.add(check('input', 'fail', 'ERR_UNSIGNED_JSON', 'This is credential JSON with no signature, so nothing proves who issued it. Ask for the badge token (.jwt) or the badge image.'));
      }
      return log.result(json);
    }
    const twin = await net
      .get(urls.credentialJwt(address.id))
      .then(async (bytes) => readInput(decodeUtf8(bytes).trim()))
      .catch(() => undefined);
    if (twin?.kind !== 'jws') {
      log.add(
        check('input', 'fail', 'ERR_INPUT_FETCH', `This is credential JSON from this site, which carries no signature itself, and its signed copy could not be fetched${net.online ? '' : ' offline'}. Paste the .jwt or choose the badge image instead.`),
      );
      return log.result(json);
    }
    const signed = decodeJwtPayload(twin.token);
    if (signed && !sameCredential(json, signed)) {
      log.add(check('input', 'fail', 'ERR_JSON_DIFFERS', 'The JSON you gave differs from the credential this site signed: it has been edited.'));
      return log.result(json);
    }
    log.add(check('input', 'pass', 'OK_JSON_SIGNED_COPY', 'Read credential JSON and fetched its signed copy from this site.'));
    token = twin.token;
  } else {
    const from = read.form === 'png' ? ' from a PNG badge image' : read.form === 'svg' ? ' from an SVG badge image' : '';
    log.add(check('input', 'pass', 'OK', `Read a signed credential${from}${judged.url ? ` at ${judged.url}` : ''}.`));
    token = read.token;
  }

  // 2. Header
  const header = headerStep(token);
  log.add(header.check);
  if (!header.header || !header.alg) return log.result();

  // 3. Key and provenance
  const key = await keyStep(header.header, keys);
  log.add(key.check);
  if (!key.key) return log.result();

  // 4. Signature
  const signature = await signatureStep(token, key.key, header.alg);
  log.add(signature.check);
  if (!signature.payload) return log.result();

  // 5. Claims
  const claims = claimsStep(signature.payload, key.ours, urls);
  log.add(claims.check);
  if (!claims.vc || claims.check.status === 'fail') return log.result(claims.vc);
  const vc = claims.vc;

  // 6. Shape
  const shape = shapeStep(vc);
  log.add(shape);
  if (shape.status === 'fail') return log.result(vc);

  // 7. Dates, 8. status and 9. recipient are each judged whatever the others say.
  log.add(datesStep(vc, options.now));
  log.add(await statusStep(vc, key.ours, { urls, net, keys, now: options.now ?? new Date() }, options.checkStatus !== false));
  log.add(await recipientStep(vc, options.email));
  return log.result(vc);
}

/** The payload of a compact JWS as a credential, unverified (only to compare; verification follows). */
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
