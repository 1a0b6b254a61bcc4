// Partner endorsements: signed as `npm run endorse` signs them (TEST-ONLY partner key), checked by the
// verification core's endorsement step, refused by the build with the file named, embedded in every
// credential of the micro-credential, and shown as their own line without ever changing the verdict.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { issueBadges } from '../../src/lib/issue/issue-fs.ts';
import { didKeyOf, EndorsementError, readEndorsements } from '../../src/lib/issue/endorsements-fs.ts';
import { badgePaths, badgeUrls } from '../../src/lib/ob3/urls.ts';
import { createKeyResolver } from '../../src/lib/verify/keys.ts';
import { createNet } from '../../src/lib/verify/net.ts';
import { checkEndorsement } from '../../src/lib/verify/steps/endorsement.ts';
import { verify } from '../../src/lib/verify/verify.ts';
import { checkContent } from '../../src/lib/content/check-fs.ts';
import { repo } from '../support/build.ts';
import { achievementCredentialValidator } from '../support/conformance.ts';
import { ACHIEVEMENT, endorsementCredentialValidator, SAMPLE_PARTNER, signedEndorsement, TEST_ONLY_PARTNER, writeEndorsements } from '../support/endorsement.ts';
import { issueInput, ORIGIN, tempDir } from '../support/issue.ts';

type Json = Record<string, unknown>;
const urls = badgeUrls(ORIGIN);
const NOW = new Date('2026-06-01T00:00:00Z');
const keys = createKeyResolver({ urls, net: createNet({ siteOrigin: ORIGIN }), pinned: { keys: [] } });
const check = (json: unknown, achievementId = urls.achievement(ACHIEVEMENT)) => checkEndorsement(json, { achievementId, now: NOW }, urls, keys);
const FILE = `${SAMPLE_PARTNER}-${ACHIEVEMENT}.json`;

const content = await checkContent(repo);
const partners = content.entries.partners;
/** The same partners, the sample one made a real one: its endorsements then get no leniency. */
const realPartners = partners.map((p) => (p.id === SAMPLE_PARTNER ? { ...p, data: { ...p.data, sample: false } } : p));
const achievements = content.entries.achievements;

describe('an endorsement on its own (verify/steps/endorsement.ts)', () => {
  it('verifies as signed, naming the partner, its comment and date', async () => {
    const signed = await signedEndorsement(ORIGIN, { comment: 'Graduates of this program start faster.' });
    expect(signed.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect((signed.proof as Json[])[0]).toMatchObject({ cryptosuite: 'eddsa-rdfc-2022', verificationMethod: `${TEST_ONLY_PARTNER.did}#${TEST_ONLY_PARTNER.did.slice(8)}` });
    const outcome = await check(signed);
    expect(outcome).toMatchObject({ status: 'pass', code: 'OK', issuer: TEST_ONLY_PARTNER.did });
    expect(outcome.view).toEqual({ partner: 'Sample Endorser (made up for testing)', url: 'https://endorser.example.org/', comment: 'Graduates of this program start faster.', date: '2026-01-15' });
  });

  it('fails when its comment is changed after signing', async () => {
    const signed = await signedEndorsement(ORIGIN);
    const tampered = { ...signed, credentialSubject: { ...(signed.credentialSubject as Json), endorsementComment: 'We guarantee every holder a job.' } };
    expect(await check(tampered)).toMatchObject({ status: 'fail', code: 'ENDORSEMENT_INVALID', cause: 'ERR_SIGNATURE_MISMATCH' });
  });

  it('fails when its proof is changed', async () => {
    const signed = await signedEndorsement(ORIGIN);
    const [proof] = signed.proof as Json[];
    const value = proof!.proofValue as string;
    const tampered = { ...signed, proof: [{ ...proof, proofValue: `${value.slice(0, -2)}${value.endsWith('a') ? 'bb' : 'aa'}` }] };
    expect(await check(tampered)).toMatchObject({ status: 'fail', code: 'ENDORSEMENT_INVALID' });
  });

  it('fails when signed with another key than its issuer names', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const otherDid = didKeyOf(other);
    // Signed by another did:key but naming the partner as issuer: the proof verifies, the issuer does not control the key.
    const signed = await signedEndorsement(ORIGIN, { key: { did: otherDid }, pem: other.export({ format: 'pem', type: 'pkcs8' }).toString() });
    const forged = { ...signed, issuer: { ...(signed.issuer as Json), id: TEST_ONLY_PARTNER.did } };
    const outcome = await check(forged);
    expect(outcome.status).toBe('fail');
    expect(['ERR_SIGNATURE_MISMATCH', 'ERR_ISSUER_MISMATCH']).toContain(outcome.cause);
    // And the signing command refuses a key that is not the partner's recorded one.
    await expect(signedEndorsement(ORIGIN, { pem: other.export({ format: 'pem', type: 'pkcs8' }).toString() })).rejects.toThrow(/is not the one recorded for the partner/);
  });

  it('fails when it endorses another micro-credential, or another site’s', async () => {
    const other = await signedEndorsement(ORIGIN, { achievement: 'another-badge' });
    expect(await check(other)).toMatchObject({ status: 'fail', cause: 'ERR_SUBJECT_MISMATCH', detail: expect.stringContaining('/micro-credentials/another-badge/') });
    const elsewhere = await signedEndorsement('https://other.example.net');
    expect(await check(elsewhere)).toMatchObject({ status: 'fail', cause: 'ERR_SUBJECT_MISMATCH' });
  });

  it('is refused when dated after now (the command will not sign one)', async () => {
    const future = await signedEndorsement(ORIGIN, { validFrom: '2030-01-01T00:00:00Z' }).catch((e: Error) => e);
    expect(future).toBeInstanceOf(EndorsementError);
    expect((future as Error).message).toMatch(/dated 2030-01-01T00:00:00Z, after now/);
  });

  it('a did:web partner key: checked against the key this site recorded, fetched from this site only', async () => {
    const pair = generateKeyPairSync('ed25519');
    const multikey = didKeyOf(pair.privateKey).slice('did:key:'.length);
    const key = { did: 'did:web:partner.example.ca', keyId: 'endorsement-2026', publicKeyMultibase: multikey };
    const signed = await signedEndorsement(ORIGIN, { key, pem: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), issuerName: 'Partner' });
    const method = 'did:web:partner.example.ca#endorsement-2026';
    expect(await checkEndorsement(signed, { achievementId: urls.achievement(ACHIEVEMENT), now: NOW }, urls, keys, { [method]: multikey })).toMatchObject({
      status: 'pass',
      detail: 'Endorsed by Partner: signed with the key this site recorded for partner.example.ca, unchanged since.',
    });
    // Without this site's record the partner is not contacted: the line says it could not be checked.
    expect(await check(signed)).toMatchObject({ status: 'warn', code: 'ENDORSEMENT_KEY_UNKNOWN' });
  });
});

describe('the build’s check of content/endorsements/ (issue/endorsements-fs.ts)', () => {
  it('accepts the committed sample for the default development origin', async () => {
    const read = await readEndorsements({ root: repo, origin: 'http://localhost:4321', production: false, partners, achievements });
    expect(read.get(ACHIEVEMENT)?.map((e) => [e.file, e.partner, e.view.partner])).toEqual([[`content/endorsements/${FILE}`, SAMPLE_PARTNER, 'Sample Endorser (made up for testing)']]);
  });

  it('refuses a tampered file, naming it and saying what to do', async () => {
    const root = await tempDir('mic-endorse-');
    const signed = await signedEndorsement(ORIGIN);
    await writeEndorsements(root, { [FILE]: { ...signed, credentialSubject: { ...(signed.credentialSubject as Json), endorsementComment: 'Changed.' } } });
    const read = readEndorsements({ root, origin: ORIGIN, production: false, partners, achievements });
    await expect(read).rejects.toThrow(EndorsementError);
    await expect(read).rejects.toThrow(new RegExp(`^content/endorsements/${FILE}: The proof does not match.*\\(ERR_SIGNATURE_MISMATCH\\).*npm run endorse`));
  });

  it('refuses an endorsement by a key no partner records, one for another origin (in production), one of no micro-credential, a misnamed file and a file that is not JSON', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const stranger = await signedEndorsement(ORIGIN, { key: { did: didKeyOf(other) }, pem: other.export({ format: 'pem', type: 'pkcs8' }).toString() });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ [FILE]: stranger }, /which no partner in content\/partners\/ records as its endorsementKey \(recorded: sample-endorser/],
      [{ [FILE]: await signedEndorsement('https://other.example.net') }, /the micro-credential at https:\/\/other\.example\.net, but this production build is for https:\/\/badges\.example\.org\. If/],
      [{ [FILE]: await signedEndorsement(ORIGIN, { achievement: 'another-badge' }) }, /no micro-credential of this site at https:\/\/badges\.example\.org .*--site, SITE_URL/],
      [{ 'endorsement.json': await signedEndorsement(ORIGIN) }, /content\/endorsements\/endorsement\.json: .*must be named sample-endorser-innovation-skills\.json/],
      [{ [FILE]: '{"@context": [' }, /is not JSON/],
      [{ 'notes.txt': 'hello' }, /content\/endorsements\/notes\.txt: only signed endorsements \(\.json/],
    ];
    for (const [files, message] of cases) {
      const root = await tempDir('mic-endorse-');
      await writeEndorsements(root, files);
      await expect(readEndorsements({ root, origin: ORIGIN, production: true, partners: realPartners, achievements }), String(message)).rejects.toThrow(message);
    }
  });

  it('leaves out a sample partner’s endorsement signed for another address (the committed one, in a build for another SITE_URL), saying so', async () => {
    for (const production of [false, true]) {
      const messages: string[] = [];
      const read = await readEndorsements({ root: repo, origin: ORIGIN, production, partners, achievements, log: (m) => messages.push(m) });
      expect(read.size).toBe(0);
      expect(messages).toEqual([`content/endorsements/${FILE}: Sample Endorser (made up for testing)'s endorsement is signed for http://localhost:4321, not for this build's address (${ORIGIN}): left out of this build.`]);
    }
    // Tampered, it is still refused: only the address is forgiven.
    const root = await tempDir('mic-endorse-');
    const signed = await signedEndorsement('http://localhost:4321');
    await writeEndorsements(root, { [FILE]: { ...signed, name: 'Changed' } });
    await expect(readEndorsements({ root, origin: ORIGIN, production: false, partners, achievements })).rejects.toThrow(/ERR_SIGNATURE_MISMATCH/);
  });

  it('a real partner’s endorsement signed for the public address: left out of a development build, saying so; a production build at another address stops, naming the file', async () => {
    const root = await tempDir('mic-endorse-');
    await writeEndorsements(root, { [FILE]: await signedEndorsement('https://innovation.example.ca') });
    const messages: string[] = [];
    const read = await readEndorsements({ root, origin: 'http://localhost:4321', production: false, partners: realPartners, achievements, log: (m) => messages.push(m) });
    expect(read.size).toBe(0);
    expect(messages).toEqual([`content/endorsements/${FILE}: Sample Endorser (made up for testing)'s endorsement is signed for https://innovation.example.ca, not for this build's address (http://localhost:4321): left out of this build.`]);
    await expect(readEndorsements({ root, origin: 'http://localhost:4321', production: true, partners: realPartners, achievements })).rejects.toThrow(
      `content/endorsements/${FILE}: it endorses https://innovation.example.ca/micro-credentials/innovation-skills/, the micro-credential at https://innovation.example.ca, but this production build is for http://localhost:4321. If https://innovation.example.ca is the public address, build with SITE_URL=https://innovation.example.ca; otherwise ask Sample Endorser (made up for testing) to sign it again with npm run endorse -- --site http://localhost:4321 (docs/endorsing.md).`,
    );
    // At the address it was signed for, it is in the build.
    expect((await readEndorsements({ root, origin: 'https://innovation.example.ca', production: true, partners: realPartners, achievements })).get(ACHIEVEMENT)).toHaveLength(1);
    // Changed after signing, it stops a development build too.
    const signed = await signedEndorsement('https://innovation.example.ca');
    await writeEndorsements(root, { [FILE]: { ...signed, credentialSubject: { ...(signed.credentialSubject as Json), endorsementComment: 'Changed.' } } });
    await expect(readEndorsements({ root, origin: 'http://localhost:4321', production: false, partners: realPartners, achievements })).rejects.toThrow(/ERR_SIGNATURE_MISMATCH/);
  });

  it('refuses an endorser name or web address other than the partner file’s, saying to sign again with npm run endorse', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        await signedEndorsement(ORIGIN, { issuerName: 'City of Kingston' }),
        `content/endorsements/${FILE}: its endorser is named "City of Kingston", but content/partners/sample-endorser.yaml names the partner "Sample Endorser (made up for testing)". Ask Sample Endorser (made up for testing) to sign it again with npm run endorse (docs/endorsing.md), which writes the name and web address from content/partners/sample-endorser.yaml.`,
      ],
      [
        await signedEndorsement(ORIGIN, { issuerUrl: 'https://www.cityofkingston.ca/' }),
        `content/endorsements/${FILE}: its endorser's web address is "https://www.cityofkingston.ca/", but content/partners/sample-endorser.yaml records https://endorser.example.org/. Ask Sample Endorser (made up for testing) to sign it again with npm run endorse (docs/endorsing.md), which writes the name and web address from content/partners/sample-endorser.yaml.`,
      ],
    ];
    for (const [signed, message] of cases) {
      const root = await tempDir('mic-endorse-');
      await writeEndorsements(root, { [FILE]: signed });
      await expect(readEndorsements({ root, origin: ORIGIN, production: false, partners: realPartners, achievements })).rejects.toThrow(message);
    }
    // Without a web address it is accepted, shown under the partner's recorded name.
    const root = await tempDir('mic-endorse-');
    await writeEndorsements(root, { [FILE]: await signedEndorsement(ORIGIN, { issuerUrl: null }) });
    const read = await readEndorsements({ root, origin: ORIGIN, production: false, partners: realPartners, achievements });
    expect(read.get(ACHIEVEMENT)?.map((e) => [e.view.partner, e.view.url])).toEqual([['Sample Endorser (made up for testing)', undefined]]);
  });

  it('leaves out an expired endorsement in every build, saying so, instead of stopping the build the day it expires', async () => {
    const root = await tempDir('mic-endorse-');
    await writeEndorsements(root, { [FILE]: await signedEndorsement(ORIGIN, { validUntil: '2026-06-30T00:00:00Z' }) });
    for (const production of [false, true]) {
      const messages: string[] = [];
      const read = await readEndorsements({ root, origin: ORIGIN, production, partners: realPartners, achievements, now: new Date('2026-07-01T00:00:00Z'), log: (m) => messages.push(m) });
      expect(read.size).toBe(0);
      expect(messages).toEqual([
        `content/endorsements/${FILE}: It expired on 2026-06-30. Left out of this build: the credentials are signed again without it. Ask Sample Endorser (made up for testing) for a new one (npm run endorse, docs/endorsing.md), or remove the file.`,
      ]);
    }
    // Before then, it is in the build.
    const before = await readEndorsements({ root, origin: ORIGIN, production: true, partners: realPartners, achievements, now: NOW });
    expect(before.get(ACHIEVEMENT)).toHaveLength(1);
    // Issuing goes on without it (it expired in the past, whatever today's date): no credential carries it.
    const messages: string[] = [];
    const issued = await issueBadges(await issueInput({ root, log: (m) => messages.push(m) }));
    expect(messages).toContainEqual(expect.stringMatching(new RegExp(`^content/endorsements/${FILE}: It expired on 2026-06-30\\. Left out of this build`)));
    const { credentialId } = issued.credentials.find((c) => c.achievement === ACHIEVEMENT)!;
    expect(((JSON.parse(issued.files.get(badgePaths.credentialJson(credentialId))!).credentialSubject as Json).achievement as Json).endorsement).toBeUndefined();
  });

  it('reports every bad file at once, one line each', async () => {
    const root = await tempDir('mic-endorse-');
    const signed = await signedEndorsement(ORIGIN);
    await writeEndorsements(root, { [FILE]: { ...signed, name: 'Changed' }, 'notes.txt': 'hello', 'z.json': '{' });
    const error = await readEndorsements({ root, origin: ORIGIN, production: false, partners: realPartners, achievements }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndorsementError);
    const lines = (error as EndorsementError).message.split('\n');
    expect(lines.map((line) => line.slice(0, line.indexOf(':')))).toEqual([`content/endorsements/notes.txt`, `content/endorsements/${FILE}`, 'content/endorsements/z.json']);
    expect((error as EndorsementError).problems).toEqual(lines);
  });
});

describe('embedded in credentials (ob3/credential.ts, verify.ts)', async () => {
  const root = await tempDir('mic-endorse-');
  await writeEndorsements(root, { [FILE]: await signedEndorsement(ORIGIN, { comment: 'Embedded in every credential.' }) });
  const issued = await issueBadges(await issueInput({ root }));
  const jwks = JSON.parse(issued.files.get(badgePaths.jwks)!);
  const ofAchievement = issued.credentials.filter((c) => c.achievement === ACHIEVEMENT);

  it('is in the Achievement of every credential of that micro-credential, in the JWT and the Data Integrity JSON', () => {
    expect(ofAchievement.length).toBeGreaterThan(1);
    for (const { credentialId } of ofAchievement) {
      const json = JSON.parse(issued.files.get(badgePaths.credentialJson(credentialId))!);
      const jwt = decodeJwt(issued.files.get(badgePaths.credentialJwt(credentialId))!) as Json;
      for (const vc of [json, jwt]) {
        const endorsement = ((vc.credentialSubject as Json).achievement as Json).endorsement as Json[];
        expect(endorsement).toHaveLength(1);
        expect((endorsement[0]!.credentialSubject as Json).endorsementComment).toBe('Embedded in every credential.');
      }
    }
    expect(issued.endorsements[ACHIEVEMENT]).toEqual([{ partner: 'Sample Endorser (made up for testing)', url: 'https://endorser.example.org/', comment: 'Embedded in every credential.', date: '2026-01-15', sample: true }]);
  });

  it("validate against 1EdTech's official schemas: the endorsement on its own, and the credentials that embed it (JSON and JWT payload)", async () => {
    const endorsementSchema = await endorsementCredentialValidator();
    const credentialSchema = achievementCredentialValidator();
    const endorsement = (((JSON.parse(issued.files.get(badgePaths.credentialJson(ofAchievement[0]!.credentialId))!).credentialSubject as Json).achievement as Json).endorsement as Json[])[0];
    expect(endorsementSchema(endorsement), JSON.stringify(endorsementSchema.errors)).toBe(true);
    // A broken one is caught (the schema can fail): no issuer.
    expect(endorsementSchema({ ...endorsement, issuer: undefined })).toBe(false);
    for (const { credentialId } of ofAchievement) {
      for (const vc of [JSON.parse(issued.files.get(badgePaths.credentialJson(credentialId))!), decodeJwt(issued.files.get(badgePaths.credentialJwt(credentialId))!)]) {
        expect(credentialSchema(vc), JSON.stringify(credentialSchema.errors)).toBe(true);
      }
    }
  });

  it('shows as a passed line of its own on both forms, and the credential stays valid', async () => {
    const { credentialId } = ofAchievement.find((c) => !c.revoked && !c.suspended)!;
    for (const input of [issued.files.get(badgePaths.credentialJwt(credentialId))!, issued.files.get(badgePaths.credentialJson(credentialId))!]) {
      const result = await verify(input, { siteOrigin: ORIGIN, trustedKeys: jwks, checkStatus: false, now: NOW });
      expect(result.verdict).toBe('valid');
      expect(result.checks.at(-1)).toMatchObject({ id: 'endorsement', status: 'pass', code: 'OK', detail: 'Endorsed by Sample Endorser (made up for testing): signed with its own key (a did:key), unchanged since.' });
      expect(result.endorsements).toEqual([{ status: 'pass', detail: expect.any(String), partner: 'Sample Endorser (made up for testing)', comment: 'Embedded in every credential.', date: '2026-01-15' }]);
    }
  });

  it('a broken endorsement in a credential this site signed is a failed line; the verdict is unchanged', async () => {
    // Signed by this site (its self-check would never let this out; made here on purpose): the endorsement's comment changed after the partner signed it.
    const broken = await signedEndorsement(ORIGIN);
    (broken.credentialSubject as Json).endorsementComment = 'Changed after the partner signed it.';
    const badRoot = await tempDir('mic-endorse-');
    const input = await issueInput({ root: badRoot });
    // Build the credential with the broken endorsement directly and sign its JWT with the test key.
    const { buildCredential, issuerProfile, jwtClaims } = await import('../../src/lib/ob3/credential.ts');
    const { SignJWT, importPKCS8 } = await import('jose');
    const award = input.awards.find((a) => a.data.achievement === ACHIEVEMENT && !a.data.revoked && !a.data.suspended)!.data;
    const vc = buildCredential({ award, achievement: achievements.find((a) => a.id === ACHIEVEMENT)!.data, issuer: issuerProfile(input.settings, urls, false), urls, endorsements: [broken] });
    const key = await importPKCS8(input.secret!, 'RS256');
    const token = await new SignJWT({ ...vc, ...jwtClaims(vc) } as unknown as Record<string, unknown>).setProtectedHeader({ alg: 'RS256', kid: urls.key('test-only-rs256'), typ: 'JWT' }).sign(key);
    const result = await verify(token, { siteOrigin: ORIGIN, trustedKeys: jwks, checkStatus: false, now: NOW });
    expect(result.verdict).toBe('valid');
    expect(result.checks.at(-1)).toMatchObject({ id: 'endorsement', status: 'fail', code: 'ENDORSEMENT_INVALID', cause: 'ERR_SIGNATURE_MISMATCH' });
    expect(result.checks.at(-1)!.detail).toMatch(/^Its endorsement does not check out \(this does not change the verdict on the credential\): The proof does not match/);
    expect(result.endorsements).toEqual([{ status: 'fail', detail: expect.stringMatching(/^The proof does not match/) }]);
  });

  it("another issuer's credential carrying a genuine endorsement: not reported, since nothing vouches for what it embeds", async () => {
    // Someone else's credential (its own key in the header, its own issuer) copies this site's genuine endorsement.
    const { SignJWT, exportJWK } = await import('jose');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const vc = decodeJwt(issued.files.get(badgePaths.credentialJwt(ofAchievement[0]!.credentialId))!) as Json;
    const other = 'https://elsewhere.example/issuer';
    const token = await new SignJWT({ ...vc, issuer: { ...(vc.issuer as Json), id: other }, iss: other })
      .setProtectedHeader({ alg: 'RS256', jwk: await exportJWK(publicKey), typ: 'JWT' })
      .sign(privateKey);
    const result = await verify(token, { siteOrigin: ORIGIN, trustedKeys: jwks, checkStatus: false, now: NOW });
    expect(result.verdict).toBe('unknown-issuer');
    expect(result.checks.at(-1)).toMatchObject({ id: 'endorsement', status: 'skip', code: 'ENDORSEMENTS_NOT_VOUCHED' });
    expect(result.endorsements).toBeUndefined();
  });

  it('changes the credentials’ cache keys: a changed endorsement is signed again, not reused', async () => {
    const cacheDir = await tempDir('mic-cache-');
    await issueBadges(await issueInput({ root, cacheDir }));
    expect((await issueBadges(await issueInput({ root, cacheDir }))).signed).toBe(0);
    await writeEndorsements(root, { [FILE]: await signedEndorsement(ORIGIN, { comment: 'A new comment.' }) });
    const changed = await issueBadges(await issueInput({ root, cacheDir }));
    expect(changed.signed).toBe(ofAchievement.length);
    const vc = decodeJwt(changed.files.get(badgePaths.credentialJwt(ofAchievement[0]!.credentialId))!) as Json;
    expect(JSON.stringify(vc)).toContain('A new comment.');
  });
});

describe('deferred endorsements (the verify page: the verdict first)', async () => {
  const { checkEndorsements } = await import('../../src/lib/verify/verify.ts');
  const root = await tempDir('mic-endorse-');
  await writeEndorsements(root, { [FILE]: await signedEndorsement(ORIGIN) });
  const issued = await issueBadges(await issueInput({ root }));
  const jwks = JSON.parse(issued.files.get(badgePaths.jwks)!);
  const { credentialId } = issued.credentials.find((c) => c.achievement === ACHIEVEMENT && !c.revoked && !c.suspended)!;

  it('leaves the line pending with the same verdict, and checkEndorsements fills it in', async () => {
    const options = { siteOrigin: ORIGIN, trustedKeys: jwks, checkStatus: false, now: NOW, deferEndorsements: true };
    const first = await verify(issued.files.get(badgePaths.credentialJwt(credentialId))!, options);
    expect(first.verdict).toBe('valid');
    expect(first.checks.at(-1)).toMatchObject({ id: 'endorsement', status: 'skip', code: 'ENDORSEMENTS_PENDING' });
    expect(first.endorsements).toBeUndefined();
    const done = await checkEndorsements(first, options);
    expect(done.verdict).toBe('valid');
    expect(done.checks.at(-1)).toMatchObject({ id: 'endorsement', status: 'pass', code: 'OK' });
    expect(done.endorsements?.[0]).toMatchObject({ status: 'pass', partner: 'Sample Endorser (made up for testing)' });
  });
});

describe('a partner’s endorsement key (src/schemas/partner.ts)', async () => {
  const { partnerSchema } = await import('../../src/schemas/partner.ts');
  const base = { name: 'Partner', role: 'Employer partner', url: 'https://partner.example.ca/' };
  const problems = (endorsementKey: unknown) => {
    const parsed = partnerSchema.safeParse({ ...base, endorsementKey });
    return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  };

  it('is a did:key, or a did:web with its key recorded beside it', () => {
    expect(problems({ did: TEST_ONLY_PARTNER.did })).toEqual([]);
    expect(problems({ did: 'did:web:partner.example.ca', keyId: 'endorsement-2026', publicKeyMultibase: TEST_ONLY_PARTNER.did.slice(8) })).toEqual([]);
    expect(partnerSchema.parse(base)).toMatchObject({ sample: false });
  });

  it('says what is wrong otherwise', () => {
    expect(problems({ did: 'did:web:partner.example.ca' })).toEqual(['A did:web endorsement key needs keyId and publicKeyMultibase too: this site records the key rather than fetch it from the partner.']);
    expect(problems({ did: `${TEST_ONLY_PARTNER.did}`, keyId: 'x' })).toEqual(['A did:key is the key itself: leave out keyId and publicKeyMultibase.']);
    expect(problems({ did: 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme' })[0]).toMatch(/^Expected did:key:z6Mk… \(as npm run endorse -- --new-key prints it\)/);
    expect(problems({ did: 'https://partner.example.ca/' })[0]).toMatch(/^Expected did:key:z6Mk…/);
    expect(problems({ did: 'did:web:partner.example.ca', keyId: 'k', publicKeyMultibase: 'zNotAKey' })).toEqual(['Expected an Ed25519 public key as a Multikey: z6Mk followed by 44 letters and digits.']);
  });
});

describe('a did:key endorsement’s proof', () => {
  it('must name the did:key’s one key', async () => {
    // Signed properly with the partner's key, but naming a method the did:key does not have.
    const { createPrivateKey } = await import('node:crypto');
    const { optionsHash, proofOptions, proofValueOf, secured, unsecuredHash } = await import('../../src/lib/data-integrity/sign-fs.ts');
    const { proof: _proof, ...unsecured } = await signedEndorsement(ORIGIN);
    const options = proofOptions(`${TEST_ONLY_PARTNER.did}#key-2`);
    const value = proofValueOf(createPrivateKey(TEST_ONLY_PARTNER.pem), await optionsHash(options, unsecured['@context']), await unsecuredHash(unsecured));
    expect(await check(secured(unsecured, options, value))).toMatchObject({ status: 'fail', code: 'ENDORSEMENT_INVALID', cause: 'ERR_KEY_NOT_FOUND', detail: 'Its proof names a key its did:key does not have.' });
  });
});
