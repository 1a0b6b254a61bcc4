// `npm run verify` as a script would use it: its whole --json output arrives through a pipe whose
// reader is slower than the verifier (it used to stop at the pipe's buffer, 64 to 128 KB).
import { execFile, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serve, type RunningServer } from '../../scripts/static-server.ts';
import { badgeUrls } from '../../src/lib/ob3/urls.ts';
import { LOCAL_ORIGIN, repo } from '../support/build.ts';
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

// Against the real build, served on localhost: what a certificate prints, pasted as people paste it.
describe('npm run verify with what people paste', () => {
  const dist = inject('builtSite');
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve(dist);
  });
  afterAll(async () => {
    await server?.close();
  });
  // Asynchronous, so this process's test server can answer the CLI's requests meanwhile.
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['scripts/verify.ts', ...args, '--site', LOCAL_ORIGIN, '--from', server.origin, '--allow-local'], { cwd: repo });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const awardIds = async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const out: { id: string; revoked: boolean }[] = [];
    for (const file of await readdir(path.join(repo, 'content/awards'))) {
      const text = await readFile(path.join(repo, 'content/awards', file), 'utf8');
      out.push({ id: /credentialId: (\S+)/.exec(text)![1]!, revoked: /^revoked: true$/m.test(text) });
    }
    return out;
  };

  it('verifies the printed verify link, the bare id and links in angle brackets or quotes', async () => {
    const id = (await awardIds()).find((a) => !a.revoked)!.id;
    for (const pasted of [`${LOCAL_ORIGIN}/verify/?id=${id}`, id, `<${LOCAL_ORIGIN}/credentials/${id}/>`, `"${LOCAL_ORIGIN}/credentials/${id}.json".`, `'${LOCAL_ORIGIN}/verify/?id=${id}',`]) {
      const run = await cli(pasted, '--json');
      expect(run.status, `${pasted}\n${run.stdout}${run.stderr}`).toBe(0);
      expect(JSON.parse(run.stdout).verdict).toBe('valid');
    }
  }, 60_000);

  it('exits 10, "not issued here", for an id this site never issued, and 2 when the site cannot be read', async () => {
    const madeUp = '00000000-0000-4000-8000-000000000000';
    const run = await cli(`${LOCAL_ORIGIN}/verify/?id=${madeUp}`);
    expect(run.status, run.stdout + run.stderr).toBe(10);
    expect(run.stdout).toMatch(/^NOT ISSUED HERE \(not-found\): This site has no credential with this id: it was never issued here\./);
    expect((await cli(madeUp)).status).toBe(10);
    // Nobody answering is a read error, not "never issued".
    const down = await promisify(execFile)(process.execPath, ['scripts/verify.ts', madeUp, '--site', LOCAL_ORIGIN, '--from', 'http://127.0.0.1:9', '--allow-local'], { cwd: repo }).catch((e: { code: number }) => e);
    expect((down as { code: number }).code).toBe(2);
    const help = spawnSync(process.execPath, ['scripts/verify.ts', '--help'], { cwd: repo, encoding: 'utf8' });
    expect(help.stdout).toContain('10 not found (never issued by the site)');
  }, 60_000);

  it('says when the revoked sample was revoked, and not why (its award keeps the reason private)', async () => {
    const id = (await awardIds()).find((a) => a.revoked)!.id;
    const run = await cli(id);
    expect(run.status, run.stdout).toBe(4);
    expect(run.stdout).toMatch(/Revoked on +2022-06-01/);
    expect(run.stdout).not.toMatch(/Reason|Sample: shows how/);
    const json = JSON.parse((await cli(id, '--json')).stdout);
    expect(json.revocation).toEqual({ date: '2022-06-01' });
  }, 60_000);
});
