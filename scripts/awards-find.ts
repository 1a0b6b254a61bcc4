/**
 * npm run awards:find -- <email>
 *
 * Finds the award files of one earner from their email address. Award files hold the address only
 * as a salted hash (and a name only with consent), so this is how staff find, say, the award to
 * revoke: the address is hashed against each award's salt here and is never printed or stored.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { awardsOfEmail } from '../src/lib/issue/award-import.ts';
import { badgeHref, badgePaths } from '../src/lib/ob3/urls.ts';
import { awardSchema, type Award } from '../src/schemas/award.ts';
import { normaliseEmail } from '../src/schemas/email.ts';

const USAGE = `Usage: npm run awards:find -- <email>

Lists the award files in content/awards/ issued to that address (compared by its salted hash; the
address is never printed or stored). Set SITE_URL to print each earner's credential page link.`;

const email = process.argv[2];
if (!email || email === '--help' || process.argv.length > 3) {
  console.log(USAGE);
  process.exit(email === '--help' ? 0 : 1);
}
if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normaliseEmail(email))) {
  console.error('That is not an email address. Usage: npm run awards:find -- someone@example.org');
  process.exit(1);
}

const dir = path.join(process.cwd(), 'content/awards');
const awards: { file: string; award: Award }[] = [];
for (const name of (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  const file = path.join('content/awards', name);
  const parsed = awardSchema.safeParse(parse(await readFile(path.join(dir, name), 'utf8')));
  if (parsed.success) awards.push({ file, award: parsed.data });
  else console.error(`Skipped ${file}: it is not a valid award (npm run build names the problem).`);
}

const found = awardsOfEmail(email, awards);
const site = process.env.SITE_URL?.replace(/\/+$/, '');
if (found.length === 0) console.log(`No award in content/awards/ (${awards.length} checked) was issued to that address.`);
for (const { file, award } of found) {
  const standing = award.revoked ? 'revoked' : award.suspended ? 'suspended' : 'active';
  const where = `${site ?? ''}${badgeHref(badgePaths.credentialPage(award.credentialId))}`;
  console.log(`${file}: ${award.achievement}, awarded ${award.awardedDate}, ${standing}. Credential page: ${where}`);
}
