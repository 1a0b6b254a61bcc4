// `npm run awards:import` as program staff run it, in a throwaway copy of the project.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, repo } from '../support/build.ts';
import { badgeUrls } from '../../src/lib/ob3/urls.ts';

let root: string;
const fixtures = path.join(repo, 'tests/fixtures/lms');

function importCsv(...args: string[]) {
  return importWith({ AWARDS_MATCH_KEY: 'test-only-match-secret' }, ...args);
}
function importWith(env: Record<string, string>, ...args: string[]) {
  const inherited = { ...process.env };
  delete inherited.AWARDS_MATCH_KEY;
  const result = spawnSync(process.execPath, ['scripts/awards-import.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...inherited, ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
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
        `Read 6 rows from ${path.join(fixtures, 'plain-with-problems.csv')} (plain format).`,
        '  1 new award',
        '  1 repeated in this file, skipped (line 7 repeats line 2)',
        '  4 invalid rows:',
        '    line 3: no email address',
        '    line 4: the email address is not valid',
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
    expect(second.output).toContain('  0 new awards written to content/awards/\n  2 already imported, skipped (line 2, 7)');
    expect((await awards()).length).toBe(before.length + 1);
  });

  it('previews with --dry-run without writing', async () => {
    const before = await awards();
    const { status, output } = importCsv(path.join(fixtures, 'brightspace-2022-sample.csv'), '--achievement', 'innovation-skills', '--date', '2022-04-01', '--dry-run');
    expect(status).toBe(0);
    expect(output).toContain('(brightspace format)');
    expect(output).toContain('3 new awards (dry run: nothing written)');
    expect(await awards()).toEqual(before);
  });

  it('refuses to write without AWARDS_MATCH_KEY, since duplicates could follow; a dry run may go ahead', async () => {
    const before = await awards();
    const { status, output } = importWith({}, path.join(fixtures, 'brightspace-2022-sample.csv'), '--achievement', 'innovation-skills', '--date', '2022-04-01');
    expect(status).toBe(1);
    expect(output).toContain('AWARDS_MATCH_KEY is not set, so nothing was written.');
    expect(output).toContain('Awards already imported carry match keys: use the same key as then');
    expect(await awards()).toEqual(before);
    const dry = importWith({}, path.join(fixtures, 'brightspace-2022-sample.csv'), '--achievement', 'innovation-skills', '--date', '2022-04-01', '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.output).toContain('3 new awards (dry run: nothing written)');
  });

  it('counts learners who did not complete without blocking; only bad data blocks, and --skip-invalid skips only that', async () => {
    const before = await awards();
    const csv = path.join(fixtures, 'brightspace-mixed.csv');
    const args = [csv, '--achievement', 'innovation-skills', '--date', '2022-04-01', '--min-grade', '50'];
    const blocked = importCsv(...args);
    expect(blocked.status).toBe(1);
    expect(blocked.output).toBe(
      [
        `Read 6 rows from ${csv} (brightspace format).`,
        '  2 new awards',
        '  3 not completed, no award (line 3: grade 42 is below --min-grade 50; line 4: no grade; line 5: withdrawn or not completed (grade "W"))',
        '  1 invalid row:',
        '    line 6: the email address is not valid',
        'Nothing was written: fix the rows above, or run again with --skip-invalid to import the valid rows only.',
        '',
      ].join('\n'),
    );
    expect(await awards()).toEqual(before);
    const skipped = importCsv(...args, '--skip-invalid', '--publish-names');
    expect(skipped.output).toContain('  2 new awards written to content/awards/');
    const added = (await awards()).filter((f) => !before.includes(f));
    expect(added).toHaveLength(2);
    const names = await Promise.all(added.map(async (f) => /recipientName: (.*)/.exec(await readFile(path.join(root, 'content/awards', f), 'utf8'))?.[1]));
    expect(names.sort()).toEqual(['Sample Also Passed', 'Sample Passed']);
  });

  it('asks once for a missing --date, and prints its help with --help', async () => {
    const missing = importCsv(path.join(fixtures, 'brightspace-2022-sample.csv'), '--achievement', 'innovation-skills');
    expect(missing.status).toBe(1);
    expect(missing.output).toBe('This Brightspace export has no completion date column, so the award date must be given: add --date YYYY-MM-DD (the day the learners completed, e.g. --date 2022-03-04).\n');
    const help = importWith({}, '--help');
    expect(help.status).toBe(0);
    expect(help.output).toMatch(/^Usage: npm run awards:import -- <file\.csv> --achievement <slug> \[options\]\n/);
    expect(help.output).toContain('npm run awards:match-key');
  });

  it('writes a mail-merge file for the new awards with --notify, outside the repository only, and never prints an address', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'mic-notify-'));
    const notifyFile = path.join(outside, 'notify.csv');
    const csv = path.join(fixtures, 'brightspace-mixed.csv');
    const args = ['--achievement', 'innovation-skills', '--date', '2022-04-01', '--min-grade', '50', '--skip-invalid'];
    const site = { AWARDS_MATCH_KEY: 'test-only-other-secret', SITE_URL: 'https://innovation.example.org' };

    const inside = importWith(site, csv, ...args, '--notify', path.join(root, 'notify.csv'));
    expect(inside.status).toBe(1);
    expect(inside.output).toContain('is inside the repository. The file holds email addresses and must never be committed');
    const noSite = importWith({ AWARDS_MATCH_KEY: 'test-only-other-secret' }, csv, ...args, '--notify', notifyFile);
    expect(noSite.output).toContain('--notify needs SITE_URL');

    const before = await awards();
    const { status, output } = importWith(site, csv, ...args, '--notify', notifyFile);
    expect(status, output).toBe(0);
    expect(output).toContain(`Wrote the mail-merge file ${notifyFile} (2 earners).`);
    expect(output).not.toMatch(/@/);
    const added = (await awards()).filter((f) => !before.includes(f));
    const ids = await Promise.all(added.map(async (f) => /credentialId: (\S+)/.exec(await readFile(path.join(root, 'content/awards', f), 'utf8'))![1]!));
    const text = await readFile(notifyFile, 'utf8');
    expect(text.startsWith('\uFEFF"Email","First name","Last name","Micro-credential","Credential page"\r\n')).toBe(true);
    const rows = text.slice(1).trimEnd().split('\r\n').slice(1).map((line) => line.split('","').map((f) => f.replace(/^"|"$/g, '')));
    expect(rows.map((r) => r.slice(0, 4)).sort()).toEqual([
      ['sample.also.passed@example.org', 'Sample', 'Also Passed', 'Innovation Skills Micro-credential'],
      ['sample.passed@example.org', 'Sample', 'Passed', 'Innovation Skills Micro-credential'],
    ]);
    expect(rows.map((r) => r[4]).sort()).toEqual(ids.map((id) => badgeUrls('https://innovation.example.org').credentialPage(id)).sort());
    expect(rows[0]![4]).toMatch(/^https:\/\/innovation\.example\.org\/credentials\/[0-9a-f-]{36}\/$/);
    await rm(outside, { recursive: true, force: true });
  });
});

describe('awards:find', () => {
  const find = (...args: string[]) => {
    const result = spawnSync(process.execPath, ['scripts/awards-find.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, SITE_URL: 'https://innovation.example.org' } });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  it('finds an earner’s award from their email, typed any way, without printing the address', async () => {
    const sample = 'innovation-skills-2022-03-04-b3935368.yaml';
    const id = /credentialId: (\S+)/.exec(await readFile(path.join(root, 'content/awards', sample), 'utf8'))![1]!;
    const { status, output } = find(' Sample.Recipient.THREE@Example.org ');
    expect(status).toBe(0);
    expect(output).toBe(`content/awards/${sample}: innovation-skills, awarded 2022-03-04, revoked. Credential page: https://innovation.example.org/credentials/${id}/\n`);
    expect(find('nobody@example.org').output).toMatch(/^No award in content\/awards\/ \(\d+ checked\) was issued to that address\.\n$/);
    const bad = find('not-an-address');
    expect([bad.status, bad.output]).toEqual([1, 'That is not an email address. Usage: npm run awards:find -- someone@example.org\n']);
  });
});
