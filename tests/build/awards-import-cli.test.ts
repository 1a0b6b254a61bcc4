// `npm run awards:import` as program staff run it, in a throwaway copy of the project.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, repo } from '../support/build.ts';

let root: string;
const fixtures = path.join(repo, 'tests/fixtures/lms');

/** Runs a staff script in the copy, with only the environment given (a developer's own SITE_URL never leaks in). */
function run(script: string, env: Record<string, string>, ...args: string[]) {
  return runWithInput(script, env, '', ...args);
}
function runWithInput(script: string, env: Record<string, string>, input: string, ...args: string[]) {
  const inherited = { ...process.env };
  delete inherited.SITE_URL;
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', env: { ...inherited, ...env }, input });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
const importCsv = (...args: string[]) => run('scripts/awards-import.ts', {}, ...args);
const importWith = (env: Record<string, string>, ...args: string[]) => run('scripts/awards-import.ts', env, ...args);
const revoke = (...args: string[]) => run('scripts/awards-revoke.ts', {}, ...args);
const awards = async () => (await readdir(path.join(root, 'content/awards'))).sort();

beforeAll(async () => {
  root = await copyProject();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('awards:import', () => {
  it('writes nothing when a row is bad, and says which lines to fix', async () => {
    const before = await awards();
    const { status, output } = importCsv(path.join(fixtures, 'plain-with-problems.csv'), '--achievement', 'innovation-skills');
    expect(status).toBe(1);
    expect(output).toBe(
      [
        `Read 6 learners from ${path.join(fixtures, 'plain-with-problems.csv')} (plain format).`,
        'Every row of this list counts as a completion (it has no grade column).',
        '  1 new award',
        '  1 repeated in this file, skipped (line 7 repeats line 2)',
        '  4 invalid rows:',
        '    line 3: no email address',
        '    line 4: the email address is not valid (write the address alone, nothing before or after it)',
        '    line 5: the date "2022-02-30" is not a date; write it as YYYY-MM-DD',
        '    line 6: no completion date: add one to the file or pass --date YYYY-MM-DD',
        'Nothing was written: fix the rows above, or run again with --skip-invalid to import the valid rows only.',
        '',
      ].join('\n'),
    );
    expect(await awards()).toEqual(before);
  });

  it('imports the valid rows with --skip-invalid, then nothing on a second run; never prints or stores an address', async () => {
    const before = await awards();
    const csv = path.join(fixtures, 'plain-with-problems.csv');
    const first = importCsv(csv, '--achievement', 'innovation-skills', '--skip-invalid');
    expect(first.status).toBe(0);
    expect(first.output).toContain('  1 new award written to content/awards/');
    const added = (await awards()).filter((f) => !before.includes(f));
    expect(added).toHaveLength(1);
    const text = await readFile(path.join(root, 'content/awards', added[0]!), 'utf8');
    // No --publish-names: no consent, so no name is kept.
    expect(text).toContain('publishName: false');
    expect(text).not.toMatch(/recipientName|Ada/);
    expect(text).not.toMatch(/@/);
    expect(first.output).not.toMatch(/@/);

    const second = importCsv(csv, '--achievement', 'innovation-skills', '--skip-invalid');
    expect(second.output).toContain('  0 new awards written to content/awards/\n  1 already holding this micro-credential, skipped (line 2)\n  1 repeated in this file, skipped (line 7 repeats line 2)');
    expect((await awards()).length).toBe(before.length + 1);
  });

  it('awards only those at the pass mark of an export with several grade columns, and previews with --dry-run without writing', async () => {
    const before = await awards();
    const csv = path.join(fixtures, 'onq-grades-points.csv');
    const { status, output } = importCsv(csv, '--achievement', 'innovation-skills', '--date', '2026-03-06', '--dry-run');
    expect(status).toBe(0);
    expect(output).toBe(
      [
        `Read 8 learners from ${csv} (brightspace format).`,
        'Completed means: grade item "Innovation Skills Training" (points out of 100) at 70 % or more.',
        '  3 new awards (dry run: nothing written)',
        '  1 repeated in this file, skipped (line 10 repeats line 9)',
        '  4 not completed, no award:',
        '    line 3: 64 of 100 points (64 %) is below 70 %',
        '    line 4: no grade',
        '    line 6: 0 of 100 points (0 %) is below 70 %',
        '    line 8: withdrawn or not completed (grade "W")',
        '',
      ].join('\n'),
    );
    expect(await awards()).toEqual(before);
    // --min-grade overrides the rule as a percentage of the item's MaxPoints.
    const out20 = importCsv(path.join(fixtures, 'onq-grades-out-of-20.csv'), '--achievement', 'innovation-skills', '--date', '2026-03-06', '--min-grade', '65', '--dry-run');
    expect(out20.output).toContain('Completed means: grade item "Innovation Skills Training" (points out of 20) at 65 % or more.\n  3 new awards');
  });

  it('stops, listing the grade items and the flag to choose, when nothing says which column or what pass mark', async () => {
    const achievementFile = path.join(root, 'content/achievements/innovation-skills.yaml');
    const original = await readFile(achievementFile, 'utf8');
    try {
      await writeFile(achievementFile, original.replace(/^completion:\n(?: {2}.*\n)+/m, ''));
      const { status, output } = importCsv(path.join(fixtures, 'onq-grades-out-of-20.csv'), '--achievement', 'innovation-skills', '--date', '2026-03-06', '--dry-run');
      expect(status).toBe(1);
      expect(output).toContain('content/achievements/innovation-skills.yaml says nothing about what completion is, so the import cannot tell who passed.');
      expect(output).toContain('--grade-column "<item>" and --min-grade <per cent> (or --pass-symbol Pass)');
      expect(output).toContain('"Innovation Skills Training" (points out of 20); "Pitch Video" (points out of 10)');
    } finally {
      await writeFile(achievementFile, original);
    }
    const pf = importCsv(path.join(fixtures, 'onq-grades-pass-fail.csv'), '--achievement', 'innovation-skills', '--date', '2026-03-06', '--dry-run');
    expect(pf.status).toBe(1);
    expect(pf.output).toContain('The export has no grade item "Innovation Skills Training"');
    const chosen = importCsv(path.join(fixtures, 'onq-grades-pass-fail.csv'), '--achievement', 'innovation-skills', '--date', '2026-03-06', '--dry-run', '--grade-column', 'Calculated Final Grade', '--pass-symbol', 'Pass');
    expect(chosen.output).toContain('  1 new award (dry run: nothing written)');
  });

  it('runs the runbook in any order: import, revoke one, import again with --notify (any key in the environment) lists the whole cohort and re-awards no one', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'mic-notify-'));
    const csv = path.join(fixtures, 'onq-grades-points-excel-1252.csv');
    const args = ['--achievement', 'innovation-skills', '--date', '2026-03-06'];
    const site = { SITE_URL: 'https://innovation.example.org' };
    const before = await awards();
    const first = importWith({ AWARDS_MATCH_KEY: 'one-key' }, csv, ...args, '--publish-names');
    expect(first.status, first.output).toBe(0);
    expect(first.output).toContain('is not UTF-8: it was read as Windows-1252');
    const added = (await awards()).filter((f) => !before.includes(f));
    const texts = await Promise.all(added.map((f) => readFile(path.join(root, 'content/awards', f), 'utf8')));
    expect(texts.map((t) => /recipientName: (.*)/.exec(t)?.[1]).sort()).toEqual(['François Tremblay', 'Precious Okafor', 'Émilie Côté']);
    expect(texts.join('')).not.toContain('\uFFFD');

    // Revoke Émilie's with a reason holding a colon, a hash and quotes.
    const emilie = added[texts.findIndex((t) => t.includes('Émilie'))]!;
    // The address is typed when asked, not given as an argument (which npm would repeat on screen).
    const revoked = runWithInput('scripts/awards-revoke.ts', {}, 'emilie.cote@example.org\n', '--reason', 'Awarded in error: ticket #12 - "wrong cohort"');
    expect(revoked.status, revoked.output).toBe(0);
    expect(revoked.output).toContain(`Revoked content/awards/${emilie}`);
    expect(revoked.output).not.toMatch(/@/);
    expect(revoke(emilie, '--reason', 'x', '--date', '2026-02-30').output).toMatch(/^--date "2026-02-30" is not a date\. Write it as YYYY-MM-DD/);
    const again = revoke(emilie, '--reason', 'twice');
    expect([again.status, again.output]).toEqual([1, expect.stringContaining('was already revoked on')]);

    const notifyFile = path.join(outside, 'notify.csv');
    const second = importWith({ ...site, AWARDS_MATCH_KEY: 'another-key' }, csv, ...args, '--notify', notifyFile);
    expect(second.status, second.output).toBe(0);
    expect(second.output).toContain('  0 new awards written to content/awards/');
    expect(second.output).toContain('  2 already holding this micro-credential, skipped (lines 7, 9)');
    expect(second.output).toContain(`  1 previously revoked, not awarded again (line 2: content/awards/${emilie}, revoked `);
    expect(second.output).toContain(`Wrote the mail-merge file ${notifyFile}: 2 earners (0 awarded by this run, 2 by an earlier one; column AwardedDate says when).`);
    expect(second.output).not.toMatch(/@/);
    expect((await stat(notifyFile)).mode & 0o777).toBe(0o600);
    const text = await readFile(notifyFile, 'utf8');
    expect(text.startsWith('\uFEFF"Email","FirstName","LastName","MicroCredential","CredentialPage","AwardedDate"\r\n')).toBe(true);
    const rows = text.slice(1).trimEnd().split('\r\n').slice(1).map((line) => line.split('","').map((f) => f.replace(/^"|"$/g, '')));
    expect(rows.map((r) => [r[0], r[1], r[2], r[5]])).toEqual([
      ['PRECIOUS.OKAFOR@EXAMPLE.ORG', 'Precious', 'Okafor', '2026-03-06'],
      ['francois.tremblay@example.org', 'François', 'Tremblay', '2026-03-06'],
    ]);
    expect(rows[0]![4]).toMatch(/^https:\/\/innovation\.example\.org\/credentials\/[0-9a-f-]{36}\/$/);

    // Staff decide to award her again: the reason is asked for and kept.
    const reaward = importWith({}, csv, ...args, '--reaward-revoked', 'Revocation was a mistake (ticket 14)');
    expect(reaward.output).toContain('  1 new award written to content/awards/');
    const newest = (await awards()).filter((f) => !before.includes(f) && !added.includes(f));
    expect(await readFile(path.join(root, 'content/awards', newest[0]!), 'utf8')).toContain(`# Awarded again after content/awards/${emilie} was revoked: Revocation was a mistake (ticket 14)`);
    await rm(outside, { recursive: true, force: true });
  });

  it('keeps the --notify file outside the repository, needs SITE_URL, and writes nothing on a dry run', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'mic-notify-'));
    const args = [path.join(fixtures, 'brightspace-mixed.csv'), '--achievement', 'innovation-skills', '--date', '2022-04-01', '--skip-invalid'];
    const site = { SITE_URL: 'https://innovation.example.org' };
    const inside = importWith(site, ...args, '--notify', path.join(root, 'notify.csv'));
    expect(inside.status).toBe(1);
    expect(inside.output).toContain('is inside the repository. The file holds email addresses and must never be committed');
    expect(importWith({}, ...args, '--notify', path.join(outside, 'n.csv')).output).toContain('--notify needs SITE_URL');
    // Neither a name starting with "..", a link to the repository, nor a folder that is a file gets past.
    expect(importWith(site, ...args, '--notify', path.join(root, '..notify.csv')).output).toContain('is inside the repository');
    await symlink(root, path.join(outside, 'link'));
    expect(importWith(site, ...args, '--notify', path.join(outside, 'link', 'n.csv')).output).toContain('is inside the repository');
    await writeFile(path.join(outside, 'file'), '');
    expect(importWith(site, ...args, '--notify', path.join(outside, 'file', 'n.csv')).output).toContain(`there is no folder ${path.join(outside, 'file')}`);
    await symlink(path.join(outside, 'nowhere'), path.join(outside, 'dangling.csv'));
    expect(importWith(site, ...args, '--notify', path.join(outside, 'dangling.csv')).output).toContain('already exists');
    expect(existsSync(path.join(root, '..notify.csv'))).toBe(false);
    const dry = importWith(site, ...args, '--dry-run', '--notify', path.join(outside, 'n.csv'));
    expect(dry.output).toContain('Dry run: no mail-merge file written (it would list 2 earners).');
    expect(existsSync(path.join(outside, 'n.csv'))).toBe(false);
    await rm(outside, { recursive: true, force: true });
  });

  it('asks once for a missing --date, refuses one in the future once, and prints its help with --help', async () => {
    const missing = importCsv(path.join(fixtures, 'brightspace-2022-sample.csv'), '--achievement', 'innovation-skills');
    expect(missing.status).toBe(1);
    expect(missing.output).toBe('This Brightspace export has no completion date column, so the award date must be given: add --date YYYY-MM-DD (the day the learners completed, e.g. --date 2026-03-06).\n');
    const future = importCsv(path.join(fixtures, 'brightspace-2022-sample.csv'), '--achievement', 'innovation-skills', '--date', '2999-03-05');
    expect(future.output).toMatch(/^--date 2999-03-05 is in the future \(today is \d{4}-\d{2}-\d{2} in Kingston\)\. Give the day the learners completed, or import after it\.\n$/);
    const help = importWith({}, '--help');
    expect(help.status).toBe(0);
    expect(help.output).toMatch(/^Usage: npm run awards:import -- <export\.csv> --achievement <slug> \[options\]\n/);
    expect(help.output).toContain('--reaward-revoked');
  });
});

describe('awards:find', () => {
  const find = (...args: string[]) => {
    const result = spawnSync(process.execPath, ['scripts/awards-find.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, SITE_URL: 'https://innovation.example.org' } });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  it('finds an earner’s award from their email typed any way (without printing it), its credential id, its link or its file', async () => {
    const sample = 'innovation-skills-2022-03-04-b3935368.yaml';
    const id = /credentialId: (\S+)/.exec(await readFile(path.join(root, 'content/awards', sample), 'utf8'))![1]!;
    const { status, output } = find(' Sample.Recipient.THREE@Example.org ');
    expect(status).toBe(0);
    expect(output).toBe(`content/awards/${sample}: innovation-skills, awarded 2022-03-04, revoked 2022-06-01. Credential page: https://innovation.example.org/credentials/${id}/\n`);
    expect(find('nobody@example.org').output).toMatch(/^No award in content\/awards\/ \(\d+ checked\) matches that\.\n$/);
    // The same award from the credential id, a link to its page, or its file name.
    for (const query of [id, `https://innovation.example.org/credentials/${id}/`, sample, `content/awards/${sample}`]) {
      expect(find(query).output, query).toBe(output);
    }
    expect(find('not-an-award').output).toMatch(/^No award in content\/awards\/ \(\d+ checked\) matches that\.\n$/);
  });
});
