/**
 * Loading the issuer's signing keys. Two, each from the environment only (PKCS#8 PEM or a private
 * JWK), each with its public half already committed in content/keys/:
 *   - BADGE_SIGNING_KEY (RS256 or ES256) signs the VC-JWTs and the JWT status lists;
 *   - BADGE_DI_KEY (Ed25519) signs the Data Integrity proofs (eddsa-rdfc-2022) of the credential
 *     JSON and the JSON status lists.
 * Without one, development builds use a throwaway key kept in a git-ignored folder; production
 * builds refuse.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { PublicJwk } from '../../schemas/signing-key.ts';

export type SigningAlg = 'RS256' | 'ES256' | 'EdDSA';

/** What a key signs: VC-JWTs, or Data Integrity proofs. */
export type KeyUse = 'jwt' | 'data-integrity';

/** Per use: the environment variable, the algorithms allowed, and the development key's file. */
export const KEY_USES: Record<KeyUse, { env: string; algs: readonly SigningAlg[]; devFile: string; what: string }> = {
  jwt: { env: 'BADGE_SIGNING_KEY', algs: ['RS256', 'ES256'], devFile: 'signing-key.pem', what: 'an RSA (RS256) or P-256 (ES256) key' },
  'data-integrity': { env: 'BADGE_DI_KEY', algs: ['EdDSA'], devFile: 'di-key.pem', what: 'an Ed25519 key' },
};

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
  readonly code: 'ERR_KEY_MISSING' | 'ERR_KEY_UNREADABLE' | 'ERR_KEY_WEAK' | 'ERR_KEY_NOT_COMMITTED' | 'ERR_KEY_TYPE' | 'ERR_KEY_IN_ENV_FILE';
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
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return { kty: 'OKP', crv: 'Ed25519', x: jwk.x!, alg: 'EdDSA', use: 'sig' };
  throw new SigningKeyError('ERR_KEY_TYPE', `Signing keys must be RSA (RS256), EC P-256 (ES256) or Ed25519 (Data Integrity); this one is ${jwk.kty}${jwk.crv ? ` ${jwk.crv}` : ''}.`);
}

export function thumbprintOf(jwk: PublicJwk): Promise<string> {
  return calculateJwkThumbprint(jwk as JWK, 'sha256');
}

/** The two private keys as the environment gave them (PEM or JWK text), or undefined where unset. */
export interface SigningSecrets {
  /** BADGE_SIGNING_KEY. */
  jwt: string | undefined;
  /** BADGE_DI_KEY. */
  dataIntegrity: string | undefined;
}

/**
 * Takes BADGE_SIGNING_KEY and BADGE_DI_KEY out of the environment and returns them; the issuer is then
 * the only holder (it hands the parsed keys to its workers as workerData, never through env).
 * Everything that starts later copies process.env: Vite's import.meta.env (which exposes every
 * variable without the PUBLIC_ prefix to server code, so any page could print it), Astro's env
 * module, worker threads and child processes such as git. Called first thing by the badge
 * integration, before Vite starts. In `astro dev`, a restart after a config change finds them gone
 * and falls back to the development key (a production build is one `astro build`, never restarted).
 *
 * A key written in a .env file is refused rather than taken: Vite reads those files into
 * import.meta.env by itself, later, whatever is deleted here, and the issuer never reads them.
 */
export function takeSigningSecrets(root: string, env: NodeJS.ProcessEnv = process.env): SigningSecrets {
  const secrets: SigningSecrets = { jwt: env[KEY_USES.jwt.env], dataIntegrity: env[KEY_USES['data-integrity'].env] };
  for (const { env: name } of Object.values(KEY_USES)) delete env[name];
  const names = Object.values(KEY_USES).map((use) => use.env);
  // Vite's envDir is the project root here (astro.config.mjs does not move it).
  for (const file of readdirSync(root).filter((name) => /^\.env(?:\..+)?$/.test(name)).sort()) {
    let defined: string[];
    try {
      defined = names.filter((name) => name in parseEnv(readFileSync(path.join(root, file), 'utf8')));
    } catch {
      continue; // a folder named .env.something, or a file that cannot be read: Vite reads neither
    }
    if (defined.length > 0) {
      throw new SigningKeyError(
        'ERR_KEY_IN_ENV_FILE',
        `${file} sets ${defined.join(' and ')}. Vite reads .env files into import.meta.env, where any page could print a key. Remove ${defined.length === 1 ? 'it' : 'them'} from ${file} and set the variable in the build's environment from the secret store instead.`,
      );
    }
  }
  return secrets;
}

/** Reads BADGE_SIGNING_KEY or BADGE_DI_KEY: a PKCS#8 PEM block, or a private JWK as JSON. */
export function parsePrivateKey(text: string, env = 'BADGE_SIGNING_KEY'): KeyObject {
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
      `${env} is not a readable private key. Set it to the PKCS#8 PEM block that npm run keys:new printed (its BEGIN PRIVATE KEY and END PRIVATE KEY lines included), or to a private JWK.`,
    );
  }
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) < 2048) {
    throw new SigningKeyError('ERR_KEY_WEAK', `${env} is a ${details?.modulusLength}-bit RSA key; use at least 2048 bits (npm run keys:new makes 3072).`);
  }
  return key;
}

/** A new key pair for `alg`: RSA 3072 bits for RS256, P-256 for ES256, Ed25519 for EdDSA. */
export function generateSigningKey(alg: SigningAlg): KeyObject {
  if (alg === 'EdDSA') return generateKeyPairSync('ed25519').privateKey;
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
  /** Which key: the VC-JWT key (default) or the Data Integrity key. */
  use?: KeyUse;
}): Promise<SigningKey> {
  const { root, secret, production } = options;
  const use = KEY_USES[options.use ?? 'jwt'];
  const env = use.env;
  const committed = options.committed.filter((k) => use.algs.includes(k.jwk.alg));
  if (secret && secret.trim()) {
    const privateKey = parsePrivateKey(secret, env);
    const publicJwk = publicJwkOf(privateKey);
    if (!use.algs.includes(publicJwk.alg)) {
      throw new SigningKeyError('ERR_KEY_TYPE', `${env} must be ${use.what}; this one is for ${publicJwk.alg}. ${options.use === 'data-integrity' ? 'Make one with npm run keys:new -- --alg EdDSA.' : 'Make one with npm run keys:new.'}`);
    }
    const thumbprint = await thumbprintOf(publicJwk);
    for (const key of committed) {
      if ((await thumbprintOf(key.jwk)) === thumbprint) {
        return { name: key.name, alg: publicJwk.alg, privateKey, publicJwk, thumbprint, development: false };
      }
    }
    throw new SigningKeyError(
      'ERR_KEY_NOT_COMMITTED',
      `The public half of ${env} is not in content/keys/ (${committed.length} such key${committed.length === 1 ? '' : 's'} there). Commit the public key file npm run keys:new wrote for this key, or set ${env} to the key that matches a committed one.`,
    );
  }
  if (production) {
    throw new SigningKeyError(
      'ERR_KEY_MISSING',
      `This is a production build and ${env} is not set. Set it from the deployment secret store (npm run keys:new creates ${use.what}${options.use === 'data-integrity' ? ' with --alg EdDSA' : ''}), or build without --production for a development build.`,
    );
  }
  const file = path.join(root, DEV_KEY_DIR, use.devFile);
  let privateKey: KeyObject;
  if (existsSync(file)) {
    privateKey = createPrivateKey(await readFile(file, 'utf8'));
  } else {
    privateKey = generateSigningKey(use.algs[0]!);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
  }
  const publicJwk = publicJwkOf(privateKey);
  const thumbprint = await thumbprintOf(publicJwk);
  return { name: `dev-${thumbprint.slice(0, 12).toLowerCase()}`, alg: publicJwk.alg, privateKey, publicJwk, thumbprint, development: true };
}
