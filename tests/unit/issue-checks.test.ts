// The order of the issuing run's checks (src/lib/issue/issue-fs.ts and its stages/): a broken link of
// the trust chain stops the run before the next stage reads or signs anything, so a build reports the
// earliest one. Each case below keeps every later problem in place too, so a check that ran later than
// it should would let one of those be reported instead; removing the problem shows the next one.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startIssuing, type IssueInput } from '../../src/lib/issue/issue-fs.ts';
import { issueInput, tempDir, TEST_ONLY_ES256 } from '../support/issue.ts';

/** Every problem a run can meet before it signs, from the last checked to the first. */
async function brokenInput(): Promise<IssueInput> {
  const input = await issueInput();
  // An achievement artwork that could run script.
  const publicDir = await tempDir('mic-public-');
  await mkdir(path.join(publicDir, 'badges'));
  await writeFile(path.join(publicDir, 'badges/innovation-skills.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  // An award of a micro-credential that does not exist.
  const first = input.awards[0]!;
  const orphan = { ...first, file: 'content/awards/orphan.yaml', data: { ...first.data, achievement: 'no-such-badge' } };
  // A committed key whose file would be overwritten by the partners' endorsement keys.
  const keys = [...input.keys, { name: 'endorsement-keys', jwk: TEST_ONLY_ES256.jwk }];
  // A partner endorsement that is not even JSON.
  await mkdir(path.join(input.root, 'content/endorsements'), { recursive: true });
  await writeFile(path.join(input.root, 'content/endorsements/city-of-kingston-innovation-skills.json'), 'not json');
  return { ...input, publicDir, awards: [...input.awards, orphan], keys, earlyDir: await tempDir('mic-early-'), secret: 'not a key' };
}

describe('the issuing run stops at the first broken link', () => {
  it('in the order keys, endorsements, key file names, awards, artwork, with nothing signed', async () => {
    const input = await brokenInput();
    await expect(startIssuing(input)).rejects.toMatchObject({ name: 'SigningKeyError', code: 'ERR_KEY_UNREADABLE' });

    const withKey = { ...input, secret: (await issueInput()).secret };
    await expect(startIssuing(withKey)).rejects.toMatchObject({
      name: 'IssueError',
      code: 'ERR_ISSUE_CONTENT',
      message: expect.stringMatching(/^content\/endorsements\/city-of-kingston-innovation-skills\.json: it is not JSON/),
    });

    await rm(path.join(withKey.root, 'content/endorsements'), { recursive: true });
    await expect(startIssuing(withKey)).rejects.toMatchObject({
      name: 'IssueError',
      code: 'ERR_ISSUE_CONTENT',
      message: "A key in content/keys/ is named like the partners' endorsement keys file (keys/endorsement-keys.json). Rename that key file.",
    });

    const keysFixed = { ...withKey, keys: withKey.keys.filter((k) => k.name !== 'endorsement-keys') };
    await expect(startIssuing(keysFixed)).rejects.toMatchObject({ name: 'IssueError', code: 'ERR_ISSUE_CONTENT', message: 'content/awards/orphan.yaml: no achievement "no-such-badge".' });

    const awardsFixed = { ...keysFixed, awards: keysFixed.awards.filter((a) => a.file !== 'content/awards/orphan.yaml') };
    await expect(startIssuing(awardsFixed)).rejects.toMatchObject({
      code: 'ERR_SVG_UNSAFE',
      message: expect.stringMatching(/^The artwork of "innovation-skills" \(\/badges\/innovation-skills\.svg\) cannot be published/),
    });
    // None of these runs got as far as signing: nothing was written early, no signature cached.
    expect(await readdir(input.earlyDir!)).toEqual([]);
    expect(await readdir(path.dirname(input.cacheDir))).not.toContain(path.basename(input.cacheDir));

    // With the artwork fixed, the same input issues.
    const issuing = await startIssuing({ ...awardsFixed, publicDir: (await issueInput()).publicDir! });
    const issued = await issuing.done;
    await issued.pool.close();
    expect(issued.signed).toBe(awardsFixed.awards.length + 2);
  });
});

