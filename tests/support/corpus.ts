// The tamper corpus: real credentials signed with the TEST-ONLY key, every way of breaking them, and
// the verdict and code each must get. Built in Node; run in Node and in Chromium (corpus-runner.ts).
import { generateKeyPairSync, createHmac, type KeyObject } from 'node:crypto';
import { CompactSign, exportJWK } from 'jose';
import type { CheckedEntry } from '../../src/lib/content/integrity.ts';
import { hashEmail } from '../../src/lib/awards/award-import.ts';
import { issueBadges } from '../../src/lib/issue/issue-fs.ts';
import { bitstring, encodeStatusList } from '../../src/lib/issue/status-list-fs.ts';
import { badgePaths, badgeUrls, type StatusPurpose } from '../../src/lib/ob3/urls.ts';
import type { Award } from '../../src/schemas/award.ts';
import type { Corpus, CorpusCase } from './corpus-runner.ts';
import { fixtureBytes, fixtureText } from './fixtures.ts';
import { issueInput, ORIGIN, TEST_ONLY_ED25519, TEST_ONLY_RS256 } from './issue.ts';
import { ed25519PublicBytes, optionsHash, proofOptions, proofValueOf, secured, unsecuredHash } from '../../src/lib/data-integrity/sign-fs.ts';
import { jsonFile } from '../../src/lib/issue/shard.ts';
import { ed25519Multikey } from '../../src/lib/data-integrity/multibase.ts';
import type { ProofOptions } from '../../src/lib/data-integrity/proof.ts';
import { bakeCompressedPng, bakePng, tinyPng } from './png.ts';
import { hostileCases } from './hostile-corpus.ts';
import { createPrivateKey } from 'node:crypto';

export const NOW = '2026-11-22T12:00:00Z';
export const RECIPIENT = 'pat.sample@example.org';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function award(base: CheckedEntry<Award>, n: number, changes: Partial<Award>): CheckedEntry<Award> {
  const hex = n.toString(16).padStart(12, '0');
  const salt = `${hex}${hex}`.slice(0, 32).padEnd(32, '0');
  return {
    ...base,
    id: `corpus-${n}`,
    file: `content/awards/corpus-${n}.yaml`,
    data: {
      ...base.data,
      credentialId: `c0000000-0000-4000-8000-${hex}`,
      subjectId: `urn:uuid:50000000-0000-4000-8000-${hex}`,
      identifier: [{ type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: hashEmail(RECIPIENT, salt), salt }],
      statusIndex: 1000 + n,
      revoked: false,
      suspended: false,
      matchKey: createHmac('sha256', 'corpus').update(String(n)).digest('hex'),
      ...changes,
    },
  };
}

async function sign(key: KeyObject, header: Record<string, unknown>, payload: unknown): Promise<string> {
  return new CompactSign(new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload)))
    .setProtectedHeader(header as { alg: string })
    .sign(key);
}

export async function buildCorpus(): Promise<Corpus & { tokens: Record<string, string> }> {
  const input = await issueInput();
  const base = input.awards[0]!;
  const xss = '<img src=x onerror=alert(1)>';
  input.awards = [
    award(base, 1, {}),
    award(base, 2, { awardedDate: '2022-03-04', expires: '2024-03-04' }),
    award(base, 3, { awardedDate: '2027-06-01' }),
    award(base, 4, { revoked: true, revokedReason: 'corpus', revokedDate: '2023-01-01' }),
    award(base, 5, { suspended: true }),
    award(base, 6, { revoked: true, revokedReason: 'corpus', revokedDate: '2023-01-01', suspended: true }),
  ];
  input.achievements = input.achievements.map((a) => ({ ...a, data: { ...a.data } }));
  const issued = await issueBadges(input);
  const files: Record<string, string> = {};
  for (const [relative, body] of issued.files) files[`${ORIGIN}/${relative}`] = body;
  for (const [relative, body] of issued.baked) files[`${ORIGIN}/${relative}`] = typeof body === 'string' ? body : `base64:${Buffer.from(body).toString('base64')}`;
  const urls = badgeUrls(ORIGIN);
  const idOf = (n: number) => `c0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  const token = (n: number) => issued.files.get(badgePaths.credentialJwt(idOf(n)))!;
  const json = (n: number) => issued.files.get(badgePaths.credentialJson(idOf(n)))!;

  const valid = token(1);
  const [h, p, s] = valid.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  const ours = createPrivateKey(TEST_ONLY_RS256.pem);
  const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const attackerJwk = { ...(await exportJWK(attacker)), d: undefined };
  const attackerPublic = Object.fromEntries(Object.entries(attackerJwk).filter(([k]) => ['kty', 'n', 'e'].includes(k)));
  const attackerKid = 'https://attacker.example/keys/1.json';
  files[attackerKid] = JSON.stringify(attackerPublic);

  // Data Integrity: our Ed25519 key, an attacker's (as a did:key), and a signer for variants.
  const diOurs = createPrivateKey(TEST_ONLY_ED25519.pem);
  const diAttacker = generateKeyPairSync('ed25519').privateKey;
  const attackerDid = `did:key:${ed25519Multikey(ed25519PublicBytes(diAttacker))}`;
  const { proof: _proof, ...vc1 } = JSON.parse(json(1)) as Record<string, unknown>;
  async function diSign(doc: Record<string, unknown>, key: KeyObject, method: string, changes: Partial<ProofOptions> = {}): Promise<string> {
    const options = { ...proofOptions(method), ...changes };
    return jsonFile(secured(doc, options, proofValueOf(key, await optionsHash(options, doc['@context']), await unsecuredHash(doc))));
  }
  const diWithProofOf = (n: number, other: number) => jsonFile({ ...JSON.parse(json(n)), proof: JSON.parse(json(other)).proof });
  const w3cVector = JSON.parse(fixtureText('w3c/eddsa-rdfc-2022/signedDataInt.json')) as { proof: { verificationMethod: string } };
  const w3cMethod = w3cVector.proof.verificationMethod;
  const w3cKey = fixtureText('w3c/eddsa-rdfc-2022/publicKey.txt').trim();

  /** A status list as the build makes it (src/lib/issue/stages/status-lists-fs.ts), with `changes`, signed by `key` under `listHeader`. */
  const statusList = async (purpose: StatusPurpose, options: { size?: number; set?: number[]; changes?: Record<string, unknown>; key?: KeyObject; header?: Record<string, unknown> } = {}) => {
    const id = urls.statusList(purpose);
    const vc = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: urls.did,
      credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList: encodeStatusList(bitstring(options.size ?? 131_072, options.set ?? [])) },
      ...options.changes,
    };
    return sign(options.key ?? ours, options.header ?? header, { ...vc, iss: urls.did, jti: id });
  };
  const revocationUrl = urls.statusList('revocation');
  const suspensionUrl = urls.statusList('suspension');
  const statusOf = (changes: unknown) => sign(ours, header, { ...payload, credentialStatus: changes });
  const entry = payload.credentialStatus as Record<string, unknown>;
  // A credential whose status list sets bit 1001 (award 1's slot) in a list it fetches from our site.
  const slot = Number(entry.statusListIndex);
  const svgWith = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0">${body}</svg>`;
  const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  const bomb = bakeCompressedPng(tinyPng(), 'openbadgecredential', Buffer.alloc(64 * 1024 * 1024, 0x41));

  const flipped = `${h}.${p.slice(0, 40)}${p[40] === 'A' ? 'B' : 'A'}${p.slice(41)}.${s}`;
  const renamed = `${h}.${b64({ ...payload, name: 'Doctorate in Everything' })}.${s}`;
  const redated = `${h}.${b64({ ...payload, validFrom: '2020-01-01T00:00:00Z', nbf: 1577836800 })}.${s}`;
  const hmacKey = Buffer.from(JSON.stringify(TEST_ONLY_RS256.jwk));
  const hs256Header = b64({ alg: 'HS256', kid: header.kid, typ: 'JWT' });
  const hs256 = `${hs256Header}.${p}.${createHmac('sha256', hmacKey).update(`${hs256Header}.${p}`).digest('base64url')}`;
  const bigInput = 'a'.repeat(5 * 1024 * 1024);
  const protoPayload = JSON.stringify({ ...payload }).replace('"credentialSubject":{', '"credentialSubject":{"__proto__":{"polluted":true},');

  const cases: CorpusCase[] = [
    { name: 'valid token', input: valid, expect: { verdict: 'valid', check: 'status', status: 'pass', code: 'OK' } },
    { name: 'valid token, email matches', input: valid, email: ' Pat.Sample@Example.org ', expect: { verdict: 'valid', check: 'recipient', status: 'pass', code: 'OK' } },
    { name: 'valid token, email does not match', input: valid, email: 'someone.else@example.org', expect: { verdict: 'recipient-mismatch', check: 'recipient', status: 'fail', code: 'ERR_RECIPIENT_MISMATCH' } },
    { name: 'valid token baked in a PNG', input: { base64: bakePng(tinyPng(), 'openbadgecredential', valid).toString('base64') }, expect: { verdict: 'valid', check: 'input', code: 'OK' } },
    {
      name: 'valid token baked in an SVG',
      input: `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential verify="${valid}"/></svg>`,
      expect: { verdict: 'valid' },
    },
    {
      name: 'valid token in an SVG CDATA body',
      input: `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[${valid}]]></openbadges:credential></svg>`,
      expect: { verdict: 'valid' },
    },
    // The .json files carry their own proof (Data Integrity, eddsa-rdfc-2022): judged by it, the JWT twin not fetched.
    { name: "this site's credential JSON", input: json(1), neverRequest: [urls.credentialJwt(idOf(1))], expect: { verdict: 'valid', check: 'input', code: 'OK_EMBEDDED_PROOF' } },
    { name: "this site's credential JSON, revoked", input: json(4), expect: { verdict: 'revoked', check: 'status', code: 'REVOKED' } },
    { name: "this site's credential JSON, suspended", input: json(5), expect: { verdict: 'suspended', check: 'status', code: 'SUSPENDED' } },
    { name: "this site's credential JSON, edited", input: json(1).replace('"Innovation Skills Micro-credential"', '"Innovation Mastery"'), expect: { verdict: 'invalid', check: 'signature', code: 'ERR_SIGNATURE_MISMATCH' } },
    { name: 'DI: an edited date', input: json(1).replace(/"validFrom": "2022-03-04T00:00:00Z"/, '"validFrom": "2021-03-04T00:00:00Z"'), expect: { verdict: 'invalid', check: 'signature', code: 'ERR_SIGNATURE_MISMATCH' } },
    { name: 'DI: the proof of another credential', input: diWithProofOf(1, 2), expect: { verdict: 'invalid', check: 'signature', code: 'ERR_SIGNATURE_MISMATCH' } },
    { name: 'DI: a damaged proofValue', input: json(1).replace(/"proofValue": "z/, '"proofValue": "zz0'), expect: { verdict: 'invalid', check: 'header', code: 'ERR_PROOF_MALFORMED' } },
    { name: 'DI: another key under our did:web', input: await diSign(vc1, diAttacker, urls.verificationMethod(TEST_ONLY_ED25519.name)), expect: { verdict: 'invalid', check: 'signature', code: 'ERR_SIGNATURE_MISMATCH' } },
    { name: 'DI: a key our did:web does not list', input: await diSign(vc1, diOurs, urls.verificationMethod('retired-long-ago')), expect: { verdict: 'unknown-issuer', check: 'key', code: 'ERR_KEY_NOT_FOUND' } },
    { name: 'DI: a did:key claiming our issuer', input: await diSign(vc1, diAttacker, `${attackerDid}#${attackerDid.slice(8)}`), expect: { verdict: 'invalid', check: 'claims', code: 'ERR_ISSUER_MISMATCH' } },
    {
      name: 'DI: a did:key issuer of its own (foreign key)',
      input: await diSign({ ...vc1, issuer: { ...(vc1.issuer as object), id: attackerDid } }, diAttacker, `${attackerDid}#${attackerDid.slice(8)}`),
      expect: { verdict: 'unknown-issuer', check: 'key', code: 'WARN_KEY_NOT_TRUSTED' },
    },
    // It names this site's issuer, yet its key is another party's: a forgery, as with the did:key above.
    { name: 'DI: a key on another site, claiming our issuer', input: await diSign(vc1, diAttacker, 'https://attacker.example/issuer#key-1'), neverRequest: ['https://attacker.example/'], expect: { verdict: 'invalid', check: 'claims', code: 'ERR_ISSUER_MISMATCH' } },
    {
      name: 'DI: a key on another site, for its own issuer',
      input: await diSign({ ...vc1, issuer: { ...(vc1.issuer as object), id: 'https://attacker.example/issuer' } }, diAttacker, 'https://attacker.example/issuer#key-1'),
      neverRequest: ['https://attacker.example/'],
      expect: { verdict: 'unknown-issuer', check: 'key', code: 'WARN_KEY_FOREIGN' },
    },
    { name: 'DI: wrong proofPurpose', input: await diSign(vc1, diOurs, urls.verificationMethod(TEST_ONLY_ED25519.name), { proofPurpose: 'authentication' as 'assertionMethod' }), expect: { verdict: 'invalid', check: 'header', code: 'ERR_PROOF_PURPOSE' } },
    { name: 'DI: wrong cryptosuite', input: json(1).replace('"eddsa-rdfc-2022"', '"eddsa-jcs-2022"'), expect: { verdict: 'invalid', check: 'header', code: 'ERR_PROOF_UNSUPPORTED' } },
    {
      name: 'DI: a context this site does not pin',
      input: json(1).replace('"https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"', '"https://purl.imsglobal.org/spec/ob/v3p0/extensions.json", "https://attacker.example/context.jsonld"'),
      neverRequest: ['https://attacker.example/'],
      expect: { verdict: 'invalid', check: 'input', code: 'ERR_CREDENTIAL_FORM' },
    },
    { name: 'DI: proof removed, a copy of our JSON (checked against its JWT twin)', input: jsonFile(vc1), expect: { verdict: 'valid', check: 'input', code: 'OK_JSON_SIGNED_COPY' } },
    { name: 'DI: proof removed and edited', input: jsonFile({ ...vc1, name: 'Innovation Mastery' }), expect: { verdict: 'invalid', check: 'input', code: 'ERR_JSON_DIFFERS' } },
    // Its proof verifies; it is an AlumniCredential, not an Open Badge, so the format step then fails it.
    {
      name: 'W3C eddsa-rdfc-2022 test vector, its key supplied',
      input: fixtureText('w3c/eddsa-rdfc-2022/signedDataInt.json'),
      knownKeys: { [w3cMethod]: w3cKey },
      neverRequest: ['https://vc.example/'],
      expect: { verdict: 'invalid', check: 'signature', status: 'pass', code: 'OK' },
    },
    {
      name: 'W3C test vector without its key',
      input: fixtureText('w3c/eddsa-rdfc-2022/signedDataInt.json'),
      neverRequest: ['https://vc.example/'],
      expect: { verdict: 'unknown-issuer', check: 'key', code: 'WARN_KEY_FOREIGN' },
    },
    {
      name: 'W3C test vector with a signed value changed',
      input: fixtureText('w3c/eddsa-rdfc-2022/signedDataInt.json').replace('The School of Examples', 'The School of Forgeries'),
      knownKeys: { [w3cMethod]: w3cKey },
      expect: { verdict: 'invalid', check: 'signature', code: 'ERR_SIGNATURE_MISMATCH' },
    },
    { name: 'flipped payload byte', input: flipped, expect: { verdict: 'invalid', check: 'signature', code: 'ERR_SIGNATURE_MISMATCH' } },
    { name: 'payload re-encoded with a new name', input: renamed, expect: { verdict: 'invalid', check: 'signature', code: 'ERR_SIGNATURE_MISMATCH' } },
    { name: 'payload re-encoded with a new date', input: redated, expect: { verdict: 'invalid', check: 'signature', code: 'ERR_SIGNATURE_MISMATCH' } },
    { name: 'signature from another key under our kid', input: await sign(attacker, header, payload), expect: { verdict: 'invalid', check: 'signature', code: 'ERR_SIGNATURE_MISMATCH' } },
    { name: 'alg none', input: `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`, expect: { verdict: 'invalid', check: 'header', code: 'ERR_ALG_NOT_ALLOWED' } },
    { name: 'HS256 with the public key as secret', input: hs256, expect: { verdict: 'invalid', check: 'header', code: 'ERR_ALG_NOT_ALLOWED' } },
    {
      // It names this site's issuer but its key is on another site: a forgery (invalid), and the key is still never fetched.
      name: "kid pointing at an attacker's key (which would learn of the check), claiming our issuer",
      input: await sign(attacker, { alg: 'RS256', kid: attackerKid, typ: 'JWT' }, payload),
      neverRequest: ['https://attacker.example/'],
      expect: { verdict: 'invalid', check: 'claims', code: 'ERR_ISSUER_MISMATCH' },
    },
    {
      name: "kid pointing at an attacker's key, for the attacker's own issuer",
      input: await sign(attacker, { alg: 'RS256', kid: attackerKid, typ: 'JWT' }, { ...payload, issuer: { ...payload.issuer, id: 'https://attacker.example/issuer' }, iss: 'https://attacker.example/issuer' }),
      neverRequest: ['https://attacker.example/'],
      expect: { verdict: 'unknown-issuer', check: 'key', status: 'warn', code: 'WARN_KEY_FOREIGN' },
    },
    { name: "attacker's key in the header jwk, claiming our issuer", input: await sign(attacker, { alg: 'RS256', jwk: attackerPublic, typ: 'JWT' }, payload), expect: { verdict: 'invalid', check: 'claims', code: 'ERR_ISSUER_MISMATCH' } },
    {
      name: "attacker's key in the header jwk, for the attacker's own issuer",
      input: await sign(attacker, { alg: 'RS256', jwk: attackerPublic, typ: 'JWT' }, { ...payload, issuer: { ...payload.issuer, id: 'https://attacker.example/issuer' }, iss: 'https://attacker.example/issuer' }),
      expect: { verdict: 'unknown-issuer', check: 'key', code: 'WARN_KEY_NOT_TRUSTED' },
    },
    { name: 'private key in the header jwk', input: await sign(attacker, { alg: 'RS256', jwk: attackerJwk, typ: 'JWT' }, payload), expect: { verdict: 'invalid', check: 'header', code: 'ERR_HEADER_PRIVATE_KEY' } },
    { name: 'extra header member', input: await sign(ours, { ...header, crit: ['b64'], b64: true }, payload), expect: { verdict: 'invalid', check: 'header', code: 'ERR_HEADER_MEMBERS' } },
    { name: 'wrong iss', input: await sign(ours, header, { ...payload, iss: 'https://other.example/issuer.json' }), expect: { verdict: 'invalid', check: 'claims', code: 'ERR_CLAIMS_MISMATCH' } },
    { name: 'wrong jti', input: await sign(ours, header, { ...payload, jti: `${ORIGIN}/credentials/other.json` }), expect: { verdict: 'invalid', check: 'claims', code: 'ERR_CLAIMS_MISMATCH' } },
    { name: 'wrong nbf', input: await sign(ours, header, { ...payload, nbf: payload.nbf - 86400 }), expect: { verdict: 'invalid', check: 'claims', code: 'ERR_CLAIMS_MISMATCH' } },
    { name: "our key, another issuer's name", input: await sign(ours, header, { ...payload, issuer: { ...payload.issuer, id: 'https://other.example/issuer.json' }, iss: 'https://other.example/issuer.json' }), expect: { verdict: 'invalid', check: 'claims', code: 'ERR_ISSUER_MISMATCH' } },
    { name: 'missing achievement', input: await sign(ours, header, { ...payload, credentialSubject: { ...payload.credentialSubject, achievement: undefined } }), expect: { verdict: 'invalid', check: 'shape', code: 'ERR_SHAPE' } },
    { name: 'expired', input: token(2), expect: { verdict: 'expired', check: 'dates', code: 'ERR_EXPIRED' } },
    { name: 'not yet valid', input: token(3), expect: { verdict: 'not-yet-valid', check: 'dates', code: 'ERR_NOT_YET_VALID' } },
    { name: 'revoked', input: token(4), expect: { verdict: 'revoked', check: 'status', status: 'fail', code: 'REVOKED' } },
    { name: 'suspended', input: token(5), expect: { verdict: 'suspended', check: 'status', status: 'fail', code: 'SUSPENDED' } },
    { name: 'revoked and suspended', input: token(6), expect: { verdict: 'revoked', check: 'status', code: 'REVOKED' } },
    { name: 'status lists unreachable', input: valid, blocked: [urls.statusFolder], expect: { verdict: 'status-unknown', check: 'status', status: 'warn', code: 'WARN_STATUS_UNAVAILABLE' } },
    { name: 'revoked, suspension list unreachable', input: token(4), blocked: [suspensionUrl], expect: { verdict: 'revoked', check: 'status', status: 'fail', code: 'REVOKED' } },
    { name: 'suspended, revocation list unreachable', input: token(5), blocked: [revocationUrl], expect: { verdict: 'suspended', check: 'status', status: 'fail', code: 'SUSPENDED' } },
    { name: 'revoked, suspension list stalls', input: token(4), stalled: [suspensionUrl], expect: { verdict: 'revoked', check: 'status', code: 'REVOKED' } },
    { name: 'status list too slow', input: valid, stalled: [revocationUrl], expect: { verdict: 'status-unknown', check: 'status', status: 'warn', code: 'WARN_STATUS_UNAVAILABLE' } },
    { name: 'offline, keys pinned', input: valid, offline: true, pinned: true, expect: { verdict: 'status-unknown', check: 'status', status: 'warn', code: 'WARN_STATUS_OFFLINE' } },
    { name: 'offline, keys pinned, revoked', input: token(4), offline: true, pinned: true, expect: { verdict: 'status-unknown', check: 'status', code: 'WARN_STATUS_OFFLINE' } },
    { name: 'keys pinned, online: revoked', input: token(4), pinned: true, expect: { verdict: 'revoked', check: 'status', code: 'REVOKED' } },
    {
      name: 'keys pinned: no key is fetched',
      input: valid,
      pinned: true,
      neverRequest: [`${urls.origin}/${badgePaths.keys}/`, urls.jwks],
      expect: { verdict: 'valid', check: 'status', code: 'OK' },
    },
    {
      name: 'status list signed by a foreign key',
      input: valid,
      serve: { [revocationUrl]: await statusList('revocation', { key: attacker, header: { alg: 'RS256', jwk: attackerPublic } }) },
      expect: { verdict: 'status-unknown', check: 'status', code: 'WARN_STATUS_UNVERIFIED' },
    },
    {
      name: "status list under our kid, signed by another key",
      input: token(4),
      serve: { [revocationUrl]: await statusList('revocation', { key: attacker }) },
      expect: { verdict: 'status-unknown', check: 'status', code: 'WARN_STATUS_UNVERIFIED' },
    },
    {
      name: 'status list with the wrong purpose',
      input: valid,
      serve: { [revocationUrl]: files[suspensionUrl]! },
      expect: { verdict: 'status-unknown', check: 'status', code: 'WARN_STATUS_MALFORMED' },
    },
    {
      name: 'status list too short',
      input: valid,
      serve: { [revocationUrl]: await statusList('revocation', { size: 16_384 }) },
      expect: { verdict: 'status-unknown', check: 'status', code: 'WARN_STATUS_MALFORMED' },
    },
    {
      name: 'status list expired',
      input: valid,
      serve: { [revocationUrl]: await statusList('revocation', { changes: { validUntil: '2025-01-01T00:00:00Z' } }) },
      expect: { verdict: 'status-unknown', check: 'status', code: 'WARN_STATUS_STALE' },
    },
    {
      name: 'status list by another issuer, signed with our key',
      input: valid,
      serve: { [revocationUrl]: await statusList('revocation', { changes: { issuer: 'https://other.example/issuer.json' } }) },
      expect: { verdict: 'status-unknown', check: 'status', code: 'WARN_STATUS_UNVERIFIED' },
    },
    {
      name: 'status list a decompression bomb',
      input: valid,
      serve: { [revocationUrl]: await statusList('revocation', { size: 131_072 * 1024 }) },
      expect: { verdict: 'status-unknown', check: 'status', code: 'WARN_STATUS_MALFORMED' },
    },
    { name: 'statusListIndex not a string', input: await statusOf({ ...entry, statusListIndex: slot }), expect: { verdict: 'invalid', check: 'status', code: 'ERR_STATUS_ENTRY' } },
    { name: 'statusListIndex with letters', input: await statusOf({ ...entry, statusListIndex: `${slot}a` }), expect: { verdict: 'invalid', check: 'status', code: 'ERR_STATUS_ENTRY' } },
    { name: 'statusListIndex negative', input: await statusOf({ ...entry, statusListIndex: '-1' }), expect: { verdict: 'invalid', check: 'status', code: 'ERR_STATUS_ENTRY' } },
    { name: 'statusListIndex in exponent form', input: await statusOf({ ...entry, statusListIndex: '1e3' }), expect: { verdict: 'invalid', check: 'status', code: 'ERR_STATUS_ENTRY' } },
    { name: 'statusListIndex beyond the list', input: await statusOf({ ...entry, statusListIndex: '131072' }), expect: { verdict: 'invalid', check: 'status', code: 'ERR_STATUS_ENTRY' } },
    { name: 'credentialStatus a string', input: await statusOf(revocationUrl), expect: { verdict: 'invalid', check: 'status', code: 'ERR_STATUS_ENTRY' } },
    { name: 'credentialStatus an empty list', input: await statusOf([]), expect: { verdict: 'invalid', check: 'status', code: 'ERR_STATUS_ENTRY' } },
    { name: 'credentialStatus of an unknown type', input: await statusOf({ ...entry, type: 'StatusList2021Entry' }), expect: { verdict: 'status-unknown', check: 'status', code: 'WARN_STATUS_UNSUPPORTED' } },
    {
      name: 'credentialStatus pointing at another site',
      input: await statusOf({ ...entry, statusListCredential: 'https://tracker.example/status/1.jwt' }),
      neverRequest: ['https://tracker.example/'],
      expect: { verdict: 'status-unknown', check: 'status', code: 'WARN_STATUS_UNAVAILABLE' },
    },
    { name: "credential page address pasted", input: ` ${urls.credentialPage(idOf(1))} `, expect: { verdict: 'valid', check: 'input', code: 'OK', judged: urls.credentialJwt(idOf(1)) } },
    { name: 'credential .jwt address pasted', input: urls.credentialJwt(idOf(1)), expect: { verdict: 'valid', judged: urls.credentialJwt(idOf(1)) } },
    { name: 'credential .json address pasted', input: urls.credentialJson(idOf(1)), neverRequest: [urls.credentialJwt(idOf(1))], expect: { verdict: 'valid', check: 'input', code: 'OK_EMBEDDED_PROOF', judged: urls.credentialJson(idOf(1)) } },
    { name: 'credential .png address pasted', input: urls.credentialPng(idOf(1)), expect: { verdict: 'valid', judged: urls.credentialPng(idOf(1)) } },
    { name: 'credential .svg address pasted', input: urls.credentialSvg(idOf(4)), expect: { verdict: 'revoked', judged: urls.credentialSvg(idOf(4)) } },
    { name: 'address of a credential that does not exist', input: urls.credentialPage('c0000000-0000-4000-8000-00000000ffff'), expect: { verdict: 'not-found', check: 'input', code: 'ERR_INPUT_NOT_FOUND' } },
    { name: 'address on another site pasted', input: 'https://attacker.example/credentials/x.jwt', neverRequest: ['https://attacker.example/'], expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_FOREIGN_URL' } },
    { name: 'address of a page of this site that is not a credential', input: `${ORIGIN}/news/`, expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_UNRECOGNISED' } },
    // Offline with the keys pinned: the proof checks (nothing to fetch), revocation cannot be.
    { name: "this site's JSON offline", input: json(1), offline: true, pinned: true, expect: { verdict: 'status-unknown', check: 'status', code: 'WARN_STATUS_OFFLINE' } },
    { name: "this site's JSON without its proof, offline", input: jsonFile(vc1), offline: true, pinned: true, expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_FETCH' } },
    { name: 'PNG decompression bomb', input: { base64: bomb.toString('base64') }, expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_TOO_LARGE' } },
    // Each of these took minutes with the regular expressions the SVG reader used before (quadratic on unclosed tags).
    { name: 'SVG with 120,000 unclosed credential tags', input: svgWith('<ob:credential '.repeat(120_000)), expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_UNRECOGNISED' } },
    { name: 'SVG with 60,000 unclosed verify attributes', input: svgWith(`<ob:credential ${'verify="x '.repeat(60_000)}`), expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_UNRECOGNISED' } },
    { name: 'SVG with 100,000 opening credential tags', input: svgWith('<ob:credential>'.repeat(100_000)), expect: { verdict: 'error', check: 'input' } },
    { name: 'PNG carrying a pathological SVG', input: { base64: bakePng(tinyPng(), 'openbadgecredential', svgWith('<ob:credential '.repeat(60_000))).toString('base64') }, expect: { verdict: 'error', check: 'input' } },
    { name: 'SVG with 35,000 namespace declarations', input: `<svg ${'xmlns:ob="https://purl.imsglobal.org/ob/v3p0" '.repeat(35_000)}><ob:credential `, expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_NO_CREDENTIAL' } },
    {
      name: 'SVG with 30,000 distinct prefixes for the namespace',
      input: `<svg ${Array.from({ length: 30_000 }, (_, i) => `xmlns:p${i}="https://purl.imsglobal.org/ob/v3p0" `).join('')}><p1:credential `,
      expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_NO_CREDENTIAL' },
    },
    {
      // Each level would be read again in full: 15,000 levels made a quadratic walk before depth was limited.
      name: 'SVG nested 15,000 deep, a new prefix at each level',
      input: Array.from({ length: 15_000 }, (_, i) => `<svg xmlns:p${i}="https://purl.imsglobal.org/ob/v3p0"><p${i}:credential>`).join('') + valid + Array.from({ length: 15_000 }, (_, i) => `</p${14_999 - i}:credential></svg>`).join(''),
      expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_UNRECOGNISED' },
    },
    { name: 'SVG inside an SVG (two levels, as no badge is)', input: svgWith(`<ob:credential>${svgWith(`<ob:credential verify="${valid}"/>`)}</ob:credential>`), expect: { verdict: 'valid' } },
    { name: 'SVG character reference outside Unicode', input: svgWith('<ob:credential verify="&#99999999999;&#x110000;&#0;"/>'), expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_UNRECOGNISED' } },
    { name: 'SVG token behind character references', input: svgWith(`<ob:credential verify="${[...valid].map((c) => `&#${c.charCodeAt(0)};`).join('')}"/>`), expect: { verdict: 'valid' } },
    { name: 'deep JSON', input: deep(10_000), expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_TOO_DEEP' } },
    { name: 'deep JSON over the JSON size limit', input: deep(100_000), expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_TOO_LARGE' } },
    ...(await hostileCases({
      current: JSON.parse(json(1)),
      expired: JSON.parse(json(2)),
      notYetValid: JSON.parse(json(3)),
      revoked: JSON.parse(json(4)),
      diSign: (doc) => diSign(doc, diOurs, urls.verificationMethod(TEST_ONLY_ED25519.name)),
      signJwt: (changes) => sign(ours, header, { ...payload, ...changes }),
    })),
    { name: 'deep JSON in a signed payload', input: await sign(ours, header, deep(5_000)), expect: { verdict: 'invalid', check: 'claims', code: 'ERR_PAYLOAD_NOT_JSON' } },
    { name: "site's keys unreachable", input: valid, blocked: [ORIGIN], expect: { verdict: 'unknown-issuer', check: 'key', status: 'fail', code: 'ERR_KEY_NOT_FOUND' } },
    { name: 'truncated token', input: valid.slice(0, Math.floor(valid.length / 3)), expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_UNRECOGNISED' } },
    { name: 'signature cut short', input: valid.slice(0, -7), expect: { verdict: 'invalid', check: 'signature' } },
    { name: 'bad base64', input: `${h}.${p.slice(0, 10)}!${p.slice(11)}.${s}`, expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_UNRECOGNISED' } },
    { name: 'non-canonical base64 in the signature', input: `${h}.${p}.${s.slice(0, -1)}${s.at(-1) === 'w' ? 'x' : 'w'}`, expect: { verdict: 'invalid' } },
    { name: '5 MB input', input: bigInput, expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_TOO_LARGE' } },
    { name: 'JSON with __proto__ keys', input: await sign(ours, header, protoPayload), expect: { verdict: 'valid' } },
    { name: 'XSS strings in displayed fields', input: await sign(ours, header, { ...payload, name: xss, description: xss, credentialSubject: { ...payload.credentialSubject, achievement: { ...payload.credentialSubject.achievement, name: xss } } }), expect: { verdict: 'valid' } },
    { name: 'empty input', input: '   ', expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_EMPTY' } },
    { name: 'not JSON', input: '{"@context": ', expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_BAD_JSON' } },
    { name: 'Open Badges 2.0 assertion', input: JSON.stringify({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', recipient: {}, badge: 'x', verify: {} }), expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_OB2' } },
    { name: 'Open Badges 2.0 baked PNG', input: { base64: bakePng(tinyPng(), 'openbadges', '{}').toString('base64') }, expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_OB2' } },
    { name: 'PNG without a credential', input: { base64: tinyPng().toString('base64') }, expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_NO_CREDENTIAL' } },
    { name: '1EdTech simple-jwt.png', input: { base64: fixtureBytes('1edtech/baked/simple-jwt.png').toString('base64') }, expect: { verdict: 'unknown-issuer', check: 'signature', code: 'OK' } },
    { name: '1EdTech simple-jwt.svg', input: fixtureText('1edtech/baked/simple-jwt.svg'), expect: { verdict: 'unknown-issuer', check: 'signature', code: 'OK' } },
    { name: '1EdTech simple-jwt_v1.png (vc claim)', input: { base64: fixtureBytes('1edtech/baked/simple-jwt_v1.png').toString('base64') }, expect: { verdict: 'unknown-issuer', check: 'signature', code: 'OK' } },
    { name: '1EdTech simple-jwt_v1.svg (vc claim)', input: fixtureText('1edtech/baked/simple-jwt_v1.svg'), expect: { verdict: 'unknown-issuer', check: 'signature', code: 'OK' } },
    // Its proof is recognised (eddsa-rdfc-2022); its key is on example.com, which is not contacted.
    {
      name: '1EdTech simple-json.png (Data Integrity)',
      input: { base64: fixtureBytes('1edtech/baked/simple-json.png').toString('base64') },
      neverRequest: ['https://example.com/'],
      expect: { verdict: 'unknown-issuer', check: 'key', code: 'WARN_KEY_FOREIGN' },
    },
  ];
  return { siteOrigin: ORIGIN, now: NOW, files, cases, tokens: { valid } };
}
