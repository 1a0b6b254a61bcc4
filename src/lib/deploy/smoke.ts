/**
 * The smoke test of a deployed site (`npm run smoke`, run by deploy.yml after every deploy): what a
 * visitor and a verifier need, fetched from the live host as they get it. Each check names its URL
 * and, when it fails, why. Credentials and status lists are judged by THE verification core
 * (verify/verify.ts, verify/steps/status.ts), so "the site works" means what the verify page means.
 *
 * It contacts only the given fetch function (the CLI's: public https hosts unless --allow-local), and
 * retries each check with backoff for a while (a CDN may serve the previous deploy for a minute or two),
 * then gives up and reports the last reason.
 */
import { parse } from 'node-html-parser';
import { badgeHref, badgePaths, badgeUrls, type BadgeUrls, type StatusPurpose } from '../ob3/urls.ts';
import { decodeUtf8, readAll, SizeLimitError } from '../verify/bytes.ts';
import { createKeyResolver } from '../verify/keys.ts';
import { createNet, MAX_RESPONSE_BYTES, type FetchLike } from '../verify/net.ts';
import { readStatusList } from '../verify/steps/status.ts';
import { verify } from '../verify/verify.ts';

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
  /** A credential id to fetch and verify (one that is active: not revoked, suspended or expired). */
  credential?: string | undefined;
  /** Root-relative path of a status list (a VC-JWT list, as this site's verifiers read it). */
  status?: string | undefined;
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

/** The scripts (and module preloads) and stylesheets a page loads, as absolute URLs on the page's origin. */
export function pageAssets(html: string, pageUrl: string): { url: string; kind: 'script' | 'stylesheet' }[] {
  const root = parse(html);
  const origin = new URL(pageUrl).origin;
  const out = new Map<string, 'script' | 'stylesheet'>();
  const add = (ref: string | undefined, kind: 'script' | 'stylesheet') => {
    if (!ref) return;
    const url = new URL(ref, pageUrl);
    // Only this site's files: the page's CSP loads nothing from elsewhere, and the smoke test contacts no one else.
    if (url.origin === origin) out.set(url.href, kind);
  };
  for (const script of root.querySelectorAll('script[src]')) add(script.getAttribute('src'), 'script');
  for (const link of root.querySelectorAll('link[href]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rel.includes('stylesheet')) add(link.getAttribute('href'), 'stylesheet');
    else if (rel.includes('modulepreload')) add(link.getAttribute('href'), 'script');
  }
  return [...out].map(([url, kind]) => ({ url, kind }));
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

/** The verdict of the core on a credential, as one line ("valid", or the verdict and the steps that said so). */
async function verdictOf(input: Uint8Array, options: SmokeOptions, urls: BadgeUrls, timeoutMs: number): Promise<string> {
  const result = await verify(input, { siteOrigin: urls.origin, servedOrigin: options.served, fetch: options.fetch, timeoutMs, now: new Date() });
  if (result.verdict === 'valid') return 'verifies: valid';
  const why = result.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => `${c.id} ${c.code}`);
  throw new CheckFailed(`does not verify: ${result.verdict}${why.length ? ` (${why.join(', ')})` : ''}`);
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
  runs.push(
    check(didUrl, 'DID document', async () => {
      const doc = await json(didUrl);
      if (doc.id !== urls.did) throw new CheckFailed(`its id is ${JSON.stringify(doc.id)}, expected ${urls.did} (the did:web of ${urls.origin})`);
      return `id ${urls.did}`;
    }),
  );
  const jwksUrl = at(badgeHref(badgePaths.jwks));
  runs.push(
    check(jwksUrl, 'JWKS', async () => {
      const keys = (await json(jwksUrl)).keys;
      if (!Array.isArray(keys) || keys.length === 0) throw new CheckFailed('has no keys');
      return `${keys.length} key${keys.length === 1 ? '' : 's'}`;
    }),
  );
  if (options.credential) {
    const id = options.credential;
    const jsonUrl = at(badgeHref(badgePaths.credentialJson(id)));
    runs.push(
      check(jsonUrl, 'credential JSON', async () => {
        const got = await get(options.fetch, jsonUrl, timeoutMs);
        parseJsonBody(expectOk(got, 'json'));
        return verdictOf(got.bytes, options, urls, timeoutMs);
      }),
    );
    const jwtUrl = at(badgeHref(badgePaths.credentialJwt(id)));
    runs.push(
      // Its Content-Type is the host's own on GitHub Pages (README, "Hosting"): only the token is judged.
      check(jwtUrl, 'credential JWT', async () => {
        const got = await get(options.fetch, jwtUrl, timeoutMs);
        expectOk(got, undefined);
        return verdictOf(got.bytes, options, urls, timeoutMs);
      }),
    );
  }
  const statusPath = options.status || badgeHref(badgePaths.statusList('revocation'));
  const statusUrl = at(statusPath);
  runs.push(
    check(statusUrl, 'status list', async () => {
      const purpose = statusPurposeOf(statusPath);
      if (!purpose) throw new CheckFailed(`is not one of this site's status lists (${badgeHref(badgePaths.statusList('revocation'))} or ${badgeHref(badgePaths.statusList('suspension'))})`);
      const token = expectOk(await get(options.fetch, statusUrl, timeoutMs), undefined).trim();
      // Read as the verifiers read it: signed with this site's keys (from its JWKS), its issuer, purpose, dates and size.
      const net = createNet({ fetch: options.fetch, siteOrigin: urls.origin, servedOrigin: served, timeoutMs });
      const read = await readStatusList(token, purpose, { urls, keys: createKeyResolver({ urls, net }), now: new Date() });
      if (!read.ok) throw new CheckFailed(`${read.reason} (${read.code}${read.cause ? `, ${read.cause}` : ''})`);
      return `a ${purpose} list of ${read.bits.length * 8} entries, signed by this site`;
    }),
  );
  const pageUrl = at(badgeHref(badgePaths.verifyPage));
  runs.push(
    (async () => {
      let assets: ReturnType<typeof pageAssets> = [];
      const page = await check(pageUrl, 'verify page', async () => {
        const html = expectOk(await get(options.fetch, pageUrl, timeoutMs), 'html');
        assets = pageAssets(html, pageUrl);
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
