// npm run endorse, run as a partner runs it, and the build that takes (or refuses) what it writes: in a
// throwaway copy of the project, with the committed TEST-ONLY partner key.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';

import path from 'node:path';
import { decodeJwt } from 'jose';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, LOCAL_ORIGIN, repo, runBuild } from '../support/build.ts';
import { TEST_ONLY_PARTNER } from '../support/endorsement.ts';
import { tempDir } from '../support/issue.ts';

let root: string;
const FILE = 'content/endorsements/sample-endorser-innovation-skills.json';

beforeAll(async () => {
  root = await copyProject();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** `npm run endorse -- …` in the copy, as the partner runs it. */
function endorse(...args: string[]) {
  const inherited = { ...process.env };
  delete inherited.SITE_URL;
  const result = spawnSync(process.execPath, ['scripts/endorse.ts', ...args], { cwd: root, encoding: 'utf8', env: inherited });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const sign = (...extra: string[]) =>
  endorse('--key', TEST_ONLY_PARTNER.file, '--partner', 'sample-endorser', '--achievement', 'innovation-skills', '--site', LOCAL_ORIGIN, '--comment', 'Signed by the command in a test.', ...extra);

describe('npm run endorse', () => {
  it('makes a key pair: the private key outside the repository, readable only by its owner, and prints the did:key', async () => {
    const inside = endorse('--new-key', path.join(root, 'partner-key.pem'));
    expect(inside.status).toBe(1);
    expect(inside.stderr).toMatch(/is inside this repository, where a private key could be committed/);
    expect(existsSync(path.join(root, 'partner-key.pem'))).toBe(false);

    const file = path.join(await tempDir('mic-partner-'), 'endorsement-key.pem');
    const made = endorse('--new-key', file);
    expect(made.status, made.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(made.stdout).toMatch(/endorsementKey:\n {4}did: did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}\n/);
    // Never overwritten.
    expect(endorse('--new-key', file)).toMatchObject({ status: 1, stderr: expect.stringMatching(/already exists/) });
  });

  it('says what is wrong with every bad input, and writes nothing', async () => {
    const before = await readFile(path.join(root, FILE), 'utf8');
    const stranger = path.join(await tempDir('mic-partner-'), 'other.pem');
    expect(endorse('--new-key', stranger).status).toBe(0);
    const cases: [string[], RegExp][] = [
      [['--key', TEST_ONLY_PARTNER.file, '--partner', 'nobody', '--achievement', 'innovation-skills', '--site', LOCAL_ORIGIN, '--comment', 'x', '--replace'], /No partner "nobody" in content\/partners\/\. Known: .*sample-endorser/],
      [['--key', TEST_ONLY_PARTNER.file, '--partner', 'sample-endorser', '--achievement', 'nothing', '--site', LOCAL_ORIGIN, '--comment', 'x', '--replace'], /No micro-credential "nothing" in content\/achievements\/\. Known: innovation-skills/],
      [['--key', '/nonexistent/key.pem', '--partner', 'sample-endorser', '--achievement', 'innovation-skills', '--site', LOCAL_ORIGIN, '--comment', 'x', '--replace'], /There is no key file \/nonexistent\/key\.pem/],
      [['--key', path.join(repo, 'tests/fixtures/keys/test-only-rs256.pem'), '--partner', 'sample-endorser', '--achievement', 'innovation-skills', '--site', LOCAL_ORIGIN, '--comment', 'x', '--replace'], /is a rsa key; endorsements are signed with an Ed25519 key/],
      [['--key', stranger, '--partner', 'sample-endorser', '--achievement', 'innovation-skills', '--site', LOCAL_ORIGIN, '--comment', 'x', '--replace'], /content\/partners\/sample-endorser\.yaml records did:key:z6MkkBFc.*; this key is did:key:z6Mk/],
      [['--key', TEST_ONLY_PARTNER.file, '--partner', 'ddqic', '--achievement', 'innovation-skills', '--site', LOCAL_ORIGIN, '--comment', 'x', '--replace'], /content\/partners\/ddqic\.yaml records no endorsementKey\. Add your public key to it first/],
      [['--key', TEST_ONLY_PARTNER.file, '--partner', 'sample-endorser', '--achievement', 'innovation-skills', '--comment', 'x', '--replace'], /--site \(or SITE_URL\) is required/],
      [['--key', TEST_ONLY_PARTNER.file, '--partner', 'sample-endorser', '--achievement', 'innovation-skills', '--site', LOCAL_ORIGIN, '--comment', 'x', '--did', 'did:web:partner.example.ca', '--replace'], /records did:key:.*, not did:web:partner\.example\.ca/],
      [['--key', TEST_ONLY_PARTNER.file, '--partner', 'sample-endorser', '--achievement', 'innovation-skills', '--site', LOCAL_ORIGIN, '--comment', 'x'], /already exists\. Pass --replace/],
    ];
    for (const [args, message] of cases) {
      const run = endorse(...args);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
    expect(await readFile(path.join(root, FILE), 'utf8')).toBe(before);
  });

  it('signs an endorsement that the build accepts and embeds in every credential of the micro-credential and shows on its pages', async () => {
    const run = sign('--replace');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Wrote ${FILE}`);
    const written = JSON.parse(await readFile(path.join(root, FILE), 'utf8'));
    expect(written.credentialSubject).toMatchObject({ id: `${LOCAL_ORIGIN}/micro-credentials/innovation-skills/`, endorsementComment: 'Signed by the command in a test.' });

    const { status, output } = runBuild(root);
    expect(status, output).toBe(0);
    const dist = path.join(root, 'dist');
    const ids = (await readdir(path.join(dist, 'credentials'))).filter((f) => f.endsWith('.jwt')).map((f) => f.slice(0, -4));
    expect(ids.length).toBeGreaterThan(1);
    for (const id of ids) {
      const json = JSON.parse(await readFile(path.join(dist, 'credentials', `${id}.json`), 'utf8'));
      const jwt = decodeJwt(await readFile(path.join(dist, 'credentials', `${id}.jwt`), 'utf8')) as { credentialSubject: { achievement: { endorsement: unknown[] } } };
      expect(json.credentialSubject.achievement.endorsement, id).toEqual([written]);
      expect(jwt.credentialSubject.achievement.endorsement, id).toEqual([written]);
      const page = await readFile(path.join(dist, 'credentials', id, 'index.html'), 'utf8');
      expect(page, id).toContain('Endorsed by Sample Endorser (made up for testing)');
      expect(page, id).toContain('Signed by the command in a test.');
    }
    const achievementPage = await readFile(path.join(dist, 'micro-credentials/innovation-skills/index.html'), 'utf8');
    expect(achievementPage).toContain('Signed by the command in a test.');
    expect(achievementPage).toContain('Sample, not a real endorsement');
  });

  it('a tampered endorsement stops the build, naming the file and what is wrong', async () => {
    const file = path.join(root, FILE);
    const signed = JSON.parse(await readFile(file, 'utf8'));
    signed.credentialSubject.endorsementComment = 'Every holder is guaranteed a job.';
    await writeFile(file, JSON.stringify(signed, null, 2));
    const { status, output } = runBuild(root);
    expect(status).not.toBe(0);
    expect(output).toContain(`${FILE}: The proof does not match: it was changed after signing, or signed with another key. (ERR_SIGNATURE_MISMATCH)`);
    expect(output).toContain('npm run endorse (docs/endorsing.md)');
  });

  it('a real partner’s endorsement signed for the public address: a development build leaves it out, says so, and still builds', async () => {
    // The partner is a real one now (no sample flag), as its file is once it signs for the public address.
    const partnerFile = path.join(root, 'content/partners/sample-endorser.yaml');
    const partner = parseDocument(await readFile(partnerFile, 'utf8'));
    partner.delete('sample');
    await writeFile(partnerFile, partner.toString());
    const run = endorse('--key', TEST_ONLY_PARTNER.file, '--partner', 'sample-endorser', '--achievement', 'innovation-skills', '--site', 'https://innovation.example.ca', '--comment', 'For the public address.', '--replace');
    expect(run.status, run.stderr).toBe(0);

    const { status, output } = runBuild(root);
    expect(status, output).toBe(0);
    expect(output).toContain(`${FILE}: Sample Endorser (made up for testing)'s endorsement is signed for https://innovation.example.ca, not for this build's address (${LOCAL_ORIGIN}): left out of this build.`);
    const achievementPage = await readFile(path.join(root, 'dist/micro-credentials/innovation-skills/index.html'), 'utf8');
    expect(achievementPage).not.toContain('For the public address.');
  });
});
