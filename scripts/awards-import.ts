/**
 * npm run awards:import -- <file.csv> --achievement <slug> [options]   (--help lists them)
 *
 * Writes one award file per learner who completed into content/awards/, with the email only as a
 * salted hash. Re-running with the same export adds nothing. Learners who did not complete are
 * counted, never an error; bad data stops the import (nothing is written) unless --skip-invalid.
 * See src/lib/issue/award-import.ts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkContent, formatReport } from '../src/lib/content/check-fs.ts';
import { ImportError, importAwards, notifyCsv } from '../src/lib/issue/award-import.ts';
import { badgeUrls } from '../src/lib/ob3/urls.ts';

const USAGE = `Usage: npm run awards:import -- <file.csv> --achievement <slug> [options]

  --date YYYY-MM-DD     award date for rows without their own (required when the file has no date column)
  --min-grade N         a grade below N is "not completed" (Brightspace grade exports)
  --dry-run             say what would be written, write nothing (works without AWARDS_MATCH_KEY)
  --skip-invalid        write the good rows even if some rows have bad data (mistyped email, bad date)
  --columns "name=…,email=…,date=…,grade=…"   map the columns of an export this tool does not recognise
  --publish-names       publish the names on the credential pages (only with the learners' consent)
  --sample              mark the awards as made-up samples
  --notify <file.csv>   also write a mail-merge file (email, names, link to each new credential page) for telling
                        the earners; it must be outside the repository (it holds addresses) and needs SITE_URL
  --help                show this help

Needs AWARDS_MATCH_KEY (make one with npm run awards:match-key), so that importing the same export again adds nothing.
Learners who did not complete (no grade, below --min-grade, withdrawn) get no award and never stop the import.`;

function fail(message: string): never {
  console.error(message);
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
        'min-grade': { type: 'string' },
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

const root = process.cwd();

/**
 * --notify: where the mail-merge file goes, checked before anything is read. It holds email
 * addresses, so never inside the repository (where it could be committed), and never over a file.
 */
function notifyTarget(): { file: string; credentialPage: (id: string) => string } | undefined {
  if (values.notify === undefined) return undefined;
  const file = path.resolve(values.notify);
  const inside = path.relative(root, file);
  if (!inside.startsWith('..') && !path.isAbsolute(inside)) {
    fail(`--notify ${values.notify} is inside the repository. The file holds email addresses and must never be committed: write it elsewhere, e.g. --notify ~/Desktop/notify-2027.csv.`);
  }
  if (!existsSync(path.dirname(file))) fail(`--notify ${values.notify}: there is no folder ${path.dirname(file)}. Create it, or choose another place.`);
  if (existsSync(file)) fail(`--notify ${values.notify} already exists. Choose a new file name (or delete the old file once its messages are sent).`);
  const site = process.env.SITE_URL?.trim();
  if (!site || !URL.canParse(site)) fail('--notify needs SITE_URL, the public address of the site (e.g. SITE_URL=https://innovation.example.org), so the links in the file work.');
  return { file, credentialPage: badgeUrls(site).credentialPage };
}
const notify = notifyTarget();
const content = await checkContent(root);
if (content.problems.length > 0) fail(`The content must be valid before importing.\n\n${formatReport(content)}`);

const awards = content.entries.awards.map((e) => e.data);

/**
 * The HMAC secret behind matchKey: AWARDS_MATCH_KEY. Re-imports recognise earlier awards only with
 * the same key, so writing is refused without it (a throwaway key would make every later import
 * create duplicates). A dry run writes nothing and may go ahead with a throwaway key.
 */
function matchSecret(): string {
  const fromEnv = process.env.AWARDS_MATCH_KEY?.trim();
  if (fromEnv) return fromEnv;
  if (!values['dry-run']) {
    fail(
      `AWARDS_MATCH_KEY is not set, so nothing was written. The import needs it to recognise learners imported before (without it, importing the same export again would award them twice).${
        awards.some((a) => a.matchKey) ? ' Awards already imported carry match keys: use the same key as then, from the secret store.' : ' Make one with npm run awards:match-key and keep it in the secret store beside BADGE_SIGNING_KEY.'
      }`,
    );
  }
  console.warn('AWARDS_MATCH_KEY is not set: dry run with a throwaway key, so "already imported" cannot be told.');
  return randomBytes(32).toString('hex');
}

let result;
try {
  result = importAwards(await readFile(csvFile, 'utf8'), {
    achievement: values.achievement,
    achievements: content.entries.achievements.map((a) => a.id),
    ...(values.date ? { date: values.date } : {}),
    ...(values.columns ? { columns: values.columns } : {}),
    matchSecret: matchSecret(),
    existing: new Set(awards.flatMap((a) => (a.matchKey ? [a.matchKey] : []))),
    takenIndexes: new Set(awards.map((a) => a.statusIndex)),
    publishNames: values['publish-names'],
    sample: values.sample,
    retired: content.entries.achievements.filter((a) => a.data.active === false).map((a) => a.id),
    today: new Date().toISOString().slice(0, 10),
    ...(values['min-grade'] !== undefined ? { minGrade: Number(values['min-grade']) } : {}),
  });
} catch (error) {
  if (error instanceof ImportError) fail(error.message);
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') fail(`There is no file ${csvFile}.`);
  throw error;
}

const total = result.rows.length + result.alreadyImported.length + result.repeated.length + result.notCompleted.length + result.problems.length;
const lines = (list: number[]) => list.join(', ');
const out = [`Read ${total} row${total === 1 ? '' : 's'} from ${csvFile} (${result.format} format).`];
const write = !values['dry-run'] && (result.problems.length === 0 || values['skip-invalid']);
out.push(`  ${result.rows.length} new award${result.rows.length === 1 ? '' : 's'}${write ? ' written to content/awards/' : values['dry-run'] ? ' (dry run: nothing written)' : ''}`);
if (result.alreadyImported.length > 0) out.push(`  ${result.alreadyImported.length} already imported, skipped (line ${lines(result.alreadyImported)})`);
if (result.repeated.length > 0) out.push(`  ${result.repeated.length} repeated in this file, skipped (${result.repeated.map((r) => `line ${r.line} repeats line ${r.firstLine}`).join('; ')})`);
if (result.notCompleted.length > 0) {
  out.push(`  ${result.notCompleted.length} not completed, no award (${result.notCompleted.map((r) => `line ${r.line}: ${r.reason}`).join('; ')})`);
}
if (result.problems.length > 0) {
  out.push(`  ${result.problems.length} invalid row${result.problems.length === 1 ? '' : 's'}:`);
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
  if (notify && result.rows.length > 0) {
    const name = content.entries.achievements.find((a) => a.id === values.achievement)?.data.name ?? values.achievement;
    await writeFile(notify.file, notifyCsv(result.rows, name, notify.credentialPage), { flag: 'wx' });
    out.push(`Wrote the mail-merge file ${notify.file} (${result.rows.length} earner${result.rows.length === 1 ? '' : 's'}). It holds email addresses: send the messages (docs/issuing-a-cohort.md, step 5), then delete it.`);
  }
} else if (result.problems.length > 0 && !values['dry-run']) {
  out.push('Nothing was written: fix the rows above, or run again with --skip-invalid to import the valid rows only.');
}
console.log(out.join('\n'));
if (result.problems.length > 0 && !values['skip-invalid']) process.exitCode = 1;
