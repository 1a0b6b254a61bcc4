// Issued is forever, revoked is forever: a production build reads the Git history of content/awards/
// and stops, naming the file, when a published award is deleted, un-revoked, or its id or slot is
// changed or reused, however a committed version spelled it; without the full history it refuses and
// says how to get it.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { awardHistoryProblems, readAwardHistory } from '../../src/lib/issue/award-history-fs.ts';
import { checkFile } from '../../src/lib/content/check-file.ts';
import { awardSchema } from '../../src/schemas/award.ts';
import { commitAll, copyProject, git, repo, runBuild } from '../support/build.ts';
import { launchReadyContent, freshKeys, type LaunchReady } from '../../scripts/launch-ready.ts';

/** SITE_URL and the fresh keys of the launch-ready copy (a production build refuses samples and test keys). */
let env: LaunchReady['env'];
let root: string;
const real = 'content/awards/innovation-skills-2023-05-01-real0001.yaml';
const revoked = 'content/awards/innovation-skills-2023-05-01-real0002.yaml';

/** The text of a non-sample award made from a sample one of the repository, with its own ids; `extra` ends it. */
async function awardText(slot: number, extra = '') {
  const sample = await readFile(path.join(repo, 'content/awards/innovation-skills-2022-03-04-6c4635d2.yaml'), 'utf8');
  return sample
    .replace(/credentialId: .*/, `credentialId: ${randomUUID()}`)
    .replace(/subjectId: .*/, `subjectId: urn:uuid:${randomUUID()}`)
    .replace(/statusIndex: .*/, `statusIndex: ${slot}`)
    .replace(/matchKey: .*\n/, '')
    .replace('sample: true\n', extra);
}

async function award(file: string, slot: number, extra = '') {
  await writeFile(path.join(root, file), await awardText(slot, extra));
}

/** Runs a production build with the working tree changed by `change`, then puts the tree back. */
async function buildWith(change: () => Promise<void>) {
  await change();
  const result = runBuild(root, { args: ['--production'], env });
  git(root, 'checkout', '-q', '--', 'content');
  git(root, 'clean', '-qfd', '--', 'content');
  return result;
}

/**
 * Commits each of `versions` of `file` in turn, then runs a production build with `current` in the
 * working tree, and puts the repository back as it was (the commits are dropped), so each case's
 * history is its own.
 */
async function buildAfterCommits(file: string, versions: string[], current: string) {
  const base = git(root, 'rev-parse', 'HEAD').trim();
  try {
    for (const [n, text] of versions.entries()) {
      await writeFile(path.join(root, file), text);
      git(root, 'add', '--', file);
      git(root, 'commit', '-q', '-m', `Version ${n + 1} of ${file}`);
    }
    await writeFile(path.join(root, file), current);
    return runBuild(root, { args: ['--production'], env });
  } finally {
    git(root, 'reset', '-q', '--hard', base);
    git(root, 'clean', '-qfd', '--', 'content');
  }
}

/** `text` (an award) as one line: a YAML flow mapping, `{credentialId: …, statusIndex: …, …}`. */
const oneLine = (text: string) => stringify(parse(text), { collectionStyle: 'flow', lineWidth: 0 });
const REVOCATION = 'revokedReason: Awarded in error.\nrevokedDate: 2023-06-01\n';
/** The award's problems as the build prints them: the file, then its problems indented under it. */
const reported = (file: string, field: string, message: string) => new RegExp(`\\n${file.replace(/\./g, '\\.')}\\n(?: {2}.*\\n)*? {2}field "${field}": ${message}`);

beforeAll(async () => {
  root = await copyProject();
  // The repository's sample awards are in the history, then deleted with the other samples before
  // launch, as the City would do; the keys are fresh.
  commitAll(root, 'The project as it is, with its samples');
  await launchReadyContent(root);
  ({ env } = await freshKeys(root));
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
    // Committed first, deleted since (launchReadyContent, before launch).
    const sample = 'content/awards/innovation-skills-2022-03-04-801eced2.yaml';
    expect(git(root, 'log', '--diff-filter=D', '--name-only', '--format=', '--', 'content/awards').split('\n')).toContain(sample);
    const { status, output } = await buildWith(async () => {});
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

// Every committed version is parsed as the build reads it: each spelling below means to the build
// what it says, so the history records it, and a later version cannot quietly undo it.
describe('the award history, whatever the spelling of a committed version', () => {
  const file = 'content/awards/innovation-skills-2023-05-01-spell001.yaml';
  const unrevoked = (text: string) => text.replace(/^.*revoked.*\n/gim, '');

  it.each([
    ['with a comment after it', 'revoked: true  # ticket 12\n'],
    // YAML 1.2's core schema, which the build reads awards with: True is true, and published as a revocation.
    ['as True', 'revoked: True\n'],
    ['with a quoted key', '"revoked": true\n'],
    ['through an anchor', 'revoked: *yes\n'],
  ])('stops when a revocation written %s is undone', async (_, line) => {
    const text = (await awardText(201, `${line}${REVOCATION}`)).replace('hashed: true', 'hashed: &yes true');
    // The anchor is only in the committed version (read as the build read it then): the content check
    // refuses anchors in the file as it is now.
    const { status, output } = await buildAfterCommits(file, [text], unrevoked(text).replace('&yes ', ''));
    expect(status).not.toBe(0);
    expect(output).toMatch(reported(file, 'revoked', 'This credential was revoked in [0-9a-f]{12}, and a revocation is final: set revoked: true again'));
  });

  it('stops when a revocation written as a one-line {…} mapping is undone', async () => {
    const text = await awardText(202, `revoked: true\n${REVOCATION}`);
    const { status, output } = await buildAfterCommits(file, [oneLine(text)], unrevoked(text));
    expect(status).not.toBe(0);
    expect(output).toMatch(reported(file, 'revoked', 'This credential was revoked in [0-9a-f]{12}, and a revocation is final'));
  });

  it('stops when a slot first written with a quoted key is moved', async () => {
    const text = await awardText(203);
    const { status, output } = await buildAfterCommits(file, [text.replace('statusIndex: 203', '"statusIndex": 203')], text.replace('statusIndex: 203', 'statusIndex: 777'));
    expect(status).not.toBe(0);
    expect(output).toMatch(reported(file, 'statusIndex', 'The status slot was 203 when this award was committed \\([0-9a-f]{12}\\); it can never change'));
  });

  it('stops when a credential id first written in a one-line {…} mapping is changed, by a version with a quoted key', async () => {
    const text = await awardText(204);
    const first = /credentialId: (\S+)/.exec(text)![1]!;
    const { status, output } = await buildAfterCommits(file, [oneLine(text)], text.replace(/credentialId: \S+/, `"credentialId": ${randomUUID()}`));
    expect(status).not.toBe(0);
    expect(output).toMatch(reported(file, 'credentialId', `The credential id was ${first} when this award was committed`));
  });

  it('stops when a version that did not parse may have revoked the award, naming the commit and what to do', async () => {
    const text = await awardText(205);
    // The build refused this version (a reason with ": " in it is a nested mapping), so it cannot say what it meant.
    const broken = `${text}revoked: true  # ticket 12\nrevokedReason: Plagiarism: confirmed by the panel\nrevokedDate: 2023-06-01\n`;
    const { status, output } = await buildAfterCommits(file, [text, broken, text], text);
    expect(status).not.toBe(0);
    expect(output).toMatch(
      reported(
        file,
        'revoked',
        'The version of this file committed in [0-9a-f]{12} may have revoked the credential, but the build cannot read that version \\(line 16: “This is not valid YAML \\(Nested mappings are not allowed in compact mappings\\)\\. Check the indentation and quoting on that line\\.”\\)\\. A revocation is final, so the build cannot go on without knowing\\. If that version meant to revoke it, set revoked: true again',
      ),
    );
  });
});

// The same record read directly from a small repository (no build): what a merge and a version the
// build could not read leave in it.
describe('the award history, across merges and versions that do not parse', () => {
  let small: string;
  const file = 'content/awards/innovation-skills-2023-05-01-merge001.yaml';
  let text: string;
  const commit = async (content: string, message: string) => {
    await writeFile(path.join(small, file), content);
    git(small, 'add', '-A');
    git(small, 'commit', '-q', '-m', message);
  };
  /** The history's problems with the working tree's awards, read as the build reads them. */
  const problemsNow = async () => {
    const history = readAwardHistory(small);
    if (!history.available) throw new Error(history.reason);
    const awards = (await readdir(path.join(small, 'content/awards'))).map((name) => {
      const at = `content/awards/${name}`;
      const { data } = checkFile(at, readFileSync(path.join(small, at), 'utf8'), 'data', awardSchema);
      return { collection: 'awards' as const, id: name.replace(/\.yaml$/, ''), file: at, data: data! };
    });
    return awardHistoryProblems(history, awards);
  };

  beforeAll(async () => {
    small = await mkdtemp(path.join(os.tmpdir(), 'mic-history-'));
    await mkdir(path.join(small, 'content/awards'), { recursive: true });
    git(small, 'init', '-q', '-b', 'main');
    text = await awardText(301);
    await commit(text, 'An award');
  });
  afterAll(async () => {
    await rm(small, { recursive: true, force: true });
  });

  it('keeps a revocation that only a merge wrote (a conflict resolved as revoked)', async () => {
    const base = git(small, 'rev-parse', 'HEAD').trim();
    git(small, 'checkout', '-q', '-b', 'side');
    await commit(text.replace('awardedDate: 2022-03-04', 'awardedDate: 2022-03-05'), 'Side: another date');
    git(small, 'checkout', '-q', 'main');
    await commit(text.replace('awardedDate: 2022-03-04', 'awardedDate: 2022-03-06'), 'Main: another date');
    // The dates conflict; the resolution is the merge's own version of the file.
    expect(spawnSync('git', ['-C', small, 'merge', '-q', 'side'], { encoding: 'utf8' }).status).not.toBe(0);
    await commit(`${text}revoked: true\n${REVOCATION}`, 'Merge side, resolved as revoked');
    await writeFile(path.join(small, file), text);
    expect(await problemsNow()).toEqual([
      { file, field: 'revoked', message: expect.stringMatching(/^This credential was revoked in [0-9a-f]{12}, and a revocation is final/) },
    ]);
    git(small, 'reset', '-q', '--hard', base);
  });

  it('keeps a revocation made on a branch whose merge took the other side', async () => {
    const base = git(small, 'rev-parse', 'HEAD').trim();
    git(small, 'checkout', '-q', '-b', 'revoking');
    await commit(`${text}revoked: true\n${REVOCATION}`, 'Revoke');
    git(small, 'checkout', '-q', 'main');
    git(small, 'merge', '-q', '-s', 'ours', '-m', 'Merge, keeping main', 'revoking');
    expect(await problemsNow()).toEqual([
      { file, field: 'revoked', message: expect.stringMatching(/^This credential was revoked in [0-9a-f]{12}, and a revocation is final/) },
    ]);
    git(small, 'reset', '-q', '--hard', base);
  });

  it('lets a version that did not parse and could not revoke go, once a later one is fixed', async () => {
    const base = git(small, 'rev-parse', 'HEAD').trim();
    await commit(text.replace('awardedDate: 2022-03-04', 'awardedDate: 2022-03-04\n\tbroken'), 'A broken edit');
    await commit(text, 'Fixed');
    expect(await problemsNow()).toEqual([]);
    git(small, 'reset', '-q', '--hard', base);
  });
});
