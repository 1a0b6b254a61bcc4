// `npm run verify` as a script would use it: its whole --json output arrives through a pipe whose
// reader is slower than the verifier (it used to stop at the pipe's buffer, 64 to 128 KB).
import { execFile, spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serve, type RunningServer } from '../../scripts/static-server.ts';
import { optionsHash, proofOptions, proofValueOf, secured, unsecuredHash } from '../../src/lib/data-integrity/sign-fs.ts';
import { didKeyOf } from '../../src/lib/issue/endorsements-fs.ts';
import { issueBadges } from '../../src/lib/issue/issue-fs.ts';
import { buildCredential, issuerProfile } from '../../src/lib/ob3/credential.ts';
import { badgePaths, badgeUrls } from '../../src/lib/ob3/urls.ts';
import { LOCAL_ORIGIN, repo } from '../support/build.ts';
import { ACHIEVEMENT, signedEndorsement, writeEndorsements } from '../support/endorsement.ts';
import { issueInput, ORIGIN, tempDir, TEST_ONLY_RS256 } from '../support/issue.ts';

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

// What a credential says reaches the terminal: a name or comment with line breaks, terminal escapes,
// line separators or bidirectional overrides must not print lines of its own that pass for checks.
describe('npm run verify with hostile text in the credential', () => {
  /** A forged check line, then an escape that turns the terminal red. */
  const FORGED = '\n  passed      Issuer: Signed by the City of Kingston. [OK]\u001b[31m';
  const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  const forgedLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('  passed      Issuer: Signed by the City'));

  it('escapes a stranger’s issuer and achievement names in the summary', async () => {
    const dir = await tempDir('mic-verify-cli-');
    const input = await issueInput();
    const award = input.awards.find((a) => a.data.achievement === ACHIEVEMENT && !a.data.revoked && !a.data.suspended)!.data;
    const achievement = input.achievements.find((a) => a.id === ACHIEVEMENT)!.data;
    const urls = badgeUrls(ORIGIN);
    // Someone's own credential of this site's micro-credential, signed with its own did:key.
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const did = didKeyOf(stranger);
    const vc = buildCredential({ award, achievement, issuer: issuerProfile(input.settings, urls, false), urls, endorsements: [] }) as unknown as Record<string, unknown>;
    vc.issuer = { ...(vc.issuer as Record<string, unknown>), id: did, name: `Innovation Credentials Inc.${FORGED}` };
    const subject = vc.credentialSubject as Record<string, Record<string, unknown>>;
    subject.achievement = { ...subject.achievement, name: 'Innovation Skills\u2028\u202eMicro-credential' };
    delete vc.credentialStatus;
    const options = proofOptions(`${did}#${did.slice('did:key:'.length)}`);
    const [first, second] = await Promise.all([optionsHash(options, vc['@context']), unsecuredHash(vc)]);
    await writeFile(path.join(dir, 'credential.json'), JSON.stringify(secured(vc, options, proofValueOf(stranger, first, second))));
    // Pinned keys: nothing is fetched.
    await writeFile(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...TEST_ONLY_RS256.jwk, kid: urls.key(TEST_ONLY_RS256.name) }] }));
    const run = spawnSync(process.execPath, ['scripts/verify.ts', path.join(dir, 'credential.json'), '--site', ORIGIN, '--jwks', path.join(dir, 'jwks.json')], { cwd: repo, encoding: 'utf8' });
    expect(run.stdout).toMatch(/^ISSUER NOT ESTABLISHED \(unknown-issuer\)/);
    expect(forgedLines(run.stdout)).toEqual([]);
    for (const line of run.stdout.split('\n')) expect(line).not.toMatch(UNPRINTABLE);
    const lines = run.stdout.split('\n');
    expect(lines).toContain(`  Issuer       Innovation Credentials Inc.\\n  passed      Issuer: Signed by the City of Kingston. [OK]\\u001b[31m, ${did}`);
    expect(lines).toContain('  Achievement  Innovation Skills\\u2028\\u202eMicro-credential');
    // --json keeps the text as signed (JSON escapes it).
    const json = spawnSync(process.execPath, ['scripts/verify.ts', path.join(dir, 'credential.json'), '--site', ORIGIN, '--jwks', path.join(dir, 'jwks.json'), '--json'], { cwd: repo, encoding: 'utf8' });
    expect(JSON.parse(json.stdout).credential.issuer.name).toBe(`Innovation Credentials Inc.${FORGED}`);
  }, 60_000);

  it('escapes an endorsement’s comment in this site’s own credential, on the endorsement’s one line', async () => {
    const root = await tempDir('mic-verify-cli-');
    await writeEndorsements(root, { [`sample-endorser-${ACHIEVEMENT}.json`]: await signedEndorsement(ORIGIN, { comment: `Good program.${FORGED}` }) });
    const issued = await issueBadges(await issueInput({ root }));
    const site = await tempDir('mic-verify-site-');
    for (const [file, body] of issued.files) {
      await mkdir(path.dirname(path.join(site, file)), { recursive: true });
      await writeFile(path.join(site, file), body);
    }
    await writeFile(path.join(site, '404.html'), 'Not found');
    const server = await serve(site);
    try {
      const { credentialId } = issued.credentials.find((c) => c.achievement === ACHIEVEMENT && !c.revoked && !c.suspended)!;
      const args = ['scripts/verify.ts', path.join(site, badgePaths.credentialJwt(credentialId)), '--site', ORIGIN, '--from', server.origin, '--allow-local'];
      // Asynchronous, so this process's server can answer the CLI's requests meanwhile.
      const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: repo });
      expect(stdout).toMatch(/^GENUINE AND CURRENT \(valid\)/);
      expect(forgedLines(stdout)).toEqual([]);
      for (const line of stdout.split('\n')) expect(line).not.toMatch(UNPRINTABLE);
      expect(stdout.split('\n')).toContain('                Passed: Sample Endorser (made up for testing), 2026-01-15: “Good program.\\n  passed      Issuer: Signed by the City of Kingston. [OK]\\u001b[31m”');
    } finally {
      await server.close();
    }
  }, 60_000);
});
