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
import { pinnedLoader } from './contexts.ts';

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
  const run = () => jsonld.canonize(document, { algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader: loader, safe: true });
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

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** SHA-256 of the canonical proof options (given the document's @context), then of the document. */
export async function hashData(unsecured: Record<string, unknown>, options: ProofOptions, loader: Loader = defaultLoader, documentHash?: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const { proofValue: _ignored, ...config } = { ...options, '@context': unsecured['@context'] } as ProofOptions & { proofValue?: string };
  const [configHash, docHash] = await Promise.all([canonicalize(config, loader).then(sha256), documentHash ?? canonicalize(unsecured, loader).then(sha256)]);
  const out = new Uint8Array(configHash.length + docHash.length);
  out.set(configHash, 0);
  out.set(docHash, configHash.length);
  return out;
}

/** SHA-256 of the canonical document alone (what the build's proof cache keeps). */
export async function documentHash(unsecured: Record<string, unknown>, loader: Loader = defaultLoader): Promise<Uint8Array> {
  return sha256(await canonicalize(unsecured, loader));
}
