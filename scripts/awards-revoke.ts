/**
 * npm run awards:revoke -- [<credential id | link | award file | email>] --reason "…" [--date YYYY-MM-DD]
 *
 * Revokes one credential: writes revoked: true, the reason (quoted, so any text is safe) and the date
 * (today in Kingston unless --date) into its award file, refuses a second revocation, and says what
 * happens next. A revocation is final: the build refuses any later change that undoes it.
 */
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { askQuery, describeAward, findAwards, looksLikeEmail, readAwardFiles } from '../src/lib/awards/award-files-fs.ts';
import { isDay } from '../src/lib/awards/award-import.ts';
import { RevokeError, revokeAwardText } from '../src/lib/awards/award-revoke.ts';
import { kingstonDay } from '../src/lib/dates/schedule.ts';

const USAGE = `Usage: npm run awards:revoke -- [<credential id | credential page link | award file | email>] --reason "…" [--date YYYY-MM-DD]

  --reason "…"      why (required; kept in the award file and the Git history, never published)
  --date YYYY-MM-DD the day of the decision (default: today in Kingston)
Without the first argument it asks which credential: type an email address there, so that npm does
not repeat it on screen and the shell does not keep it in its history.

Example: npm run awards:revoke -- 0f8fad5b-d9cb-469f-a165-70867728950e --reason "Awarded in error: did not complete the training (ticket 12)"`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { reason: { type: 'string' }, date: { type: 'string' }, help: { type: 'boolean', default: false } } });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length > 1) fail(USAGE);
if (values.reason === undefined || !values.reason.trim()) fail(`Say why the credential is revoked: --reason "…".\n${USAGE}`);
const query = positionals[0] ?? (await askQuery('Credential id, credential page link, award file or email address: '));
if (!query) fail(USAGE);
const today = kingstonDay();
const day = values.date ?? today;
if (!isDay(day)) {
  fail(`--date "${day}" is not a date. Write it as YYYY-MM-DD, for example ${today}.`);
}
if (day > today) fail(`--date ${day} is in the future (today is ${today} in Kingston). A revocation takes effect when it is published.`);

const root = process.cwd();
const { awards } = await readAwardFiles(root);
const found = findAwards(query, awards);
const what = looksLikeEmail(query) ? 'issued to that address' : 'with that credential id or file name';
if (found.length === 0) fail(`No award in content/awards/ (${awards.length} checked) ${what}. npm run awards:find -- <…> lists what matches.`);
if (found.length > 1) {
  fail(`${found.length} awards match; revoke one at a time by its file:\n${found.map((f) => `  ${describeAward(f)}`).join('\n')}\nnpm run awards:revoke -- <file> --reason "…"`);
}
const target = found[0]!;
let text: string;
try {
  text = revokeAwardText(target.file, target.text, values.reason, day);
} catch (error) {
  if (error instanceof RevokeError) fail(error.message);
  throw error;
}
// Write beside the file and rename, so an interrupted run never leaves half a file.
const full = path.join(root, target.file);
// A leftover .tmp of an interrupted run is written over: it was never the award file.
await writeFile(`${full}.tmp`, text);
await rename(`${full}.tmp`, full);
console.log(`Revoked ${target.file} (credential ${target.award.credentialId}, ${target.award.achievement}, awarded ${target.award.awardedDate}) as of ${day}.

Next:
  1. npm run build        checks the award and signs the status lists that say it is revoked
  2. git add ${target.file} && git commit -m "Revoke credential ${target.award.credentialId.slice(0, 8)}" && git push
Once the site is deployed, the credential's page, /verify/, wallets and npm run verify show it as revoked,
and anyone who saved it sees the same. The revocation is final: the build refuses a change that undoes it.`);
