/**
 * npm run awards:import -- <export.csv> --achievement <slug> [options]   (--help lists them)
 *
 * Writes one award file per learner who completed (by the micro-credential's completion rule) into
 * content/awards/, with the email only as a salted hash. Learners who already hold the credential are
 * recognised by that hash, so re-running with the same export adds nothing. Learners who did not
 * complete are counted, never an error; bad data stops the import (nothing is written) unless
 * --skip-invalid. See src/lib/awards/award-import.ts and docs/issuing-a-cohort.md.
 */
import { constants, accessSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkContent, formatReport } from '../src/lib/content/check-fs.ts';
import { ImportError, importAwards, type ImportResult } from '../src/lib/awards/award-import.ts';
import { decodeExport, withoutEmails } from '../src/lib/awards/lms-export.ts';
import { notifyCsv } from '../src/lib/awards/notify-file.ts';
import { badgeUrls } from '../src/lib/ob3/urls.ts';
import { kingstonDay } from '../src/lib/dates/schedule.ts';

const USAGE = `Usage: npm run awards:import -- <export.csv> --achievement <slug> [options]

Who completed is decided by the micro-credential's completion rule (completion: in
content/achievements/<slug>.yaml, editable in the CMS). These flags override it for one run:
  --grade-column "<item>"   the grade item to read, as onQ names it (e.g. "Innovation Skills Training")
  --min-grade N             pass mark in per cent of the item's maximum (e.g. 70)
  --pass-symbol S           a grade symbol that counts as completed (e.g. Pass); repeat for several

  --date YYYY-MM-DD     award date for rows without their own (required when the file has no date column)
  --dry-run             say what would be written, write nothing
  --skip-invalid        write the good rows even if some rows have bad data (mistyped email, bad date)
  --columns "name=…,email=…,date=…,grade=…,publishName=…"   map the columns of an export this tool does not recognise
  --publish-names       every learner in the file agreed to have their name published (or give a
                        "Publish name" column, yes/no per learner)
  --reaward-revoked "<reason>"   award again learners whose credential was revoked, recording why
  --sample              mark the awards as made-up samples
  --notify <file.csv>   also write a mail-merge file: every learner of the export who holds the credential
                        after this run (new and earlier awards), with their link; outside the repository,
                        needs SITE_URL
  --help                show this help`;

/** Everything this prints goes through here: never an address, even one a message quotes from the file. */
function fail(message: string): never {
  console.error(withoutEmails(message));
  process.exit(1);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        achievement: { type: 'string' },
        date: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'skip-invalid': { type: 'boolean', default: false },
        columns: { type: 'string' },
        'publish-names': { type: 'boolean', default: false },
        sample: { type: 'boolean', default: false },
        'grade-column': { type: 'string' },
        'min-grade': { type: 'string' },
        'pass-symbol': { type: 'string', multiple: true },
        'reaward-revoked': { type: 'string' },
        help: { type: 'boolean', default: false },
        notify: { type: 'string' },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const csvFile = positionals[0];
if (!csvFile || positionals.length > 1) fail(USAGE);
if (!values.achievement) fail(`--achievement is required.\n${USAGE}`);
const minGrade = values['min-grade'];
if (minGrade !== undefined && !(/^\d+(\.\d+)?%?$/.test(minGrade.trim()) && Number.parseFloat(minGrade) <= 100)) {
  fail(`--min-grade ${minGrade} is not a pass mark: give a percentage from 0 to 100, e.g. --min-grade 70.`);
}

const root = process.cwd();

/**
 * --notify: where the mail-merge file goes, checked before anything is read. It holds email
 * addresses, so never inside the repository (where it could be committed), and never over a file.
 */
function notifyTarget(): { file: string; credentialPage: (id: string) => string } | undefined {
  if (values.notify === undefined) return undefined;
  const file = path.resolve(values.notify);
  const folder = path.dirname(file);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    // Reported below.
  }
  if (!isFolder) fail(`--notify ${values.notify}: there is no folder ${folder}. Create it, or choose another place.`);
  // Compared as real paths, so neither a symbolic link nor a name such as "..notify.csv" hides the repository.
  const inside = path.relative(realpathSync(root), path.join(realpathSync(folder), path.basename(file)));
  if (inside !== '..' && !inside.startsWith(`..${path.sep}`) && !path.isAbsolute(inside)) {
    fail(`--notify ${values.notify} is inside the repository. The file holds email addresses and must never be committed: write it elsewhere, e.g. --notify ~/notify-2026.csv.`);
  }
  let exists = true;
  try {
    lstatSync(file);
  } catch {
    exists = false;
  }
  if (exists) fail(`--notify ${values.notify} already exists. Choose a new file name (or delete the old file once its messages are sent).`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    fail(`--notify ${values.notify}: the folder ${folder} cannot be written to. Choose another place.`);
  }
  const site = process.env.SITE_URL?.trim();
  if (!site || !URL.canParse(site)) fail('--notify needs SITE_URL, the public address of the site (e.g. SITE_URL=https://innovation.example.org), so the links in the file work.');
  return { file, credentialPage: badgeUrls(site).credentialPage };
}
const notify = notifyTarget();

let bytes: Buffer;
try {
  bytes = await readFile(csvFile);
} catch (error) {
  fail((error as NodeJS.ErrnoException).code === 'ENOENT' ? `There is no file ${csvFile}.` : `${csvFile} cannot be read: ${(error as Error).message}`);
}
const content = await checkContent(root);
if (content.problems.length > 0) fail(`The content must be valid before importing.\n\n${formatReport(content)}`);
const achievement = content.entries.achievements.find((a) => a.id === values.achievement);

let result: ImportResult;
let notice: string | undefined;
try {
  const decoded = decodeExport(bytes, csvFile);
  notice = decoded.notice;
  result = importAwards(decoded.text, {
    achievement: values.achievement,
    achievements: content.entries.achievements.map((a) => a.id),
    ...(achievement?.data.completion ? { completion: achievement.data.completion, completionSource: achievement.file } : {}),
    overrides: {
      ...(values['grade-column'] !== undefined ? { gradeItem: values['grade-column'] } : {}),
      ...(minGrade !== undefined ? { minimumPercent: Number.parseFloat(minGrade) } : {}),
      ...(values['pass-symbol'] ? { passSymbols: values['pass-symbol'] } : {}),
    },
    ...(values.date ? { date: values.date } : {}),
    ...(values.columns ? { columns: values.columns } : {}),
    ...(values['reaward-revoked'] !== undefined ? { reawardRevoked: values['reaward-revoked'] } : {}),
    existing: content.entries.awards.map((a) => ({ file: a.file, award: a.data })),
    takenIndexes: new Set(content.entries.awards.map((a) => a.data.statusIndex)),
    publishNames: values['publish-names'],
    sample: values.sample,
    retired: content.entries.achievements.filter((a) => a.data.active === false).map((a) => a.id),
    today: kingstonDay(),
  });
} catch (error) {
  if (error instanceof ImportError) fail(error.message);
  throw error;
}

const total = result.rows.length + result.alreadyHolding.length + result.previouslyRevoked.filter((r) => !r.reawarded).length + result.repeated.length + result.notCompleted.length + result.problems.length;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const lines = (list: number[]) => `line${list.length === 1 ? '' : 's'} ${list.join(', ')}`;
const write = !values['dry-run'] && (result.problems.length === 0 || values['skip-invalid']);
const out = [`Read ${plural(total, 'learner')} from ${csvFile} (${result.format} format${notice ? ', Windows-1252' : ''}).`];
if (notice) out.push(`Note: ${notice}`);
out.push(result.rule ? `Completed means: ${result.rule}.` : 'Every row of this list counts as a completion (it has no grade column).');
out.push(`  ${plural(result.rows.length, 'new award')}${write ? ' written to content/awards/' : values['dry-run'] ? ' (dry run: nothing written)' : ''}`);
if (result.alreadyHolding.length > 0) {
  const suspended = result.alreadyHolding.filter((r) => r.suspended).map((r) => r.line);
  out.push(`  ${result.alreadyHolding.length} already holding this micro-credential, skipped (${lines(result.alreadyHolding.map((r) => r.line))})${suspended.length > 0 ? `; suspended: ${lines(suspended)}` : ''}`);
}
const revoked = result.previouslyRevoked.filter((r) => !r.reawarded);
if (revoked.length > 0) {
  out.push(`  ${revoked.length} previously revoked, not awarded again (${revoked.map((r) => `line ${r.line}: ${r.file}${r.revokedDate ? `, revoked ${r.revokedDate}` : ''}`).join('; ')})`);
  out.push('    To award them again, run with --reaward-revoked "<why>"; the reason is kept in each new award file.');
}
const reawarded = result.previouslyRevoked.filter((r) => r.reawarded);
if (reawarded.length > 0) out.push(`  of the new awards, ${reawarded.length} to learners whose credential was revoked (${reawarded.map((r) => `line ${r.line}, after ${r.file}`).join('; ')})`);
if (result.repeated.length > 0) out.push(`  ${result.repeated.length} repeated in this file, skipped (${result.repeated.map((r) => `line ${r.line} repeats line ${r.firstLine}`).join('; ')})`);
if (result.notCompleted.length > 0) {
  out.push(`  ${result.notCompleted.length} not completed, no award:`);
  for (const r of result.notCompleted) out.push(`    line ${r.line}: ${r.reason}`);
}
if (result.problems.length > 0) {
  out.push(`  ${plural(result.problems.length, 'invalid row')}:`);
  for (const p of result.problems) out.push(`    line ${p.line}: ${p.message}`);
}

if (write) {
  const dir = path.join(root, 'content', 'awards');
  await mkdir(dir, { recursive: true });
  for (const row of result.rows) {
    // Write beside the target and rename, so an interrupted import never leaves half a file.
    const target = path.join(dir, row.file);
    await writeFile(`${target}.tmp`, row.yaml, { flag: 'wx' });
    await rename(`${target}.tmp`, target);
  }
  if (result.rows.length > 0) {
    out.push(`Next: npm run build (checks every award), then git add content/awards && git commit -m "Award ${achievement?.data.name ?? values.achievement}" && git push (docs/issuing-a-cohort.md, step 4).`);
  }
}
if (notify && write) {
  if (result.notify.length === 0) out.push(`No mail-merge file written: no learner of this export holds the credential.`);
  else {
    const name = achievement?.data.name ?? values.achievement;
    try {
      // Owner-only: the file holds addresses, and the folder chosen may be shared.
      await writeFile(notify.file, notifyCsv(result.notify, name, notify.credentialPage), { flag: 'wx', mode: 0o600 });
      const fresh = result.notify.filter((n) => n.isNew).length;
      out.push(
        `Wrote the mail-merge file ${notify.file}: ${plural(result.notify.length, 'earner')} (${fresh} awarded by this run, ${result.notify.length - fresh} by an earlier one; column AwardedDate says when). It holds email addresses: send the messages (docs/issuing-a-cohort.md, step 5), then delete it.`,
      );
    } catch (error) {
      // The awards are written; the file can be made again from the same export at any time.
      out.push(`The mail-merge file ${notify.file} could not be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). The awards above are written: run the same import again with --notify <another file> to make it.`);
      process.exitCode = 1;
    }
  }
} else if (notify && values['dry-run']) {
  out.push(`Dry run: no mail-merge file written (it would list ${plural(result.notify.length, 'earner')}).`);
}
if (!write && result.problems.length > 0 && !values['dry-run']) {
  out.push('Nothing was written: fix the rows above, or run again with --skip-invalid to import the valid rows only.');
}
console.log(withoutEmails(out.join('\n')));
if (result.problems.length > 0 && !values['skip-invalid']) process.exitCode = 1;
