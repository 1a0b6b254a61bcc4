/** Small byte helpers on web platform APIs only (TextDecoder, atob, crypto.subtle), for Node and browsers alike. */

/** More than any badge needs: larger input (and larger inflated content inside a PNG) is refused unread. */
export const MAX_INPUT_BYTES = 2 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

export function encodeUtf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encodeUtf8(text)));
}

/** Thrown by inflate when the output would pass its cap (a decompression bomb). */
export class InflateLimitError extends Error {
  readonly code = 'ERR_TOO_LARGE';
  constructor(max: number) {
    super(`The compressed data inflates to more than ${max} bytes.`);
    this.name = 'InflateLimitError';
  }
}

/**
 * Inflates zlib ("deflate") or gzip data with the platform's DecompressionStream, stopping as soon
 * as the output passes `max` bytes: the cap applies to what comes out, not to what went in, so a
 * small bomb never grows into memory.
 */
export async function inflate(bytes: Uint8Array, format: 'deflate' | 'gzip', max: number): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream(format)).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new InflateLimitError(max);
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
