/**
 * Data Integrity, cryptosuite eddsa-rdfc-2022 (W3C VC Data Integrity EdDSA Cryptosuites v1.0, §3.3):
 * the bytes an Ed25519 proof signs. Both the document (without its proof) and the proof's options
 * (with the document's @context) are canonicalised with RDFC-1.0 and hashed with SHA-256; the proof
 * signs the proof options' hash followed by the document's. JSON-LD is processed in safe mode with
 * the pinned contexts only (contexts.ts), so a term that does not map, or a context this site does
 * not pin, is an error rather than a silently different document. Universal: the build signs with
 * it, the verification core's Data Integrity chunk verifies with it.
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
export function canonicalize(document: unknown, loader: Loader = defaultLoader, signal?: AbortSignal): Promise<string> {
  // rdf-canonize checks `signal` as it works through blank nodes, the part that can grow out of bounds.
  const run = () => jsonld.canonize(document, { ...jsonldOptions(loader), algorithm: 'RDFC-1.0', format: 'application/n-quads', canonizeOptions: { algorithm: 'RDFC-1.0', ...(signal ? { signal } : {}) } });
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
export async function optionsHash(options: ProofOptions, context: unknown, loader: Loader = defaultLoader, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const { proofValue: _ignored, ...config } = { ...options, '@context': context } as ProofOptions & { proofValue?: string };
  return sha256(await canonicalize(config, loader, signal));
}

/** The document's half: SHA-256 of its canonical form (the costly part; the build's proof cache keeps it). */
export async function documentHash(unsecured: Record<string, unknown>, loader: Loader = defaultLoader, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  return sha256(await canonicalize(unsecured, loader, signal));
}

/** What an eddsa-rdfc-2022 proof signs: the proof options' hash, then the document's. */
export async function hashData(unsecured: Record<string, unknown>, options: ProofOptions, loader: Loader = defaultLoader, signal?: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
  const [first, second] = await Promise.all([optionsHash(options, unsecured['@context'], loader, signal), documentHash(unsecured, loader, signal)]);
  const out = new Uint8Array(first.length + second.length);
  out.set(first, 0);
  out.set(second, first.length);
  return out;
}
