/**
 * Turns an LMS export into award files. Reads a D2L Brightspace grade export (onQ is Brightspace;
 * the columns and their grammar are in lms-export.ts) or a plain name,email,completed_on list,
 * applies the micro-credential's completion rule (completion.ts) to every learner, recognises who
 * already holds the credential by the salted email hash every award file keeps, hashes each new
 * email with a fresh salt, and never keeps the address itself: not in the files, not in the
 * report. Pure apart from randomness: the caller reads the export and existing awards and writes
 * what this returns.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { stringify } from 'yaml';
import type { CompletionRule } from '../../schemas/achievement.ts';
import { STATUS_LIST_SIZE, type Award } from '../../schemas/award.ts';
import { emailForms, normaliseEmail } from '../../schemas/email.ts';
import { brightspaceJudge, columnJudge, effectiveRule, type Judge, type RuleOverrides } from './completion.ts';
import { nameProblem } from './learner-name.ts';
import { reasonProblem } from './award-revoke.ts';
import { gradeItems, ImportError, readTable, withoutEmails } from './lms-export.ts';

export { ImportError };

/** The columns the import needs, whatever the export calls them. */
export interface ColumnMap {
  email: string;
  /** A grade column of a file that is not a Brightspace export (--columns grade=…). */
  grade?: string;
  /** One column with the full name, or first and last name columns. */
  name?: string;
  firstName?: string;
  lastName?: string;
  /** Completion date column (YYYY-MM-DD); without it every row needs --date. */
  date?: string;
  /** Per-learner consent to publish the name ("Publish name": yes/no). */
  publishName?: string;
}

/** An award already in content/awards/, as the import recognises people by it. */
export interface ExistingAward {
  file: string;
  award: Award;
}

export interface ImportOptions {
  achievement: string;
  /** Known achievement slugs, to refuse an unknown one before reading anything. */
  achievements: string[];
  /** The micro-credential's completion rule (its `completion`), and the file it is in, for messages. */
  completion?: CompletionRule;
  completionSource?: string;
  /** --grade-column, --min-grade, --pass-symbol: override the rule. */
  overrides?: RuleOverrides;
  /** Award date for rows without their own. */
  date?: string;
  /** Every award in content/awards/: people are recognised by the salted email hash each one keeps. */
  existing: readonly ExistingAward[];
  /** statusIndex values already taken. */
  takenIndexes: Set<number>;
  /** `name=Full Name,email=Mail,date=Done`: for exports this tool does not recognise. */
  columns?: string;
  /** Every learner in the file agreed to have their name published. */
  publishNames?: boolean;
  sample?: boolean;
  /** Slugs of achievements no longer awarded (active: false): importing them is refused. */
  retired?: string[];
  /** Today (YYYY-MM-DD, Kingston), so completions dated in the future are refused. */
  today?: string;
  /**
   * Why learners whose credential was revoked are awarded again (--reaward-revoked "<reason>").
   * Without it they are reported and never re-awarded.
   */
  reawardRevoked?: string;
}

/** A learner to tell about their credential (the mail-merge file of --notify). Never written to an award file. */
export interface Contact {
  email: string;
  firstName: string;
  lastName: string;
}

export interface ImportRow {
  line: number;
  award: Award;
  file: string;
  yaml: string;
  contact: Contact;
}

export interface ImportResult {
  format: 'brightspace' | 'plain' | 'custom';
  /** What counted as completing, in staff's words; undefined for a plain list of completers. */
  rule?: string;
  /** New awards. */
  rows: ImportRow[];
  /** Learners who completed and already hold this micro-credential (found by their email's hash). */
  alreadyHolding: { line: number; file: string; suspended: boolean }[];
  /** Learners who completed but whose credential was revoked: not re-awarded unless reawardRevoked says why. */
  previouslyRevoked: { line: number; file: string; revokedDate?: string; reawarded: boolean }[];
  /** Rows repeating an earlier row of the same file (the same address). */
  repeated: { line: number; firstLine: number }[];
  /** Learners who did not complete (by the rule), with the reason: no award, and never an error. */
  notCompleted: { line: number; reason: string }[];
  /** Bad data (a mistyped email, an impossible date): these block the import unless skipped. */
  problems: { line: number; message: string }[];
  /**
   * Every learner of the file who completed and holds a standing credential of this micro-credential
   * after the import, new or not: the mail-merge file of --notify, whatever order the runbook is followed in.
   */
  notify: { line: number; contact: Contact; credentialId: string; awardedDate: string; isNew: boolean }[];
}

/**
 * An address as the import accepts it: the address alone (no "mailto:", no <…>, no name, no trailing
 * dot, nothing invisible), checked in its normalised form (lower case, an internationalised domain in
 * its ASCII form). A spelling accepted here would be hashed as a different person.
 */
const EMAIL = /^[\p{L}\p{M}\p{N}.!#$%&'*+/=?^_`{|}~-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$/u;
const isEmail = (email: string) => EMAIL.test(normaliseEmail(email)) && !/\.\.|^\.|\.@/.test(normaliseEmail(email));
/** What a "Publish name" column may say. Anything else stops the row: consent is never guessed. */
const CONSENT = new Map<string, boolean>(Object.entries({ yes: true, y: true, true: true, '1': true, oui: true, no: false, n: false, false: false, '0': false, non: false, '': false }));

/** The one normalisation of an address before it is hashed (src/schemas/email.ts), also used by the CMS and the verifier. */
export { normaliseEmail };

export function hashEmail(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(normaliseEmail(email) + salt, 'utf8').digest('hex')}`;
}

/**
 * The awards held by this address: those whose hashed email identity matches it under their own
 * salt. Names are kept only with consent, so this is how staff find a person's award (to revoke it,
 * say) and how the import recognises someone awarded before, by any means (an earlier import, the
 * CMS). The address is hashed here and never stored or printed.
 */
export function awardsOfEmail<T extends { award: Pick<Award, 'identifier'> }>(email: string, awards: readonly T[]): T[] {
  // Every form the address may have been hashed in (an internationalised domain had two).
  const forms = emailForms(email);
  const held = (id: Award['identifier'][number]) => forms.some((form) => id.identityHash === `sha256$${createHash('sha256').update(form + id.salt, 'utf8').digest('hex')}`);
  return awards.filter(({ award }) => award.identifier.some((id) => id.identityType === 'emailAddress' && held(id)));
}

/** A real calendar day written YYYY-MM-DD (the import's --date and dates in a file, awards:revoke's --date). */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Which columns hold what: Brightspace and plain exports are recognised; others need --columns. */
export function detectColumns(header: string[], columns?: string): { format: ImportResult['format']; map: ColumnMap } {
  // Exports differ in capitalisation ("Email", "email", "EMAIL"); match names case-insensitively.
  const find = (...names: string[]) => header.find((h) => names.some((name) => h.toLowerCase() === name.toLowerCase()));
  const publishName = find('Publish name', 'PublishName', 'Publish_name');
  if (columns) {
    const map: Record<string, string> = {};
    for (const pair of columns.split(',')) {
      const [field, column] = pair.split('=').map((p) => p.trim());
      if (!field || !column || !['email', 'name', 'firstName', 'lastName', 'date', 'grade', 'publishName'].includes(field)) {
        throw new ImportError('ERR_IMPORT_COLUMNS', `--columns: "${pair}" is not field=Column, with field one of email, name, firstName, lastName, date, grade, publishName.`);
      }
      const actual = find(column);
      if (!actual) throw new ImportError('ERR_IMPORT_COLUMNS', withoutEmails(`--columns: the file has no column "${column}". Its columns are: ${header.join(', ')}.`));
      map[field] = actual;
    }
    if (!map.email) throw new ImportError('ERR_IMPORT_COLUMNS', '--columns must say which column holds the email, e.g. email=Email.');
    if (!map.name && !map.firstName && !map.lastName) throw new ImportError('ERR_IMPORT_COLUMNS', '--columns must say which column holds the name: name=Full Name, or firstName=… and lastName=….');
    return { format: 'custom', map: { ...(publishName ? { publishName } : {}), ...(map as unknown as ColumnMap) } };
  }
  if (find('OrgDefinedId', 'End-of-Line Indicator', 'Username')) {
    const email = find('Email');
    if (!email) {
      throw new ImportError('ERR_IMPORT_COLUMNS', 'This Brightspace export has no Email column. In onQ, Grades > Export, tick "Email" under User Details and export again.');
    }
    return {
      format: 'brightspace',
      map: { email, firstName: find('First Name') ?? 'First Name', lastName: find('Last Name') ?? 'Last Name', ...(publishName ? { publishName } : {}) },
    };
  }
  const email = find('Email');
  const name = find('name');
  if (email && name) {
    const date = find('completed_on');
    return { format: 'plain', map: { email, name, ...(date ? { date } : {}), ...(publishName ? { publishName } : {}) } };
  }
  throw new ImportError(
    'ERR_IMPORT_COLUMNS',
    withoutEmails(
      `This CSV is neither a Brightspace export (OrgDefinedId, Username, Last Name, First Name, Email…) nor name,email,completed_on. Its columns are: ${header.join(', ')}. Map them with --columns, e.g. --columns "name=Full Name,email=Mail,date=Completed". (If its first line holds a learner, the export lost its header row: export it again.)`,
    ),
  );
}

/** Checks the options that need no rows, before anything is read. */
function checkOptions(options: ImportOptions): void {
  if (options.retired?.includes(options.achievement)) {
    throw new ImportError('ERR_IMPORT_ACHIEVEMENT', `The micro-credential "${options.achievement}" is no longer awarded (active: false in content/achievements/). Reactivate it before importing.`);
  }
  if (!options.achievements.includes(options.achievement)) {
    throw new ImportError('ERR_IMPORT_ACHIEVEMENT', `No micro-credential "${options.achievement}" in content/achievements/. Known: ${options.achievements.join(', ')}.`);
  }
  if (options.date !== undefined && !isDay(options.date)) {
    throw new ImportError('ERR_IMPORT_DATE', `--date "${options.date}" is not a date. Write it as YYYY-MM-DD, for example 2026-03-06.`);
  }
  if (options.date !== undefined && options.today && options.date > options.today) {
    throw new ImportError('ERR_IMPORT_DATE', `--date ${options.date} is in the future (today is ${options.today} in Kingston). Give the day the learners completed, or import after it.`);
  }
  const reasonIssue = options.reawardRevoked !== undefined ? reasonProblem(options.reawardRevoked) : undefined;
  if (reasonIssue) {
    throw new ImportError('ERR_IMPORT_OPTIONS', `--reaward-revoked needs the reason, kept in each new award file (${reasonIssue}), e.g. --reaward-revoked "revoked in error: wrong cohort (ticket 12)".`);
  }
}

/** The judge of completion for this export, or undefined for a plain list whose every row is a completion. */
function judgeFor(format: ImportResult['format'], header: string[], map: ColumnMap, options: ImportOptions): Judge | undefined {
  const source = options.completionSource ?? `content/achievements/${options.achievement}.yaml`;
  const rule = effectiveRule(options.completion, options.overrides ?? {});
  if (format === 'brightspace') return brightspaceJudge(header, rule, source);
  if (map.grade !== undefined) return columnJudge(map.grade, rule, source);
  // A list read as "everyone here completed" must not hold results nobody reads.
  const mapped = new Set(Object.values(map));
  const gradeLike = header.filter((h) => h && !mapped.has(h) && (gradeItems([h]).size > 0 || /grade|score|mark|points|result|percent|%|pass|fail/i.test(h)));
  if (gradeLike.length > 0) {
    throw new ImportError(
      'ERR_IMPORT_COLUMNS',
      `This file is read as a list of people who completed, but it has ${gradeLike.length === 1 ? 'a column' : 'columns'} that may hold results: ${gradeLike.map((h) => `"${h}"`).join(', ')}. If one holds the grade, map it with --columns (…,grade=<column>) and the completion rule decides who completed; if none does, remove ${gradeLike.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (options.overrides?.minimumPercent !== undefined || options.overrides?.passSymbols?.length || options.overrides?.gradeItem) {
    throw new ImportError('ERR_IMPORT_OPTIONS', 'This file has no grade column, so --grade-column, --min-grade and --pass-symbol cannot apply: it is read as a list of people who completed. Map a grade column with --columns grade=<Column>, or leave the flags out.');
  }
  return undefined;
}

export function importAwards(text: string, options: ImportOptions): ImportResult {
  checkOptions(options);
  const { header, records } = readTable(text);
  const { format, map } = detectColumns(header, options.columns);
  if (options.publishNames && map.publishName) {
    throw new ImportError('ERR_IMPORT_OPTIONS', `The file has a "${map.publishName}" column saying, per learner, whether their name may be published, and --publish-names says everyone agreed. Use one: drop --publish-names to follow the column.`);
  }
  const judge = judgeFor(format, header, map, options);
  if (!map.date && options.date === undefined) {
    throw new ImportError(
      'ERR_IMPORT_DATE',
      `This ${format === 'brightspace' ? 'Brightspace export' : 'file'} has no completion date column, so the award date must be given: add --date YYYY-MM-DD (the day the learners completed, e.g. --date 2026-03-06).`,
    );
  }

  const result: ImportResult = { format, ...(judge ? { rule: judge.describe } : {}), rows: [], alreadyHolding: [], previouslyRevoked: [], repeated: [], notCompleted: [], problems: [], notify: [] };
  const ofAchievement = options.existing.filter((e) => e.award.achievement === options.achievement);
  const taken = new Set(options.takenIndexes);
  // The first row of each person, and whether it completed: a later row repeats it only if it agrees.
  const seen = new Map<string, { line: number; completed: boolean }>();
  for (const { fields, line, extra } of records) {
    if (extra) {
      result.problems.push({ line, message: 'the row has more values than the header has columns (a comma inside a value, such as 8,5?): fix the row, or quote the value' });
      continue;
    }
    const email = fields[map.email] ?? '';
    if (!email) {
      result.problems.push({ line, message: 'no email address' });
      continue;
    }
    if (!isEmail(email)) {
      result.problems.push({ line, message: 'the email address is not valid (write the address alone, nothing before or after it)' });
      continue;
    }
    const [firstName, lastName] = map.name
      ? [(fields[map.name] ?? '').split(/\s+/)[0] ?? '', (fields[map.name] ?? '').split(/\s+/).slice(1).join(' ')]
      : [fields[map.firstName ?? ''] ?? '', fields[map.lastName ?? ''] ?? ''];
    const name = (map.name ? (fields[map.name] ?? '') : [firstName, lastName].filter(Boolean).join(' ')).trim();
    if (!name) {
      result.problems.push({ line, message: 'no name' });
      continue;
    }
    const badName = nameProblem(name);
    if (badName) {
      result.problems.push({ line, message: badName });
      continue;
    }
    const outcome = judge ? judge.judge(fields) : ({ completed: true } as const);
    if ('problem' in outcome) {
      result.problems.push({ line, message: outcome.problem });
      continue;
    }
    const person = normaliseEmail(email);
    const first = seen.get(person);
    if (first !== undefined) {
      if (first.completed === outcome.completed) result.repeated.push({ line, firstLine: first.line });
      else result.problems.push({ line, message: `the same learner as line ${first.line}, with a different result: keep the row that is right and remove the other` });
      continue;
    }
    seen.set(person, { line, completed: outcome.completed });
    if (!outcome.completed) {
      result.notCompleted.push({ line, reason: outcome.reason });
      continue;
    }
    // Consent matters only to those awarded: a blank or unclear answer of a learner who did not complete stops nothing.
    const consent = map.publishName !== undefined ? CONSENT.get((fields[map.publishName] ?? '').trim().toLowerCase()) : (options.publishNames ?? false);
    if (consent === undefined) {
      result.problems.push({ line, message: `"${map.publishName}" says "${fields[map.publishName!]}": write yes or no (blank is no)` });
      continue;
    }
    const day = (map.date ? fields[map.date] : undefined) || options.date;
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
    const contact = { email, firstName, lastName };

    // Recognised by what the award files hold, whoever wrote them and with whatever key.
    const held = awardsOfEmail(email, ofAchievement);
    const standing = held.find((e) => !e.award.revoked);
    if (standing) {
      result.alreadyHolding.push({ line, file: standing.file, suspended: standing.award.suspended });
      if (!standing.award.suspended) result.notify.push({ line, contact, credentialId: standing.award.credentialId, awardedDate: standing.award.awardedDate, isNew: false });
      continue;
    }
    const revoked = held.find((e) => e.award.revoked);
    if (revoked) {
      const reawarded = options.reawardRevoked !== undefined;
      result.previouslyRevoked.push({ line, file: revoked.file, ...(revoked.award.revokedDate ? { revokedDate: revoked.award.revokedDate } : {}), reawarded });
      if (!reawarded) continue;
    }

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
      publishName: consent,
      // The name is kept only with consent; the mail-merge file (contact) still greets everyone by name.
      ...(consent ? { recipientName: name } : {}),
      identifier: [{ type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: hashEmail(email, salt), salt }],
      awardedDate: day,
      evidence: [],
      statusIndex,
      revoked: false,
      suspended: false,
      sample: options.sample ?? false,
    };
    const note = revoked ? `Awarded again after ${revoked.file} was revoked: ${options.reawardRevoked!.trim().replace(/\s+/g, ' ')}` : undefined;
    result.rows.push({ line, award, file: `${options.achievement}-${day}-${credentialId.slice(0, 8)}.yaml`, yaml: awardYaml(award, note), contact });
    result.notify.push({ line, contact, credentialId, awardedDate: day, isNew: true });
  }
  return result;
}

/**
 * The award as its YAML file, fields in a stable, readable order. Defaults that say nothing are left
 * out. `note` (one line) is kept as a comment: why the award was made, for whoever reads the file.
 */
export function awardYaml(award: Award, note?: string): string {
  const { evidence, revoked, suspended, sample, ...rest } = award;
  const data: Record<string, unknown> = { ...rest };
  if (evidence.length > 0) data.evidence = evidence;
  if (revoked) data.revoked = true;
  if (suspended) data.suspended = true;
  if (sample) data.sample = true;
  const comment = note ? `# ${note.replace(/\s+/g, ' ')}\n` : '';
  return `# Award written by npm run awards:import. credentialId, subjectId and statusIndex must never change.\n${comment}${stringify(data, { lineWidth: 0 })}`;
}
