/**
 * Making Data Integrity proofs (eddsa-rdfc-2022) at build time with node:crypto's Ed25519. The
 * bytes signed come from src/lib/data-integrity/proof.ts, the same code verifiers use. Proofs carry
 * no `created` (it is optional), so the same credential and key always give the same proof, as
 * RS256 gives the same JWT: rebuilds are reproducible and the proof cache can hold them.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { CRYPTOSUITE, type DataIntegrityProof, type ProofOptions } from './proof.ts';
import { fromMultibase, multibase } from './multibase.ts';

// The two hashes a proof signs come from the same module verifiers use.
export { documentHash as unsecuredHash, optionsHash } from './proof.ts';

export function proofOptions(verificationMethod: string): ProofOptions {
  return { type: 'DataIntegrityProof', cryptosuite: CRYPTOSUITE, verificationMethod, proofPurpose: 'assertionMethod' };
}

const joined = (first: Uint8Array, second: Uint8Array) => Buffer.concat([first, second]);

/** proofValue: the Ed25519 signature of options hash + document hash, multibase base58btc. */
export function proofValueOf(privateKey: KeyObject, options: Uint8Array, document: Uint8Array): string {
  return multibase(new Uint8Array(sign(null, joined(options, document), privateKey)));
}

/** True when `proofValue` is the key's signature of these hashes. */
export function proofMatches(publicKey: KeyObject, options: Uint8Array, document: Uint8Array, proofValue: string): boolean {
  const signature = fromMultibase(proofValue);
  return signature !== undefined && signature.length === 64 && verify(null, joined(options, document), publicKey, signature);
}

/**
 * The secured document: the credential with its proof last, as a one-proof array (a proof set),
 * because 1EdTech's Open Badges 3.0 JSON Schema requires `proof` to be an array.
 */
export function secured<T extends Record<string, unknown>>(document: T, options: ProofOptions, proofValue: string): T & { proof: DataIntegrityProof[] } {
  return { ...document, proof: [{ ...options, proofValue }] };
}

/** The raw 32 bytes of an Ed25519 public key (what a Multikey encodes). */
export function ed25519PublicBytes(key: KeyObject): Uint8Array {
  const jwk = createPublicKey(key).export({ format: 'jwk' }) as { x: string };
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}
