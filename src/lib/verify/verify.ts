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
import { badgeUrls, type BadgeUrls } from '../ob3/urls.ts';
import { createKeyResolver, type KeyResolver } from './keys.ts';
import { createNet, type FetchLike, type Net } from './net.ts';
import { resolveInput } from './input.ts';
import { check } from './steps/check.ts';
import { claimedIssuer, claimsForged, claimsStep } from './steps/claims.ts';
import { base64urlToBytes } from './bytes.ts';
import { datesStep } from './steps/dates.ts';
import { headerStep } from './steps/header.ts';
import { keyStep } from './steps/key.ts';
import { shapeStep } from './steps/shape.ts';
import { signatureStep } from './steps/signature.ts';
import { createListReader, statusStep, type ListReader } from './steps/status.ts';
import { revocationFacts } from './revocation.ts';
import { CHECK_IDS, type Check, type CheckId, type EndorsementFacts, type JudgedInput, type RevocationFacts, type VerificationResult } from './types.ts';
import { embeddedEndorsements } from './endorsements.ts';
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
  /**
   * Data Integrity keys the caller vouches for, by verificationMethod, as Multikey
   * (publicKeyMultibase): a test vector's key, an issuer known out of band. Their proofs are
   * checked; the issuer is still not this site's (unknown issuer).
   */
  knownKeys?: Record<string, string> | undefined;
  /**
   * true leaves the endorsement step for later (`skip` / ENDORSEMENTS_PENDING when there are some):
   * checkEndorsements() then runs it. The verify page shows the verdict without waiting for the Data
   * Integrity code an endorsement needs, which would more than triple the JavaScript of a JWT badge.
   */
  deferEndorsements?: boolean | undefined;
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
  result(credential?: Record<string, unknown>, revocation?: RevocationFacts, endorsements?: EndorsementFacts[]): VerificationResult {
    const checks = CHECK_IDS.map((id) => this.#checks.get(id) ?? check(id, 'skip', 'NOT_REACHED', 'Not reached: an earlier step failed.'));
    return {
      verdict: verdictOf(checks),
      checks,
      input: this.judged,
      ...(credential ? { credential } : {}),
      ...(revocation ? { revocation } : {}),
      ...(endorsements ? { endorsements } : {}),
    };
  }
}

/** Verifies a credential in any supported form. Never throws; see VerificationResult. */
export async function verify(input: string | Uint8Array, options: VerifyOptions): Promise<VerificationResult> {
  try {
    return await run(input, options);
  } catch (error) {
    // A bug, not a verdict about the credential: say so rather than leave a caller waiting.
    const log = new Log({ form: 'unknown' });
    log.add(check('input', 'fail', 'ERR_INTERNAL', 'The verifier failed on this input; nothing was verified. Please report it.', error instanceof Error ? error.name : undefined));
    return log.result();
  }
}

async function run(input: string | Uint8Array, options: VerifyOptions): Promise<VerificationResult> {
  const urls = badgeUrls(options.siteOrigin);
  const net = createNet({ fetch: options.fetch, siteOrigin: urls.origin, servedOrigin: options.servedOrigin, timeoutMs: options.timeoutMs });
  const keys = createKeyResolver({ urls, net, pinned: options.trustedKeys });
  // This site's keys are needed for nearly every input: start loading them while the input is read.
  void keys.trusted();
  const lists = createListReader({ urls, net, keys, now: options.now ?? new Date() });
  // This site's status lists are fetched and read as soon as the credential is known to be this
  // site's (fetching one of its addresses, or a token or proof naming one of its keys), so they
  // are checked while the credential's own key and signature are.
  const prefetchStatus = () => {
    if (options.checkStatus !== false) for (const purpose of ['revocation', 'suspension'] as const) lists(purpose, urls.statusList(purpose)).catch(() => undefined);
  };
  const { read, judged } = await resolveInput(input, net, urls.origin, (address) => {
    prefetchStatus();
    // A credential .json carries a Data Integrity proof: load its code while the file is fetched.
    if (address.endsWith('.json')) void import('./steps/data-integrity.ts').catch(() => undefined);
  });
  const log = new Log(judged);

  // 1. Input
  if (read.kind === 'unreadable') {
    log.add(check('input', 'fail', read.code, read.detail));
    return log.result();
  }
  if (read.kind === 'ob2') {
    log.add(check('input', 'fail', 'ERR_INPUT_OB2', 'This is an Open Badges 2.0 badge; only 3.0 credentials can be verified here.'));
    return log.result();
  }
  let token: string;
  if (read.kind === 'json' && 'proof' in read.credential) {
    // An embedded proof (Data Integrity): its steps, canonicalisation and contexts load only now.
    const proofs = Array.isArray(read.credential.proof) ? read.credential.proof : [read.credential.proof];
    if (proofs.some((p) => typeof p?.verificationMethod === 'string' && p.verificationMethod.startsWith(`${urls.did}#`))) prefetchStatus();
    const { dataIntegritySteps } = await import('./steps/data-integrity.ts');
    const di = await dataIntegritySteps(read.credential, urls, keys, options.knownKeys, read.form === 'png' || read.form === 'svg' ? read.form : undefined);
    for (const entry of di.checks) log.add(entry);
    // Only the document in its accepted spelling is ever handed on (shown, printed): never what was refused.
    if (!di.vc || di.checks.some((c) => c.status === 'fail')) return log.result(di.vc);
    return judge(di.vc, di.ours, log, options, urls, lists, net, keys);
  }
  if (read.kind === 'json') {
    // Loaded only for JSON input, so a page verifying a token never downloads it.
    const { jsonInputStep } = await import('./steps/json-input.ts');
    const step = await jsonInputStep(read.credential, net, urls);
    log.add(step.check);
    if (!step.token) return log.result(read.credential);
    token = step.token;
  } else {
    log.add(check('input', 'pass', 'OK', `Read a signed credential${read.form === 'token' ? '' : ` from the ${read.form.toUpperCase()} image`}.`));
    token = read.token;
  }

  // 2. Header
  const header = headerStep(token);
  log.add(header.check);
  if (!header.header || !header.alg) return log.result();
  // A token signed with a key of this site will need this site's status lists: ask for them now,
  // while the key and the signature are checked.
  if (typeof header.header.kid === 'string' && net.isOwn(header.header.kid)) prefetchStatus();

  // 3. Key and provenance
  const key = await keyStep(header.header, keys);
  log.add(key.check);
  if (!key.key) {
    // A key on another site (never contacted) for a token that names this site's issuer: this site
    // signs only with its own keys, so it is a forgery whatever the signature would say.
    if (key.check.code === 'WARN_KEY_FOREIGN' && claimedIssuer(base64urlToBytes(token.split('.')[1]!)) === urls.did) log.add(claimsForged());
    return log.result();
  }

  // 4. Signature
  const signature = await signatureStep(token, key.key, header.alg);
  log.add(signature.check);
  if (!signature.payload) return log.result();

  // 5. Claims
  const claims = claimsStep(signature.payload, key.ours, urls, key.check.code === 'WARN_KEY_NOT_TRUSTED');
  log.add(claims.check);
  if (!claims.vc || claims.check.status === 'fail') return log.result(claims.vc);
  const vc = claims.vc;

  return judge(vc, key.ours, log, options, urls, lists, net, keys);
}

/** Steps 6 to 9, the same whichever proof the credential came with. */
async function judge(vc: Record<string, unknown>, ours: boolean, log: Log, options: VerifyOptions, urls: BadgeUrls, lists: ListReader, net: Net, keys: KeyResolver): Promise<VerificationResult> {
  // 6. Shape
  const shape = shapeStep(vc);
  log.add(shape);
  if (shape.status === 'fail') return log.result(vc);

  // 7. Dates, 8. status and 9. recipient are each judged whatever the others say.
  log.add(datesStep(vc, options.now));
  const status = await statusStep(vc, ours, lists, urls, options.checkStatus !== false);
  log.add(status);
  // The date of a revocation, for people: only once this site's signed list has said revoked.
  const revocation = status.code === 'REVOKED' && ours ? revocationFacts(vc, net, urls) : undefined;
  // The email comparison (and its normalisation) loads only when an address is given.
  if (options.email?.trim()) log.add(await (await import('./steps/recipient.ts')).recipientStep(vc, options.email));
  else log.add(check('recipient', 'skip', 'NOT_REQUESTED', 'No email address was given to compare.'));
  // 10. Endorsements: their own line, never the verdict. Their code (and the Data Integrity chunk) loads only when there are some.
  const endorsed = embeddedEndorsements(vc);
  if (endorsed.length === 0) {
    log.add(check('endorsement', 'skip', 'NO_ENDORSEMENTS', 'It carries no partner endorsement.'));
    return log.result(vc, await revocation);
  }
  // This site's build embeds only endorsements it checked against the keys it recorded for its partners,
  // and its signature vouches for that choice. Another issuer's credential can carry an endorsement from
  // any key naming any partner, so its endorsements are not reported as if they meant something.
  if (!ours) {
    log.add(check('endorsement', 'skip', 'ENDORSEMENTS_NOT_VOUCHED', 'Its partner endorsements were not checked: only a credential this site issued vouches for the endorsements it carries.'));
    return log.result(vc, await revocation);
  }
  if (options.deferEndorsements) {
    log.add(check('endorsement', 'skip', 'ENDORSEMENTS_PENDING', 'Its partner endorsements are being checked.'));
    return log.result(vc, await revocation);
  }
  const { endorsementStep } = await import('./steps/endorsement.ts');
  const judged = await endorsementStep(vc, endorsed, { urls, net, keys, now: options.now ?? new Date(), known: options.knownKeys });
  log.add(judged.check);
  return log.result(vc, await revocation, judged.facts);
}

/**
 * Runs the endorsement step a `deferEndorsements` verification left for later, with the same options,
 * and returns the result with that step (and `endorsements`) filled in. The verdict cannot change:
 * no endorsement code calls for one. Never throws.
 */
export async function checkEndorsements(result: VerificationResult, options: VerifyOptions): Promise<VerificationResult> {
  const pending = result.checks.find((c) => c.id === 'endorsement');
  if (!result.credential || pending?.code !== 'ENDORSEMENTS_PENDING') return result;
  let judged: { check: Check; facts?: EndorsementFacts[] };
  try {
    const urls = badgeUrls(options.siteOrigin);
    const net = createNet({ fetch: options.fetch, siteOrigin: urls.origin, servedOrigin: options.servedOrigin, timeoutMs: options.timeoutMs });
    const keys = createKeyResolver({ urls, net, pinned: options.trustedKeys });
    const { endorsementStep } = await import('./steps/endorsement.ts');
    judged = await endorsementStep(result.credential, embeddedEndorsements(result.credential), { urls, net, keys, now: options.now ?? new Date(), known: options.knownKeys });
  } catch (error) {
    judged = { check: check('endorsement', 'warn', 'ENDORSEMENT_KEY_UNKNOWN', 'Its partner endorsements could not be checked here.', error instanceof Error ? error.name : undefined) };
  }
  const checks = result.checks.map((c) => (c.id === 'endorsement' ? judged.check : c));
  return { ...result, checks, verdict: verdictOf(checks), ...(judged.facts ? { endorsements: judged.facts } : {}) };
}
