/**
 * Stage 1 of an issuing run: the keys. Takes the committed public keys and the two secrets; gives both
 * signing keys (loaded by ../keys-fs.ts), every key to publish, the JWKS and the VC-JWT header.
 * A separate stage because everything after it trusts what it gives: a key problem throws here,
 * before anything is read or built, and every later stage signs or checks with these keys only.
 */
import type { JSONWebKeySet, JWK } from 'jose';
import type { BadgeUrls } from '../../ob3/urls.ts';
import { loadSigningKey, type CommittedKey, type SigningKey } from '../keys-fs.ts';

export interface KeysInput {
  root: string;
  production: boolean;
  /** BADGE_SIGNING_KEY, if set. */
  secret: string | undefined;
  /** BADGE_DI_KEY, if set. */
  diSecret: string | undefined;
  /** The public keys in content/keys/, current and retired. */
  committed: CommittedKey[];
}

/** A key as published: its file name in keys/, and its public JWK whose kid is its own URL. */
export interface PublishedKey {
  name: string;
  kid: string;
  jwk: JWK;
}

export interface IssuingKeys {
  /** Signs the VC-JWTs and the JWT status lists. */
  jwt: SigningKey;
  /** Signs the Data Integrity proofs of the credential JSON and the JSON status lists. */
  dataIntegrity: SigningKey;
  /** The did:web verification method of the Data Integrity key (did:web:…#name). */
  diVerificationMethod: string;
  /** True when either key is a development build's throwaway key. */
  development: boolean;
  /** The protected header of every VC-JWT (exact JSON text: alg, kid, typ). */
  header: string;
  /** Every published key, sorted by name: the committed ones plus, in development, the throwaway ones. */
  published: PublishedKey[];
  /** The published keys as a JWKS: all a verifier (and the build's self-check) trusts. */
  jwks: JSONWebKeySet;
}

export async function loadIssuingKeys(input: KeysInput, urls: BadgeUrls): Promise<IssuingKeys> {
  const { root, committed, production } = input;
  const jwt = await loadSigningKey({ root, committed, secret: input.secret, production });
  const dataIntegrity = await loadSigningKey({ root, committed, secret: input.diSecret, production, use: 'data-integrity' });
  const published = [
    ...committed.map((k) => ({ name: k.name, jwk: k.jwk })),
    ...(jwt.development ? [{ name: jwt.name, jwk: jwt.publicJwk }] : []),
    ...(dataIntegrity.development ? [{ name: dataIntegrity.name, jwk: dataIntegrity.publicJwk }] : []),
  ]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, jwk }) => ({ name, kid: urls.key(name), jwk: { ...jwk, kid: urls.key(name) } as JWK }));
  return {
    jwt,
    dataIntegrity,
    diVerificationMethod: urls.verificationMethod(dataIntegrity.name),
    development: jwt.development || dataIntegrity.development,
    header: JSON.stringify({ alg: jwt.alg, kid: urls.key(jwt.name), typ: 'JWT' }),
    published,
    jwks: { keys: published.map((k) => k.jwk) },
  };
}
