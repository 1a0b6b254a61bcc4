/** Step 4, signature: the token verifies against the resolved key, with exactly the header's algorithm. */
import { compactVerify, type JWK } from 'jose';
import { importedKey } from '../keys.ts';
import type { Check } from '../types.ts';
import { causeOf, check } from './check.ts';

export async function signatureStep(token: string, key: JWK, alg: string): Promise<{ check: Check; payload?: Uint8Array }> {
  try {
    const { payload } = await compactVerify(token, await importedKey(key, alg), { algorithms: [alg] });
    return { check: check('signature', 'pass', 'OK', 'The signature matches: it has not been changed since it was signed.'), payload };
  } catch (error) {
    return {
      check: check('signature', 'fail', 'ERR_SIGNATURE_MISMATCH', 'The signature does not match: it was changed after signing, or signed with another key.', causeOf(error)),
    };
  }
}
