/**
 * What the smoke test checks on the live site, chosen from the build that is about to be deployed
 * (`npm run smoke -- --pick dist`): one credential that verifies as valid today (not revoked,
 * suspended or expired) and the path of a status list. Chosen by THE verification core itself, run
 * on the built files (a fetch that reads dist/ instead of the network), so the choice cannot
 * disagree with what the live check will judge.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { badgeHref, badgePaths, CREDENTIAL_ID_PATTERN } from '../ob3/urls.ts';
import type { FetchLike } from '../verify/net.ts';
import { verify } from '../verify/verify.ts';

export interface Picked {
  /** The origin the build was made for (from its credentials' ids). */
  site: string;
  credential: string;
  /** Root-relative path of the revocation list (VC-JWT). */
  status: string;
}

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

/** Picks from a built site; throws an Error saying what is missing when nothing fits. */
export async function pickFromDist(dist: string, now = new Date()): Promise<Picked> {
  const folder = path.join(dist, badgePaths.credentials);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    throw new Error(`${folder} cannot be read: is ${dist} a built site?`);
  }
  const ids = names.filter((name) => name.endsWith('.jwt') && CREDENTIAL_ID_PATTERN.test(name.slice(0, -4))).map((name) => name.slice(0, -4)).sort();
  if (ids.length === 0) throw new Error(`${folder} holds no credential: the smoke test needs one issued credential to check.`);
  const status = badgeHref(badgePaths.statusList('revocation'));
  try {
    await readFile(path.join(dist, badgePaths.statusList('revocation')));
  } catch {
    throw new Error(`${path.join(dist, badgePaths.statusList('revocation'))} is missing: the build publishes no revocation list.`);
  }
  const verdicts: string[] = [];
  for (const id of ids) {
    // The credential JSON's id is its address on the site the build was made for.
    const credential = JSON.parse(await readFile(path.join(dist, badgePaths.credentialJson(id)), 'utf8')) as { id?: unknown };
    if (typeof credential.id !== 'string') throw new Error(`${path.join(dist, badgePaths.credentialJson(id))} has no id.`);
    const site = new URL(credential.id).origin;
    const token = await readFile(path.join(dist, badgePaths.credentialJwt(id)));
    const result = await verify(new Uint8Array(token), { siteOrigin: site, fetch: distFetch(dist, site), now });
    if (result.verdict === 'valid') return { site, credential: id, status };
    verdicts.push(`${id}: ${result.verdict}`);
  }
  throw new Error(`No credential in ${folder} verifies as valid today (${verdicts.join(', ')}): the smoke test needs one that is active.`);
}
