// Production builds in a copy of the project made launch-ready (scripts/launch-ready.ts: no
// samples or placeholders, fresh keys): a real key and SITE_URL are required, the committed public key
// is used, nothing says "development", and revoking an award changes only the status list.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll, copyProject, runBuild } from '../support/build.ts';
import { LAUNCH_DID, LAUNCH_KEY_NAMES, LAUNCH_SITE, makeLaunchReady } from '../../scripts/launch-ready.ts';
import { serve } from '../../scripts/static-server.ts';
import { verify } from '../../src/lib/verify/verify.ts';

const SITE = LAUNCH_SITE;
let root: string;
/** SITE_URL and the fresh private keys (PEM) of the launch-ready copy. */
let env: { SITE_URL: string; BADGE_SIGNING_KEY: string; BADGE_DI_KEY: string };

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
  // Fresh keys, their public halves committed as keys:new would; the sample awards kept as real ones,
  // so there are credentials to sign.
  ({ env } = await makeLaunchReady(root, { awards: 'as-real' }));
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
    const { status, output } = runBuild(root, { args: ['--production'], env: { SITE_URL: SITE, BADGE_DI_KEY: env.BADGE_DI_KEY } });
    expect(status).not.toBe(0);
    expect(output).toContain('This is a production build and BADGE_SIGNING_KEY is not set.');
    const noDi = runBuild(root, { args: ['--production'], env: { SITE_URL: SITE, BADGE_SIGNING_KEY: env.BADGE_SIGNING_KEY } });
    expect(noDi.status).not.toBe(0);
    expect(noDi.output).toContain('This is a production build and BADGE_DI_KEY is not set.');
  });

  it('refuses to run without SITE_URL', () => {
    const { status, output } = runBuild(root, { args: ['--production'], env: { BADGE_SIGNING_KEY: env.BADGE_SIGNING_KEY } });
    expect(status).not.toBe(0);
    expect(output).toContain('SITE_URL is not set. A production build needs the public address');
  });

  it('refuses a key whose public half is not committed', async () => {
    // A fresh key (a TEST-ONLY one would be refused earlier, by the launch check).
    const uncommitted = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const { status, output } = runBuild(root, { args: ['--production'], env: { ...env, BADGE_SIGNING_KEY: uncommitted } });
    expect(status).not.toBe(0);
    expect(output).toContain('The public half of BADGE_SIGNING_KEY is not in content/keys/ (1 such key there).');
  });

  it('signs with the committed key under SITE_URL, with no development marks', async () => {
    const { status, output } = runBuild(root, { args: ['--production'], env });
    expect(status, output).toBe(0);
    expect(output).not.toContain('DEVELOPMENT BUILD');
    const dist = path.join(root, 'dist');
    const jwks = JSON.parse(await readFile(path.join(dist, '.well-known/jwks.json'), 'utf8'));
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([`${SITE}/keys/${LAUNCH_KEY_NAMES.dataIntegrity}.json`, `${SITE}/keys/${LAUNCH_KEY_NAMES.jwt}.json`]);
    const issuer = JSON.parse(await readFile(path.join(dist, 'issuer.json'), 'utf8'));
    expect(issuer).toMatchObject({ id: LAUNCH_DID, name: 'City of Kingston' });
    const did = JSON.parse(await readFile(path.join(dist, '.well-known/did.json'), 'utf8'));
    expect(did.assertionMethod).toEqual([`${LAUNCH_DID}#${LAUNCH_KEY_NAMES.dataIntegrity}`]);
    const tokens = (await readdir(path.join(dist, 'credentials'))).filter((f) => f.endsWith('.jwt'));
    for (const name of tokens) {
      const token = await readFile(path.join(dist, 'credentials', name), 'utf8');
      expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: `${SITE}/keys/${LAUNCH_KEY_NAMES.jwt}.json`, typ: 'JWT' });
      await jwtVerify(token, createLocalJWKSet(jwks), { issuer: LAUNCH_DID });
      const json = JSON.parse(await readFile(path.join(dist, 'credentials', name.replace(/\.jwt$/, '.json')), 'utf8'));
      expect(json.proof[0].verificationMethod).toBe(`${LAUNCH_DID}#${LAUNCH_KEY_NAMES.dataIntegrity}`);
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
    const keyBody = env.BADGE_SIGNING_KEY.split('\n').slice(1, -2).join('');
    const privateJwk = createPrivateKey(env.BADGE_SIGNING_KEY).export({ format: 'jwk' });
    const diBody = env.BADGE_DI_KEY.split('\n').slice(1, -2).join('');
    const diPrivate = String(createPrivateKey(env.BADGE_DI_KEY).export({ format: 'jwk' }).d);
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
    await writeFile(path.join(dir, file), `${text.trimEnd()}\nrevoked: true\nrevokedReason: Test\nrevokedDate: 2023-01-01\n`);
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
