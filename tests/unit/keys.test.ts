// The verification core computes key thumbprints and imports keys with WebCrypto itself (to keep
// jose's key export code out of the verify page): held here to jose's own results on every key type.
// And the issuer's private keys: taken out of the environment as they are read.
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint, CompactSign, exportJWK, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { takeSigningSecrets } from '../../src/lib/issue/keys-fs.ts';
import { importedKey, thumbprintOf } from '../../src/lib/verify/keys.ts';
import { signatureStep } from '../../src/lib/verify/steps/signature.ts';
import { TEST_ONLY_ED25519, TEST_ONLY_RS256 } from '../support/issue.ts';

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

describe('the signing keys leave the environment when the issuer takes them', () => {
  const names = ['BADGE_SIGNING_KEY', 'BADGE_DI_KEY'];

  it('returns both keys and deletes them from process.env, so nothing started later (Vite, workers, git) can copy them', () => {
    const saved = names.map((name) => process.env[name]);
    const root = mkdtempSync(path.join(os.tmpdir(), 'mic-keys-'));
    try {
      process.env['BADGE_SIGNING_KEY'] = TEST_ONLY_RS256.pem;
      process.env['BADGE_DI_KEY'] = TEST_ONLY_ED25519.pem;
      expect(takeSigningSecrets(root)).toEqual({ jwt: TEST_ONLY_RS256.pem, dataIntegrity: TEST_ONLY_ED25519.pem });
      expect(names.filter((name) => name in process.env)).toEqual([]);
      // Taken once: a second reader finds nothing.
      expect(takeSigningSecrets(root)).toEqual({ jwt: undefined, dataIntegrity: undefined });
    } finally {
      names.forEach((name, i) => (saved[i] === undefined ? delete process.env[name] : (process.env[name] = saved[i])));
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a key written in a .env file, which Vite would put in import.meta.env for every page', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mic-keys-'));
    try {
      writeFileSync(path.join(root, '.env'), 'SITE_URL=https://badges.example.org\n');
      writeFileSync(path.join(root, '.env.production.local'), `# from the vault\nexport BADGE_DI_KEY="${TEST_ONLY_ED25519.pem.replace(/\n/g, '\\n')}"\n`);
      const env = { BADGE_SIGNING_KEY: TEST_ONLY_RS256.pem };
      expect(() => takeSigningSecrets(root, env)).toThrow(
        expect.objectContaining({
          code: 'ERR_KEY_IN_ENV_FILE',
          message:
            ".env.production.local sets BADGE_DI_KEY. Vite reads .env files into import.meta.env, where any page could print a key. Remove it from .env.production.local and set the variable in the build's environment from the secret store instead.",
        }),
      );
      // Even then, the key given in the environment is gone from it.
      expect(env).toEqual({});
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
