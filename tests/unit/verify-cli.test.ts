// `npm run verify` as a script would use it: its whole --json output arrives through a pipe whose
// reader is slower than the verifier (it used to stop at the pipe's buffer, 64 to 128 KB).
import { spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { badgeUrls } from '../../src/lib/ob3/urls.ts';
import { repo } from '../support/build.ts';
import { tempDir, TEST_ONLY_RS256 } from '../support/issue.ts';

// Nothing is fetched: the keys are pinned, and a credential that fails its format is not looked up in status lists.
const SITE = 'https://badges.example.org';

describe('npm run verify --json through a pipe', () => {
  it('prints the whole result (over 200 KB) before it exits, with the verdict’s exit code', async () => {
    const dir = await tempDir('mic-verify-cli-');
    const urls = badgeUrls(SITE);
    const kid = urls.key(TEST_ONLY_RS256.name);
    const description = 'A long description. '.repeat(12_500);
    const payload = { '@context': ['https://www.w3.org/ns/credentials/v2'], id: `${SITE}/credentials/x.json`, type: ['VerifiableCredential'], issuer: urls.did, description };
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(createPrivateKey(TEST_ONLY_RS256.pem));
    await writeFile(path.join(dir, 'badge.jwt'), token);
    await writeFile(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...TEST_ONLY_RS256.jwk, kid }] }));
    // The reader waits a second before it reads anything, so the pipe fills while the verifier writes.
    const command = `"${process.execPath}" scripts/verify.ts "${path.join(dir, 'badge.jwt')}" --site ${SITE} --jwks "${path.join(dir, 'jwks.json')}" --json | (sleep 1; cat); echo "exit ${'$'}{PIPESTATUS[0]}" >&2`;
    const run = spawnSync('bash', ['-c', command], { cwd: repo, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(run.stdout.length).toBeGreaterThan(200 * 1024);
    const result = JSON.parse(run.stdout) as { verdict: string; exitCode: number; credential: { description: string } };
    expect(result.credential.description).toBe(description);
    // Not an Open Badge (shape), so invalid: exit code 1, as the README's table says.
    expect(result.verdict).toBe('invalid');
    expect(run.stderr).toContain('exit 1');
  }, 60_000);
});
