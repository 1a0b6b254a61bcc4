// Issuing credentials from the real content with the TEST-ONLY key: shape (against 1EdTech's schema),
// JOSE header and claims, determinism, the signature cache, status lists and key errors.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { SigningKeyError } from '../../src/lib/issue/keys-fs.ts';
import { decodeStatusList, readStatusBit } from '../../src/lib/verify/status-list.ts';
import { achievementCredentialValidator } from '../support/conformance.ts';
import { anotherAward, issue, issueInput, ORIGIN, tempDir, TEST_ONLY_ED25519, TEST_ONLY_ES256, TEST_ONLY_RS256 } from '../support/issue.ts';
import { issueBadges, startIssuing } from '../../src/lib/issue/issue-fs.ts';
import { IssueShard } from '../../src/lib/issue/shard.ts';
import { issuerProfile } from '../../src/lib/ob3/credential.ts';
import { badgePaths, badgeUrls } from '../../src/lib/ob3/urls.ts';

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** base58btc, written out here so the test does not lean on the code it checks. */
function base58(bytes: Buffer): string {
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = B58[Number(n % 58n)]! + out;
    n /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}
const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

describe('issued credentials', () => {
  it("validate against 1EdTech's official AchievementCredential schema (ajv, draft 2019-09)", async () => {
    const validate = achievementCredentialValidator();
    const { files } = await issue();
    const credentials = [...files].filter(([name]) => /^credentials\/[0-9a-f-]{36}\.json$/.test(name));
    expect(credentials.length).toBe(3);
    for (const [name, body] of credentials) {
      const ok = validate(JSON.parse(body));
      expect(validate.errors ?? [], name).toEqual([]);
      expect(ok).toBe(true);
      // The signed payload is the same credential plus JWT claims; it must validate too.
      expect(validate(payloadOf(files.get(name.replace(/\.json$/, '.jwt'))!)), `${name} payload`).toBe(true);
    }
  });

  it('assert the result by the completion rule: a Percent ResultDescription on the achievement, Completed on the subject, no grade', async () => {
    const { files } = await issue();
    const credentials = [...files].filter(([name]) => /^credentials\/[0-9a-f-]{36}\.json$/.test(name));
    for (const [name, body] of credentials) {
      const { credentialSubject: subject } = JSON.parse(body);
      const [description] = subject.achievement.resultDescription;
      expect(description, name).toMatchObject({ type: ['ResultDescription'], name: 'Innovation Skills Training', resultType: 'Percent', requiredValue: '70' });
      expect(subject.result, name).toEqual([{ type: ['Result'], resultDescription: description.id, status: 'Completed' }]);
      expect(subject.achievement.criteria.narrative, name).toContain('Completion is a grade of at least 70 % in the onQ grade item “Innovation Skills Training”.');
    }
  });

  it('are VC-JWTs whose header is exactly alg, kid and typ, and whose claims mirror the credential', async () => {
    const { files } = await issue();
    const [name, token] = [...files].find(([n]) => n.endsWith('.jwt') && n.startsWith('credentials/'))!;
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: `${ORIGIN}/keys/test-only-rs256.json`, typ: 'JWT' });
    // One credential secured twice: the .json is the JWT's credential plus its Data Integrity proof.
    const { proof, ...vc } = JSON.parse(files.get(name.replace('.jwt', '.json'))!);
    expect(proof).toEqual([
      {
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-rdfc-2022',
        verificationMethod: 'did:web:badges.example.org#test-only-ed25519',
        proofPurpose: 'assertionMethod',
        proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]{80,90}$/),
      },
    ]);
    const payload = payloadOf(token);
    expect(payload.vc).toBeUndefined();
    expect(payload).toEqual({
      ...vc,
      iss: 'did:web:badges.example.org',
      jti: vc.id,
      sub: vc.credentialSubject.id,
      nbf: Date.parse(vc.validFrom) / 1000,
    });
    expect(vc).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      id: `${ORIGIN}/${name.replace('.jwt', '.json')}`,
      validFrom: '2022-03-04T00:00:00Z',
      awardedDate: '2022-03-04T00:00:00Z',
      issuer: { id: 'did:web:badges.example.org', type: ['Profile'], name: 'City of Kingston', url: 'https://www.cityofkingston.ca/' },
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: {
          id: `${ORIGIN}/micro-credentials/innovation-skills/`,
          type: ['Achievement'],
          achievementType: 'MicroCredential',
          criteria: { narrative: expect.stringContaining('20 hours') },
        },
      },
      credentialStatus: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListCredential: `${ORIGIN}/status/revocation-1.json`,
      },
    });
    expect(vc.credentialSubject.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    // Recipients appear only as salted hashes: none of the sample addresses is in the credential.
    expect(JSON.stringify(vc)).not.toMatch(/sample\.recipient/i);
    // The published issuer profile is the one embedded in credentials.
    expect(JSON.parse(files.get('issuer.json')!)).toEqual({ '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'], ...vc.issuer });
  });

  it('name the recipient only with consent: the hashed email always, the name (unhashed IdentityObject) only with publishName', async () => {
    const input = await issueInput();
    const { files } = await issueBadges(input);
    const validate = achievementCredentialValidator();
    for (const award of input.awards) {
      const payload = payloadOf(files.get(`credentials/${award.data.credentialId}.jwt`)!);
      const email = { type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: award.data.identifier[0]!.identityHash, salt: award.data.identifier[0]!.salt };
      if (award.data.publishName) {
        expect(award.data.recipientName).toBeTruthy();
        expect(payload.credentialSubject.identifier).toEqual([email, { type: 'IdentityObject', hashed: false, identityType: 'name', identityHash: award.data.recipientName }]);
      } else {
        expect(award.data.recipientName).toBeUndefined();
        expect(payload.credentialSubject.identifier).toEqual([email]);
      }
      expect(validate(payload), `${award.file} payload`).toBe(true);
    }
    expect(input.awards.map((a) => a.data.publishName).sort()).toEqual([false, false, true]);
  });

  it('carry validUntil and exp when the achievement has a validity period', async () => {
    const input = await issueInput();
    input.achievements = input.achievements.map((a) => ({ ...a, data: { ...a.data, validityMonths: 24 } }));
    const { files } = await issueBadges(input);
    const token = [...files].find(([n]) => n.startsWith('credentials/') && n.endsWith('.jwt'))![1];
    const payload = payloadOf(token);
    expect(payload.validUntil).toBe('2024-03-04T00:00:00Z');
    expect(payload.exp).toBe(Date.parse('2024-03-04T00:00:00Z') / 1000);
  });

  it('publish keys as bare public JWKs whose kid is their own URL, in the JWKS and the did:web document', async () => {
    const { files } = await issue();
    const kid = `${ORIGIN}/keys/test-only-rs256.json`;
    const key = JSON.parse(files.get('keys/test-only-rs256.json')!);
    expect(key).toEqual({ ...TEST_ONLY_RS256.jwk, kid });
    expect(JSON.stringify(key)).not.toMatch(/"(d|p|q|dp|dq|qi)"/);
    const di = JSON.parse(files.get('keys/test-only-ed25519.json')!);
    expect(di).toEqual({ ...TEST_ONLY_ED25519.jwk, kid: `${ORIGIN}/keys/test-only-ed25519.json` });
    expect(JSON.parse(files.get('.well-known/jwks.json')!)).toEqual({ keys: [di, key] });
    // The Data Integrity keys, as Multikeys of the DID (the same 32 bytes as the JWK's x).
    const multikey = `z${base58(Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(TEST_ONLY_ED25519.jwk.kty === 'OKP' ? TEST_ONLY_ED25519.jwk.x : '', 'base64url')]))}`;
    expect(multikey).toMatch(/^z6Mk/);
    expect(JSON.parse(files.get('.well-known/did.json')!)).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: 'did:web:badges.example.org',
      verificationMethod: [{ id: 'did:web:badges.example.org#test-only-ed25519', type: 'Multikey', controller: 'did:web:badges.example.org', publicKeyMultibase: multikey }],
      assertionMethod: ['did:web:badges.example.org#test-only-ed25519'],
    });
  });

  it('publish signed status lists with the revoked sample award set and nothing else', async () => {
    const input = await issueInput();
    const { files } = await issueBadges(input);
    const key = await importJWK(TEST_ONLY_RS256.jwk as JWK, 'RS256');
    for (const purpose of ['revocation', 'suspension'] as const) {
      const token = files.get(`status/${purpose}-1.jwt`)!;
      const list = JSON.parse(new TextDecoder().decode((await compactVerify(token, key)).payload));
      expect(list).toMatchObject({
        id: `${ORIGIN}/status/${purpose}-1.jwt`,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: 'did:web:badges.example.org',
        credentialSubject: { type: 'BitstringStatusList', statusPurpose: purpose },
      });
      const bits = await decodeStatusList(list.credentialSubject.encodedList);
      const expected = input.awards.filter((a) => (purpose === 'revocation' ? a.data.revoked : a.data.suspended)).map((a) => a.data.statusIndex);
      // Every set bit, not only those at award indexes: a stray bit would revoke a future award.
      const set: number[] = [];
      for (let i = 0; i < bits.length * 8; i += 1) if (readStatusBit(bits, i) === 1) set.push(i);
      expect(set).toEqual(expected.sort((a, b) => a - b));
      // Its JSON twin: the same list with a Data Integrity proof, at the address credentials name.
      const { proof, ...twin } = JSON.parse(files.get(`status/${purpose}-1.json`)!);
      const json = `${ORIGIN}/status/${purpose}-1.json`;
      expect(twin).toEqual({ '@context': list['@context'], id: json, type: list.type, issuer: list.issuer, credentialSubject: { ...list.credentialSubject, id: `${json}#list` } });
      expect(proof).toMatchObject([{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'did:web:badges.example.org#test-only-ed25519' }]);
    }
  });

  it('are byte-identical across builds, even with the signature cache gone', async () => {
    const input = await issueInput();
    const first = await issueBadges(input);
    await rm(input.cacheDir, { recursive: true, force: true });
    const second = await issueBadges(input);
    expect(second.signed).toBe(first.signed);
    expect([...second.files]).toEqual([...first.files]);
  });

  it('sign only what changed on a rebuild: nothing, then exactly one new award', async () => {
    const input = await issueInput();
    const cold = await issueBadges(input);
    expect(cold).toMatchObject({ signed: 5, reused: 0 }); // 3 credentials + 2 status lists
    expect(await issueBadges(input)).toMatchObject({ signed: 0, reused: 5 });
    input.awards = [...input.awards, anotherAward(input.awards[0]!, 1)];
    expect(await issueBadges(input)).toMatchObject({ signed: 1, reused: 5 });
  });

  it('recover from a damaged signature cache by signing again, and still publish only verified files', async () => {
    const input = await issueInput();
    const clean = await issueBadges(input);
    const cacheFile = `${input.cacheDir}/signatures-v1.json`;
    const cache = JSON.parse(await readFile(cacheFile, 'utf8')) as Record<string, string>;
    // One credential's signature and one status list's (the cache lists credentials first, lists last).
    for (const damaged of [Object.keys(cache)[0]!, Object.keys(cache).at(-1)!]) cache[damaged] = `${cache[damaged]!.slice(0, -4)}AAAA`;
    await writeFile(cacheFile, JSON.stringify(cache));
    const messages: string[] = [];
    const repaired = await issueBadges({ ...input, log: (m) => messages.push(m) });
    expect(messages).toContain('2 cached signature(s) did not verify and were made again.');
    expect(repaired.signed).toBe(2);
    expect([...repaired.files]).toEqual([...clean.files]);
  });

  it('publish nothing the self-check rejects: a failure names the award file, and nothing is written early', async () => {
    const input = await issueInput();
    const early = await tempDir('mic-early-');
    const issuing = await startIssuing({ ...input, earlyDir: early });
    const { pool } = await issuing.done;
    await pool.close();
    expect((await readdir(path.join(early, 'credentials'))).length).toBe(input.awards.length * 5); // .jwt .json .png .svg and the page folder
    // The same credential checked against keys that do not include the signing key.
    const shardEarly = await tempDir('mic-early-');
    const kid = `${ORIGIN}/keys/${TEST_ONLY_RS256.name}.json`;
    const shard = new IssueShard({
      key: createPrivateKey(TEST_ONLY_RS256.pem),
      alg: 'RS256',
      thumbprint: 'test',
      header: JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }),
      diKey: createPrivateKey(TEST_ONLY_ED25519.pem),
      diThumbprint: 'test-di',
      diVerificationMethod: badgeUrls(ORIGIN).verificationMethod(TEST_ONLY_ED25519.name),
      siteOrigin: ORIGIN,
      issuer: issuerProfile(input.settings, badgeUrls(ORIGIN), false),
      achievements: Object.fromEntries(input.achievements.map((a) => [a.id, a.data])),
      jwks: { keys: [{ ...TEST_ONLY_ES256.jwk, kid }] as JWK[] },
      cacheDir: shardEarly,
      bases: {},
      contexts: {},
      earlyDir: shardEarly,
    });
    const award = input.awards[0]!;
    const summary = issuing.credentials.find((c) => c.credentialId === award.data.credentialId)!;
    const outcome = await shard.sign([{ file: award.file, award: award.data, summary }]);
    expect(outcome.signed).toBe(1);
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]).toMatch(new RegExp(`^${award.file}: the JWT: (invalid|unknown-issuer) \\(`));
    expect(await readdir(shardEarly)).toEqual([]);
  });

  it('sign on worker threads past 200 signatures, byte for byte as signing in one thread would', async () => {
    const input = await issueInput();
    input.awards = Array.from({ length: 250 }, (_, n) => anotherAward(input.awards[0]!, n + 1));
    const { files, signed } = await issueBadges(input);
    expect(signed).toBe(252);
    const key = createPrivateKey(TEST_ONLY_RS256.pem);
    const tokens = [...files].filter(([n]) => n.endsWith('.jwt'));
    expect(tokens).toHaveLength(252);
    for (const [name, token] of tokens) {
      const [h, p] = token.split('.');
      const header = JSON.parse(Buffer.from(h!, 'base64url').toString('utf8'));
      const again = await new CompactSign(Buffer.from(p!, 'base64url')).setProtectedHeader(header).sign(key);
      expect(again, name).toBe(token);
    }
  });

  it('change only the revocation list when an award is revoked, and publish the day it was', async () => {
    const input = await issueInput();
    const before = (await issueBadges(input)).files;
    const target = input.awards.find((a) => !a.data.revoked)!;
    input.awards = input.awards.map((a) => (a === target ? { ...a, data: { ...a.data, revoked: true, revokedReason: 'r', revokedDate: '2023-01-01' } } : a));
    const after = (await issueBadges(input)).files;
    const changed = [...after.keys()].filter((name) => after.get(name) !== before.get(name));
    expect(changed).toEqual(['status/revocation-1.jwt', 'status/revocation-1.json', badgePaths.credentialRevocation(target.data.credentialId)]);
    // The date, and no reason: the award does not mark it public.
    expect(JSON.parse(after.get(badgePaths.credentialRevocation(target.data.credentialId))!)).toEqual({ credential: badgeUrls(ORIGIN).credentialJson(target.data.credentialId), revokedDate: '2023-01-01' });
  });

  it('can sign with ES256 when the key is a P-256 key', async () => {
    const { files } = await issue({ secret: TEST_ONLY_ES256.pem, keys: [{ name: TEST_ONLY_ES256.name, jwk: TEST_ONLY_ES256.jwk }, { name: TEST_ONLY_ED25519.name, jwk: TEST_ONLY_ED25519.jwk }] });
    const token = [...files].find(([n]) => n.startsWith('credentials/') && n.endsWith('.jwt'))![1];
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256' });
    await compactVerify(token, await importJWK(TEST_ONLY_ES256.jwk as JWK, 'ES256'));
  });
});

describe('signing keys', () => {
  it('refuse a key whose public half is not committed in content/keys/', async () => {
    await expect(issue({ secret: TEST_ONLY_ES256.pem })).rejects.toMatchObject({
      code: 'ERR_KEY_NOT_COMMITTED',
      message: expect.stringContaining('The public half of BADGE_SIGNING_KEY is not in content/keys/'),
    });
  });
  it('refuse text that is not a private key, and RSA keys under 2048 bits', async () => {
    await expect(issue({ secret: 'not a key' })).rejects.toMatchObject({ code: 'ERR_KEY_UNREADABLE' });
    const { generateKeyPairSync } = await import('node:crypto');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    await expect(issue({ secret: weak })).rejects.toMatchObject({
      code: 'ERR_KEY_WEAK',
      message: 'BADGE_SIGNING_KEY is a 1024-bit RSA key; use at least 2048 bits (npm run keys:new makes 3072).',
    });
  });
  it('accept the private key as a JWK, and with its newlines escaped as a secret store may keep it', async () => {
    const { createPrivateKey } = await import('node:crypto');
    const jwk = JSON.stringify(createPrivateKey(TEST_ONLY_RS256.pem).export({ format: 'jwk' }));
    expect((await issue({ secret: jwk })).keyName).toBe('test-only-rs256');
    expect((await issue({ secret: TEST_ONLY_RS256.pem.replace(/\n/g, '\\n') })).keyName).toBe('test-only-rs256');
  });
  it('require a key in production, and use a marked throwaway key in development', async () => {
    await expect(issue({ secret: undefined })).rejects.toBeInstanceOf(SigningKeyError);
    const dev = await issue({ secret: undefined, production: false });
    expect(dev.development).toBe(true);
    expect(dev.keyName).toMatch(/^dev-[a-z0-9_-]{12}$/);
    expect(JSON.parse(dev.files.get('issuer.json')!).name).toBe('City of Kingston (development build, not a real credential)');
    expect(JSON.parse(dev.files.get('.well-known/jwks.json')!).keys.map((k: { kid: string }) => k.kid)).toEqual([
      `${ORIGIN}/keys/${dev.keyName}.json`,
      `${ORIGIN}/keys/test-only-ed25519.json`,
      `${ORIGIN}/keys/test-only-rs256.json`,
    ]);
    // Each key separately: without BADGE_DI_KEY a production build refuses, a development one uses a throwaway key.
    await expect(issue({ diSecret: undefined })).rejects.toMatchObject({ code: 'ERR_KEY_MISSING', message: expect.stringContaining('This is a production build and BADGE_DI_KEY is not set.') });
    const devDi = await issue({ diSecret: undefined, production: false });
    expect(devDi.development).toBe(true);
    // The throwaway key signs; the committed one stays listed (a retired key's proofs keep verifying).
    expect(JSON.parse(devDi.files.get('.well-known/did.json')!).assertionMethod).toEqual([expect.stringMatching(/^did:web:badges\.example\.org#dev-[a-z0-9_-]{12}$/), 'did:web:badges.example.org#test-only-ed25519']);
    expect(JSON.parse(devDi.files.get([...devDi.files.keys()].find((n) => /^credentials\/[0-9a-f-]{36}\.json$/.test(n))!)!).proof[0].verificationMethod).toMatch(/#dev-/);
    await expect(issue({ diSecret: TEST_ONLY_RS256.pem })).rejects.toMatchObject({ code: 'ERR_KEY_TYPE', message: expect.stringContaining('BADGE_DI_KEY must be an Ed25519 key') });
  });
});
