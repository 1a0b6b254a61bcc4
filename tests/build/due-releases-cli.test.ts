// npm run releases:due, run as the deploy workflow runs it, in a copy of the project with a release
// scheduled in the hour skipped on 14 March 2027: what it prints, what it writes to GITHUB_OUTPUT and
// how it exits for a window with and without the release, a release file it cannot read, and bad usage.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject } from '../support/build.ts';

const SPRING = 'content/releases/2027-03-14-spring-forward.md';
const NEXT_DAY = 'content/releases/2027-03-15-next-day.md';
const BAD = 'content/releases/2027-03-20-bad-time.md';
let root: string;
let scratch: string;

const release = (title: string, date: string, publishAt?: string) =>
  `---\ntitle: "${title}"\ndate: ${date}\ncategory: Announcements\nsummary: For the due check.\n${publishAt ? `publishAt: ${publishAt}\n` : ''}---\nBody.\n`;

/** Runs the script in `cwd` as npm would, with only the environment given (no GITHUB_OUTPUT or SITE_BUILD_TIME of the calling shell). */
function due(args: string[], env: Record<string, string> = {}, cwd = root) {
  const inherited = { ...process.env };
  delete inherited.GITHUB_OUTPUT;
  delete inherited.SITE_BUILD_TIME;
  const result = spawnSync(process.execPath, ['scripts/due-releases.ts', ...args], { cwd, encoding: 'utf8', env: { ...inherited, NO_COLOR: '1', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  root = await copyProject();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'mic-due-'));
  // 02:30 does not exist on 14 March 2027: it is 03:30 EDT, 07:30Z.
  await writeFile(path.join(root, SPRING), release('Spring forward', '2027-03-14', '2027-03-14T02:30'));
  // A date alone: 00:00 EDT on 15 March, 04:00Z.
  await writeFile(path.join(root, NEXT_DAY), release('Next day', '2027-03-15'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

describe('npm run releases:due', () => {
  it('says a release is due in the hour that holds its time, and writes due=true', async () => {
    const output = path.join(scratch, 'due.txt');
    await writeFile(output, 'earlier=1\n');
    const run = due(['--since', '2027-03-14T07:00:00Z', '--now', '2027-03-14T08:00:00Z'], { GITHUB_OUTPUT: output });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        'Due since 2027-03-14T07:00:00Z (2027-03-14 03:00 EDT): 1 release visible by 2027-03-14T08:00:00Z (2027-03-14 04:00 EDT):',
        `  ${SPRING} (visible from 2027-03-14 03:30 EDT)`,
        `Next: ${NEXT_DAY} at 2027-03-15 00:00 EDT (Kingston time).`,
        '',
      ].join('\n'),
    );
    // Appended, in GitHub's name=value format: what the step wrote before is kept.
    expect(await readFile(output, 'utf8')).toBe('earlier=1\ndue=true\n');
  });

  it('says nothing is due in the hour before (clocks going forward inside it), and writes due=false', async () => {
    const output = path.join(scratch, 'not-due.txt');
    // --now in Kingston time, like SITE_BUILD_TIME: 03:00 EDT is 07:00Z, half an hour before the release.
    const run = due(['--since', '2027-03-14T01:00:00-05:00', '--now', '2027-03-14T03:00'], { GITHUB_OUTPUT: output });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      `Nothing due since 2027-03-14T06:00:00Z (2027-03-14 01:00 EST) up to 2027-03-14T07:00:00Z (2027-03-14 03:00 EDT); next: ${SPRING} at 2027-03-14 03:30 EDT (Kingston time).\n`,
    );
    expect(await readFile(output, 'utf8')).toBe('due=false\n');
  });

  it('takes the build clock (SITE_BUILD_TIME) as now when --now is not given', async () => {
    const run = due(['--since', '2027-03-14T08:00:00Z'], { SITE_BUILD_TIME: '2027-03-15T00:00' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Due since 2027-03-14T08:00:00Z (2027-03-14 04:00 EDT): 1 release visible by 2027-03-15T04:00:00Z (2027-03-15 00:00 EDT):\n  ${NEXT_DAY} (visible from 2027-03-15 00:00 EDT)\nNext: none scheduled.\n`);
  });

  it('is due when no deploy is on record (--since ""), and lists what the site shows', async () => {
    const output = path.join(scratch, 'first.txt');
    const run = due(['--since', '', '--now', '2027-03-14T08:00:00Z'], { GITHUB_OUTPUT: output });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Due: no deploy on record \(--since ""\), so build\. On the site as of 2027-03-14T08:00:00Z \(2027-03-14 04:00 EDT\): 2 releases:\n/);
    expect(run.stdout).toContain(`  ${SPRING} (visible from 2027-03-14 03:30 EDT)\n`);
    expect(run.stdout).toContain(`  content/releases/2022-01-25-mayors-innovation-challenge-adds-micro-credentials.md (visible from 2022-01-25 00:00 EST)\n`);
    expect(run.stdout).not.toContain(`${NEXT_DAY} (visible`);
    expect(run.stdout).toMatch(new RegExp(`\nNext: ${NEXT_DAY} at 2027-03-15 00:00 EDT \\(Kingston time\\)\\.\n$`));
    expect(await readFile(output, 'utf8')).toBe('due=true\n');
  });

  it('stops with exit 1, naming the file, line and field, when a release cannot be read (read with --root)', async () => {
    const other = path.join(scratch, 'checkout');
    await mkdir(path.join(other, 'content/releases'), { recursive: true });
    await writeFile(path.join(other, SPRING), release('Spring forward', '2027-03-14', '2027-03-14T02:30'));
    await writeFile(path.join(other, BAD), release('Bad time', '2027-03-20', '2027-03-20T25:00'));
    const output = path.join(scratch, 'bad.txt');
    const run = due(['--since', '2027-03-14T07:00:00Z', '--now', '2027-03-14T08:00:00Z', '--root', other], { GITHUB_OUTPUT: output });
    expect(run.status, run.stdout).toBe(1);
    expect(run.stderr).toContain('Cannot tell whether a release is due: 1 problem in 1 release file.');
    expect(run.stderr).toContain(`${BAD}: line 6, field "publishAt": "2027-03-20T25:00" is not a date and time.`);
    // No answer, so nothing for the workflow to act on.
    expect(run.stdout).toBe('');
    await expect(readFile(output, 'utf8')).rejects.toThrow(/ENOENT/);
    // Front matter never closed: no field can be read, so no answer either.
    await rm(path.join(other, BAD));
    await writeFile(path.join(other, BAD), '---\ntitle: "Bad time"\ndate: 2027-03-20\n\nBody.\n');
    const unclosed = due(['--since', '2027-03-14T07:00:00Z', '--now', '2027-03-14T08:00:00Z', '--root', other]);
    expect(unclosed.status, unclosed.stdout).toBe(1);
    expect(unclosed.stderr).toContain(`${BAD}: line 1: The front matter is never closed`);
    // The same checkout without the bad file answers.
    await rm(path.join(other, BAD));
    expect(due(['--since', '2027-03-14T07:00:00Z', '--now', '2027-03-14T08:00:00Z', '--root', other]).status).toBe(0);
  });

  it('exits 2 for bad usage: a --since without a zone or not a time, none at all, a bad --now, an unknown option, no releases folder', () => {
    for (const [args, message] of [
      [['--since', '2027-03-14T07:00'], /--since "2027-03-14T07:00" is not an instant with a zone/],
      [['--since', 'yesterday'], /--since "yesterday" is not an instant with a zone/],
      [['--since', '2027-02-30T07:00:00Z'], /is not an instant with a zone/],
      [[], /--since is missing/],
      [['--since', '2027-03-14T07:00:00Z', '--now', 'soon'], /--now: SITE_BUILD_TIME "soon" is not a date-time/],
      [['--since', '2027-03-14T07:00:00Z', '--later'], /Unknown option '--later'/],
      [['--since', '2027-03-14T07:00:00Z', '--root', os.tmpdir()], /has no content\/releases\/ folder/],
    ] as const) {
      const run = due([...args]);
      expect(run.status, `${args.join(' ')}\n${run.stdout}${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('Usage: npm run releases:due');
      expect(run.stdout).toBe('');
    }
  });
});
