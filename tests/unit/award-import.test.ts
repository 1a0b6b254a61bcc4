// The LMS import: Brightspace and plain CSV exports, idempotent re-imports, bad rows with line numbers,
// and no plaintext email anywhere in what it produces.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/lib/content/check-file.ts';
import { hashEmail, importAwards, type ImportOptions } from '../../src/lib/issue/award-import.ts';
import { awardSchema } from '../../src/schemas/award.ts';
import { repo } from '../support/build.ts';

const fixture = (name: string) => readFileSync(path.join(repo, 'tests/fixtures/lms', name), 'utf8');
const options = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
  achievement: 'innovation-skills',
  achievements: ['innovation-skills'],
  matchSecret: 'test-only-match-secret',
  existing: new Set(),
  takenIndexes: new Set(),
  ...overrides,
});

describe('awards:import', () => {
  it('reads a Brightspace export: one valid award file per learner, the email only as a salted hash', () => {
    const csv = fixture('brightspace-2022-sample.csv');
    const result = importAwards(csv, options({ date: '2022-03-04', publishNames: true }));
    expect(result.format).toBe('brightspace');
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.award.recipientName, r.award.publishName, r.award.awardedDate])).toEqual([
      [2, 'Sample Recipient One', true, '2022-03-04'],
      [3, 'Sample Recipient Two', true, '2022-03-04'],
      [4, 'Sample Recipient Three', true, '2022-03-04'],
    ]);
    for (const row of result.rows) {
      expect(row.file).toMatch(/^innovation-skills-2022-03-04-[0-9a-f]{8}\.yaml$/);
      expect(row.yaml).not.toMatch(/@|example\.org/i);
      // The file passes the same content check the build runs.
      expect(checkFile(`content/awards/${row.file}`, row.yaml, 'data', awardSchema).problems).toEqual([]);
    }
    // "Sample.Recipient.Two@Example.org " is hashed in its normalised form, with the award's own salt.
    const two = result.rows[1]!.award.identifier[0]!;
    expect(two.identityHash).toBe(hashEmail('sample.recipient.two@example.org', two.salt));
    const salts = new Set(result.rows.map((r) => r.award.identifier[0]!.salt));
    expect(salts.size).toBe(3);
  });

  it('keeps no name without --publish-names (consent), yet still greets each earner by name in the mail-merge rows', () => {
    const result = importAwards(fixture('brightspace-2022-sample.csv'), options({ date: '2022-03-04' }));
    expect(result.rows).toHaveLength(3);
    for (const row of result.rows) {
      expect(row.award.recipientName).toBeUndefined();
      expect(row.award.publishName).toBe(false);
      expect(row.yaml).not.toMatch(/recipientName|Sample Recipient/);
      expect(checkFile(`content/awards/${row.file}`, row.yaml, 'data', awardSchema).problems).toEqual([]);
    }
    expect(result.rows.map((r) => [r.contact.firstName, r.contact.lastName])).toEqual([
      ['Sample', 'Recipient One'],
      ['Sample', 'Recipient Two'],
      ['Sample', 'Recipient Three'],
    ]);
  });

  it('adds nothing when the same export is imported again', () => {
    const csv = fixture('brightspace-2022-sample.csv');
    const first = importAwards(csv, options({ date: '2022-03-04' }));
    const again = importAwards(csv, options({ date: '2022-03-04', existing: new Set(first.rows.map((r) => r.award.matchKey!)) }));
    expect(again.rows).toEqual([]);
    expect(again.alreadyImported).toEqual([2, 3, 4]);
  });

  it('reports bad rows by line and skips a person listed twice', () => {
    const result = importAwards(fixture('plain-with-problems.csv'), options());
    expect(result.format).toBe('plain');
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.problems).toEqual([
      { line: 3, message: 'no email address' },
      { line: 4, message: 'the email address is not valid' },
      { line: 5, message: 'the date "2022-02-30" is not a date; write it as YYYY-MM-DD' },
      { line: 6, message: 'no completion date: add one to the file or pass --date YYYY-MM-DD' },
    ]);
    expect(result.repeated).toEqual([{ line: 7, firstLine: 2 }]);
  });

  it('maps other exports with --columns, and explains an export it does not recognise', () => {
    const csv = 'Full Name,Mail,Done\nAda Sample,ada@example.org,2022-03-04\n';
    expect(importAwards(csv, options({ columns: 'name=Full Name,email=Mail,date=Done' })).rows).toHaveLength(1);
    expect(() => importAwards(csv, options())).toThrow(
      'This CSV is neither a Brightspace export (Email, First Name, Last Name…) nor name,email,completed_on. Its columns are: Full Name, Mail, Done.',
    );
    expect(() => importAwards(csv, options({ columns: 'email=Email' }))).toThrow('--columns: the file has no column "Email".');
  });

  it('refuses an unknown achievement and a bad --date before reading rows', () => {
    const csv = fixture('brightspace-2022-sample.csv');
    expect(() => importAwards(csv, options({ achievement: 'leadership' }))).toThrow('No micro-credential "leadership" in content/achievements/. Known: innovation-skills.');
    expect(() => importAwards(csv, options({ date: '04/03/2022' }))).toThrow('--date "04/03/2022" is not a date.');
  });

  it('reads semicolon exports and any capitalisation of the column names', () => {
    const csv = 'NAME;EMAIL;Completed_On\nAda Sample;ada@example.org;2022-03-04\n';
    expect(importAwards(csv, options({ publishNames: true })).rows.map((r) => r.award.recipientName)).toEqual(['Ada Sample']);
  });

  it('treats a Brightspace row without a grade as not completed, and applies --min-grade', () => {
    const csv = [
      'OrgDefinedId,Username,Last Name,First Name,Email,Training Points Grade <Numeric MaxPoints:100>,End-of-Line Indicator',
      'S1,u1,One,Sample,one@example.org,92,#',
      'S2,u2,Two,Sample,two@example.org,,#',
      'S3,u3,Three,Sample,three@example.org,41,#',
    ].join('\n');
    const result = importAwards(csv, options({ date: '2022-03-04', minGrade: 50 }));
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.notCompleted).toEqual([
      { line: 3, reason: 'no grade' },
      { line: 4, reason: 'grade 41 is below --min-grade 50' },
    ]);
    expect(result.problems).toEqual([]);
  });

  it('counts withdrawn learners as not completed, and refuses a grade --min-grade cannot read', () => {
    const head = 'OrgDefinedId,Username,Last Name,First Name,Email,Training Points Grade <Numeric MaxPoints:100>,End-of-Line Indicator';
    const csv = [head, 'S1,u1,One,Sample,one@example.org,W,#', 'S2,u2,Two,Sample,two@example.org,Incomplete,#', 'S3,u3,Three,Sample,three@example.org,ninety,#'].join('\n');
    const result = importAwards(csv, options({ date: '2022-03-04', minGrade: 50 }));
    expect(result.notCompleted).toEqual([
      { line: 2, reason: 'withdrawn or not completed (grade "W")' },
      { line: 3, reason: 'withdrawn or not completed (grade "Incomplete")' },
    ]);
    expect(result.problems).toEqual([{ line: 4, message: 'the grade "ninety" is not a number, so --min-grade cannot be applied' }]);
  });

  it('asks once for --date when the file has no date column', () => {
    expect(() => importAwards(fixture('brightspace-2022-sample.csv'), options())).toThrow(
      'This Brightspace export has no completion date column, so the award date must be given: add --date YYYY-MM-DD (the day the learners completed, e.g. --date 2022-03-04).',
    );
  });

  it('refuses completions dated in the future, names over several lines, and retired micro-credentials', () => {
    const csv = 'name,email,completed_on\nAda Sample,ada@example.org,2031-01-01\n"Bo\nSample",bo@example.org,2022-03-04\n';
    expect(importAwards(csv, options({ today: '2026-11-22' })).problems).toEqual([
      { line: 2, message: 'the date 2031-01-01 is in the future' },
      { line: 3, message: 'the name spans several lines' },
    ]);
    expect(() => importAwards(csv, options({ retired: ['innovation-skills'] }))).toThrow(
      'The micro-credential "innovation-skills" is no longer awarded (active: false in content/achievements/). Reactivate it before importing.',
    );
  });

  it('never reuses a status list slot', () => {
    const taken = new Set(Array.from({ length: 131_072 }, (_, i) => i).filter((i) => i !== 77 && i !== 99));
    const result = importAwards(fixture('brightspace-2022-sample.csv').split('\n').slice(0, 3).join('\n'), options({ date: '2022-03-04', takenIndexes: taken }));
    expect(result.rows.map((r) => r.award.statusIndex).sort()).toEqual([77, 99]);
  });

  it('left no plaintext email in the committed award files', () => {
    const dir = path.join(repo, 'content/awards');
    for (const name of readdirSync(dir)) {
      expect(readFileSync(path.join(dir, name), 'utf8'), name).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
    }
  });
});
