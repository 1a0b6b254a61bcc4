/** Writing a W3C Bitstring Status List (see verify/status-list.ts for the reading side). Node-only: gzip via zlib. */
import { gzipSync } from 'node:zlib';

/** `size` bits, all 0 except those at `setIndexes`, most significant bit first. */
export function bitstring(size: number, setIndexes: Iterable<number>): Uint8Array {
  if (size % 8 !== 0) throw new RangeError(`A status list holds whole bytes; ${size} bits is not a multiple of 8.`);
  const bits = new Uint8Array(size / 8);
  for (const index of setIndexes) {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`Index ${index} is outside the list (0 to ${size - 1}).`);
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return bits;
}

/**
 * "u" + base64url(gzip(bits)). Node's gzip writes no timestamp (MTIME 0) and a fixed OS byte, so the
 * same bits always encode to the same text: status list files stay byte-identical between builds.
 */
export function encodeStatusList(bits: Uint8Array): string {
  return `u${gzipSync(bits, { level: 9 }).toString('base64url')}`;
}
