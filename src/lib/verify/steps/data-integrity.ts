/**
 * Steps 1 to 5 for credential JSON secured with an embedded Data Integrity proof, cryptosuite
 * eddsa-rdfc-2022 (the form the open wallets and verifiers use). Loaded only when such a credential
 * is given, so a page verifying a JWT never downloads JSON-LD canonicalisation or the contexts.
 *   header    the proof's options: a DataIntegrityProof, eddsa-rdfc-2022, for assertionMethod;
 *   key       its verificationMethod: a key of this site's did:web (from the same trusted keys as
 *             JWTs: pinned, or the site's JWKS), or a did:key (the key is in the identifier itself).
 *             Any other method would need its owner contacted, which this verifier never does;
 *   signature RDFC-1.0 canonical form with the pinned contexts only, in JSON-LD safe mode, then
 *             Ed25519 (WebCrypto) over SHA-256 of the proof options and of the document;
 *   claims    the issuer is the key's controller (and this site's issuer, for this site's keys).
 * A pasted .json of this site's is judged by its own proof: its JWT twin is not fetched.
 */
import { base64url, type JWK } from 'jose';
import { hashData, CRYPTOSUITE, type ProofOptions } from '../../jsonld/data-integrity.ts';
import { fromEd25519Multikey, fromMultibase } from '../../jsonld/multibase.ts';
import type { BadgeUrls } from '../../ob3/urls.ts';
import { UnpinnedContextError } from '../../jsonld/contexts.ts';
import { asArray, isRecord } from '../json.ts';
import { importedKey, type KeyResolver } from '../keys.ts';
import type { Check } from '../types.ts';
import { causeOf, check } from './check.ts';
import { issuerIdOf } from './claims.ts';

export interface DataIntegrityOutcome {
  checks: Check[];
  /** The credential without its proof, once its proof verified (or verified but by a key not known to be the issuer's). */
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

export async function dataIntegritySteps(json: Record<string, unknown>, urls: BadgeUrls, keys: KeyResolver, known: Record<string, string> = {}): Promise<DataIntegrityOutcome> {
  const checks: Check[] = [check('input', 'pass', 'OK_EMBEDDED_PROOF', 'Read credential JSON with an embedded proof (Data Integrity).')];
  const done = (c: Check, extra: Partial<DataIntegrityOutcome> = {}): DataIntegrityOutcome => ({ checks: [...checks, c], ours: false, ...extra });

  // Header: the proof's options.
  const proofs = asArray(json.proof).filter(isRecord);
  const proof = proofs.find((p) => p.type === 'DataIntegrityProof' && p.cryptosuite === CRYPTOSUITE);
  if (!proof) {
    const seen = proofs.map((p) => [p.type, p.cryptosuite].filter((v) => typeof v === 'string').join(' ')).join(', ') || 'none readable';
    return done(check('header', 'fail', 'ERR_PROOF_UNSUPPORTED', `It carries no eddsa-rdfc-2022 Data Integrity proof (found: ${seen.slice(0, 120)}); this verifier checks only that cryptosuite, or a JWT.`));
  }
  if (proof.proofPurpose !== 'assertionMethod') {
    return done(check('header', 'fail', 'ERR_PROOF_PURPOSE', `Its proof is for "${String(proof.proofPurpose).slice(0, 40)}", not for issuing a credential (assertionMethod).`));
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
  if (!method.key) return { checks, ours: false };

  // Signature.
  const { proof: _all, ...unsecured } = json;
  const { proofValue: _value, ...options } = proof;
  let valid: boolean;
  try {
    const data = await hashData(unsecured, options as unknown as ProofOptions);
    valid = await crypto.subtle.verify('Ed25519', await importedKey(method.key, 'EdDSA'), signature, data);
  } catch (error) {
    if (error instanceof UnpinnedContextError) {
      return done(check('signature', 'fail', 'ERR_JSONLD', `It names a JSON-LD context this verifier does not hold (${error.url.slice(0, 120)}); contexts are never fetched, so its proof cannot be checked.`));
    }
    return done(check('signature', 'fail', 'ERR_JSONLD', 'It is not JSON-LD that reads the same everywhere (a term or type its contexts do not define), so its proof cannot be checked.', causeOf(error)));
  }
  if (!valid) return done(check('signature', 'fail', 'ERR_SIGNATURE_MISMATCH', 'The proof does not match: it was changed after signing, or signed with another key.'));
  checks.push(check('signature', 'pass', 'OK', 'The proof matches: it has not been changed since it was signed.'));

  // Claims: the issuer controls the key.
  const issuer = issuerIdOf(unsecured);
  if (issuer !== method.controller) {
    return done(
      check('claims', 'fail', 'ERR_ISSUER_MISMATCH', `Its issuer (${String(issuer).slice(0, 120)}) is not the controller of the key that signed it.`),
      { vc: unsecured },
    );
  }
  checks.push(check('claims', 'pass', 'OK', 'The issuer is the controller of the signing key.'));
  return { checks, vc: unsecured, ours: method.ours };
}
