/**
 * Stage 4 of an issuing run: the status lists. Takes the awards (which are revoked, which suspended),
 * the keys of stage 1 and the signature cache as it is being read; gives each list (revocation,
 * suspension) signed twice, as a VC-JWT and as JSON with a Data Integrity proof, each read back by
 * the verification core, with why it fails if it does. A separate stage because a list speaks for
 * every award at once, not for one credential, so it is no work for the pool: it is signed on the
 * main thread while the pool signs the credentials, and its failures join the pool's in the self-check.
 * Encoding is status-list-fs.ts, reading and bit decoding are the verification core's
 * (verify/steps/status.ts, verify/steps/status-list-json.ts, verify/status-list.ts): nothing here
 * re-implements either.
 */
import { CompactSign } from 'jose';
import { STATUS_LIST_SIZE, type Award } from '../../../schemas/award.ts';
import { optionsHash, proofOptions, proofValueOf, secured, unsecuredHash } from '../../data-integrity/sign-fs.ts';
import type { BadgeUrls, StatusPurpose } from '../../ob3/urls.ts';
import { STATUS_LIST_CONTEXT } from '../../ob3/vocabulary.ts';
import { createKeyResolver, type KeyResolver } from '../../verify/keys.ts';
import { createNet } from '../../verify/net.ts';
import { readStatusBit } from '../../verify/status-list.ts';
import { readStatusList } from '../../verify/steps/status.ts';
import { readStatusListJson } from '../../verify/steps/status-list-json.ts';
import type { SigningKey } from '../keys-fs.ts';
import { jsonFile as json } from '../shard.ts';
import { cacheKey } from '../signature-cache-fs.ts';
import { bitstring, encodeStatusList } from '../status-list-fs.ts';
import type { IssuingKeys } from './keys-fs.ts';

/** One status list, signed in both forms and read back. */
export interface SignedStatusList {
  purpose: StatusPurpose;
  /** The VC-JWT list, as published. */
  token: string;
  /** The Data Integrity list (JSON text), as published. */
  json: string;
  /** The VC-JWT's signature cache key, so the next build can reuse its signature. */
  cacheKey: string;
  /** Why a verifier would not count it, or undefined when the self-check passed. */
  failure: string | undefined;
  /** Signed in this build, not reused from the cache. */
  fresh: boolean;
  /** Its cached signature did not verify, so it was signed again. */
  replaced: boolean;
}

/** A status list credential: the JWT list's id is its .jwt address, the Data Integrity list's its .json. */
function statusListCredential(urls: BadgeUrls, purpose: StatusPurpose, encodedList: string, form: 'jwt' | 'json') {
  const id = form === 'jwt' ? urls.statusList(purpose) : urls.statusListJson(purpose);
  return {
    '@context': [...STATUS_LIST_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: urls.did,
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList },
  };
}

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

async function signCompact(header: string, payload: string, key: SigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader(JSON.parse(header) as { alg: string }).sign(key.privateKey);
}

/** True when exactly the indexes in `set` are 1 in a list of STATUS_LIST_SIZE bits. */
function sameBits(bits: Uint8Array, set: number[]): boolean {
  let count = 0;
  for (let index = 0; index < STATUS_LIST_SIZE; index += 1) if (readStatusBit(bits, index) === 1) count += 1;
  return bits.length * 8 === STATUS_LIST_SIZE && set.every((index) => readStatusBit(bits, index) === 1) && count === new Set(set).size;
}

/**
 * Why a signed status list is not what content says, or undefined when it is. The list is read by
 * the verification core, as every verifier reads it (signature against the published keys,
 * issuer, purpose, length, validity), then its bits are compared with content.
 */
async function checkStatusList(token: string, purpose: StatusPurpose, set: number[], urls: BadgeUrls, keys: KeyResolver): Promise<string | undefined> {
  const read = await readStatusList(token, purpose, { urls, keys, now: new Date() });
  if (!read.ok) return `a verifier would not count it: ${read.reason} (${read.code}${read.cause ? `, ${read.cause}` : ''})`;
  return sameBits(read.bits, set) ? undefined : 'it does not decode to the statuses in content';
}

/** The same for the Data Integrity list, read from the JSON as published. */
async function checkStatusListJson(text: string, purpose: StatusPurpose, set: number[], urls: BadgeUrls, keys: KeyResolver): Promise<string | undefined> {
  const read = await readStatusListJson(JSON.parse(text) as Record<string, unknown>, purpose, { urls, keys, now: new Date() });
  if (!read.ok) return `its Data Integrity form: a verifier would not count it: ${read.reason} (${read.code}${read.cause ? `, ${read.cause}` : ''})`;
  return sameBits(read.bits, set) ? undefined : 'its Data Integrity form does not decode to the statuses in content';
}

export async function signStatusLists(awards: Award[], cacheRead: Promise<Map<string, string>>, keys: IssuingKeys, urls: BadgeUrls): Promise<SignedStatusList[]> {
  const { jwt: key, header } = keys;
  // The self-check trusts the published keys only, and fetches nothing.
  const selfCheckKeys = createKeyResolver({ urls, net: createNet({ siteOrigin: urls.origin }), pinned: keys.jwks });
  const cache = await cacheRead;
  return Promise.all(
    (['revocation', 'suspension'] as const).map(async (purpose) => {
      const set = awards.filter((award) => (purpose === 'revocation' ? award.revoked : award.suspended)).map((award) => award.statusIndex);
      const encoded = encodeStatusList(bitstring(STATUS_LIST_SIZE, set));
      const vc = statusListCredential(urls, purpose, encoded, 'jwt');
      const payload = JSON.stringify({ ...vc, iss: urls.did, jti: vc.id });
      const k = cacheKey(key.thumbprint, header, payload);
      const cached = cache.get(k);
      let token = cached ? `${b64url(header)}.${b64url(payload)}.${cached}` : await signCompact(header, payload, key);
      let failure = await checkStatusList(token, purpose, set, urls, selfCheckKeys);
      const replaced = failure !== undefined && cached !== undefined;
      if (replaced) {
        token = await signCompact(header, payload, key);
        failure = await checkStatusList(token, purpose, set, urls, selfCheckKeys);
      }
      // The same bits as JSON with a Data Integrity proof, for Data Integrity verifiers.
      const list = statusListCredential(urls, purpose, encoded, 'json');
      const options = proofOptions(keys.diVerificationMethod);
      const [optionsDigest, listDigest] = await Promise.all([optionsHash(options, list['@context']), unsecuredHash(list)]);
      const proofValue = proofValueOf(keys.dataIntegrity.privateKey, optionsDigest, listDigest);
      const published = json(secured(list, options, proofValue));
      // Read back by the verification core as a Data Integrity verifier reads it: spelling, proof, bits.
      failure ??= await checkStatusListJson(published, purpose, set, urls, selfCheckKeys);
      return { purpose, token, json: published, cacheKey: k, failure, fresh: !cached || replaced, replaced };
    }),
  );
}
