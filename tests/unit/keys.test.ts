// The verification core computes key thumbprints and imports keys with WebCrypto itself (to keep
// jose's key export code out of the verify page): held here to jose's own results on every key type.
import { generateKeyPairSync, sign } from 'node:crypto';
import { calculateJwkThumbprint, CompactSign, exportJWK, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { importedKey, thumbprintOf } from '../../src/lib/verify/keys.ts';
import { signatureStep } from '../../src/lib/verify/steps/signature.ts';

const pairs = {
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  EdDSA: generateKeyPairSync('ed25519'),
};

describe('key thumbprints and imports', () => {
  for (const [alg, pair] of Object.entries(pairs)) {
    it(`${alg}: the same thumbprint as jose, and a token it signs verifies (and an altered one does not)`, async () => {
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'https://badges.example.org/keys/a.json', alg, use: 'sig' } as JWK;
      expect(await thumbprintOf(jwk)).toBe(await calculateJwkThumbprint(jwk));
      const token = await new CompactSign(new TextEncoder().encode('{"a":1}')).setProtectedHeader({ alg }).sign(pair.privateKey);
      expect((await signatureStep(token, jwk, alg)).check.code).toBe('OK');
      const [h, , s] = token.split('.');
      const altered = `${h}.${Buffer.from('{"a":2}').toString('base64url')}.${s}`;
      expect((await signatureStep(altered, jwk, alg)).check).toMatchObject({ code: 'ERR_SIGNATURE_MISMATCH', cause: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    });
  }

  it('refuses a key of the wrong type for the algorithm, a symmetric key, and a short RSA key', async () => {
    const ec = (await exportJWK(pairs.ES256.publicKey)) as JWK;
    await expect(importedKey(ec, 'RS256')).rejects.toThrow();
    await expect(thumbprintOf({ kty: 'oct', k: 'c2VjcmV0' })).rejects.toThrow();
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 });
    // jose will not sign with it either, so it is signed directly.
    const data = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}`;
    const token = `${data}.${sign('sha256', Buffer.from(data), short.privateKey).toString('base64url')}`;
    expect((await signatureStep(token, (await exportJWK(short.publicKey)) as JWK, 'RS256')).check.code).toBe('ERR_SIGNATURE_MISMATCH');
  });
});
