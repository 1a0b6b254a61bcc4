/**
 * Data Integrity, cryptosuite eddsa-rdfc-2022 (W3C VC Data Integrity EdDSA Cryptosuites v1.0, §3.3):
 * the bytes an Ed25519 proof signs. Both the document (without its proof) and the proof's options
 * (with the document's @context) are canonicalised with RDFC-1.0 and hashed with SHA-256; the proof
 * signs the proof options' hash followed by the document's. JSON-LD is processed in safe mode with
 * the pinned contexts only (contexts.ts), so a term that does not map, or a context this site does
 * not pin, is an error rather than a silently different document. Universal: the build signs with
 * canonicalize() (jsonld.js's own expansion), the verification core's Data Integrity chunk verifies
 * with expandedHash() over the expanded forms compact-form.ts makes as it checks the spelling; the
 * build's self-check verifies every proof it makes that way, so the two can never drift apart.
 */
import jsonld from 'jsonld';
import { jsonldOptions, pinnedLoader } from './contexts.ts';

export const CRYPTOSUITE = 'eddsa-rdfc-2022';

export interface ProofOptions {
  type: 'DataIntegrityProof';
  cryptosuite: typeof CRYPTOSUITE;
  verificationMethod: string;
  proofPurpose: 'assertionMethod';
  created?: string;
  '@context'?: unknown;
}

export interface DataIntegrityProof extends ProofOptions {
  proofValue: string;
}

type Loader = ReturnType<typeof pinnedLoader>;
const defaultLoader = pinnedLoader();

/**
 * The last canonical forms made with the pinned contexts, by the document's JSON: canonicalising is
 * a pure function of the document, and the build verifies each proof it has just made with the
 * verification core, which would otherwise canonicalise every credential a second time.
 */
const recent = new Map<string, Promise<string>>();
const RECENT_MAX = 600;

/** RDFC-1.0 canonical N-Quads of a JSON-LD document, with the pinned contexts in safe mode. */
export function canonicalize(document: unknown, loader: Loader = defaultLoader): Promise<string> {
  const run = () => jsonld.canonize(document, { ...jsonldOptions(loader), algorithm: 'RDFC-1.0', format: 'application/n-quads' });
  if (loader !== defaultLoader) return run();
  const key = JSON.stringify(document);
  let made = recent.get(key);
  if (!made) {
    made = run();
    recent.set(key, made);
    made.catch(() => recent.delete(key));
    if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
  }
  return made;
}

async function sha256(text: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** The proof options' half of what is signed: SHA-256 of their canonical form under the document's @context. */
export async function optionsHash(options: ProofOptions, context: unknown, loader: Loader = defaultLoader): Promise<Uint8Array<ArrayBuffer>> {
  return sha256(await canonicalize(proofConfig(options, context), loader));
}

/** The document's half: SHA-256 of its canonical form (the costly part; the build's proof cache keeps it). */
export async function documentHash(unsecured: Record<string, unknown>, loader: Loader = defaultLoader): Promise<Uint8Array<ArrayBuffer>> {
  return sha256(await canonicalize(unsecured, loader));
}

/**
 * SHA-256 of the canonical form of a document already expanded (compact-form.ts makes the expanded
 * form while it checks the spelling, with jsonld.js's own context processing): canonicalised without
 * expanding it again, which was most of the cost. The verifier hashes both halves of what a proof
 * signs this way; tests/unit/compact-form.test.ts holds the expanded form to jsonld.js's expand(),
 * and the build's self-check holds these hashes to the ones it signed.
 */
export async function expandedHash(expanded: unknown[], signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  // rdf-canonize checks `signal` as it works through blank nodes, the part that can grow out of bounds.
  const nquads = await jsonld.canonize(expanded, { ...jsonldOptions(defaultLoader), skipExpansion: true, algorithm: 'RDFC-1.0', format: 'application/n-quads', canonizeOptions: { algorithm: 'RDFC-1.0', ...(signal ? { signal } : {}) } });
  return sha256(nquads);
}

/** The proof options a proof's first hash covers: its options without proofValue, under the document's @context. */
export function proofConfig(options: ProofOptions, context: unknown): Record<string, unknown> {
  const { proofValue: _ignored, ...config } = { ...options, '@context': context } as ProofOptions & { proofValue?: string };
  return config;
}

/** The options' hash followed by the document's: the bytes an Ed25519 proof signs. */
export function joinHashes(first: Uint8Array, second: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(first.length + second.length);
  out.set(first, 0);
  out.set(second, first.length);
  return out;
}
