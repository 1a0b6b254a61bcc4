/**
 * npm run endorse: a partner endorses a micro-credential, on its own machine (docs/endorsing.md).
 *
 *   npm run endorse -- --new-key <file>
 *       Makes an Ed25519 key pair, writes the PRIVATE key to <file> (mode 0600; never inside this
 *       repository) and prints the public key as a did:key, for the partner's file in content/partners/.
 *   npm run endorse -- --key <file> --partner <slug> --achievement <slug> --comment "…" --site <origin> [--did did:web:…] [--replace]
 *       Signs an Open Badges 3.0 EndorsementCredential of the micro-credential with that key and writes
 *       it to content/endorsements/<partner>-<achievement>.json. Only that file and the public key are committed.
 *
 * Thin over src/lib/issue/endorsements-fs.ts, which signs with the issuer's own Data Integrity code.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkContent, formatReport } from '../src/lib/content/check-fs.ts';
import { EndorsementError, ENDORSEMENTS_FOLDER, endorsementFileName, newEndorsementKey, readEndorsementKey, signEndorsement, didKeyOf } from '../src/lib/issue/endorsements-fs.ts';
import { endorsementDocument } from '../src/lib/ob3/endorsement.ts';
import { badgeUrls } from '../src/lib/ob3/urls.ts';

const USAGE = `Usage:
  npm run endorse -- --new-key <file outside this folder>
  npm run endorse -- --key <file> --partner <slug> --achievement <slug> --comment "…" --site https://… [--did did:web:…] [--replace]`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      'new-key': { type: 'string' },
      key: { type: 'string' },
      partner: { type: 'string' },
      achievement: { type: 'string' },
      comment: { type: 'string' },
      site: { type: 'string' },
      did: { type: 'string' },
      replace: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const root = process.cwd();

/** True when `file` is inside this repository (resolving links, so a symlinked folder is no way round it). */
function insideRepository(file: string): boolean {
  let dir = path.dirname(path.resolve(file));
  while (!existsSync(dir)) dir = path.dirname(dir);
  const relative = path.relative(realpathSync(root), path.join(realpathSync(dir), path.basename(file)));
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

try {
  if (values['new-key'] !== undefined) {
    const file = values['new-key'];
    if (insideRepository(file)) fail(`${file} is inside this repository, where a private key could be committed. Choose a path outside it, e.g. ~/endorsement-key.pem.`);
    if (existsSync(file)) fail(`${file} already exists. A key is never overwritten: choose another file name.`);
    const made = newEndorsementKey();
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, made.pem, { flag: 'wx', mode: 0o600 });
    console.log(`Wrote the PRIVATE key to ${file} (only you can read it). Keep it there and back it up; never send or commit it.

Your public key, for your file in content/partners/ (send this, it is safe to publish):

  endorsementKey:
    did: ${made.did}`);
    process.exit(0);
  }

  for (const required of ['key', 'partner', 'achievement', 'comment'] as const) if (!values[required]?.trim()) fail(`--${required} is required.\n${USAGE}`);
  const site = values.site ?? process.env.SITE_URL;
  if (!site) fail('--site (or SITE_URL) is required: the address the site is published at, e.g. https://innovation.example.org. An endorsement names the micro-credential by its address there.');
  let urls;
  try {
    urls = badgeUrls(site);
  } catch {
    fail(`--site "${site}" is not a web address. Expected e.g. https://innovation.example.org`);
  }
  const keyFile = values.key!;
  let pem: string;
  try {
    pem = await readFile(keyFile, 'utf8');
  } catch {
    fail(`There is no key file ${keyFile}. Make one with npm run endorse -- --new-key <file>.`);
  }
  const privateKey = readEndorsementKey(pem, keyFile);
  if (insideRepository(keyFile) && !path.basename(keyFile).startsWith('test-only-')) console.warn(`Warning: ${keyFile} is inside this repository. Move your private key out of it so it is never committed.`);

  const content = await checkContent(root);
  if (content.problems.length > 0) fail(`The content must be valid before endorsing.\n\n${formatReport(content)}`);
  const partner = content.entries.partners.find((p) => p.id === values.partner);
  if (!partner) fail(`No partner "${values.partner}" in content/partners/. Known: ${content.entries.partners.map((p) => p.id).join(', ')}.`);
  const achievement = content.entries.achievements.find((a) => a.id === values.achievement);
  if (!achievement) fail(`No micro-credential "${values.achievement}" in content/achievements/. Known: ${content.entries.achievements.map((a) => a.id).join(', ')}.`);
  const recorded = partner.data.endorsementKey;
  const own = didKeyOf(privateKey);
  if (!recorded) {
    fail(`${partner.file} records no endorsementKey. Add your public key to it first:\n\n  endorsementKey:\n    did: ${own}\n`);
  }
  const wanted = values.did ?? own;
  if (recorded.did !== wanted) {
    fail(
      values.did
        ? `${partner.file} records ${recorded.did}, not ${values.did}. Sign as the DID it records, or update the file first.`
        : `${partner.file} records ${recorded.did}; this key is ${own}.${recorded.did.startsWith('did:web:') ? ` Pass --did ${recorded.did} to sign with your did:web key.` : ' Use the key whose did:key is recorded, or record this one.'}`,
    );
  }
  const file = path.join(root, ENDORSEMENTS_FOLDER, endorsementFileName(partner.id, achievement.id));
  const shown = path.relative(root, file);
  if (existsSync(file) && !values.replace) fail(`${shown} already exists. Pass --replace to sign a new one in its place (docs/endorsing.md, "Changing or withdrawing").`);

  const now = new Date();
  const document = endorsementDocument({
    id: `urn:uuid:${randomUUID()}`,
    // The name and address exactly as the partner's file records them: the build refuses any other (endorsements-fs.ts).
    issuer: { id: recorded.did, type: ['Profile'], name: partner.data.name, url: partner.data.url },
    achievementId: urls.achievement(achievement.id),
    achievementName: achievement.data.name,
    comment: values.comment!.trim(),
    validFrom: `${now.toISOString().slice(0, 19)}Z`,
  });
  const signed = await signEndorsement(document, privateKey, recorded, urls, now);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(signed, null, 2)}\n`);
  console.log(`Wrote ${shown}: ${partner.data.name} endorses ${achievement.data.name} at ${urls.origin}.
Send this file (or open a pull request with it). The site checks its signature on every build.`);
} catch (error) {
  if (error instanceof EndorsementError) fail(error.message);
  throw error;
}
