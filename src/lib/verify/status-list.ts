/**
 * Reading a W3C Bitstring Status List: `encodedList` is "u" (multibase base64url) + base64url(gzip(bits)),
 * and index 0 is the most significant bit of the first byte. Isomorphic: WebCrypto-era APIs only
 * (DecompressionStream, atob), so the same code runs in browsers and Node.
 */

import { base64urlToBytes, inflate, SizeLimitError } from './bytes.ts';

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

/** Decodes `encodedList` to the raw bitstring bytes. */
export async function decodeStatusList(encodedList: string): Promise<Uint8Array> {
  if (!encodedList.startsWith('u')) {
    throw new StatusListError('ERR_STATUS_LIST_ENCODING', 'not multibase base64url');
  }
  let gzipped: Uint8Array;
  try {
    gzipped = base64urlToBytes(encodedList.slice(1));
  } catch {
    throw new StatusListError('ERR_STATUS_LIST_ENCODING', 'not base64url');
  }
  try {
    return await inflate(gzipped, 'gzip', MAX_STATUS_LIST_BYTES);
  } catch (error) {
    throw new StatusListError('ERR_STATUS_LIST_ENCODING', error instanceof SizeLimitError ? 'inflates too large' : 'not gzip');
  }
}

/** The bit at `index` (most significant bit first), as 0 or 1. */
export function readStatusBit(bits: Uint8Array, index: number): 0 | 1 {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new StatusListError('ERR_STATUS_LIST_INDEX', `index ${index} is outside the list`);
  }
  return ((bits[index >> 3]! >> (7 - (index & 7))) & 1) as 0 | 1;
}
