// Issued is forever, revoked is forever: a production build reads the Git history of content/awards/
// and stops, naming the file, when a published award is deleted, un-revoked, or its id or slot is
// changed or reused; without the full history it refuses and says how to get it.
import { randomUUID } from 'node:crypto';
import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll, copyProject, git, repo, runBuild } from '../support/build.ts';
import { TEST_ONLY_ED25519, TEST_ONLY_RS256 } from '../support/issue.ts';

const env = { SITE_URL: 'https://badges.example.org', BADGE_SIGNING_KEY: TEST_ONLY_RS256.pem, BADGE_DI_KEY: TEST_ONLY_ED25519.pem };
let root: string;
const real = 'content/awards/innovation-skills-2023-05-01-real0001.yaml';
const revoked = 'content/awards/innovation-skills-2023-05-01-real0002.yaml';

/** A non-sample award made from a sample one, with its own ids. */
async function award(file: string, slot: number, extra = '') {
  const sample = await readFile(path.join(root, 'content/awards/innovation-skills-2022-03-04-6c4635d2.yaml'), 'utf8');
  const text = sample
    .replace(/credentialId: .*/, `credentialId: ${randomUUID()}`)
    .replace(/subjectId: .*/, `subjectId: urn:uuid:${randomUUID()}`)
    .replace(/statusIndex: .*/, `statusIndex: ${slot}`)
    .replace(/matchKey: .*\n/, '')
    .replace('sample: true\n', extra);
  await writeFile(path.join(root, file), text);
}

/** Runs a production build with the working tree changed by `change`, then puts the tree back. */
async function buildWith(change: () => Promise<void>) {
  await change();
  const result = runBuild(root, { args: ['--production'], env });
  git(root, 'checkout', '-q', '--', 'content');
  git(root, 'clean', '-qfd', '--', 'content');
  return result;
}

beforeAll(async () => {
  root = await copyProject();
  await copyFile(path.join(repo, 'tests/fixtures/keys/test-only-rs256.public.json'), path.join(root, 'content/keys/test-only-rs256.json'));
  await copyFile(path.join(repo, 'tests/fixtures/keys/test-only-ed25519.public.json'), path.join(root, 'content/keys/test-only-ed25519.json'));
  await award(real, 101);
  await award(revoked, 102, 'revoked: true\nrevokedReason: Awarded in error.\nrevokedDate: 2023-06-01\n');
  commitAll(root, 'Two real awards, one revoked');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the award history, in a production build', () => {
  it('stops when a published award is deleted, naming it and how to restore it', async () => {
    const { status, output } = await buildWith(() => rm(path.join(root, real)));
    expect(status).not.toBe(0);
    expect(output).toContain(`Award history check failed: 1 problem in 1 file.`);
    expect(output).toMatch(new RegExp(`${real.replace(/\./g, '\\.')}\\n {2}This award was committed in [0-9a-f]{12} and has been deleted\\. Issued credentials are never deleted: restore the file \\(git checkout [0-9a-f]{12} -- ${real.replace(/\./g, '\\.')}\\)`));
  });

  it('lets a sample award go (they were never real)', async () => {
    const { status, output } = await buildWith(() => rm(path.join(root, 'content/awards/innovation-skills-2022-03-04-801eced2.yaml')));
    expect(status, output).toBe(0);
  });

  it('stops when a revoked award is no longer revoked', async () => {
    const { status, output } = await buildWith(async () => {
      const file = path.join(root, revoked);
      await writeFile(file, (await readFile(file, 'utf8')).replace(/revoked: true\nrevokedReason: .*\nrevokedDate: .*\n/, ''));
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(new RegExp(`${revoked.replace(/\./g, '\\.')}\\n {2}field "revoked": This credential was revoked in [0-9a-f]{12}, and a revocation is final`));
  });

  it('stops when an id or slot is changed, or a deleted award’s slot is reused', async () => {
    const changed = await buildWith(async () => {
      const file = path.join(root, real);
      await writeFile(file, (await readFile(file, 'utf8')).replace('statusIndex: 101', 'statusIndex: 777').replace(/credentialId: .*/, `credentialId: ${randomUUID()}`));
    });
    expect(changed.status).not.toBe(0);
    expect(changed.output).toContain('field "credentialId": The credential id was');
    expect(changed.output).toContain('field "statusIndex": The status slot was 101 when this award was committed');

    const reused = await buildWith(async () => {
      await rm(path.join(root, real));
      await award('content/awards/innovation-skills-2023-07-01-new00001.yaml', 101);
    });
    expect(reused.status).not.toBe(0);
    expect(reused.output).toContain(`field "statusIndex": statusIndex 101 belonged to ${real} first (in the Git history). It can never be used again`);
  });

  it('refuses without the full history, and says how to get it', () => {
    const shallow = path.join(os.tmpdir(), `mic-shallow-${process.pid}`);
    const clone = spawnSync('git', ['clone', '-q', '--depth', '1', `file://${root}`, shallow], { encoding: 'utf8' });
    expect(clone.status, clone.stderr).toBe(0);
    // The clone has what a checkout has; node_modules comes from this one.
    spawnSync('ln', ['-s', path.join(repo, 'node_modules'), path.join(shallow, 'node_modules')]);
    const { status, output } = runBuild(shallow, { args: ['--production'], env });
    spawnSync('rm', ['-rf', shallow]);
    expect(status).not.toBe(0);
    expect(output).toContain('The award history could not be checked: this is a shallow clone, without the full history.');
    expect(output).toContain('Build from a full clone (git clone without --depth; in GitHub Actions, actions/checkout with fetch-depth: 0).');
  });
});
