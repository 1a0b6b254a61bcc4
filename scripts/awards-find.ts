/**
 * npm run awards:find [-- <email | credential id | link | file name>]
 *
 * Finds award files from what staff have in hand. Award files hold the address only as a salted hash
 * (and a name only with consent), so an address is hashed against each award's salt here and is
 * never printed or stored.
 */
import { askQuery, describeAward, findAwards, readAwardFiles } from '../src/lib/awards/award-files-fs.ts';
import { badgeHref, badgePaths } from '../src/lib/ob3/urls.ts';

const USAGE = `Usage: npm run awards:find [-- <email | credential id | credential page link | award file>]

Lists the award files in content/awards/ it names: for an email address, those issued to it (compared
by its salted hash; the address is never printed or stored). Without an argument it asks: type an
address there, so that npm does not repeat it on screen and the shell does not keep it in its history.
Set SITE_URL to print each earner's full credential page link.`;

if (process.argv[2] === '--help' || process.argv.length > 3) {
  console.log(USAGE);
  process.exit(process.argv[2] === '--help' ? 0 : 1);
}
const query = process.argv[2] ?? (await askQuery('Email address, credential id, credential page link or award file: '));
if (!query) {
  console.log(USAGE);
  process.exit(1);
}

const { awards, broken } = await readAwardFiles(process.cwd());
for (const file of broken) console.error(`Skipped ${file}: it is not a valid award (npm run build names the problem).`);
const found = findAwards(query, awards);
const site = process.env.SITE_URL?.replace(/\/+$/, '');
if (found.length === 0) console.log(`No award in content/awards/ (${awards.length} checked) matches that.`);
for (const entry of found) console.log(`${describeAward(entry)}. Credential page: ${site ?? ''}${badgeHref(badgePaths.credentialPage(entry.award.credentialId))}`);
