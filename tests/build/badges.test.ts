// The badge files of the development build that a fresh clone makes (no key, no SITE_URL), checked
// the way an outside verifier would: only the published JWKS, jose and 1EdTech's JSON schema.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { badgePaths, badgeUrls } from '../../src/lib/ob3/urls.ts';
import { svgProblems } from '../../src/lib/content/svg-safety.ts';
import { readPngCredential } from '../../src/lib/verify/png.ts';
import { decodeStatusList, readStatusBit } from '../../src/lib/verify/status-list.ts';
import { readSvgCredential } from '../../src/lib/verify/svg.ts';
import { LOCAL_ORIGIN, repo } from '../support/build.ts';
import { achievementCredentialValidator } from '../support/conformance.ts';

const dist = inject('builtSite');
const read = (relative: string) => readFile(path.join(dist, relative), 'utf8');
/** The file a URL of this site is published at. */
const fileOf = (url: string) => path.join(dist, new URL(url).pathname);
let jwks: JSONWebKeySet;
let awardFiles: string[];
let awardIds: string[];

beforeAll(async () => {
  jwks = JSON.parse(await read(badgePaths.jwks));
  awardFiles = (await readdir(path.join(repo, 'content/awards'))).filter((f) => f.endsWith('.yaml'));
  awardIds = await Promise.all(awardFiles.map(async (f) => /credentialId: (\S+)/.exec(await readFile(path.join(repo, 'content/awards', f), 'utf8'))![1]!));
});

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('published badges', () => {
  it('has a .jwt, .json, baked .png and .svg and a page for every award, plus issuer, keys, JWKS, DID document, status lists and _headers', async () => {
    const credentials = await readdir(path.join(dist, badgePaths.credentials));
    for (const extension of ['.jwt', '.json', '.png', '.svg']) {
      expect(credentials.filter((f) => f.endsWith(extension)).length, extension).toBe(awardFiles.length);
    }
    // One page per award, filled from the page template (no template left behind, no slot left unfilled).
    const pages = credentials.filter((f) => existsSync(path.join(dist, badgePaths.credentialPageFile(f))));
    expect(pages.length).toBe(awardFiles.length);
    for (const page of pages) expect(await read(badgePaths.credentialPageFile(page)), page).not.toMatch(/x-mic-[0-9a-f]{16}-|template-/);
    for (const file of [badgePaths.issuer, badgePaths.jwks, badgePaths.didDocument, badgePaths.statusList('revocation'), badgePaths.statusList('suspension'), badgePaths.hostHeaders]) {
      expect(existsSync(path.join(dist, file)), file).toBe(true);
    }
    expect(await read('_headers')).toContain('/credentials/*.jwt\n  Content-Type: text/plain; charset=utf-8\n  Access-Control-Allow-Origin: *');
  });

  it('bakes into every badge image the credential .json with its proof: the SVG passes the artwork allow-list, and each image is its artwork plus the credential', async () => {
    for (const id of awardIds) {
      const json = await read(badgePaths.credentialJson(id));
      const compact = Buffer.byteLength(JSON.stringify(JSON.parse(json)));
      const svg = await read(badgePaths.credentialSvg(id));
      expect(svgProblems(svg), id).toEqual([]);
      expect(readSvgCredential(svg), id).toMatchObject({ kind: 'ob3' });
      const baked = readSvgCredential(svg) as { text: string };
      expect(JSON.parse(baked.text), id).toEqual(JSON.parse(json));
      const png = await readPngCredential(new Uint8Array(await readFile(path.join(dist, badgePaths.credentialPng(id)))));
      expect(png.kind === 'ob3' && JSON.parse(png.text), id).toEqual(JSON.parse(json));
      // Escapes inside strings cost a few bytes; nothing else is added.
      expect(Buffer.byteLength(baked.text) - compact, id).toBeLessThan(200);
    }
  });

  it('verifies every credential with only the published JWKS and jose, and validates it with the official schema', async () => {
    const keySet = createLocalJWKSet(jwks);
    const validate = achievementCredentialValidator();
    const tokens = (await readdir(path.join(dist, badgePaths.credentials))).filter((f) => f.endsWith('.jwt'));
    for (const name of tokens) {
      const token = await read(`${badgePaths.credentials}/${name}`);
      const { kid } = decodeProtectedHeader(token);
      // The kid is a URL of this site that serves the bare public key.
      expect(JSON.parse(await readFile(fileOf(kid!), 'utf8')).kid, name).toBe(kid);
      const { payload } = await jwtVerify(token, keySet, { issuer: badgeUrls(LOCAL_ORIGIN).did, currentDate: new Date('2026-11-22T00:00:00Z') });
      const id = name.replace(/\.jwt$/, '');
      expect(payload.jti).toBe(badgeUrls(LOCAL_ORIGIN).credentialJson(id));
      // The .json is the same credential with its Data Integrity proof.
      const { proof, ...json } = JSON.parse(await read(badgePaths.credentialJson(id)));
      expect(json).toEqual(Object.fromEntries(Object.entries(payload).filter(([k]) => !['iss', 'jti', 'sub', 'nbf', 'exp'].includes(k))));
      expect(proof).toMatchObject([{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' }]);
      expect(validate({ ...json, proof }) ? [] : validate.errors, `${name} as JSON`).toEqual([]);
      expect(validate(payload) ? [] : validate.errors, name).toEqual([]);
    }
  });

  it('serves the issuer profile, its id the did:web whose document lists the Data Integrity key, and marks it and every page as a development build', async () => {
    const issuer = JSON.parse(await read(badgePaths.issuer));
    expect(issuer.id).toBe(badgeUrls(LOCAL_ORIGIN).did);
    const did = JSON.parse(await read(badgePaths.didDocument));
    expect(did.id).toBe(issuer.id);
    const proof = JSON.parse(await read(badgePaths.credentialJson(awardIds[0]!))).proof[0];
    expect(did.assertionMethod).toContain(proof.verificationMethod);
    expect(issuer.name).toBe('City of Kingston (development build, not a real credential)');
    for (const file of (await allFiles(dist)).filter((f) => f.endsWith('.html') && !f.includes(`${path.sep}admin${path.sep}`))) {
      expect(await readFile(file, 'utf8'), path.relative(dist, file)).toContain('<strong>Development build.</strong>');
    }
  });

  it('sets the revoked sample award in the signed revocation list', async () => {
    const { payload } = await jwtVerify(await read(badgePaths.statusList('revocation')), createLocalJWKSet(jwks));
    const bits = await decodeStatusList((payload.credentialSubject as { encodedList: string }).encodedList);
    for (const name of awardFiles) {
      const text = await readFile(path.join(repo, 'content/awards', name), 'utf8');
      const index = Number(/statusIndex: (\d+)/.exec(text)![1]);
      expect(readStatusBit(bits, index), name).toBe(/^revoked: true$/m.test(text) ? 1 : 0);
    }
  });

  it('never publishes a private key or the name of the variable that holds it', async () => {
    const devKey = await readFile(path.join(repo, '.badges-dev/signing-key.pem'), 'utf8');
    const devKeyBody = devKey.split('\n').slice(1, 4).join('');
    const devDiBody = (await readFile(path.join(repo, '.badges-dev/di-key.pem'), 'utf8')).split('\n')[1]!;
    const leaks: string[] = [];
    for (const file of await allFiles(dist)) {
      const text = await readFile(file, 'utf8');
      const flat = text.replace(/\s/g, '');
      if (/PRIVATE KEY-----/.test(text)) leaks.push(`${file}: PEM private key`);
      if (/["']?\b(d|p|q|dp|dq|qi)\b["']?\s*:\s*["'][A-Za-z0-9_-]{20,}/.test(text)) leaks.push(`${file}: private JWK member`);
      if (text.includes('BADGE_SIGNING_KEY') || text.includes('BADGE_DI_KEY')) leaks.push(`${file}: a key variable's name`);
      if (flat.includes(devKeyBody)) leaks.push(`${file}: the development private key`);
      if (flat.includes(devDiBody)) leaks.push(`${file}: the development Data Integrity key`);
    }
    expect(leaks).toEqual([]);
  });

  it('keeps Node built-ins and the issuing code out of every public page script, the offline file\'s inline script included', async () => {
    // Scripts that public pages load (the CMS bundle on /admin/ is third-party code checked by its own tests).
    // The module graph is checked by tests/unit/boundaries.test.ts; this looks at the bytes that ship.
    const bundles = new Map<string, string>();
    for (const file of (await allFiles(dist)).filter((f) => f.endsWith('.html') && !f.includes(`${path.sep}admin${path.sep}`))) {
      for (const match of (await readFile(file, 'utf8')).matchAll(/<script[^>]+src="(\/_astro\/[^"]+\.js)"/g)) {
        bundles.set(match[1]!, await readFile(path.join(dist, match[1]!), 'utf8'));
      }
    }
    expect(bundles.size).toBeGreaterThan(0);
    const offline = await read(badgePaths.offlineVerifier);
    const inline = [...offline.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline.join('').length, 'the offline file carries its script inline').toBeGreaterThan(10_000);
    inline.forEach((code, n) => bundles.set(`${badgePaths.offlineVerifier} inline script ${n + 1}`, code));
    for (const [name, text] of bundles) {
      expect(text, name).not.toMatch(/["'`]node:|CompactSign|generateKeyPair|worker_threads|createPrivateKey|BEGIN PRIVATE/);
    }
  });
});
