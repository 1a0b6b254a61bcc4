// Production builds in a copy of the project: a real key and SITE_URL are required, the committed
// public key is used, nothing says "development", and revoking an award changes only the status list.
import { createPrivateKey } from 'node:crypto';
import { copyFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll, copyProject, repo, runBuild } from '../support/build.ts';
import { TEST_ONLY_ED25519, TEST_ONLY_ES256, TEST_ONLY_RS256 } from '../support/issue.ts';
import { serve } from '../../scripts/static-server.ts';
import { verify } from '../../src/lib/verify/verify.ts';

const SITE = 'https://badges.example.org';
let root: string;
const env = { SITE_URL: SITE, BADGE_SIGNING_KEY: TEST_ONLY_RS256.pem, BADGE_DI_KEY: TEST_ONLY_ED25519.pem };

async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const sub of ['credentials', 'status', 'keys', '.well-known']) {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      // Files only: credential pages (folders) show the current status and are meant to change.
      if (entry.isFile()) files.set(`${sub}/${entry.name}`, await readFile(path.join(dir, sub, entry.name), 'base64'));
    }
  }
  files.set('issuer.json', await readFile(path.join(dir, 'issuer.json'), 'utf8'));
  return files;
}

beforeAll(async () => {
  root = await copyProject();
  // The TEST-ONLY public key is committed in the copy, as keys:new would have done for a real key.
  await copyFile(path.join(repo, 'tests/fixtures/keys/test-only-rs256.public.json'), path.join(root, 'content/keys/test-only-rs256.json'));
  await copyFile(path.join(repo, 'tests/fixtures/keys/test-only-ed25519.public.json'), path.join(root, 'content/keys/test-only-ed25519.json'));
  // A careless page of the repository's own, printing the keys every way a page could reach them
  // (Vite's import.meta.env, the environment, Astro's env module): the issuer has taken them first.
  await writeFile(
    path.join(root, 'src/pages/env-probe.astro'),
    [
      '---',
      "import { getSecret } from 'astro:env/server';",
      "const names = ['BADGE_SIGNING_KEY', 'BADGE_DI_KEY'];",
      'const seen = [import.meta.env.BADGE_SIGNING_KEY, import.meta.env.BADGE_DI_KEY, ...names.map((n) => process.env[n]), ...names.map((n) => getSecret(n))];',
      '---',
      '<p id="seen">{seen.map(String).join(" ")}</p>',
    ].join('\n'),
  );
  // A production build reads the award history: the copy is a checkout with one commit.
  commitAll(root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a production build', () => {
  it('refuses to run without BADGE_SIGNING_KEY, or without BADGE_DI_KEY', () => {
    const { status, output } = runBuild(root, { args: ['--production'], env: { SITE_URL: SITE, BADGE_DI_KEY: TEST_ONLY_ED25519.pem } });
    expect(status).not.toBe(0);
    expect(output).toContain('This is a production build and BADGE_SIGNING_KEY is not set.');
    const noDi = runBuild(root, { args: ['--production'], env: { SITE_URL: SITE, BADGE_SIGNING_KEY: TEST_ONLY_RS256.pem } });
    expect(noDi.status).not.toBe(0);
    expect(noDi.output).toContain('This is a production build and BADGE_DI_KEY is not set.');
  });

  it('refuses to run without SITE_URL', () => {
    const { status, output } = runBuild(root, { args: ['--production'], env: { BADGE_SIGNING_KEY: TEST_ONLY_RS256.pem } });
    expect(status).not.toBe(0);
    expect(output).toContain('SITE_URL is not set. A production build needs the public address');
  });

  it('refuses a key whose public half is not committed', async () => {
    const { status, output } = runBuild(root, { args: ['--production'], env: { ...env, BADGE_SIGNING_KEY: TEST_ONLY_ES256.pem } });
    expect(status).not.toBe(0);
    expect(output).toContain('The public half of BADGE_SIGNING_KEY is not in content/keys/ (1 such key there).');
  });

  it('signs with the committed key under SITE_URL, with no development marks', async () => {
    const { status, output } = runBuild(root, { args: ['--production'], env });
    expect(status, output).toBe(0);
    expect(output).not.toContain('DEVELOPMENT BUILD');
    const dist = path.join(root, 'dist');
    const jwks = JSON.parse(await readFile(path.join(dist, '.well-known/jwks.json'), 'utf8'));
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([`${SITE}/keys/test-only-ed25519.json`, `${SITE}/keys/test-only-rs256.json`]);
    const issuer = JSON.parse(await readFile(path.join(dist, 'issuer.json'), 'utf8'));
    expect(issuer).toMatchObject({ id: 'did:web:badges.example.org', name: 'City of Kingston' });
    const did = JSON.parse(await readFile(path.join(dist, '.well-known/did.json'), 'utf8'));
    expect(did.assertionMethod).toEqual(['did:web:badges.example.org#test-only-ed25519']);
    const tokens = (await readdir(path.join(dist, 'credentials'))).filter((f) => f.endsWith('.jwt'));
    for (const name of tokens) {
      const token = await readFile(path.join(dist, 'credentials', name), 'utf8');
      expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: `${SITE}/keys/test-only-rs256.json`, typ: 'JWT' });
      await jwtVerify(token, createLocalJWKSet(jwks), { issuer: 'did:web:badges.example.org' });
      const json = JSON.parse(await readFile(path.join(dist, 'credentials', name.replace(/\.jwt$/, '.json')), 'utf8'));
      expect(json.proof[0].verificationMethod).toBe('did:web:badges.example.org#test-only-ed25519');
    }
    const home = await readFile(path.join(dist, 'index.html'), 'utf8');
    expect(home).not.toContain('Development build');
    expect(home).toContain(`<link rel="canonical" href="${SITE}/">`);
  });

  it('leaves the keys out of every page: a page printing them finds none', async () => {
    const probe = await readFile(path.join(root, 'dist/env-probe/index.html'), 'utf8');
    expect(probe).toContain('<p id="seen">undefined undefined undefined undefined undefined undefined</p>');
  });

  it('publishes nothing of the signing key but its public half', async () => {
    const dist = path.join(root, 'dist');
    const keyBody = TEST_ONLY_RS256.pem.split('\n').slice(1, -2).join('');
    const privateJwk = createPrivateKey(TEST_ONLY_RS256.pem).export({ format: 'jwk' });
    const diBody = TEST_ONLY_ED25519.pem.split('\n').slice(1, -2).join('');
    const diPrivate = String(createPrivateKey(TEST_ONLY_ED25519.pem).export({ format: 'jwk' }).d);
    const leaks: string[] = [];
    for (const entry of await readdir(dist, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      const text = await readFile(file, 'utf8');
      const flat = text.replace(/\s|\\n/g, '');
      if (flat.includes(keyBody.slice(0, 64)) || flat.includes(keyBody.slice(-64))) leaks.push(`${file}: PEM body`);
      if (flat.includes(String(privateJwk.d).slice(0, 43))) leaks.push(`${file}: private exponent`);
      if (flat.includes(diBody) || flat.includes(diPrivate)) leaks.push(`${file}: the Data Integrity private key`);
      if (/PRIVATE KEY-----|BADGE_SIGNING_KEY|BADGE_DI_KEY/.test(text)) leaks.push(`${file}: key marker or variable name`);
      if (/["']?\b(d|p|q|dp|dq|qi)\b["']?\s*:\s*["'][A-Za-z0-9_-]{20,}/.test(text)) leaks.push(`${file}: private JWK member`);
    }
    expect(leaks).toEqual([]);
  });

  it('changes only the revocation list when an award is revoked, and rebuilds byte-identically otherwise', async () => {
    const dist = path.join(root, 'dist');
    const before = await snapshot(dist);
    // Without the signature cache, so the files are signed again: RS256 and the Data Integrity proofs
    // (Ed25519, no "created") must give the same bytes.
    await rm(path.join(root, 'node_modules/.cache/mic-badges'), { recursive: true, force: true });
    expect(runBuild(root, { args: ['--production'], env }).status).toBe(0);
    expect(await snapshot(dist)).toEqual(before);

    const dir = path.join(root, 'content/awards');
    let file = '';
    for (const name of await readdir(dir)) if (!(await readFile(path.join(dir, name), 'utf8')).includes('revoked: true')) file = name;
    const text = await readFile(path.join(dir, file), 'utf8');
    await writeFile(path.join(dir, file), text.replace('sample: true', 'revoked: true\nrevokedReason: Test\nrevokedDate: 2023-01-01\nsample: true'));
    expect(runBuild(root, { args: ['--production'], env }).status).toBe(0);
    const after = await snapshot(dist);
    const changed = [...after.keys()].filter((name) => after.get(name) !== before.get(name));
    expect(changed).toEqual(['status/revocation-1.json', 'status/revocation-1.jwt']);

    // The unchanged credential file now verifies as revoked, through the rebuilt site's status list.
    const id = /credentialId: (\S+)/.exec(text)![1]!;
    const server = await serve(dist);
    try {
      const result = await verify(await readFile(path.join(dist, 'credentials', `${id}.jwt`), 'utf8'), {
        siteOrigin: SITE,
        servedOrigin: server.origin,
        fetch: (url) => fetch(url),
        now: new Date(),
      });
      expect(result.verdict).toBe('revoked');
    } finally {
      await server.close();
    }
  });
});
