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

/** Runs the launch check on the checkout at `root`, with the build's SITE_URL and signing secrets. */
export async function checkLaunch(root: string, options: { entries: CheckedEntries; site: string | undefined; secrets: SigningSecrets }): Promise<ContentProblem[]> {
  const found = (await glob(TEXT_FILES, { cwd: path.join(root, 'content'), dot: true, caseSensitiveMatch: false })).sort();
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
