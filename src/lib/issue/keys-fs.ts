/**
 * Loading the issuer's signing key. The private key comes only from the environment
 * (BADGE_SIGNING_KEY: PKCS#8 PEM or a private JWK); its public half must already be committed in
 * content/keys/. Without a key, development builds use a throwaway key kept in a git-ignored folder.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { PublicJwk } from '../../schemas/signing-key.ts';

export type SigningAlg = 'RS256' | 'ES256';

export interface SigningKey {
  /** File name in content/keys/ (or dev-<thumbprint> for the throwaway key); the kid is /keys/<name>.json. */
  name: string;
  alg: SigningAlg;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
  /** RFC 7638 thumbprint of the public key, so caches never mix keys that share a name. */
  thumbprint: string;
  /** True for the throwaway key of a development build. */
  development: boolean;
}

/** A key problem, with a stable code for tests and callers. */
export class SigningKeyError extends Error {
  readonly code: 'ERR_KEY_MISSING' | 'ERR_KEY_UNREADABLE' | 'ERR_KEY_WEAK' | 'ERR_KEY_NOT_COMMITTED' | 'ERR_KEY_TYPE';
  constructor(code: SigningKeyError['code'], message: string) {
    super(message);
    this.name = 'SigningKeyError';
    this.code = code;
  }
}

/** Where development builds keep their throwaway key (git-ignored). */
export const DEV_KEY_DIR = '.badges-dev';

export function publicJwkOf(privateKey: KeyObject): PublicJwk {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: jwk.n!, e: jwk.e!, alg: 'RS256', use: 'sig' };
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, alg: 'ES256', use: 'sig' };
  throw new SigningKeyError('ERR_KEY_TYPE', `Signing keys must be RSA (RS256) or EC P-256 (ES256); this one is ${jwk.kty}${jwk.crv ? ` ${jwk.crv}` : ''}.`);
}

export function thumbprintOf(jwk: PublicJwk): Promise<string> {
  return calculateJwkThumbprint(jwk as JWK, 'sha256');
}

/** Reads BADGE_SIGNING_KEY: a PKCS#8 PEM block, or a private JWK as JSON. */
export function parsePrivateKey(text: string): KeyObject {
  const value = text.trim();
  let key: KeyObject;
  try {
    if (value.startsWith('{')) {
      const jwk = JSON.parse(value) as JWK;
      if (!jwk.d) throw new Error('no private member "d"');
      key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } else {
      // Secret stores often turn newlines into "\n"; accept both.
      key = createPrivateKey(value.replace(/\\n/g, '\n'));
    }
  } catch {
    // Never quote the parser's message: JSON.parse echoes part of its input, which here is the secret.
    throw new SigningKeyError(
      'ERR_KEY_UNREADABLE',
      'BADGE_SIGNING_KEY is not a readable private key. Set it to the PKCS#8 PEM block that npm run keys:new printed (its BEGIN PRIVATE KEY and END PRIVATE KEY lines included), or to a private JWK.',
    );
  }
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) < 2048) {
    throw new SigningKeyError('ERR_KEY_WEAK', `BADGE_SIGNING_KEY is a ${details?.modulusLength}-bit RSA key; use at least 2048 bits (npm run keys:new makes 3072).`);
  }
  return key;
}

/** A new key pair for `alg`: RSA 3072 bits for RS256, P-256 for ES256. */
export function generateSigningKey(alg: SigningAlg): KeyObject {
  const { privateKey } =
    alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 3072 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey;
}

export interface CommittedKey {
  name: string;
  jwk: PublicJwk;
}

/**
 * The key to sign with. `committed` are the public keys in content/keys/. `env` is where
 * BADGE_SIGNING_KEY comes from. In production a real, committed key is required.
 */
export async function loadSigningKey(options: {
  root: string;
  committed: CommittedKey[];
  secret: string | undefined;
  production: boolean;
}): Promise<SigningKey> {
  const { root, committed, secret, production } = options;
  if (secret && secret.trim()) {
    const privateKey = parsePrivateKey(secret);
    const publicJwk = publicJwkOf(privateKey);
    const thumbprint = await thumbprintOf(publicJwk);
    for (const key of committed) {
      if ((await thumbprintOf(key.jwk)) === thumbprint) {
        return { name: key.name, alg: publicJwk.alg, privateKey, publicJwk, thumbprint, development: false };
      }
    }
    throw new SigningKeyError(
      'ERR_KEY_NOT_COMMITTED',
      `The public half of BADGE_SIGNING_KEY is not in content/keys/ (${committed.length} key${committed.length === 1 ? '' : 's'} there). Commit the public key file npm run keys:new wrote for this key, or set BADGE_SIGNING_KEY to the key that matches a committed one.`,
    );
  }
  if (production) {
    throw new SigningKeyError(
      'ERR_KEY_MISSING',
      'This is a production build and BADGE_SIGNING_KEY is not set. Set it from the deployment secret store (npm run keys:new creates a key), or build without --production for a development build.',
    );
  }
  const file = path.join(root, DEV_KEY_DIR, 'signing-key.pem');
  let privateKey: KeyObject;
  if (existsSync(file)) {
    privateKey = createPrivateKey(await readFile(file, 'utf8'));
  } else {
    privateKey = generateSigningKey('RS256');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
  }
  const publicJwk = publicJwkOf(privateKey);
  const thumbprint = await thumbprintOf(publicJwk);
  return { name: `dev-${thumbprint.slice(0, 12).toLowerCase()}`, alg: publicJwk.alg, privateKey, publicJwk, thumbprint, development: true };
}
