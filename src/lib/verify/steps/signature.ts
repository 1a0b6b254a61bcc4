/**
 * Step 4, signature: the token verifies against the resolved key, with exactly the header's
 * algorithm. WebCrypto over the JWS signing input (RFC 7515 §5.2), not jose's compactVerify: the
 * header step has already refused every header member but alg, kid, jwk and typ (so no "crit" or
 * "b64"), which is all compactVerify would add here, and leaving it out keeps about 1.5 KB gzipped
 * of jose out of every verify page. tests/unit/keys.test.ts holds it to tokens jose signs.
 */
import type { JWK } from 'jose';
import { base64urlToBytes, encodeUtf8 } from '../bytes.ts';
import { importedKey } from '../keys.ts';
import type { Check } from '../types.ts';
import { causeOf, check } from './check.ts';

/** How WebCrypto verifies each accepted algorithm (ES256 signatures are raw r || s, as JWS writes them). */
const VERIFY_AS: Record<string, AlgorithmIdentifier | EcdsaParams> = {
  RS256: 'RSASSA-PKCS1-v1_5',
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: 'Ed25519',
};

export async function signatureStep(token: string, key: JWK, alg: string): Promise<{ check: Check; payload?: Uint8Array }> {
  const mismatch = (cause: string | undefined) => ({
    check: check('signature', 'fail', 'ERR_SIGNATURE_MISMATCH', 'The signature does not match: it was changed after signing, or signed with another key.', cause),
  });
  try {
    const imported = await importedKey(key, alg);
    // RFC 7518 §3.3: RSA keys shorter than 2048 bits are not to be trusted.
    if (((imported.algorithm as RsaHashedKeyAlgorithm).modulusLength ?? 2048) < 2048) return mismatch('ERR_KEY_TOO_SHORT');
    const first = token.indexOf('.');
    const last = token.lastIndexOf('.');
    const valid = await crypto.subtle.verify(VERIFY_AS[alg]!, imported, base64urlToBytes(token.slice(last + 1)), encodeUtf8(token.slice(0, last)));
    if (!valid) return mismatch('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    return { check: check('signature', 'pass', 'OK', 'The signature matches: it has not been changed since it was signed.'), payload: base64urlToBytes(token.slice(first + 1, last)) };
  } catch (error) {
    return mismatch(causeOf(error));
  }
}
