// Turns a copy of the project (copyProject()) into content a production build accepts, as the City
// would before launch: samples deleted, placeholder contacts and signatories replaced with realistic
// ones, and FRESH signing keys (node:crypto, never the TEST-ONLY ones) with their public halves in
// content/keys/ as `npm run keys:new` writes them. The launch check (src/lib/content/launch.ts)
// refuses the repository as it is; tests that build with --production start from here.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { isScalar, parseDocument, visit } from 'yaml';
import { FRONT_MATTER } from '../src/lib/content/check-file.ts';
import type { CheckedEntries } from '../src/lib/content/integrity.ts';
import { collectionSpecs } from '../src/schemas/collections.ts';
import { launchProblems } from '../src/lib/content/launch.ts';
import { publicJwkOf } from '../src/lib/issue/keys-fs.ts';

/** A public origin that is not an example name (the launch check refuses those in SITE_URL). */
export const LAUNCH_SITE = 'https://innovation.cityofkingston.ca';
export const LAUNCH_DID = 'did:web:innovation.cityofkingston.ca';

/** Names of the fresh keys in content/keys/ (their kids are /keys/<name>.json). */
export const LAUNCH_KEY_NAMES = { jwt: 'launch-rs256', dataIntegrity: 'launch-ed25519' } as const;

export interface LaunchReady {
  /** SITE_URL and both private keys (PKCS#8 PEM), for runBuild's env. */
  env: { SITE_URL: string; BADGE_SIGNING_KEY: string; BADGE_DI_KEY: string };
  /** The fresh private keys, to check what they signed. */
  keys: { jwt: KeyObject; dataIntegrity: KeyObject };
}

/** Realistic people (not example names) for the contacts and the certificate. */
const CONTACTS = {
  program: { name: 'Jordan Tremblay', title: "Coordinator, Mayor's Innovation Challenge", organization: 'City of Kingston', email: 'innovationchallenge@cityofkingston.ca', phone: '613-546-0000' },
  media: { name: 'Alex Martin', title: 'Communications Officer', organization: 'City of Kingston', email: 'communications@cityofkingston.ca' },
};
const SIGNATORIES = [
  { name: 'Morgan Kelly', title: 'Mayor, City of Kingston' },
  { name: 'Sam Dubois', title: "Director, Dunin-Deshpande Queen's Innovation Centre" },
];

/** No entries in any collection (whatever collections there are). */
const NO_ENTRIES = Object.fromEntries(Object.keys(collectionSpecs).map((name) => [name, []])) as unknown as CheckedEntries;

const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;

/** True when the file's own data (YAML, front matter or JSON) says `sample: true` or `placeholder: true` at its top. */
function markedAtTop(file: string, text: string): boolean {
  let data: unknown;
  if (file.endsWith('.json')) data = JSON.parse(text);
  else if (file.endsWith('.md')) data = parseDocument(FRONT_MATTER.exec(text)?.[1] ?? '').toJS();
  else data = parseDocument(text).toJS();
  if (typeof data !== 'object' || data === null) return false;
  const record = data as Record<string, unknown>;
  return record['sample'] === true || record['placeholder'] === true;
}

/** Options of launchReadyContent. */
export interface LaunchReadyOptions {
  /**
   * 'delete' (default) removes the sample awards, as before a real launch; 'as-real' keeps them as
   * real awards (the sample flag removed), for tests that need issued credentials to look at.
   */
  awards?: 'delete' | 'as-real';
}

/** Makes the copy at `root` launch-ready: its content (launchReadyContent) and fresh keys (freshKeys). */
export async function makeLaunchReady(root: string, options: LaunchReadyOptions = {}): Promise<LaunchReady> {
  await launchReadyContent(root, options);
  return freshKeys(root);
}

/** The content of the copy at `root` without samples or placeholders. */
export async function launchReadyContent(root: string, options: LaunchReadyOptions = {}): Promise<void> {
  const content = path.join(root, 'content');
  const deleted: string[] = [];
  for (const relative of (await glob('**/*.{yaml,yml,md,json}', { cwd: content })).sort()) {
    const file = path.join(content, relative);
    const text = await readFile(file, 'utf8');
    if (!markedAtTop(relative, text)) {
      // A placeholder inside an entry (a micro-credential's `assessment`) is taken as confirmed by the program.
      if (/\.ya?ml$/.test(relative)) {
        const doc = parseDocument(text);
        let confirmed = false;
        visit(doc, {
          Pair(_, pair) {
            if (!isScalar(pair.key) || pair.key.value !== 'placeholder') return undefined;
            confirmed = true;
            return visit.REMOVE;
          },
        });
        if (confirmed) await writeFile(file, doc.toString());
      }
      continue;
    }
    if (relative.startsWith('awards/') && options.awards === 'as-real') {
      const doc = parseDocument(text);
      doc.delete('sample');
      await writeFile(file, doc.toString());
    } else {
      await rm(file);
      deleted.push(relative);
    }
  }

  // Sample partners go with whatever names them: editions' partner lists, and their endorsements.
  const partners = deleted.filter((f) => f.startsWith('partners/')).map((f) => path.basename(f).replace(/\.[^.]+$/, ''));
  if (partners.length > 0) {
    for (const relative of await glob('editions/*.{yaml,yml}', { cwd: content })) {
      const doc = parseDocument(await readFile(path.join(content, relative), 'utf8'));
      const listed = (doc.toJS() as { partners?: unknown }).partners;
      if (!Array.isArray(listed)) continue;
      doc.set('partners', listed.filter((slug) => !partners.includes(String(slug))));
      await writeFile(path.join(content, relative), doc.toString());
    }
  }
  // Endorsements are signed, so they cannot be edited: one of a sample partner, or one the launch check
  // refuses (signed with a TEST-ONLY partner key, naming an example address), goes.
  const endorsements = path.join(content, 'endorsements');
  if (existsSync(endorsements)) {
    for (const name of await readdir(endorsements)) {
      if (name === 'README.md') continue; // The folder's note, not an endorsement.
      const file = `content/endorsements/${name}`;
      const text = await readFile(path.join(root, file), 'utf8');
      const refused = (await launchProblems({ files: [{ file, text }], entries: NO_ENTRIES, signingKeys: [], developmentKeys: new Map() })).length > 0;
      if (refused || partners.some((slug) => name.startsWith(slug))) await rm(path.join(endorsements, name));
    }
  }

  // Settings: the real inbox, named contacts and signatories.
  const settingsFile = path.join(content, 'settings/site.yaml');
  const settings = parseDocument(await readFile(settingsFile, 'utf8'));
  settings.set('contactEmail', CONTACTS.program.email);
  settings.set('contacts', settings.createNode(CONTACTS));
  settings.set('certificateSignatures', settings.createNode(SIGNATORIES));
  await writeFile(settingsFile, settings.toString());
}

/** Fresh keys for the copy at `root`, their public halves in content/keys/; returns SITE_URL and the private keys. */
export async function freshKeys(root: string): Promise<LaunchReady> {
  const content = path.join(root, 'content');
  // Fresh keys, the public halves committed as keys:new writes them; no TEST-ONLY key is left behind.
  for (const name of await readdir(path.join(content, 'keys'))) if (name.startsWith('test-only-')) await rm(path.join(content, 'keys', name));
  const jwt = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const dataIntegrity = generateKeyPairSync('ed25519').privateKey;
  for (const [name, key] of [
    [LAUNCH_KEY_NAMES.jwt, jwt],
    [LAUNCH_KEY_NAMES.dataIntegrity, dataIntegrity],
  ] as const) {
    await writeFile(path.join(content, 'keys', `${name}.json`), `${JSON.stringify(publicJwkOf(key), null, 2)}\n`);
  }
  return { env: { SITE_URL: LAUNCH_SITE, BADGE_SIGNING_KEY: pem(jwt), BADGE_DI_KEY: pem(dataIntegrity) }, keys: { jwt, dataIntegrity } };
}
