/**
 * What the smoke test checks on the live site, chosen from the build that is about to be deployed
 * (`npm run smoke -- --pick dist`): one credential that verifies as valid today (not revoked,
 * suspended or expired) and the path of a status list. Chosen by THE verification core itself, run
 * on the built files (a fetch that reads dist/ instead of the network), so the choice cannot
 * disagree with what the live check will judge.
 *
 * A site with no active credential (a new site before its first cohort; every award revoked or
 * expired) is still deployed: the pick is then NO_CREDENTIAL ("none"), with the reason, and the smoke
 * test checks everything else. Only a build that is broken (no status list, a credential that does not
 * verify for another reason than being inactive) stops here.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { badgeHref, badgePaths, CREDENTIAL_ID_PATTERN } from '../ob3/urls.ts';
import type { FetchLike } from '../verify/net.ts';
import type { Verdict } from '../verify/types.ts';
import { verify } from '../verify/verify.ts';
import { NO_CREDENTIAL } from './smoke.ts';

export interface Picked {
  /** The origin the build was made for (from its credentials' ids), when it has a credential. */
  site?: string;
  /** An active credential's id, or NO_CREDENTIAL ("none") when the build has none. */
  credential: string;
  /** Root-relative path of the revocation list (VC-JWT). */
  status: string;
  /** With NO_CREDENTIAL: why there is none to check (one line, for a warning). */
  warning?: string;
}

/** Verdicts of a credential that is sound but not active today: none of them is a broken build. */
const INACTIVE: readonly Verdict[] = ['revoked', 'suspended', 'expired', 'not-yet-valid'];

/** A fetch answering from the files of `dist` (404 for anything else): the built site, offline. */
export function distFetch(dist: string, siteOrigin: string): FetchLike {
  const root = path.resolve(dist);
  return async (url) => {
    const parsed = new URL(url);
    const file = path.resolve(root, `.${decodeURIComponent(parsed.pathname)}`);
    if (parsed.origin !== siteOrigin || !file.startsWith(`${root}${path.sep}`)) return new Response(null, { status: 404 });
    try {
      return new Response(await readFile(file), { status: 200 });
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}

/** Picks from a built site; throws an Error saying what is wrong when the build itself is broken. */
export async function pickFromDist(dist: string, now = new Date()): Promise<Picked> {
  const status = badgeHref(badgePaths.statusList('revocation'));
  const statusFile = path.join(dist, badgePaths.statusList('revocation'));
  try {
    await readFile(statusFile);
  } catch {
    throw new Error(`${statusFile} is missing: is ${dist} a built site? Every build publishes a revocation list.`);
  }
  const folder = path.join(dist, badgePaths.credentials);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    // A site with no award yet may have no credentials folder at all.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${folder} cannot be read (${(error as Error).message}).`);
    names = [];
  }
  const ids = names.filter((name) => name.endsWith('.jwt') && CREDENTIAL_ID_PATTERN.test(name.slice(0, -4))).map((name) => name.slice(0, -4)).sort();
  if (ids.length === 0) {
    return { credential: NO_CREDENTIAL, status, warning: `${folder} holds no credential (none issued yet): the smoke test will check no credential, only the DID document, JWKS, status list and verify page.` };
  }
  const inactive: string[] = [];
  const broken: string[] = [];
  let site = '';
  for (const id of ids) {
    // The credential JSON's id is its address on the site the build was made for.
    const credential = JSON.parse(await readFile(path.join(dist, badgePaths.credentialJson(id)), 'utf8')) as { id?: unknown };
    if (typeof credential.id !== 'string') throw new Error(`${path.join(dist, badgePaths.credentialJson(id))} has no id.`);
    site = new URL(credential.id).origin;
    const token = await readFile(path.join(dist, badgePaths.credentialJwt(id)));
    const result = await verify(new Uint8Array(token), { siteOrigin: site, fetch: distFetch(dist, site), now });
    if (result.verdict === 'valid') return { site, credential: id, status };
    (INACTIVE.includes(result.verdict) ? inactive : broken).push(`${id}: ${result.verdict}`);
  }
  // A site with thousands of awards gets a line, not a page.
  const list = (entries: string[]) => `${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ` and ${entries.length - 5} more` : ''}`;
  // Revoked, expired… is a site with no active credential; invalid or unknown is a build that does not verify.
  if (broken.length > 0) {
    throw new Error(
      `No credential in ${folder} verifies as valid today, and ${broken.length} fail for another reason than being inactive (${list(broken)}): the build is not sound. See why with npm run verify -- ${path.join(folder, '<id>.jwt')} --site ${site}.`,
    );
  }
  return { site, credential: NO_CREDENTIAL, status, warning: `no credential in ${folder} is active today (${list(inactive)}): the smoke test will check no credential, only the DID document, JWKS, status list and verify page.` };
}
