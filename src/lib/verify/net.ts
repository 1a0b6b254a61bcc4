/**
 * The verifier's only way to the network. Every request has a time limit and a size cap, and only
 * this site's own files can be fetched (rewritten to wherever the verifier is served from): whoever
 * made a credential never learns that, when or where it was checked. Without a fetch function
 * nothing is requested at all (the offline file opened from disk, the build's self-check).
 */
/** A fetch the caller provides: the platform's, or a test's. `signal` aborts it at the time limit. */
import { readAll, SizeLimitError } from './bytes.ts';

export type FetchLike = (url: string, init?: { signal?: AbortSignal; redirect?: RequestRedirect }) => Promise<Response>;

/** ERR_NOT_FOUND is an answer (404 or 410: the host has no such file), unlike ERR_HTTP_STATUS (any other refusal). */
export type NetErrorCode = 'ERR_OFFLINE' | 'ERR_FOREIGN_URL' | 'ERR_TIMEOUT' | 'ERR_TOO_LARGE' | 'ERR_NOT_FOUND' | 'ERR_HTTP_STATUS' | 'ERR_NETWORK';

export class NetError extends Error {
  readonly code: NetErrorCode;
  constructor(code: NetErrorCode, message: string) {
    super(message);
    this.name = 'NetError';
    this.code = code;
  }
}

/** How long one request may take, and how much it may return. */
export const DEFAULT_TIMEOUT_MS = 5_000;
export const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

export interface NetOptions {
  fetch?: FetchLike | undefined;
  /** The site this verifier vouches for: the only origin it fetches from. */
  siteOrigin: string;
  /** Where this site's files are actually served (a preview, localhost). Default: siteOrigin. */
  servedOrigin?: string | undefined;
  timeoutMs?: number | undefined;
  maxBytes?: number | undefined;
}

export interface Net {
  /** True when requests can be made at all. */
  readonly online: boolean;
  /** The bytes at a URL of this site. Throws NetError. */
  get(url: string): Promise<Uint8Array>;
  /** True for a URL of this site (the only kind `get` fetches). */
  isOwn(url: string): boolean;
}

/** Reads a body up to `max` bytes, stopping as soon as it is over. */
async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  try {
    return response.body ? await readAll(response.body, max) : new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof SizeLimitError) throw new NetError('ERR_TOO_LARGE', `over ${max} bytes`);
    throw error;
  }
}

/**
 * Fetches `url` with a time limit (the request, and reading its body, are aborted when it passes)
 * and a size cap. Platform fetches honour the signal; so must a test's.
 */
export async function fetchCapped(fetcher: FetchLike, url: string, timeoutMs: number, maxBytes: number): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(timeoutMs);
  const failed = (fallback: NetErrorCode) => new NetError(signal.aborted ? 'ERR_TIMEOUT' : fallback, `${url}: ${signal.aborted ? `no answer in ${timeoutMs} ms` : fallback}`);
  let response: Response;
  try {
    // A redirect is an error: it could lead anywhere, and this site's files never need one.
    response = await fetcher(url, { signal, redirect: 'error' });
  } catch {
    throw failed('ERR_NETWORK');
  }
  // A fetch function that follows redirects anyway (a caller's own) is held to the same rule.
  if (response.redirected) throw new NetError('ERR_NETWORK', `${url}: redirected`);
  if (response.status === 404 || response.status === 410) throw new NetError('ERR_NOT_FOUND', `${url}: HTTP ${response.status}`);
  if (!response.ok) throw new NetError('ERR_HTTP_STATUS', `${url}: HTTP ${response.status}`);
  try {
    return await readCapped(response, maxBytes);
  } catch (error) {
    throw error instanceof NetError ? error : failed('ERR_NETWORK');
  }
}

export function createNet(options: NetOptions): Net {
  const site = new URL(options.siteOrigin).origin;
  const served = new URL(options.servedOrigin ?? site).origin;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
  const own = `${site}/`;
  const isOwn = (url: string) => url.startsWith(own);
  // One verification asks for a file at most once (a prefetch and the step that needs it share it).
  const asked = new Map<string, Promise<Uint8Array>>();
  return {
    online: options.fetch !== undefined,
    isOwn,
    get(url) {
      let bytes = asked.get(url);
      if (!bytes) {
        bytes = !options.fetch
          ? Promise.reject(new NetError('ERR_OFFLINE', 'offline'))
          : !isOwn(url)
            ? Promise.reject(new NetError('ERR_FOREIGN_URL', `${url}: not on ${site}`))
            : fetchCapped(options.fetch, `${served}${url.slice(site.length)}`, timeoutMs, maxBytes);
        bytes.catch(() => undefined);
        asked.set(url, bytes);
      }
      return bytes;
    },
  };
}
