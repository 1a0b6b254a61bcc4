/**
 * Reads what the launch check (launch.ts) judges: every text file under content/ (public keys in
 * content/keys/ included), this machine's development keys (.badges-dev/) and the private keys the
 * build was given, each key reduced to its thumbprint. Node-only; the private keys are parsed here and
 * only their public thumbprints go on.
 */
import { createPrivateKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { DEV_KEY_DIR, KEY_USES, parsePrivateKey, publicJwkOf, thumbprintOf, type SigningSecrets } from '../issue/keys-fs.ts';
import type { PublicJwk } from '../../schemas/signing-key.ts';
import { KNOWN_TEST_KEYS } from '../issue/known-test-keys.ts';
import type { CheckedEntries, ContentProblem } from './integrity.ts';
import { launchProblems } from './launch.ts';

/** The files whose text is content: data and Markdown (photos and other uploads are not text). */
const TEXT_FILES = '**/*.{yaml,yml,md,json}';

async function thumbprintOfPrivate(text: string, env: string): Promise<string | undefined> {
  try {
    return await thumbprintOf(publicJwkOf(parsePrivateKey(text, env)));
  } catch {
    // An unreadable or unsupported key: loading it for signing names that problem, precisely.
    return undefined;
  }
}

/** Thumbprints of the development keys a development build of this checkout made, to the file they are in. */
async function developmentKeys(root: string): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const use of Object.values(KEY_USES)) {
    const file = path.join(root, DEV_KEY_DIR, use.devFile);
    if (!existsSync(file)) continue;
    try {
      keys.set(await thumbprintOf(publicJwkOf(createPrivateKey(await readFile(file, 'utf8')))), `${DEV_KEY_DIR}/${use.devFile}`);
    } catch {
      // Not a key the build would sign with either.
    }
  }
  return keys;
}

/** A private key given to the build that is neither a development key nor a TEST-ONLY one: a real key. */
export interface RealSigningKey {
  /** The variable it was given in (BADGE_SIGNING_KEY, BADGE_DI_KEY). */
  env: string;
  /** Its committed public half in content/keys/, if there is one (loading it for signing requires one). */
  committedAs?: string;
}

/**
 * The real keys among the build's signing secrets. What makes a build able to publish credentials that
 * verify as the City's is the key, not the --production flag: the badges integration holds a build
 * with one of these to the launch check as it does a production build.
 */
export async function realSigningKeys(root: string, secrets: SigningSecrets): Promise<RealSigningKey[]> {
  const dev = await developmentKeys(root);
  const committed = new Map<string, string>();
  const keysDir = path.join(root, 'content', 'keys');
  for (const name of existsSync(keysDir) ? (await glob('*.json', { cwd: keysDir })).sort() : []) {
    try {
      committed.set(await thumbprintOf(JSON.parse(await readFile(path.join(keysDir, name), 'utf8')) as PublicJwk), `content/keys/${name}`);
    } catch {
      // Not a public key: loading the keys for signing names that problem.
    }
  }
  const real: RealSigningKey[] = [];
  for (const [secret, env] of [
    [secrets.jwt, KEY_USES.jwt.env],
    [secrets.dataIntegrity, KEY_USES['data-integrity'].env],
  ] as const) {
    const thumbprint = secret?.trim() ? await thumbprintOfPrivate(secret, env) : undefined;
    if (thumbprint === undefined || dev.has(thumbprint) || KNOWN_TEST_KEYS[thumbprint] !== undefined) continue;
    const committedAs = committed.get(thumbprint);
    real.push({ env, ...(committedAs === undefined ? {} : { committedAs }) });
  }
  return real;
}

/** Runs the launch check on the checkout at `root`, with the build's SITE_URL and signing secrets. */
export async function checkLaunch(root: string, options: { entries: CheckedEntries; site: string | undefined; secrets: SigningSecrets }): Promise<ContentProblem[]> {
  // A folder's README.md is a note for whoever edits the folder, never published: in a Markdown
  // collection's folder the content check refuses its name (not a web address) before this runs.
  const found = (await glob(TEXT_FILES, { cwd: path.join(root, 'content'), dot: true, caseSensitiveMatch: false })).filter((relative) => path.posix.basename(relative) !== 'README.md').sort();
  const files = await Promise.all(found.map(async (relative) => ({ file: `content/${relative}`, text: await readFile(path.join(root, 'content', relative), 'utf8') })));
  const signingKeys: { env: string; thumbprint: string }[] = [];
  for (const [secret, env] of [
    [options.secrets.jwt, KEY_USES.jwt.env],
    [options.secrets.dataIntegrity, KEY_USES['data-integrity'].env],
  ] as const) {
    const thumbprint = secret?.trim() ? await thumbprintOfPrivate(secret, env) : undefined;
    if (thumbprint !== undefined) signingKeys.push({ env, thumbprint });
  }
  return launchProblems({ files, entries: options.entries, site: options.site, signingKeys, developmentKeys: await developmentKeys(root) });
}
