/**
 * The smoke test of a deployed site (`npm run smoke`, run by deploy.yml after every deploy): what a
 * visitor and a verifier need, fetched from the live host as they get it. Each check names its URL
 * and, when it fails, why. Credentials and status lists are judged by THE verification core
 * (verify/verify.ts, verify/steps/status.ts), so "the site works" means what the verify page means.
 *
 * What each check holds the live site to, beyond "it answers 200 with the right type":
 *   DID document  its id is this site's did:web, and every method its assertionMethod lists is there with
 *                 its key (publicKeyMultibase or publicKeyJwk), the same key the JWKS publishes under the
 *                 matching kid. (This site's own verifiers take Data Integrity keys from the JWKS, so only
 *                 this check notices a did.json that third-party verifiers, which resolve did:web, cannot use.)
 *   JWKS          has keys, and none with private key material (the members are named, never their values).
 *   credential    the one asked for, or `none` (NO_CREDENTIAL: no active credential yet, said loudly by the
 *                 CLI). Its JSON and its JWT each verify as valid with the core AND are that credential
 *                 (their id, and the JWT's jti, is the asked id's address: another valid credential served at
 *                 this address is a misrouted deploy); the .jwt is a compact JWS, not JSON; the JSON's proof
 *                 names one of did.json's assertion methods.
 *   status list   one of this site's two lists, read as the verifiers read it.
 *   verify page   its scripts and stylesheets are all this site's own (one on another origin fails, and is
 *                 never fetched), it has no <base href> (which would move every relative one), and each loads.
 *
 * It contacts only the given fetch function (the CLI's: public https hosts unless --allow-local), and
 * only the served origin through it; it retries each check with backoff for a while (a CDN may serve
 * the previous deploy for a minute or two), then gives up and reports the last reason.
 */
import { base64url } from 'jose';
import { parse } from 'node-html-parser';
import { fromEd25519Multikey } from '../data-integrity/multibase.ts';
import { badgeHref, badgePaths, badgeUrls, CREDENTIAL_ID_PATTERN, type BadgeUrls, type StatusPurpose } from '../ob3/urls.ts';
import { decodeUtf8, readAll, SizeLimitError } from '../verify/bytes.ts';
import { isRecord } from '../verify/json.ts';
import { createKeyResolver, PRIVATE_MEMBERS, thumbprintOf } from '../verify/keys.ts';
import { createNet, MAX_RESPONSE_BYTES, type FetchLike } from '../verify/net.ts';
import { readStatusList } from '../verify/steps/status.ts';
import type { VerificationResult } from '../verify/types.ts';
import { isCanonicalBase64url, verify } from '../verify/verify.ts';

/** One line of the report. */
export interface SmokeCheck {
  ok: boolean;
  /** The address fetched (on the served origin). */
  url: string;
  /** What was checked, in a few words. */
  what: string;
  /** Why it failed, or what passed. */
  detail: string;
}

export interface SmokeOptions {
  /** The origin the site was built for (SITE_URL): its did:web, the ids in its credentials. */
  site: string;
  /** Where its files are fetched from, when not `site` (a local copy of a build). */
  served?: string | undefined;
  /**
   * A credential id to fetch and verify (one that is active: not revoked, suspended or expired), or
   * NO_CREDENTIAL when the site has none active: required, so a caller that lost the id (an empty step
   * output) can never pass by checking no credential.
   */
  credential: string;
  /** Root-relative path of one of this site's status lists (a VC-JWT list, as this site's verifiers read it). */
  status: string;
  /** The only way to the network. Redirects are refused (redirect: 'error'). */
  fetch: FetchLike;
  /** How long each check may keep retrying, in milliseconds (default 180,000). */
  retryForMs?: number | undefined;
  /** Time limit of one request, in milliseconds (default 10,000). */
  timeoutMs?: number | undefined;
  /** Told about each retry (why, and how long until the next try). */
  onRetry?: ((url: string, reason: string, waitMs: number) => void) | undefined;
  /** For tests: the clock and the wait between tries. */
  now?: (() => number) | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

/**
 * What `--credential` and `--pick` say when the site has no active credential to check (none issued
 * yet, or every one revoked, suspended or expired): an explicit word, never an empty value.
 */
export const NO_CREDENTIAL = 'none';

/** Why a `--credential` value is unusable, or undefined when it is a credential id or NO_CREDENTIAL. */
export function credentialArgProblem(value: string | undefined): string | undefined {
  if (value === undefined || value === '') {
    return `--credential is ${value === undefined ? 'missing' : 'empty'}: give the id of an active credential, or "${NO_CREDENTIAL}" when the site has none (what \`npm run smoke -- --pick dist\` printed). An empty value is refused: it is what a misspelt step output gives.`;
  }
  if (value !== NO_CREDENTIAL && !CREDENTIAL_ID_PATTERN.test(value)) return `--credential "${value}" is not a credential id (a lower-case UUID) or "${NO_CREDENTIAL}".`;
  return undefined;
}

/** Why a `--status` value is unusable, or undefined when it is the root-relative path of one of this site's status lists. */
export function statusArgProblem(value: string | undefined): string | undefined {
  const lists = (['revocation', 'suspension'] as const).map((purpose) => badgeHref(badgePaths.statusList(purpose))).join(' or ');
  if (value === undefined || value === '') return `--status is ${value === undefined ? 'missing' : 'empty'}: give the path of a status list from the site's root, ${lists} (what \`npm run smoke -- --pick dist\` printed).`;
  if (!statusPurposeOf(value)) return `--status "${value}" is not one of this site's status lists: give ${lists}.`;
  return undefined;
}

/** The media types each kind of file must be served with (parameters such as charset aside). */
export const EXPECTED_TYPES = {
  json: ['application/json'],
  html: ['text/html'],
  script: ['text/javascript', 'application/javascript'],
  stylesheet: ['text/css'],
} as const;
export type FileKind = keyof typeof EXPECTED_TYPES;

/** The media type of a Content-Type header, lower case, without parameters ('' when there is none). */
export function mediaType(header: string | null): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Why a Content-Type is wrong for `kind`, or undefined when it is right. */
export function typeProblem(header: string | null, kind: FileKind): string | undefined {
  const type = mediaType(header);
  const allowed: readonly string[] = EXPECTED_TYPES[kind];
  return allowed.includes(type) ? undefined : `served as ${type || 'no Content-Type'}, expected ${allowed.join(' or ')}`;
}

/** Waits between tries: 2 s, doubling, at most 30 s. */
export function backoff(attempt: number): number {
  return Math.min(2_000 * 2 ** attempt, 30_000);
}

export interface PageAsset {
  url: string;
  kind: 'script' | 'stylesheet';
}

/**
 * The scripts (and module preloads) and stylesheets a page loads, as absolute URLs, and what is wrong
 * with them: one on another origin (the site's pages load only their own files; another origin's is
 * blocked by the page's policy, or runs someone else's code, and the smoke test contacts no one else,
 * so it is named, never fetched), an address that is not one, and any <base href> (the site's pages
 * have none; one would move every relative address, so the page would load what this check never saw).
 */
export function pageAssets(html: string, pageUrl: string): { assets: PageAsset[]; problems: string[] } {
  const root = parse(html);
  const origin = new URL(pageUrl).origin;
  const out = new Map<string, PageAsset['kind']>();
  const problems: string[] = [];
  for (const base of root.querySelectorAll('base')) {
    const href = base.getAttribute('href');
    if (href !== undefined) problems.push(`has a <base href="${href.slice(0, 200)}">, which moves every relative script and stylesheet address (the site's pages have none): deploy the build's own verify/index.html`);
  }
  const add = (ref: string | undefined, kind: PageAsset['kind'], element: string) => {
    if (ref === undefined) return;
    let url: URL;
    try {
      url = new URL(ref, pageUrl);
    } catch {
      problems.push(`its ${element} names "${ref.slice(0, 200)}", which is not an address`);
      return;
    }
    if (url.origin === origin) out.set(url.href, kind);
    else problems.push(`loads a ${kind} from another origin (${url.href.slice(0, 200)}; not fetched): the site's pages load only their own files, so this is not the page the build made`);
  };
  for (const script of root.querySelectorAll('script[src]')) add(script.getAttribute('src'), 'script', '<script src>');
  for (const link of root.querySelectorAll('link[href]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('stylesheet')) add(link.getAttribute('href'), 'stylesheet', '<link rel="stylesheet">');
    else if (rel.includes('modulepreload')) add(link.getAttribute('href'), 'script', '<link rel="modulepreload">');
  }
  return { assets: [...out].map(([url, kind]) => ({ url, kind })), problems };
}

/** Which status list a root-relative path is, by the address table (undefined for any other path). */
export function statusPurposeOf(path: string): StatusPurpose | undefined {
  return (['revocation', 'suspension'] as const).find((purpose) => badgeHref(badgePaths.statusList(purpose)) === path);
}

interface Got {
  status: number;
  type: string | null;
  bytes: Uint8Array;
}

class CheckFailed extends Error {}

/** One GET with a time limit and a size cap; any answer is returned (the checks judge the status). */
async function get(fetcher: FetchLike, url: string, timeoutMs: number): Promise<Got> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetcher(url, { signal, redirect: 'error' });
  } catch (error) {
    throw new CheckFailed(signal.aborted ? `no answer in ${timeoutMs} ms` : `could not be fetched (${(error as Error).message || 'network error'})`);
  }
  if (response.redirected) throw new CheckFailed('redirected');
  try {
    const bytes = response.body ? await readAll(response.body, MAX_RESPONSE_BYTES) : new Uint8Array(await response.arrayBuffer());
    return { status: response.status, type: response.headers.get('content-type'), bytes };
  } catch (error) {
    throw new CheckFailed(error instanceof SizeLimitError ? `over ${MAX_RESPONSE_BYTES} bytes` : 'the answer broke off');
  }
}

/** A body that must be a 200 of `kind`, as text. */
function expectOk(got: Got, kind: FileKind | undefined): string {
  if (got.status !== 200) throw new CheckFailed(`HTTP ${got.status}`);
  const wrong = kind ? typeProblem(got.type, kind) : undefined;
  if (wrong) throw new CheckFailed(wrong);
  return decodeUtf8(got.bytes);
}

function parseJsonBody(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CheckFailed('is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CheckFailed('is not a JSON object');
  return value as Record<string, unknown>;
}

/** The core's result on a credential that verifies as valid; anything else fails the check with the verdict and the steps that said so. */
async function verifiedValid(input: string | Uint8Array, options: SmokeOptions, urls: BadgeUrls, timeoutMs: number): Promise<VerificationResult> {
  const result = await verify(input, { siteOrigin: urls.origin, servedOrigin: options.served, fetch: options.fetch, timeoutMs, now: new Date() });
  if (result.verdict === 'valid') return result;
  const why = result.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => `${c.id} ${c.code}`);
  throw new CheckFailed(`does not verify: ${result.verdict}${why.length ? ` (${why.join(', ')})` : ''}`);
}

/**
 * That a verified credential is the one asked for: its `members` (the JSON's id; the JWT's id and jti)
 * are the asked id's address. The core judges whatever it is given, so another valid credential of
 * this site served at this address (a stale or misrouted deploy, a CDN cache key collision) verifies too.
 */
function sameCredential(credential: Record<string, unknown> | undefined, expected: string, members: string[]): void {
  for (const member of members) {
    const value = credential?.[member];
    if (value !== expected) {
      throw new CheckFailed(`is ${value === undefined ? `a credential without ${member === 'jti' ? 'a jti claim' : 'an id'}` : `credential ${JSON.stringify(value).slice(0, 200)} (its ${member})`}, not ${expected}: the host serves another file at this address; deploy the build's ${badgePaths.credentials}/ folder as it is`);
    }
  }
}

/**
 * Why a body is not a compact JWS (three base64url parts joined by dots), or undefined when it is:
 * the core also reads credential JSON, so a host serving the JSON at the .jwt address would verify,
 * while every verifier that asked for the VC-JWT gets none.
 */
export function compactJwsProblem(text: string): string | undefined {
  const parts = text.split('.');
  if (parts.length === 3 && parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part) && isCanonicalBase64url(part))) return undefined;
  let json = false;
  try {
    JSON.parse(text);
    json = true;
  } catch {
    // Not JSON either.
  }
  return `is not a compact JWS (three base64url parts joined by dots)${json ? ': it is JSON (the credential JSON served at the .jwt address?)' : ''}; deploy the build's .jwt file`;
}

/** The ids of the methods a DID document's assertionMethod lists (a reference, relative or absolute, or an embedded method). */
function assertionMethodIds(doc: Record<string, unknown>): unknown[] {
  const listed = Array.isArray(doc.assertionMethod) ? doc.assertionMethod : [];
  return listed.map((entry) => {
    const ref = isRecord(entry) ? entry.id : entry;
    return typeof ref === 'string' && ref.startsWith('#') && typeof doc.id === 'string' ? `${doc.id}${ref}` : ref;
  });
}

/**
 * Every assertion method of the DID document, with its key, and the JWKS's key of the same name: how
 * verifiers that resolve did:web check the credentials' Data Integrity proofs. (This site's own verifiers
 * read the JWKS, where the key of method did:web:…#name has kid <origin>/keys/name.json: verify/steps/data-integrity.ts.)
 * Returns the method ids; throws naming every problem.
 */
async function checkAssertionMethods(doc: Record<string, unknown>, jwks: unknown[], urls: BadgeUrls, jwksUrl: string): Promise<string[]> {
  const ids = assertionMethodIds(doc);
  if (ids.length === 0) throw new CheckFailed(`lists no assertionMethod: verifiers that resolve ${urls.did} find no key to check the credentials' proofs with; deploy the build's ${badgePaths.didDocument}`);
  const methods = [...(Array.isArray(doc.verificationMethod) ? doc.verificationMethod : []), ...(Array.isArray(doc.assertionMethod) ? doc.assertionMethod : [])].filter(isRecord);
  const problems: string[] = [];
  const found: string[] = [];
  for (const id of ids) {
    const name = typeof id === 'string' && id.startsWith(`${urls.did}#`) ? id.slice(urls.did.length + 1) : undefined;
    if (typeof id !== 'string' || !name) {
      problems.push(`its assertionMethod ${JSON.stringify(id).slice(0, 200)} is not a key of ${urls.did}`);
      continue;
    }
    const method = methods.find((m) => m.id === id || m.id === `#${name}`);
    if (!method) {
      problems.push(`its assertionMethod ${id} is not among its verification methods (no key to check a proof with)`);
      continue;
    }
    if (method.controller !== undefined && method.controller !== urls.did) problems.push(`${id} is controlled by ${JSON.stringify(method.controller).slice(0, 200)}, not ${urls.did}`);
    let key: Record<string, unknown> | undefined;
    if (typeof method.publicKeyMultibase === 'string') {
      const bytes = fromEd25519Multikey(method.publicKeyMultibase);
      if (!bytes) {
        problems.push(`${id}'s publicKeyMultibase is not an Ed25519 Multikey`);
        continue;
      }
      key = { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(bytes) };
    } else if (isRecord(method.publicKeyJwk)) {
      key = method.publicKeyJwk;
      const secret = PRIVATE_MEMBERS.filter((m) => m in key!);
      if (secret.length > 0) problems.push(`${id} publishes private key material (${secret.join(', ')}): replace the key now (docs/key-rotation.md)`);
    } else {
      problems.push(`${id} has no key (neither publicKeyMultibase nor publicKeyJwk)`);
      continue;
    }
    const kid = urls.key(name);
    const published = jwks.find((k) => isRecord(k) && k.kid === kid);
    if (!isRecord(published)) {
      problems.push(`${id} has no key in the JWKS (${jwksUrl}) under kid ${kid}`);
      continue;
    }
    const [mine, theirs] = await Promise.all([thumbprintOf(key).catch(() => undefined), thumbprintOf(published).catch(() => undefined)]);
    if (!mine || mine !== theirs) {
      problems.push(`${id}'s key is not the JWKS's key ${kid} (${jwksUrl}): the two files are not from the same build`);
      continue;
    }
    found.push(id);
  }
  if (problems.length > 0) throw new CheckFailed(`${problems.join('; ')}. Deploy the build's ${badgePaths.didDocument} and ${badgePaths.jwks} together`);
  return found;
}

/** Runs the smoke test; never throws. One entry per check, in a fixed order. */
export async function smoke(options: SmokeOptions): Promise<SmokeCheck[]> {
  const urls = badgeUrls(options.site);
  const served = new URL(options.served ?? urls.origin).origin;
  const at = (path: string) => `${served}${path}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retryForMs = options.retryForMs ?? 180_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  /** Runs `body` until it passes or the time is up; the last failure is the check's reason. */
  const check = async (url: string, what: string, body: () => Promise<string>): Promise<SmokeCheck> => {
    const started = now();
    for (let attempt = 0; ; attempt++) {
      try {
        return { ok: true, url, what, detail: await body() };
      } catch (error) {
        const reason = error instanceof CheckFailed ? error.message : `failed: ${(error as Error).message}`;
        const wait = backoff(attempt);
        if (now() - started + wait > retryForMs) return { ok: false, url, what, detail: reason };
        options.onRetry?.(url, reason, wait);
        await sleep(wait);
      }
    }
  };

  const json = async (url: string) => parseJsonBody(expectOk(await get(options.fetch, url, timeoutMs), 'json'));
  const runs: Promise<SmokeCheck | SmokeCheck[]>[] = [];

  const didUrl = at(badgeHref(badgePaths.didDocument));
  const jwksUrl = at(badgeHref(badgePaths.jwks));
  /** The JWKS's keys, for a check of another file: its own failure is its own check's line. */
  const jwksKeys = async (forWhat: string): Promise<unknown[]> => {
    try {
      const keys = (await json(jwksUrl)).keys;
      if (!Array.isArray(keys)) throw new CheckFailed('has no keys');
      return keys;
    } catch (error) {
      throw new CheckFailed(`${forWhat} cannot be compared with the JWKS (${jwksUrl}: ${error instanceof CheckFailed ? error.message : (error as Error).message})`);
    }
  };
  runs.push(
    check(didUrl, 'DID document', async () => {
      const doc = await json(didUrl);
      if (doc.id !== urls.did) throw new CheckFailed(`its id is ${JSON.stringify(doc.id)}, expected ${urls.did} (the did:web of ${urls.origin})`);
      const methods = await checkAssertionMethods(doc, await jwksKeys('its keys'), urls, jwksUrl);
      return `id ${urls.did}, ${methods.length} assertion method(s), each the JWKS's key of the same name`;
    }),
  );
  runs.push(
    check(jwksUrl, 'JWKS', async () => {
      const keys = (await json(jwksUrl)).keys;
      if (!Array.isArray(keys) || keys.length === 0) throw new CheckFailed('has no keys');
      // A private key published is a key to replace at once (docs/key-rotation.md); its values are never printed.
      const secret = keys.filter(isRecord).flatMap((key) => {
        const members = PRIVATE_MEMBERS.filter((m) => m in key);
        return members.length ? [`${typeof key.kid === 'string' ? key.kid.slice(0, 200) : 'a key without kid'} (${members.join(', ')})`] : [];
      });
      if (secret.length > 0) throw new CheckFailed(`publishes private key material: ${secret.join('; ')}. Anyone can sign as this site with it: replace the key now (docs/key-rotation.md)`);
      return `${keys.length} key${keys.length === 1 ? '' : 's'}`;
    }),
  );
  // The CLI refuses these as bad usage; a caller in code that lost them fails here, never passes unchecked.
  const credentialProblem = credentialArgProblem(options.credential as string | undefined);
  if (credentialProblem) runs.push(Promise.resolve({ ok: false, url: at(`/${badgePaths.credentials}/`), what: 'credential', detail: credentialProblem }));
  else if (options.credential !== NO_CREDENTIAL) {
    const id = options.credential;
    const expected = urls.credentialJson(id);
    const jsonUrl = at(badgeHref(badgePaths.credentialJson(id)));
    runs.push(
      check(jsonUrl, 'credential JSON', async () => {
        const got = await get(options.fetch, jsonUrl, timeoutMs);
        const parsed = parseJsonBody(expectOk(got, 'json'));
        const result = await verifiedValid(got.bytes, options, urls, timeoutMs);
        sameCredential(result.credential, expected, ['id']);
        // Its proof's key must be one verifiers that resolve did:web find (the core read it from the JWKS).
        const proofs = Array.isArray(parsed.proof) ? parsed.proof : [parsed.proof];
        const named = proofs.map((p) => (isRecord(p) ? p.verificationMethod : undefined));
        // (Without one, the core judged its JWT twin instead: valid, but not the file the build wrote.)
        if (named.some((method) => typeof method !== 'string')) throw new CheckFailed(`has no Data Integrity proof naming its key, as every credential JSON the build writes has: deploy the build's ${badgePaths.credentials}/ folder as it is`);
        let listed: unknown[];
        try {
          listed = assertionMethodIds(await json(didUrl));
        } catch (error) {
          throw new CheckFailed(`its proof's key cannot be looked up in ${didUrl} (${error instanceof CheckFailed ? error.message : (error as Error).message})`);
        }
        const missing = named.filter((method) => !listed.includes(method));
        if (missing.length > 0) {
          throw new CheckFailed(`its proof's key ${missing.map((m) => JSON.stringify(m)!.slice(0, 200)).join(', ')} is not an assertionMethod of ${didUrl}: verifiers that resolve did:web cannot check it; deploy the build's did.json with its credentials`);
        }
        return `verifies: valid, is ${id}, its proof's key listed in did.json`;
      }),
    );
    const jwtUrl = at(badgeHref(badgePaths.credentialJwt(id)));
    runs.push(
      // Its Content-Type is the host's own on GitHub Pages (README, "Hosting"): only the token is judged.
      check(jwtUrl, 'credential JWT', async () => {
        const text = expectOk(await get(options.fetch, jwtUrl, timeoutMs), undefined).trim();
        const notJws = compactJwsProblem(text);
        if (notJws) throw new CheckFailed(notJws);
        const result = await verifiedValid(text, options, urls, timeoutMs);
        // The token's credential id, and its jti (the claims step holds the two equal where both are present).
        sameCredential(result.credential, expected, ['id', 'jti']);
        return `verifies: valid, is ${id}`;
      }),
    );
  }
  const statusPath = options.status;
  const statusProblem = statusArgProblem(statusPath as string | undefined);
  const purpose = statusPurposeOf(statusPath);
  if (statusProblem || !purpose) {
    runs.push(Promise.resolve({ ok: false, url: at(`/${badgePaths.status}/`), what: 'status list', detail: statusProblem ?? 'not a status list' }));
  } else {
    const statusUrl = at(statusPath);
    runs.push(
      check(statusUrl, 'status list', async () => {
        const token = expectOk(await get(options.fetch, statusUrl, timeoutMs), undefined).trim();
        // Read as the verifiers read it: signed with this site's keys (from its JWKS), its issuer, purpose, dates and size.
        const net = createNet({ fetch: options.fetch, siteOrigin: urls.origin, servedOrigin: served, timeoutMs });
        const read = await readStatusList(token, purpose, { urls, keys: createKeyResolver({ urls, net }), now: new Date() });
        if (!read.ok) throw new CheckFailed(`${read.reason} (${read.code}${read.cause ? `, ${read.cause}` : ''})`);
        return `a ${purpose} list of ${read.bits.length * 8} entries, signed by this site`;
      }),
    );
  }
  const pageUrl = at(badgeHref(badgePaths.verifyPage));
  runs.push(
    (async () => {
      let assets: PageAsset[] = [];
      const page = await check(pageUrl, 'verify page', async () => {
        const html = expectOk(await get(options.fetch, pageUrl, timeoutMs), 'html');
        const read = pageAssets(html, pageUrl);
        assets = [];
        if (read.problems.length > 0) throw new CheckFailed(read.problems.join('; '));
        assets = read.assets;
        if (!assets.some((a) => a.kind === 'script')) throw new CheckFailed('loads no script: it cannot verify anything');
        const count = (kind: string) => assets.filter((a) => a.kind === kind).length;
        return `loads ${count('script')} script(s) and ${count('stylesheet')} stylesheet(s)`;
      });
      const loaded = await Promise.all(
        assets.map((asset) =>
          check(asset.url, `verify page ${asset.kind}`, async () => {
            expectOk(await get(options.fetch, asset.url, timeoutMs), asset.kind);
            return 'loads';
          }),
        ),
      );
      return [page, ...loaded];
    })(),
  );
  return (await Promise.all(runs)).flat();
}

/** The report: one line per check, then a last line naming every failure (or saying all passed). */
export function report(checks: SmokeCheck[]): { lines: string[]; ok: boolean } {
  const lines = checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.what}: ${c.url} ${c.ok ? c.detail : `FAILED: ${c.detail}`}`);
  const failed = checks.filter((c) => !c.ok);
  lines.push(failed.length === 0 ? `All ${checks.length} checks passed.` : `Smoke test FAILED, ${failed.length} of ${checks.length} checks: ${failed.map((c) => `${c.url} (${c.detail})`).join('; ')}`);
  return { lines, ok: failed.length === 0 };
}
