// The tamper corpus: real credentials signed with the TEST-ONLY key, every way of breaking them, and
// the verdict and code each must get. Built in Node; run in Node and in Chromium (corpus-runner.ts).
import { generateKeyPairSync, createHmac, type KeyObject } from 'node:crypto';
import { CompactSign, exportJWK } from 'jose';
import type { CheckedEntry } from '../../src/lib/content/integrity.ts';
import { hashEmail } from '../../src/lib/issue/award-import.ts';
import { issueBadges } from '../../src/lib/issue/issue-fs.ts';
import type { Award } from '../../src/schemas/award.ts';
import type { Corpus, CorpusCase } from './corpus-runner.ts';
import { fixtureBytes, fixtureText } from './fixtures.ts';
import { issueInput, ORIGIN, TEST_ONLY_RS256 } from './issue.ts';
import { bakePng, tinyPng } from './png.ts';
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
  const token = (n: number) => issued.files.get(`credentials/c0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}.jwt`)!;
  const json = (n: number) => issued.files.get(`credentials/c0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}.json`)!;

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
    { name: 'valid token, email does not match', input: valid, email: 'someone.else@example.org', expect: { verdict: 'valid', check: 'recipient', status: 'fail', code: 'ERR_RECIPIENT_MISMATCH' } },
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
    { name: "this site's credential JSON", input: json(1), expect: { verdict: 'valid', check: 'input', code: 'OK_JSON_SIGNED_COPY' } },
    { name: "this site's credential JSON, edited", input: json(1).replace('"Innovation Skills Micro-credential"', '"Innovation Mastery"'), expect: { verdict: 'invalid', check: 'input', code: 'ERR_JSON_DIFFERS' } },
    { name: 'flipped payload byte', input: flipped, expect: { verdict: 'invalid', check: 'signature', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' } },
    { name: 'payload re-encoded with a new name', input: renamed, expect: { verdict: 'invalid', check: 'signature', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' } },
    { name: 'payload re-encoded with a new date', input: redated, expect: { verdict: 'invalid', check: 'signature', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' } },
    { name: 'signature from another key under our kid', input: await sign(attacker, header, payload), expect: { verdict: 'invalid', check: 'signature', code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' } },
    { name: 'alg none', input: `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`, expect: { verdict: 'invalid', check: 'header', code: 'ERR_ALG_NOT_ALLOWED' } },
    { name: 'HS256 with the public key as secret', input: hs256, expect: { verdict: 'invalid', check: 'header', code: 'ERR_ALG_NOT_ALLOWED' } },
    { name: "kid pointing at an attacker's key", input: await sign(attacker, { alg: 'RS256', kid: attackerKid, typ: 'JWT' }, payload), expect: { verdict: 'unknown-issuer', check: 'key', status: 'warn', code: 'WARN_KEY_NOT_TRUSTED' } },
    { name: "attacker's key in the header jwk", input: await sign(attacker, { alg: 'RS256', jwk: attackerPublic, typ: 'JWT' }, payload), expect: { verdict: 'unknown-issuer', check: 'key', code: 'WARN_KEY_NOT_TRUSTED' } },
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
    { name: 'status list unreachable', input: valid, blocked: [`${ORIGIN}/status/`], expect: { verdict: 'valid', check: 'status', status: 'warn', code: 'WARN_STATUS_UNAVAILABLE' } },
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
    { name: '1EdTech simple-json.png (no JWT)', input: { base64: fixtureBytes('1edtech/baked/simple-json.png').toString('base64') }, expect: { verdict: 'invalid', check: 'input', code: /^ERR_(UNSIGNED_JSON|PROOF_UNSUPPORTED)$/ } },
  ];
  return { siteOrigin: ORIGIN, now: NOW, files, cases, tokens: { valid } };
}
