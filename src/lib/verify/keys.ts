/**
 * THE key resolver, for credentials and status lists alike: which public key a JWS header names,
 * and whether it is one of this site's keys. This site's keys are the pinned set when there is one
 * (the offline file, a pinned CLI, the build's self-check: then no key is ever fetched), else its
 * published JWKS. A key hosted by another site is never fetched: its owner would learn who checks
 * what, so such a credential is judged by an embedded key or not at all (unknown issuer).
 */
import { base64url, type JSONWebKeySet, type JWK } from 'jose';
import type { BadgeUrls } from '../ob3/urls.ts';
import { decodeUtf8, encodeUtf8 } from './bytes.ts';
import { isRecord, parseJson } from './json.ts';
import type { Net } from './net.ts';

/**
 * The public members of each key type, in the order RFC 7638 hashes them, and what WebCrypto
 * imports each signing algorithm as. Written here, not with jose's calculateJwkThumbprint and
 * importJWK, because those bring jose's key export and conversion code for every algorithm
 * (about 1 KB gzipped) into each verify page; tests/unit/keys.test.ts holds both to jose's results.
 */
const PUBLIC_MEMBERS: Record<string, string[]> = { RSA: ['e', 'kty', 'n'], EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'] };
const IMPORT_AS: Record<string, RsaHashedImportParams | EcKeyImportParams | Algorithm> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  EdDSA: { name: 'Ed25519' },
};

/** The key's public members only (what is hashed and imported), or an error for a key type no signature here uses. */
function publicMembers(key: JWK): Record<string, string> {
  const members = PUBLIC_MEMBERS[key.kty ?? ''];
  if (!members || members.some((m) => typeof (key as Record<string, unknown>)[m] !== 'string')) throw new TypeError('Not a supported public key.');
  return Object.fromEntries(members.map((m) => [m, (key as Record<string, string>)[m]!]));
}

/** The RFC 7638 SHA-256 thumbprint of a public key, base64url. */
async function thumbprint(key: JWK): Promise<string> {
  const members = publicMembers(key);
  const json = `{${Object.keys(members)
    .map((m) => `${JSON.stringify(m)}:${JSON.stringify(members[m])}`)
    .join(',')}}`;
  return base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', encodeUtf8(json))));
}

/**
 * Thumbprints and imported keys, remembered per key object: a verifier that checks many tokens
 * against the same JWKS (the build's self-check, a page of credentials) hashes and imports each
 * key once. Keys are never mutated after they are read, so the object is a safe cache key.
 */
const thumbprints = new WeakMap<JWK, Promise<string>>();
const imports = new WeakMap<JWK, Map<string, Promise<CryptoKey>>>();

export function thumbprintOf(key: JWK): Promise<string> {
  let print = thumbprints.get(key);
  if (!print) {
    print = thumbprint(key);
    thumbprints.set(key, print);
  }
  return print;
}

/** The key as a WebCrypto verification key for `alg`. */
export function importedKey(key: JWK, alg: string): Promise<CryptoKey> {
  let byAlg = imports.get(key);
  if (!byAlg) imports.set(key, (byAlg = new Map()));
  let imported = byAlg.get(alg);
  if (!imported) {
    const as = IMPORT_AS[alg];
    imported = as ? Promise.resolve().then(() => crypto.subtle.importKey('jwk', publicMembers(key), as, false, ['verify'])) : Promise.reject(new TypeError(`Unsupported algorithm ${alg}.`));
    // A key that fails to import is not remembered: the next call reports the failure again.
    imported.catch(() => byAlg.delete(alg));
    byAlg.set(alg, imported);
  }
  return imported;
}

/** Members only a private key has: a header carrying one is never genuine. */
export const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export type ResolvedKey =
  | { kind: 'found'; key: JWK; ours: boolean }
  /** The header names a key on another site, which is not contacted. */
  | { kind: 'foreign'; kid: string }
  /** The header names a key of this site that could not be loaded (or no key this site has). */
  | { kind: 'not-found'; kid: string; cause?: string }
  /** The header names no key at all. */
  | { kind: 'missing' }
  /** The key is not a valid public key. */
  | { kind: 'invalid' };

export interface KeyResolver {
  /** This site's keys: pinned, or fetched once from its JWKS; undefined when they cannot be had. */
  trusted(): Promise<{ keys: JWK[]; prints: Set<string>; pinned: boolean } | undefined>;
  /** The key a JWS protected header names, and whether it is this site's. */
  resolve(header: Record<string, unknown>): Promise<ResolvedKey>;
}

const isJwk = (v: unknown): v is JWK => isRecord(v) && typeof v.kty === 'string';

async function printsOf(keys: JWK[]): Promise<Set<string>> {
  // All hashed at once; a malformed entry in a JWKS trusts nothing.
  const prints = await Promise.all(keys.map((key) => thumbprintOf(key).catch(() => undefined)));
  return new Set(prints.filter((print) => print !== undefined));
}

export function createKeyResolver(options: { urls: BadgeUrls; net: Net; pinned?: JSONWebKeySet | undefined }): KeyResolver {
  const { urls, net, pinned } = options;
  let trusted: ReturnType<KeyResolver['trusted']> | undefined;
  const fetched = new Map<string, Promise<JWK | undefined>>();

  const loadTrusted = async () => {
    if (pinned) {
      const keys = (Array.isArray(pinned.keys) ? pinned.keys : []).filter(isJwk);
      return { keys, prints: await printsOf(keys), pinned: true };
    }
    try {
      const parsed = parseJson(decodeUtf8(await net.get(urls.jwks)));
      const list = parsed.ok && isRecord(parsed.value) && Array.isArray(parsed.value.keys) ? parsed.value.keys.filter(isJwk) : undefined;
      if (!list) return undefined;
      return { keys: list, prints: await printsOf(list), pinned: false };
    } catch {
      return undefined;
    }
  };

  /** One of this site's key files (the kid URL), fetched at most once per verification. */
  const siteKey = (kid: string) => {
    let key = fetched.get(kid);
    if (!key) {
      key = net
        .get(kid)
        .then((bytes) => {
          const parsed = parseJson(decodeUtf8(bytes));
          return parsed.ok && isJwk(parsed.value) ? parsed.value : undefined;
        })
        .catch(() => undefined);
      fetched.set(kid, key);
    }
    return key;
  };

  const resolver: KeyResolver = {
    trusted: () => (trusted ??= loadTrusted()),
    async resolve(header) {
      const set = await resolver.trusted();
      const embedded = header.jwk;
      if (embedded !== undefined) {
        if (!isJwk(embedded) || PRIVATE_MEMBERS.some((m) => m in embedded)) return { kind: 'invalid' };
        try {
          return { kind: 'found', key: embedded, ours: set?.prints.has(await thumbprintOf(embedded)) ?? false };
        } catch {
          return { kind: 'invalid' };
        }
      }
      const kid = typeof header.kid === 'string' ? header.kid : undefined;
      if (!kid) return { kind: 'missing' };
      const listed = set?.keys.find((k) => k.kid === kid);
      if (listed) return { kind: 'found', key: listed, ours: true };
      // Another site's key is never fetched; this site's is, unless the keys are pinned.
      if (!net.isOwn(kid)) return /^https?:\/\//i.test(kid) ? { kind: 'foreign', kid } : { kind: 'not-found', kid };
      if (set?.pinned) return { kind: 'not-found', kid, cause: 'pinned' };
      const key = await siteKey(kid);
      if (!key) return { kind: 'not-found', kid, cause: net.online ? 'unavailable' : 'offline' };
      try {
        return { kind: 'found', key, ours: set?.prints.has(await thumbprintOf(key)) ?? false };
      } catch {
        return { kind: 'invalid' };
      }
    },
  };
  return resolver;
}
