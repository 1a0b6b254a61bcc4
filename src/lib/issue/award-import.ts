/**
 * Turns an LMS export into award files. Reads a D2L Brightspace grades/classlist export (onQ is
 * Brightspace) or a plain name,email,completed_on CSV, hashes every email with a fresh salt, and
 * never keeps the address itself: not in the files, not in the report. Pure apart from randomness:
 * the caller reads the CSV and existing awards and writes what this returns.
 */
import { createHash, createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'yaml';
import { STATUS_LIST_SIZE, type Award } from '../../schemas/award.ts';
import { emailForms, normaliseEmail } from '../../schemas/email.ts';

/** The columns the import needs, whatever the export calls them. */
export interface ColumnMap {
  email: string;
  /** A grade column (Brightspace grade exports): a row with no grade is not a completion. */
  grade?: string;
  /** One column with the full name, or first and last name columns. */
  name?: string;
  firstName?: string;
  lastName?: string;
  /** Completion date column (YYYY-MM-DD); without it every row needs --date. */
  date?: string;
}

export interface ImportOptions {
  achievement: string;
  /** Known achievement slugs, to refuse an unknown one before reading anything. */
  achievements: string[];
  /** Award date for rows without their own. */
  date?: string;
  /** Secret for the matchKey HMAC, so re-imports find existing awards without the address. */
  matchSecret: string;
  /** matchKeys of awards already in content/awards/. */
  existing: Set<string>;
  /** statusIndex values already taken. */
  takenIndexes: Set<number>;
  /** `name=Full Name,email=Mail,date=Done`: for exports this tool does not recognise. */
  columns?: string;
  publishNames?: boolean;
  sample?: boolean;
  /** Slugs of achievements no longer awarded (active: false): importing them is refused. */
  retired?: string[];
  /** Rows whose grade is below this are not completions (Brightspace grade exports). */
  minGrade?: number;
  /** Today (YYYY-MM-DD), so completions dated in the future are refused. */
  today?: string;
}

export interface ImportRow {
  line: number;
  award: Award;
  file: string;
  yaml: string;
  /** Who to tell about the award (the mail-merge file of --notify). Never written to the award file. */
  contact: { email: string; firstName: string; lastName: string };
}

export interface ImportResult {
  format: 'brightspace' | 'plain' | 'custom';
  rows: ImportRow[];
  /** Rows already imported before (same person and achievement). */
  alreadyImported: number[];
  /** Rows repeating an earlier row of the same file. */
  repeated: { line: number; firstLine: number }[];
  /** Learners who did not complete (no grade, below --min-grade, withdrawn): no award, and never an error. */
  notCompleted: { line: number; reason: string }[];
  /** Bad data (a mistyped email, an impossible date): these block the import unless skipped. */
  problems: { line: number; message: string }[];
}

export class ImportError extends Error {
  readonly code: 'ERR_IMPORT_ACHIEVEMENT' | 'ERR_IMPORT_COLUMNS' | 'ERR_IMPORT_CSV' | 'ERR_IMPORT_DATE';
  constructor(code: ImportError['code'], message: string) {
    super(message);
    this.name = 'ImportError';
    this.code = code;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Grades an LMS records for learners who left or did not finish. */
const NOT_COMPLETED_GRADE = /^(w|wd|withdrawn|withdrew|inc|incomplete|dnf|f|fail|failed|not completed)$/i;

/** The one normalisation of an address before it is hashed (src/schemas/email.ts), also used by the CMS and the verifier. */
export { normaliseEmail };

export function hashEmail(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(normaliseEmail(email) + salt, 'utf8').digest('hex')}`;
}

/**
 * The awards held by this address: those whose hashed email identity matches it under their own
 * salt. Names are kept only with consent, so this is how staff find a person's award (to revoke it,
 * say) from the address they were given. The address is hashed here and never stored or printed.
 */
export function awardsOfEmail<T extends { award: Pick<Award, 'identifier'> }>(email: string, awards: readonly T[]): T[] {
  // Every form the address may have been hashed in (an internationalised domain had two).
  const forms = emailForms(email);
  const held = (id: Award['identifier'][number]) => forms.some((form) => id.identityHash === `sha256$${createHash('sha256').update(form + id.salt, 'utf8').digest('hex')}`);
  return awards.filter(({ award }) => award.identifier.some((id) => id.identityType === 'emailAddress' && held(id)));
}

export function matchKeyOf(email: string, achievement: string, secret: string, normalise: (email: string) => string = normaliseEmail): string {
  return createHmac('sha256', secret).update(`${achievement}\n${normalise(email)}`, 'utf8').digest('hex');
}

/** The match key awards imported before internationalised domains were normalised carry (trimmed, lower-cased). */
const legacyMatchKeyOf = (email: string, achievement: string, secret: string) => matchKeyOf(email, achievement, secret, (e) => e.trim().toLowerCase());

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Which columns hold what: Brightspace and plain exports are recognised; others need --columns. */
export function detectColumns(header: string[], columns?: string): { format: ImportResult['format']; map: ColumnMap } {
  // Exports differ in capitalisation ("Email", "email", "EMAIL"); match names case-insensitively.
  const find = (name: string) => header.find((h) => h.toLowerCase() === name.toLowerCase());
  if (columns) {
    const map: Record<string, string> = {};
    for (const pair of columns.split(',')) {
      const [field, column] = pair.split('=').map((p) => p.trim());
      if (!field || !column || !['email', 'name', 'firstName', 'lastName', 'date', 'grade'].includes(field)) {
        throw new ImportError('ERR_IMPORT_COLUMNS', `--columns: "${pair}" is not field=Column, with field one of email, name, firstName, lastName, date, grade.`);
      }
      const actual = find(column);
      if (!actual) throw new ImportError('ERR_IMPORT_COLUMNS', `--columns: the file has no column "${column}". Its columns are: ${header.join(', ')}.`);
      map[field] = actual;
    }
    if (!map.email) throw new ImportError('ERR_IMPORT_COLUMNS', '--columns must say which column holds the email, e.g. email=Email.');
    return { format: 'custom', map: map as unknown as ColumnMap };
  }
  const email = find('Email');
  if (email && (find('OrgDefinedId') || find('End-of-Line Indicator') || find('Username'))) {
    // Grade exports name grade columns "<Item> Points Grade <Numeric MaxPoints:100>" and the like.
    const grades = header.filter((h) => /\bgrade\b/i.test(h) && !/symbol|scheme/i.test(h));
    return {
      format: 'brightspace',
      map: {
        email,
        firstName: find('First Name') ?? 'First Name',
        lastName: find('Last Name') ?? 'Last Name',
        ...(grades.length === 1 ? { grade: grades[0]! } : {}),
      },
    };
  }
  const name = find('name');
  if (email && name) {
    const date = find('completed_on');
    return { format: 'plain', map: { email, name, ...(date ? { date } : {}) } };
  }
  throw new ImportError(
    'ERR_IMPORT_COLUMNS',
    `This CSV is neither a Brightspace export (Email, First Name, Last Name…) nor name,email,completed_on. Its columns are: ${header.join(', ')}. Map them with --columns, e.g. --columns "name=Full Name,email=Mail,date=Completed".`,
  );
}

export function importAwards(csv: string, options: ImportOptions): ImportResult {
  if (options.retired?.includes(options.achievement)) {
    throw new ImportError('ERR_IMPORT_ACHIEVEMENT', `The micro-credential "${options.achievement}" is no longer awarded (active: false in content/achievements/). Reactivate it before importing.`);
  }
  if (!options.achievements.includes(options.achievement)) {
    throw new ImportError('ERR_IMPORT_ACHIEVEMENT', `No micro-credential "${options.achievement}" in content/achievements/. Known: ${options.achievements.join(', ')}.`);
  }
  if (options.date !== undefined && !isDay(options.date)) {
    throw new ImportError('ERR_IMPORT_DATE', `--date "${options.date}" is not a date. Write it as YYYY-MM-DD, for example 2022-03-04.`);
  }
  let records: { record: Record<string, string>; line: number; lastLine: number }[];
  let header: string[] = [];
  try {
    records = (
      parse(csv.replace(/^\uFEFF/, ''), {
        columns: (names: string[]) => (header = names.map((n) => n.trim())),
        // Spreadsheets in some locales save with semicolons or tabs.
        delimiter: [',', ';', '\t'],
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
        info: true,
      }) as { record: Record<string, string>; info: { lines: number } }[]
    ).map(({ record, info }, i, all) => ({ record, line: i === 0 ? 2 : all[i - 1]!.info.lines + 1, lastLine: info.lines }));
  } catch (error) {
    throw new ImportError('ERR_IMPORT_CSV', `The file is not readable CSV: ${(error as Error).message}`);
  }
  const { format, map } = detectColumns(header, options.columns);
  if (!map.date && options.date === undefined) {
    throw new ImportError(
      'ERR_IMPORT_DATE',
      `This ${format === 'brightspace' ? 'Brightspace export' : 'file'} has no completion date column, so the award date must be given: add --date YYYY-MM-DD (the day the learners completed, e.g. --date 2022-03-04).`,
    );
  }

  const result: ImportResult = { format, rows: [], alreadyImported: [], repeated: [], notCompleted: [], problems: [] };
  const seen = new Map<string, number>();
  const taken = new Set(options.takenIndexes);
  for (const { record, line } of records) {
    const email = record[map.email] ?? '';
    if (!email) {
      result.problems.push({ line, message: 'no email address' });
      continue;
    }
    if (!EMAIL.test(email.trim())) {
      result.problems.push({ line, message: 'the email address is not valid' });
      continue;
    }
    const name = (map.name ? record[map.name] : [record[map.firstName ?? ''], record[map.lastName ?? '']].filter(Boolean).join(' '))?.trim() ?? '';
    if (!name) {
      result.problems.push({ line, message: 'no name' });
      continue;
    }
    if (/[\r\n]/.test(name)) {
      result.problems.push({ line, message: 'the name spans several lines' });
      continue;
    }
    if (map.grade !== undefined) {
      const grade = (record[map.grade] ?? '').trim();
      if (!grade) {
        result.notCompleted.push({ line, reason: 'no grade' });
        continue;
      }
      if (NOT_COMPLETED_GRADE.test(grade)) {
        result.notCompleted.push({ line, reason: `withdrawn or not completed (grade "${grade}")` });
        continue;
      }
      if (options.minGrade !== undefined) {
        if (!/^-?\d+(\.\d+)?%?$/.test(grade)) {
          result.problems.push({ line, message: `the grade "${grade}" is not a number, so --min-grade cannot be applied` });
          continue;
        }
        if (Number.parseFloat(grade) < options.minGrade) {
          result.notCompleted.push({ line, reason: `grade ${grade} is below --min-grade ${options.minGrade}` });
          continue;
        }
      }
    }
    const day = (map.date ? record[map.date] : undefined) || options.date;
    if (!day) {
      result.problems.push({ line, message: 'no completion date: add one to the file or pass --date YYYY-MM-DD' });
      continue;
    }
    if (!isDay(day)) {
      result.problems.push({ line, message: `the date "${day}" is not a date; write it as YYYY-MM-DD` });
      continue;
    }
    if (options.today && day > options.today) {
      result.problems.push({ line, message: `the date ${day} is in the future` });
      continue;
    }
    const matchKey = matchKeyOf(email, options.achievement, options.matchSecret);
    if (options.existing.has(matchKey) || options.existing.has(legacyMatchKeyOf(email, options.achievement, options.matchSecret))) {
      result.alreadyImported.push(line);
      continue;
    }
    const firstLine = seen.get(matchKey);
    if (firstLine !== undefined) {
      result.repeated.push({ line, firstLine });
      continue;
    }
    seen.set(matchKey, line);

    let statusIndex: number;
    do statusIndex = randomInt(0, STATUS_LIST_SIZE);
    while (taken.has(statusIndex));
    taken.add(statusIndex);
    const salt = randomBytes(16).toString('hex');
    const credentialId = randomUUID();
    const award: Award = {
      credentialId,
      subjectId: `urn:uuid:${randomUUID()}`,
      achievement: options.achievement,
      publishName: options.publishNames ?? false,
      // The name is kept only with consent; the mail-merge file (contact, below) still greets everyone by name.
      ...(options.publishNames ? { recipientName: name } : {}),
      identifier: [{ type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: hashEmail(email, salt), salt }],
      matchKey,
      awardedDate: day,
      evidence: [],
      statusIndex,
      revoked: false,
      suspended: false,
      sample: options.sample ?? false,
    };
    const [firstName, lastName] = map.name
      ? [name.split(/\s+/)[0] ?? name, name.split(/\s+/).slice(1).join(' ')]
      : [(record[map.firstName ?? ''] ?? '').trim(), (record[map.lastName ?? ''] ?? '').trim()];
    result.rows.push({
      line,
      award,
      file: `${options.achievement}-${day}-${credentialId.slice(0, 8)}.yaml`,
      yaml: awardYaml(award),
      contact: { email: email.trim(), firstName, lastName },
    });
  }
  return result;
}

/** The award as its YAML file, fields in a stable, readable order. Defaults that say nothing are left out. */
export function awardYaml(award: Award): string {
  const { evidence, revoked, suspended, sample, ...rest } = award;
  const data: Record<string, unknown> = { ...rest };
  if (evidence.length > 0) data.evidence = evidence;
  if (revoked) data.revoked = true;
  if (suspended) data.suspended = true;
  if (sample) data.sample = true;
  return `# Award written by npm run awards:import. credentialId, subjectId and statusIndex must never change.\n${stringify(data, { lineWidth: 0 })}`;
}

/** A CSV field: quoted, and a leading = + - @ defused so a spreadsheet never runs it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * The mail-merge file of --notify: one row per new award with the earner's email, names, the
 * micro-credential and the link to their credential page. UTF-8 with a byte-order mark and CRLF line
 * ends, which Excel, Outlook and Word's mail merge read as UTF-8.
 */
export function notifyCsv(rows: readonly ImportRow[], achievementName: string, credentialPage: (id: string) => string): string {
  const lines = [['Email', 'First name', 'Last name', 'Micro-credential', 'Credential page']];
  for (const { contact, award } of rows) lines.push([contact.email, contact.firstName, contact.lastName, achievementName, credentialPage(award.credentialId)]);
  return `\uFEFF${lines.map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}
