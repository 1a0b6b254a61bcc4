/**
 * Reading a W3C Bitstring Status List: `encodedList` is "u" (multibase base64url) + base64url(gzip(bits)),
 * and index 0 is the most significant bit of the first byte. Isomorphic: WebCrypto-era APIs only
 * (DecompressionStream, atob), so the same code runs in browsers and Node.
 */

import { inflate, InflateLimitError } from './bytes.ts';

/** The fewest entries a status list may have (W3C Bitstring Status List: 16 KB, for herd privacy). */
export const MIN_STATUS_LIST_ENTRIES = 131_072;
/** The most a list may inflate to: 64 times the minimum, far more than this issuer will ever need. */
export const MAX_STATUS_LIST_BYTES = (MIN_STATUS_LIST_ENTRIES / 8) * 64;

export class StatusListError extends Error {
  readonly code: 'ERR_STATUS_LIST_ENCODING' | 'ERR_STATUS_LIST_INDEX';
  constructor(code: StatusListError['code'], message: string) {
    super(message);
    this.name = 'StatusListError';
    this.code = code;
  }
}

export function base64urlToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new StatusListError('ERR_STATUS_LIST_ENCODING', 'Not base64url text.');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Decodes `encodedList` to the raw bitstring bytes. */
export async function decodeStatusList(encodedList: string): Promise<Uint8Array> {
  if (!encodedList.startsWith('u')) {
    throw new StatusListError('ERR_STATUS_LIST_ENCODING', 'encodedList must start with "u" (multibase base64url).');
  }
  const gzipped = base64urlToBytes(encodedList.slice(1));
  try {
    return await inflate(gzipped, 'gzip', MAX_STATUS_LIST_BYTES);
  } catch (error) {
    if (error instanceof InflateLimitError) throw new StatusListError('ERR_STATUS_LIST_ENCODING', `encodedList inflates to more than ${MAX_STATUS_LIST_BYTES} bytes.`);
    throw new StatusListError('ERR_STATUS_LIST_ENCODING', 'encodedList is not gzip-compressed data.');
  }
}

/** The bit at `index` (most significant bit first), as 0 or 1. */
export function readStatusBit(bits: Uint8Array, index: number): 0 | 1 {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new StatusListError('ERR_STATUS_LIST_INDEX', `statusListIndex ${index} is outside the list (0 to ${bits.length * 8 - 1}).`);
  }
  return ((bits[index >> 3]! >> (7 - (index & 7))) & 1) as 0 | 1;
}
