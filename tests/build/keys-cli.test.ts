// `npm run keys:new` in a throwaway copy of the project: the public half lands in content/keys/,
// the private half only on the terminal, and the pair signs credentials the build accepts.
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject } from '../support/build.ts';
import { issue, TEST_ONLY_ED25519, TEST_ONLY_RS256 } from '../support/issue.ts';
import { publicJwkSchema } from '../../src/schemas/signing-key.ts';

let root: string;
const keysNew = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['scripts/keys-new.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

beforeAll(async () => {
  root = await copyProject();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('keys:new', () => {
  it('writes the public key for commit and prints the private key once', async () => {
    const { status, stdout } = keysNew('--name', 'test-2026-11', '--alg', 'ES256');
    expect(status).toBe(0);
    const file = path.join(root, 'content/keys/test-2026-11.json');
    const jwk = JSON.parse(await readFile(file, 'utf8'));
    expect(publicJwkSchema.safeParse(jwk).success).toBe(true);
    expect(jwk).not.toHaveProperty('d');
    expect(stdout).toContain('Wrote the public key to content/keys/test-2026-11.json. Commit it.');
    const pem = /-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/.exec(stdout)?.[0];
    expect(pem).toBeDefined();
    // The printed private key and the committed public key are one pair: issuing with them works.
    const result = await issue({ secret: pem, keys: [{ name: 'test-2026-11', jwk }, TEST_ONLY_ED25519] });
    expect(result.keyName).toBe('test-2026-11');
  });

  it('makes the Data Integrity key with --alg EdDSA: an Ed25519 pair for BADGE_DI_KEY that the build signs proofs with', async () => {
    const { status, stdout } = keysNew('--name', 'test-2026-11-ed25519', '--alg', 'EdDSA');
    expect(status).toBe(0);
    const jwk = JSON.parse(await readFile(path.join(root, 'content/keys/test-2026-11-ed25519.json'), 'utf8'));
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(publicJwkSchema.safeParse(jwk).success).toBe(true);
    expect(stdout).toContain('secret store as BADGE_DI_KEY');
    const pem = /-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/.exec(stdout)![0];
    const result = await issue({ diSecret: pem, keys: [TEST_ONLY_RS256, { name: 'test-2026-11-ed25519', jwk }] });
    const json = JSON.parse([...result.files].find(([n]) => /^credentials\/[0-9a-f-]{36}\.json$/.test(n))![1]);
    expect(json.proof[0].verificationMethod).toBe('did:web:badges.example.org#test-2026-11-ed25519');
  });

  it('never replaces an existing key, and refuses names that are not addresses', () => {
    expect(keysNew('--name', 'test-2026-11').stderr).toContain('content/keys/test-2026-11.json already exists. Keys are never replaced; choose another --name.');
    expect(keysNew('--name', 'Main Key').stderr).toContain('--name "Main Key" must use lower-case letters, digits and hyphens');
    expect(keysNew('--alg', 'HS256').stderr).toContain('--alg must be RS256');
  });
});
