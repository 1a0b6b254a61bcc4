/**
 * Steps 1 to 5 for credential JSON secured with an embedded Data Integrity proof, cryptosuite
 * eddsa-rdfc-2022 (the form the open wallets and verifiers use). Loaded only when such a credential
 * is given, so a page verifying a JWT never downloads JSON-LD canonicalisation or the contexts.
 *   input     the one spelling its pinned contexts give it, within bounds (data-integrity/compact-form.ts),
 *             before any key or canonicalisation work: a proof covers RDF, every later step reads
 *             JSON keys, so no other spelling is read at all;
 *   header    exactly one proof, a DataIntegrityProof, eddsa-rdfc-2022, for assertionMethod, with
 *             no option this verifier would ignore;
 *   key       its verificationMethod: a key of this site's did:web (from the same trusted keys as
 *             JWTs: pinned, or the site's JWKS), or a did:key (the key is in the identifier itself).
 *             Any other method would need its owner contacted, which this verifier never does;
 *   signature RDFC-1.0 canonical form with the pinned contexts only, in JSON-LD safe mode, within a
 *             time budget, then Ed25519 (WebCrypto) over SHA-256 of the proof options and document;
 *   claims    the issuer is the key's controller; a key not this site's never speaks for this site's issuer.
 * A pasted .json of this site's is judged by its own proof: its JWT twin is not fetched.
 */
import { base64url, type JWK } from 'jose';
import { CRYPTOSUITE, expandedHash, joinHashes, proofConfig, type ProofOptions } from '../../data-integrity/proof.ts';
import { fromEd25519Multikey, fromMultibase } from '../../data-integrity/multibase.ts';
import type { BadgeUrls } from '../../ob3/urls.ts';
import { asArray, isRecord } from '../json.ts';
import { importedKey, type KeyResolver } from '../keys.ts';
import type { Check } from '../types.ts';
import { causeOf, check } from './check.ts';
import { claimsForged, issuerIdOf } from './claims.ts';
import { isDateTimeStamp } from '../dates.ts';
import { checkCompactForm, placeOf } from '../../data-integrity/compact-form.ts';

export interface DataIntegrityOutcome {
  checks: Check[];
  /** The credential without its proof, in the one spelling its proof was checked over, once its proof verified. */
  vc?: Record<string, unknown>;
  ours: boolean;
}

/** The key a verificationMethod names, without contacting anyone: this site's did:web keys, or a did:key. */
async function resolveMethod(method: string, urls: BadgeUrls, keys: KeyResolver, known: Record<string, string>): Promise<{ check: Check; key?: JWK; ours: boolean; controller?: string }> {
  const hash = method.indexOf('#');
  const controller = hash < 0 ? method : method.slice(0, hash);
  const supplied = Object.hasOwn(known, method) ? fromEd25519Multikey(known[method]!) : undefined;
  if (supplied) {
    return {
      check: check('key', 'warn', 'WARN_KEY_NOT_TRUSTED', 'Signed with a key you supplied: the signature can be checked, but it is not one of this site\'s keys.'),
      key: { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(supplied) },
      ours: false,
      controller,
    };
  }
  if (controller === urls.did) {
    const name = method.slice(hash + 1);
    const set = await keys.trusted();
    const key = set?.keys.find((k) => k.kid === urls.key(name) && k.kty === 'OKP' && k.crv === 'Ed25519');
    if (key) return { check: check('key', 'pass', 'OK', "Signed with one of this site's keys."), key, ours: true, controller };
    return {
      check: set
        ? check('key', 'fail', 'ERR_KEY_NOT_FOUND', `The signing key ${method.slice(0, 200)} is not one of this site's published keys.`)
        : check('key', 'warn', 'WARN_KEYS_UNAVAILABLE', "This site's keys could not be loaded."),
      ours: false,
    };
  }
  if (controller.startsWith('did:key:')) {
    const bytes = fromEd25519Multikey(controller.slice('did:key:'.length));
    if (!bytes) return { check: check('key', 'fail', 'ERR_KEY_INVALID', 'The signing key (a did:key) is not an Ed25519 key.'), ours: false };
    return {
      check: check('key', 'warn', 'WARN_KEY_NOT_TRUSTED', 'It names its own key (a did:key): the signature can be checked, but who holds that key is not known.'),
      key: { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(bytes) },
      ours: false,
      controller,
    };
  }
  let where = controller;
  try {
    where = /^https?:/i.test(controller) ? new URL(controller).host : controller.split(':').slice(0, 3).join(':');
  } catch {
    // Shown as it is.
  }
  return { check: check('key', 'warn', 'WARN_KEY_FOREIGN', `Its signing key is published by another party (${where.slice(0, 100)}), which is not contacted.`), ours: false };
}

/** The members a proof may have: those this verifier reads, and `created`. Any other (expires, domain, previousProof...) would be ignored, so it is refused. */
const PROOF_MEMBERS = new Set(['type', 'cryptosuite', 'verificationMethod', 'proofPurpose', 'proofValue', 'created', '@context']);

/** The outcome of checking a document's embedded proof, before anything decides what it is. */
export interface EmbeddedProof {
  checks: Check[];
  /** The document without its proof, in the spelling its proof was checked over (compact-form.ts), once the proof verified. */
  document?: Record<string, unknown>;
  /** The controller of the key that signed it. */
  controller?: string;
  ours: boolean;
}

/**
 * Steps 1 to 4 for any document with an embedded eddsa-rdfc-2022 proof (a credential, a status
 * list): its spelling and bounds (before any JSON-LD work), its one proof's options, its key, and
 * the proof itself. Every later reader reads only `document`, which is what the proof covers.
 */
export async function verifyEmbeddedProof(
  json: Record<string, unknown>,
  urls: BadgeUrls,
  keys: KeyResolver,
  known: Record<string, string> = {},
  image?: 'png' | 'svg',
): Promise<EmbeddedProof> {
  const checks: Check[] = [];
  const done = (c: Check): EmbeddedProof => ({ checks: [...checks, c], ours: false });
  const { proof: rawProof, ...unsecured } = json;

  // Input: bounds and the one spelling (no key, no canonicalisation before this).
  const form = await checkCompactForm(unsecured);
  if (!form.ok) {
    const place = placeOf(form.path);
    const where = place ? ` (in ${place.slice(0, 120)})` : '';
    return done(check('input', 'fail', 'ERR_CREDENTIAL_FORM', `This credential is written in a form this site does not issue; its content cannot be trusted as displayed: ${form.reason}${where}.`));
  }
  const from = image ? ` from the ${image.toUpperCase()} image` : '';
  checks.push(check('input', 'pass', 'OK_EMBEDDED_PROOF', `Read credential JSON${from} with an embedded proof (Data Integrity), written the standard way, so what is shown is what was signed.`));

  // Header: exactly one proof, and its options. A proof set would need every proof checked; this
  // site issues one, so a set is refused rather than judged by whichever proof comes first.
  const proofs = Array.isArray(rawProof) ? rawProof : [rawProof];
  if (proofs.length !== 1 || !isRecord(proofs[0])) {
    return done(check('header', 'fail', 'ERR_PROOF_MALFORMED', `It carries ${proofs.length === 1 ? 'a damaged proof' : `${proofs.length} proofs`}; this verifier accepts a credential secured by exactly one proof.`));
  }
  const proof = proofs[0];
  if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== CRYPTOSUITE) {
    const seen = [proof.type, proof.cryptosuite].filter((v) => typeof v === 'string').join(' ') || 'none readable';
    return done(check('header', 'fail', 'ERR_PROOF_UNSUPPORTED', `It carries no eddsa-rdfc-2022 Data Integrity proof (found: ${seen.slice(0, 120)}); this verifier checks only that cryptosuite, or a JWT.`));
  }
  if (proof.proofPurpose !== 'assertionMethod') {
    return done(check('header', 'fail', 'ERR_PROOF_PURPOSE', `Its proof is for "${String(proof.proofPurpose).slice(0, 40)}", not for issuing a credential (assertionMethod).`));
  }
  const extra = Object.keys(proof).filter((k) => !PROOF_MEMBERS.has(k));
  if (extra.length > 0) {
    return done(check('header', 'fail', 'ERR_PROOF_MALFORMED', `Its proof has options this verifier does not check (${extra.join(', ').slice(0, 120)}), so it is not accepted.`));
  }
  if (proof.created !== undefined && !isDateTimeStamp(proof.created)) {
    return done(check('header', 'fail', 'ERR_PROOF_MALFORMED', 'Its proof has a creation date that is not a date and time.'));
  }
  const signature = typeof proof.proofValue === 'string' ? fromMultibase(proof.proofValue) : undefined;
  if (typeof proof.verificationMethod !== 'string' || !signature || signature.length !== 64) {
    return done(check('header', 'fail', 'ERR_PROOF_MALFORMED', 'Its proof is incomplete or damaged (no verificationMethod, or a proofValue that is not an Ed25519 signature).'));
  }
  // A proof that states its own @context must state the document's (Data Integrity §4.4).
  if ('@context' in proof && JSON.stringify(asArray(json['@context']).slice(0, asArray(proof['@context']).length)) !== JSON.stringify(asArray(proof['@context']))) {
    return done(check('header', 'fail', 'ERR_PROOF_MALFORMED', 'Its proof names JSON-LD contexts the credential does not.'));
  }
  checks.push(check('header', 'pass', 'OK', 'Secured with a Data Integrity proof (eddsa-rdfc-2022, Ed25519).'));

  // Key.
  const method = await resolveMethod(proof.verificationMethod, urls, keys, known);
  checks.push(method.check);
  if (!method.key) return { checks, ours: false, ...(method.controller ? { controller: method.controller } : {}) };

  // Signature, over the expanded forms the spelling check made of the document and of the proof's
  // options (what the later steps read is what is checked), canonicalised within a time budget.
  const { proofValue: _value, ...options } = proof;
  const config = await checkCompactForm(proofConfig(options as unknown as ProofOptions, json['@context']));
  if (!config.ok) return done(check('header', 'fail', 'ERR_PROOF_MALFORMED', `Its proof's options are not written as its contexts write them: ${config.reason}.`));
  let valid: boolean;
  try {
    const signal = AbortSignal.timeout(CANONICALIZE_BUDGET_MS);
    const [first, second] = await Promise.all([expandedHash(config.expanded, signal), expandedHash(form.expanded, signal)]);
    valid = await crypto.subtle.verify('Ed25519', await importedKey(method.key, 'EdDSA'), signature, joinHashes(first, second));
  } catch (error) {
    return done(check('signature', 'fail', 'ERR_JSONLD', 'It is not JSON-LD that reads the same everywhere, or it takes too long to read, so its proof cannot be checked.', causeOf(error)));
  }
  if (!valid) return done(check('signature', 'fail', 'ERR_SIGNATURE_MISMATCH', 'The proof does not match: it was changed after signing, or signed with another key.'));
  checks.push(check('signature', 'pass', 'OK', 'The proof matches: it has not been changed since it was signed.'));
  return { checks, document: unsecured, ours: method.ours, ...(method.controller ? { controller: method.controller } : {}) };
}

/** The most a canonicalisation may take before the proof is judged unreadable (bounded input takes a few ms). */
export const CANONICALIZE_BUDGET_MS = 2_000;

/** `image`: the badge image the credential was baked into, if any (said in the input step, as for a token). */
export async function dataIntegritySteps(
  json: Record<string, unknown>,
  urls: BadgeUrls,
  keys: KeyResolver,
  known: Record<string, string> = {},
  image?: 'png' | 'svg',
): Promise<DataIntegrityOutcome> {
  const proved = await verifyEmbeddedProof(json, urls, keys, known, image);
  const { checks } = proved;
  const claimsOurIssuer = (document: Record<string, unknown>) => issuerIdOf(document) === urls.did;
  if (!proved.document) {
    // Its key is another party's (not contacted) yet it names this site's issuer: this site signs
    // only with its own keys, so that is a forgery, whatever the signature.
    const formOk = checks.some((c) => c.id === 'input' && c.status === 'pass');
    const foreignKey = checks.some((c) => c.code === 'WARN_KEY_FOREIGN');
    if (formOk && foreignKey && claimsOurIssuer(withoutProof(json))) checks.push(claimsForged());
    return { checks, ours: false };
  }
  const vc = proved.document;
  // Claims: the issuer controls the key (and a key not this site's never speaks for this site).
  const issuer = issuerIdOf(vc);
  if (!proved.ours && claimsOurIssuer(vc)) return { checks: [...checks, claimsForged()], vc, ours: false };
  if (issuer !== proved.controller) {
    return {
      checks: [...checks, check('claims', 'fail', 'ERR_ISSUER_MISMATCH', `Its issuer (${String(issuer).slice(0, 120)}) is not the controller of the key that signed it.`)],
      vc,
      ours: false,
    };
  }
  return { checks: [...checks, check('claims', 'pass', 'OK', 'The issuer is the controller of the signing key.')], vc, ours: proved.ours };
}

const withoutProof = (json: Record<string, unknown>) => {
  const { proof: _proof, ...rest } = json;
  return rest;
};
