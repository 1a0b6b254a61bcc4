/**
 * The verifier's only way to the network. Every request has a time limit and a size cap, and only
 * this site's own files can be fetched (rewritten to wherever the verifier is served from): whoever
 * made a credential never learns that, when or where it was checked. Without a fetch function
 * nothing is requested at all (the offline file opened from disk, the build's self-check).
 */
/** A fetch the caller provides: the platform's, or a test's. `signal` aborts it at the time limit. */
export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export type NetErrorCode = 'ERR_OFFLINE' | 'ERR_FOREIGN_URL' | 'ERR_TIMEOUT' | 'ERR_TOO_LARGE' | 'ERR_HTTP_STATUS' | 'ERR_NETWORK';

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

/** Reads a body up to `max` bytes, stopping (and cancelling the stream) as soon as it is over. */
async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw new NetError('ERR_TOO_LARGE', `The response is larger than ${max} bytes.`);
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > max) throw new NetError('ERR_TOO_LARGE', `The response is larger than ${max} bytes.`);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new NetError('ERR_TOO_LARGE', `The response is larger than ${max} bytes.`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Fetches `url` with a time limit and a size cap, whatever the fetch function does with the signal
 * (a stalled request is abandoned at the limit).
 */
export async function fetchCapped(fetcher: FetchLike, url: string, timeoutMs: number, maxBytes: number): Promise<Uint8Array> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new NetError('ERR_TIMEOUT', `No answer from ${url} within ${timeoutMs} ms.`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        let response: Response;
        try {
          response = await fetcher(url, { signal: controller.signal });
        } catch {
          throw new NetError('ERR_NETWORK', `${url} could not be reached.`);
        }
        if (!response.ok) throw new NetError('ERR_HTTP_STATUS', `${url} answered HTTP ${response.status}.`);
        return await readCapped(response, maxBytes);
      })(),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function createNet(options: NetOptions): Net {
  const site = new URL(options.siteOrigin).origin;
  const served = new URL(options.servedOrigin ?? site).origin;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_RESPONSE_BYTES;
  const own = `${site}/`;
  const isOwn = (url: string) => url.startsWith(own);
  return {
    online: options.fetch !== undefined,
    isOwn,
    async get(url) {
      if (!options.fetch) throw new NetError('ERR_OFFLINE', 'No network: nothing was fetched.');
      if (!isOwn(url)) throw new NetError('ERR_FOREIGN_URL', `${url} is not on ${site}; this verifier fetches nothing from other sites.`);
      return fetchCapped(options.fetch, `${served}${url.slice(site.length)}`, timeoutMs, maxBytes);
    },
  };
}
