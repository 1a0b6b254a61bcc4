// The LMS import: realistic Brightspace (onQ) exports and plain lists; the completion rule applied as
// written (several grade columns, MaxPoints, numerator/denominator, symbols); people recognised by the
// hashes their award files keep; encodings; line numbers; and no plaintext email in what it produces.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/lib/content/check-file.ts';
import { hashEmail, importAwards, type ExistingAward, type ImportOptions } from '../../src/lib/awards/award-import.ts';
import { decodeExport } from '../../src/lib/awards/lms-export.ts';
import { awardSchema } from '../../src/schemas/award.ts';
import { repo } from '../support/build.ts';

const bytes = (name: string) => readFileSync(path.join(repo, 'tests/fixtures/lms', name));
const fixture = (name: string) => decodeExport(bytes(name), name).text;
/** The rule content/achievements/innovation-skills.yaml states. */
const RULE = { gradeItem: 'Innovation Skills Training', minimumPercent: 70 };
const options = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
  achievement: 'innovation-skills',
  achievements: ['innovation-skills'],
  completion: RULE,
  existing: [],
  takenIndexes: new Set(),
  ...overrides,
});
/** The options of a micro-credential that says nothing about completion. */
const withoutRule = (overrides: Partial<ImportOptions> = {}): ImportOptions => {
  const { completion: _, ...rest } = options(overrides);
  return rest;
};
/** What an import wrote, as the award files the next import reads. */
const written = (rows: { file: string; award: ExistingAward['award'] }[], change: Partial<ExistingAward['award']> = {}): ExistingAward[] =>
  rows.map((r) => ({ file: `content/awards/${r.file}`, award: { ...r.award, ...change } }));

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
    const again = importAwards(csv, options({ date: '2022-03-04', existing: written(first.rows) }));
    expect(again.rows).toEqual([]);
    expect(again.alreadyHolding.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('reports bad rows by line and skips a person listed twice', () => {
    const result = importAwards(fixture('plain-with-problems.csv'), options());
    expect(result.format).toBe('plain');
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.problems).toEqual([
      { line: 3, message: 'no email address' },
      { line: 4, message: 'the email address is not valid (write the address alone, nothing before or after it)' },
      { line: 5, message: 'the date "2022-02-30" is not a date; write it as YYYY-MM-DD' },
      { line: 6, message: 'no completion date: add one to the file or pass --date YYYY-MM-DD' },
    ]);
    expect(result.repeated).toEqual([{ line: 7, firstLine: 2 }]);
  });

  it('maps other exports with --columns, and explains an export it does not recognise', () => {
    const csv = 'Full Name,Mail,Done\nAda Sample,ada@example.org,2022-03-04\n';
    expect(importAwards(csv, options({ columns: 'name=Full Name,email=Mail,date=Done' })).rows).toHaveLength(1);
    expect(() => importAwards(csv, options())).toThrow(
      'This CSV is neither a Brightspace export (OrgDefinedId, Username, Last Name, First Name, Email…) nor name,email,completed_on. Its columns are: Full Name, Mail, Done.',
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

  it('counts withdrawn learners as not completed, and stops a row whose grade is not a number', () => {
    const head = 'OrgDefinedId,Username,Last Name,First Name,Email,Training Points Grade <Numeric MaxPoints:100>,End-of-Line Indicator';
    const csv = [head, '#S1,#u1,One,Sample,one@example.org,W,#', '#S2,#u2,Two,Sample,two@example.org,Incomplete,#', '#S3,#u3,Three,Sample,three@example.org,ninety,#'].join('\n');
    const result = importAwards(csv, options({ date: '2022-03-04', completion: { gradeItem: 'Training', minimumPercent: 50 } }));
    expect(result.notCompleted).toEqual([
      { line: 2, reason: 'withdrawn or not completed (grade "W")' },
      { line: 3, reason: 'withdrawn or not completed (grade "Incomplete")' },
    ]);
    expect(result.problems).toEqual([{ line: 4, message: 'the grade "ninety" in "Training" is not a number of points' }]);
  });

  it('asks once for --date when the file has no date column', () => {
    expect(() => importAwards(fixture('brightspace-2022-sample.csv'), options())).toThrow(
      'This Brightspace export has no completion date column, so the award date must be given: add --date YYYY-MM-DD (the day the learners completed, e.g. --date 2026-03-06).',
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

describe('awards:import with onQ exports as Brightspace writes them', () => {
  const summary = (r: ReturnType<typeof importAwards>) => ({
    awarded: r.rows.map((row) => row.line),
    notCompleted: r.notCompleted,
    repeated: r.repeated,
    problems: r.problems,
  });

  it('awards only learners at the pass mark of the named item, though the export has several grade columns; line numbers are the file\'s own', () => {
    const result = importAwards(fixture('onq-grades-points.csv'), options({ date: '2026-03-06' }));
    expect(result.rule).toBe('grade item "Innovation Skills Training" (points out of 100) at 70 % or more');
    expect(summary(result)).toEqual({
      // Line 5 is blank: Alex (0) is on line 6, Precious (exactly 70) on 7.
      awarded: [2, 7, 9],
      notCompleted: [
        { line: 3, reason: '64 of 100 points (64 %) is below 70 %' },
        { line: 4, reason: 'no grade' },
        { line: 6, reason: '0 of 100 points (0 %) is below 70 %' },
        { line: 8, reason: 'withdrawn or not completed (grade "W")' },
      ],
      repeated: [{ line: 10, firstLine: 9 }],
      problems: [],
    });
    // The upper-case address is hashed in its normalised form.
    const precious = result.rows.find((r) => r.line === 7)!.award.identifier[0]!;
    expect(precious.identityHash).toBe(hashEmail('precious.okafor@example.org', precious.salt));
    expect(result.rows.map((r) => `${r.contact.firstName} ${r.contact.lastName}`)).toEqual(['Émilie Côté', 'Precious Okafor', 'François Tremblay']);
  });

  it('makes a percentage of the item\'s MaxPoints: 14 of 20 passes at 70 %, 13 does not', () => {
    const result = importAwards(fixture('onq-grades-out-of-20.csv'), options({ date: '2026-03-06' }));
    expect(summary(result)).toEqual({ awarded: [2, 4], notCompleted: [{ line: 3, reason: '13 of 20 points (65 %) is below 70 %' }], repeated: [], problems: [] });
    // The final grade instead: numerator over denominator, or its "76.67 %" symbol.
    const final = importAwards(fixture('onq-grades-out-of-20.csv'), options({ date: '2026-03-06', overrides: { gradeItem: 'Calculated Final Grade', minimumPercent: 80 } }));
    expect(final.rule).toBe('grade item "Calculated Final Grade" (numerator over denominator) at 80 % or more');
    expect(summary(final).awarded).toEqual([3, 4]);
    const subtotal = importAwards(fixture('onq-grades-out-of-20.csv'), options({ date: '2026-03-06', overrides: { gradeItem: 'Training Subtotal' } }));
    expect(summary(subtotal).awarded).toEqual([2, 3, 4]);
  });

  it('reads a pass/fail export by its symbols, and never awards Fail, blank or No Record', () => {
    const result = importAwards(fixture('onq-grades-pass-fail.csv'), options({ date: '2026-03-06', completion: { gradeItem: 'Calculated Final Grade', passSymbols: ['Pass'] } }));
    expect(summary(result)).toEqual({
      awarded: [2],
      notCompleted: [
        { line: 3, reason: '"Fail" is not "Pass"' },
        { line: 4, reason: 'no grade' },
        { line: 5, reason: 'no grade' },
      ],
      repeated: [],
      problems: [],
    });
    // The same export with a pass-mark rule: a symbol is not a percentage, so every graded row stops.
    const percent = importAwards(fixture('onq-grades-pass-fail.csv'), options({ date: '2026-03-06', completion: { gradeItem: 'Calculated Final Grade', minimumPercent: 70 } }));
    expect(percent.rows).toEqual([]);
    expect(percent.problems.map((p) => p.line)).toEqual([2, 3]);
  });

  it('stops, listing the grade items, when the rule names an item the export lacks, or when there is no rule', () => {
    expect(() => importAwards(fixture('onq-grades-pass-fail.csv'), options({ date: '2026-03-06' }))).toThrow(
      'The export has no grade item "Innovation Skills Training" (the completion rule of content/achievements/innovation-skills.yaml). The export\'s grade items: "Calculated Final Grade" (symbol); "Adjusted Final Grade" (symbol). Choose one with --grade-column "<item>", or correct the rule.',
    );
    expect(() => importAwards(fixture('onq-grades-out-of-20.csv'), withoutRule({ date: '2026-03-06' }))).toThrow(
      /^content\/achievements\/innovation-skills.yaml says nothing about what completion is, so the import cannot tell who passed\..*The export's grade items: "Innovation Skills Training" \(points out of 20\); "Pitch Video" \(points out of 10\); "Training Subtotal" \(numerator\/denominator\); "Calculated Final Grade" \(numerator\/denominator, symbol\)\.$/,
    );
    // A grade item but no threshold, or a threshold but no item: the missing half is asked for.
    expect(() => importAwards(fixture('onq-grades-out-of-20.csv'), withoutRule({ date: '2026-03-06', overrides: { minimumPercent: 70 } }))).toThrow(/^Say which grade item holds the result: --grade-column "<item>"\./);
    expect(() => importAwards(fixture('onq-grades-out-of-20.csv'), withoutRule({ date: '2026-03-06', overrides: { gradeItem: 'Pitch Video' } }))).toThrow('Say what counts as completing "Pitch Video"');
    // A points column without its maximum cannot be made a percentage.
    const bare = 'OrgDefinedId,Username,Last Name,First Name,Email,Innovation Skills Training Points Grade,End-of-Line Indicator\n#1,#a,A,Ann,ann@example.org,80,#\n';
    expect(() => importAwards(bare, options({ date: '2026-03-06' }))).toThrow('has no maximum (no "MaxPoints" in its header)');
  });

  it('recognises who already holds the credential by the hash in their award file, whoever made it and whatever key was used', () => {
    const first = importAwards(fixture('onq-grades-points.csv'), options({ date: '2026-03-06' }));
    // As the CMS writes an award: no matchKey at all.
    const cms = written(first.rows).map((e) => ({ ...e, award: { ...e.award, matchKey: undefined } }));
    const again = importAwards(fixture('onq-grades-points.csv'), options({ date: '2026-03-06', existing: cms }));
    expect(again.rows).toEqual([]);
    expect(again.alreadyHolding.map((r) => r.line)).toEqual([2, 7, 9]);
    // The Windows-1252 re-save is the same people.
    const resaved = importAwards(fixture('onq-grades-points-excel-1252.csv'), options({ date: '2026-03-06', existing: cms }));
    expect(resaved.rows).toEqual([]);
  });

  it('does not award again, silently, a learner whose credential was revoked; --reaward-revoked says why and keeps the reason', () => {
    const first = importAwards(fixture('onq-grades-points.csv'), options({ date: '2026-03-06' }));
    const existing = written(first.rows).map((e, i) => (i === 0 ? { ...e, award: { ...e.award, revoked: true, revokedReason: 'awarded in error', revokedDate: '2026-03-10' } } : e));
    const again = importAwards(fixture('onq-grades-points.csv'), options({ date: '2026-03-06', existing }));
    expect(again.rows).toEqual([]);
    expect(again.previouslyRevoked).toEqual([{ line: 2, file: existing[0]!.file, revokedDate: '2026-03-10', reawarded: false }]);
    expect(again.notify.map((n) => n.line)).toEqual([7, 9]);
    const reaward = importAwards(fixture('onq-grades-points.csv'), options({ date: '2026-03-06', existing, reawardRevoked: 'revoked in error:\nticket 12' }));
    expect(reaward.rows.map((r) => r.line)).toEqual([2]);
    expect(reaward.rows[0]!.yaml).toContain(`# Awarded again after ${existing[0]!.file} was revoked: revoked in error: ticket 12\ncredentialId:`);
    expect(checkFile('content/awards/x.yaml', reaward.rows[0]!.yaml, 'data', awardSchema).problems).toEqual([]);
    expect(() => importAwards(fixture('onq-grades-points.csv'), options({ date: '2026-03-06', existing, reawardRevoked: '  ' }))).toThrow('--reaward-revoked needs the reason');
  });

  it('lists every passing learner who holds the credential for --notify, new or awarded before, and never a revoked or suspended one', () => {
    const first = importAwards(fixture('onq-grades-points.csv'), options({ date: '2026-03-06' }));
    const existing = written(first.rows.slice(0, 2));
    existing[1]!.award = { ...existing[1]!.award, suspended: true };
    const again = importAwards(fixture('onq-grades-points.csv'), options({ date: '2026-03-06', existing }));
    expect(again.notify.map((n) => [n.line, n.isNew, n.credentialId === (n.isNew ? again.rows[0]!.award.credentialId : first.rows[0]!.award.credentialId)])).toEqual([
      [2, false, true],
      [9, true, true],
    ]);
    expect(again.alreadyHolding).toEqual([
      { line: 2, file: existing[0]!.file, suspended: false },
      { line: 7, file: existing[1]!.file, suspended: true },
    ]);
  });

  it('reads a Windows-1252 re-save with a notice and the names intact; refuses bytes that are not text and text that already lost characters', () => {
    const decoded = decodeExport(bytes('onq-grades-points-excel-1252.csv'), 'grades.csv');
    expect(decoded.encoding).toBe('Windows-1252');
    expect(decoded.notice).toMatch(/^grades\.csv is not UTF-8: it was read as Windows-1252/);
    const result = importAwards(decoded.text, options({ date: '2026-03-06', publishNames: true }));
    expect(result.rows.map((r) => r.award.recipientName)).toEqual(['Émilie Côté', 'Precious Okafor', 'François Tremblay']);
    expect(JSON.stringify(result)).not.toContain('\uFFFD');
    expect(decodeExport(bytes('onq-grades-points.csv'), 'x').encoding).toBe('UTF-8');
    // Excel's "Unicode Text": UTF-16 with its byte-order mark, tab-separated.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixture('onq-grades-points.csv').replaceAll(',', '\t'), 'utf16le')]);
    expect(importAwards(decodeExport(utf16, 'x').text, options({ date: '2026-03-06', publishNames: true })).rows.map((r) => r.award.recipientName)).toEqual(['Émilie Côté', 'Precious Okafor', 'François Tremblay']);
    expect(() => decodeExport(Buffer.from([0x61, 0x8d, 0x62]), 'bad.csv')).toThrow('bad.csv is neither UTF-8 nor Windows-1252 (byte 2 is 0x8d)');
    expect(() => decodeExport(Buffer.from('name,email\n\uFFFDmilie,e@example.org\n'), 'lost.csv')).toThrow('lost.csv, line 2: the text holds "\uFFFD"');
  });

  it('takes name consent per learner from a "Publish name" column, and never guesses an unclear answer', () => {
    const csv = 'name,email,completed_on,Publish name\nAda Yes,ada@example.org,2026-03-06,Yes\nBo No,bo@example.org,2026-03-06,no\nCy Blank,cy@example.org,2026-03-06,\nDi Maybe,di@example.org,2026-03-06,maybe\nEd Proto,ed@example.org,2026-03-06,constructor\n';
    const result = importAwards(csv, options());
    expect(result.rows.map((r) => [r.line, r.award.publishName, r.award.recipientName])).toEqual([
      [2, true, 'Ada Yes'],
      [3, false, undefined],
      [4, false, undefined],
    ]);
    expect(result.problems).toEqual([
      { line: 5, message: '"Publish name" says "maybe": write yes or no (blank is no)' },
      { line: 6, message: '"Publish name" says "constructor": write yes or no (blank is no)' },
    ]);
    expect(() => importAwards(csv, options({ publishNames: true }))).toThrow('drop --publish-names to follow the column');
  });

  it('refuses names with invisible direction or control characters, and a header naming a column twice', () => {
    const csv = 'name,email,completed_on\nAda\u202Enhoj,ada@example.org,2026-03-06\nBo\u0007 Sample,bo@example.org,2026-03-06\n';
    expect(importAwards(csv, options()).problems).toEqual([
      { line: 2, message: 'the name holds invisible control, format or direction characters: type it again' },
      { line: 3, message: 'the name holds invisible control, format or direction characters: type it again' },
    ]);
    expect(() => importAwards('name,email,Email,completed_on\nAda,a@example.org,b@example.org,2026-03-06\n', options())).toThrow(
      'The header names "Email" more than once',
    );
  });

  it('refuses an award date in the future once, not once per row', () => {
    expect(() => importAwards(fixture('onq-grades-points.csv'), options({ date: '2027-03-05', today: '2026-12-06' }))).toThrow(
      '--date 2027-03-05 is in the future (today is 2026-12-06 in Kingston).',
    );
  });
});

// What a reviewer attacking the import found, each case failing on the code before the fix.
describe('awards:import refuses what it would otherwise get wrong', () => {
  const H = 'OrgDefinedId,Username,Last Name,First Name,Email,Innovation Skills Training Points Grade <Numeric MaxPoints:100>,End-of-Line Indicator';
  const row = (email: string, grade: string, first = 'Ann', last = 'Lee') => `#1,#u,${last},${first},${email},${grade},#`;
  const run = (lines: string[], overrides: Partial<ImportOptions> = {}) => importAwards(lines.join('\r\n'), options({ date: '2026-03-06', ...overrides }));

  it('stops a plain list that has a column of results nobody reads, instead of awarding everyone on it', () => {
    expect(() => importAwards('Name,Email,completed_on,Final grade\nAda Low,ada@example.org,2026-03-06,12\n', options())).toThrow(
      'This file is read as a list of people who completed, but it has a column that may hold results: "Final grade".',
    );
    expect(() => importAwards(`Name,Email,completed_on,${H.split(',')[5]}\nAda Low,ada@example.org,2026-03-06,12\n`, options())).toThrow('may hold results');
  });

  it('stops when one grade item has two columns of one kind (names differing in case or spacing)', () => {
    const twice = `${H.replace(',End-of-Line', ',innovation skills  training Points Grade <Numeric MaxPoints:10>,End-of-Line')}`;
    expect(() => run([twice, '#1,#u,Lee,Ann,ann@example.org,40,9,#'])).toThrow('are the same grade item written twice, so it cannot be told which to read');
    expect(() => run([H.replace('MaxPoints:100', 'MaxPoints:1e2'), row('ann@example.org', '80')])).toThrow('says MaxPoints:1e2, which is not a number of points');
  });

  it('reads a bare number as a percentage nowhere: a mapped column or a scheme symbol needs "85 %"', () => {
    const csv = 'Full Name,Mail,Exam (out of 200)\nAda Low,ada@example.org,80\nBo Hi,bo@example.org,85 %\n';
    const result = importAwards(csv, options({ date: '2026-03-06', columns: 'name=Full Name,email=Mail,grade=Exam (out of 200)' }));
    expect(result.rows.map((r) => r.line)).toEqual([3]);
    expect(result.problems).toEqual([{ line: 2, message: 'the grade "80" in "Exam (out of 200)" is a number with no maximum, so it is not a percentage: write it as "80 %" if it is one, or choose a points column (--grade-column)' }]);
    const gpa = importAwards('OrgDefinedId,Email,First Name,Last Name,Calculated Final Grade Scheme Symbol,End-of-Line Indicator\n#1,a@example.org,A,B,3.5,#\n', options({ date: '2026-03-06', completion: { gradeItem: 'Calculated Final Grade', minimumPercent: 70 } }));
    expect(gpa.problems.map((p) => p.line)).toEqual([2]);
  });

  it('compares with the pass mark exactly: 69.9999999999 of 100 is below 70 %', () => {
    const result = run([H, row('a@example.org', '69.9999999999'), row('b@example.org', '70.0'), row('c@example.org', '69.99999999999999999')]);
    expect(result.rows.map((r) => r.line)).toEqual([3]);
  });

  it('refuses an address written any other way than the address alone, which would hash as someone else', () => {
    const result = run([H, ...['mailto:ann@example.org', '<ann@example.org>', 'ann@example.org.', 'ann\u200B@example.org', 'ann@@example.org', 'a..b@example.org'].map((e) => row(e, '90'))]);
    expect(result.rows).toEqual([]);
    expect(result.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(run([H, row('  ANN@Example.ORG ', '90')]).rows).toHaveLength(1);
  });

  it('refuses names garbled by an earlier conversion, invisible characters and pasted paragraphs, and keeps real ones', () => {
    const names = ['Ã‰milie', 'Cï¿½tï¿½', 'Ann\u200B', 'Ann\u2060', 'An\u00ADn', 'Ann\u2028Lee', 'Ann\u{E0041}', 'A'.repeat(201)];
    const result = run([H, ...names.map((n, i) => row(`p${i}@example.org`, '90', n))]);
    expect(result.rows).toEqual([]);
    expect(result.problems[0]!.message).toBe('the name "Ã‰milie Lee" was garbled by an earlier conversion (it reads "Émilie Lee" once repaired): fix it in the file, or export from onQ again and save as "CSV UTF-8"');
    expect(result.problems).toHaveLength(names.length);
    const real = ['Émilie', 'Zoë', 'Siobhán', 'Łukasz', 'Nguyễn', 'محمد', 'فرزانه\u200Cای', '김민준', 'O’Brien', 'Œdipe', 'Šárka'];
    expect(run([H, ...real.map((n, i) => row(`r${i}@example.org`, '90', n))], { publishNames: true }).rows.map((r) => r.award.recipientName)).toEqual(real.map((n) => `${n} Lee`));
  });

  it('refuses the UTF-8 rows of a file that also holds a Windows-1252 row, rather than publish them garbled', () => {
    const mixed = Buffer.concat([Buffer.from(`${H}\r\n${row('a@example.org', '90', 'Émilie')}\r\n`, 'utf8'), Buffer.from(`${row('b@example.org', '90', 'Zo\u00eb')}\r\n`, 'latin1')]);
    const decoded = decodeExport(mixed, 'mixed.csv');
    expect(decoded.encoding).toBe('Windows-1252');
    const result = importAwards(decoded.text, options({ date: '2026-03-06', publishNames: true }));
    expect(result.problems.map((p) => p.line)).toEqual([2]);
    expect(result.rows.map((r) => r.award.recipientName)).toEqual(['Zoë Lee']);
  });

  it('stops on a learner listed twice with different results, and repeats only rows that agree', () => {
    const result = run([H, row('dup@example.org', '40'), row('DUP@example.org', '95'), row('same@example.org', '90'), row('same@example.org', '91')]);
    expect(result.rows.map((r) => r.line)).toEqual([4]);
    expect(result.problems).toEqual([{ line: 3, message: 'the same learner as line 2, with a different result: keep the row that is right and remove the other' }]);
    expect(result.repeated).toEqual([{ line: 5, firstLine: 4 }]);
  });

  it('asks for consent only of learners awarded, and flags a row split by an unquoted comma', () => {
    const csv = [`${H.replace(',End-of-Line', ',Publish name,End-of-Line')}`, '#1,#u,Low,Al,al@example.org,40,maybe,#', '#2,#v,Hi,Bo,bo@example.org,8,5,yes,#'];
    const result = run(csv);
    expect(result.notCompleted.map((r) => r.line)).toEqual([2]);
    expect(result.problems).toEqual([{ line: 3, message: 'the row has more values than the header has columns (a comma inside a value, such as 8,5?): fix the row, or quote the value' }]);
  });

  it('reads a "sep=;" first line and blank lines before the header, keeping the file\'s line numbers', () => {
    const result = importAwards(`\r\nsep=;\r\n${H.replaceAll(',', ';')}\r\n${row('a@example.org', '90').replaceAll(',', ';')}\r\n`, options({ date: '2026-03-06' }));
    expect(result.rows.map((r) => r.line)).toEqual([4]);
  });

  it('never prints an address from a file it cannot read: a lost header row, a broken quote', () => {
    const noHeader = 'Ada Lovelace,ada.secret@example.org,2026-03-06\nBo,bo@example.org,2026-03-06\n';
    expect(() => importAwards(noHeader, options())).toThrow(/Its columns are: Ada Lovelace, \(an email address\), 2026-03-06\./);
    let message = '';
    try {
      importAwards(`${H}\n#1,#u,Lee,Ann,ada.secret@example.org",95,#\n`, options({ date: '2026-03-06' }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^The file is not readable CSV/);
    expect(message).not.toContain('@');
    expect(() => decodeExport(Buffer.from(`${H}\n`, 'utf16le'), 'u16.csv')).toThrow('u16.csv is UTF-16 text without the mark that says which byte comes first');
  });

  it('records no email address in a re-award reason', () => {
    expect(() => run([H, row('a@example.org', '90')], { reawardRevoked: 'asked by ada@example.org' })).toThrow('the reason holds an email address');
    expect(() => run([H, row('a@example.org', '90')], { reawardRevoked: '\u200B ' })).toThrow('the reason is empty');
  });
});
