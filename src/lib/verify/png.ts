/**
 * Reads the credential baked into a PNG: Open Badges 3.0 puts it in the first iTXt chunk whose
 * keyword is `openbadgecredential`; Open Badges 2.0 used the keyword `openbadges`.
 */
import { decodeUtf8, inflate, MAX_INPUT_BYTES, SizeLimitError } from './bytes.ts';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

export type PngCredential =
  | { kind: 'ob3'; text: string }
  | { kind: 'ob2' }
  | { kind: 'none' }
  | { kind: 'broken'; detail: string }
  | { kind: 'too-large'; detail: string };

export async function readPngCredential(bytes: Uint8Array): Promise<PngCredential> {
  if (!isPng(bytes)) return { kind: 'broken', detail: 'This is not a PNG file.' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let ob2 = false;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const start = offset + 8;
    const end = start + length;
    if (end + 4 > bytes.length) return { kind: 'broken', detail: `The PNG is cut off inside its ${type} chunk.` };
    if (type === 'iTXt' || type === 'tEXt' || type === 'zTXt') {
      const body = bytes.subarray(start, end);
      const nul = body.indexOf(0);
      const keyword = nul < 0 ? '' : decodeUtf8(body.subarray(0, nul));
      if (type === 'iTXt' && keyword === 'openbadgecredential') {
        // iTXt: keyword \0 compression-flag compression-method language \0 translated-keyword \0 text
        const flag = body[nul + 1];
        const languageEnd = body.indexOf(0, nul + 3);
        const translatedEnd = languageEnd < 0 ? -1 : body.indexOf(0, languageEnd + 1);
        if (translatedEnd < 0) return { kind: 'broken', detail: 'The openbadgecredential chunk is malformed.' };
        const raw = body.subarray(translatedEnd + 1);
        try {
          // The same cap as for any input, applied to the inflated text: a compressed chunk cannot smuggle in more.
          return { kind: 'ob3', text: decodeUtf8(flag === 1 ? await inflate(raw, 'deflate', MAX_INPUT_BYTES) : raw) };
        } catch (error) {
          if (error instanceof SizeLimitError) {
            return { kind: 'too-large', detail: 'The credential compressed inside this PNG inflates to more than 2 MB, more than any badge needs. It was not read.' };
          }
          return { kind: 'broken', detail: 'The openbadgecredential chunk is compressed and cannot be inflated.' };
        }
      }
      if (keyword === 'openbadges') ob2 = true;
    }
    if (type === 'IEND') break;
    offset = end + 4;
  }
  return ob2 ? { kind: 'ob2' } : { kind: 'none' };
}
