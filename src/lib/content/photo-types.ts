/**
 * The photo types the media library (content/uploads/) holds: each one's name, MIME type, file endings
 * and how its first bytes look. One list for the CMS's upload guard (cms/uploads.ts, in the browser)
 * and the build's check of public/ (public-files-fs.ts), so both accept exactly the same files. Pure.
 */

export interface PhotoType {
  name: string;
  mime: string;
  endings: readonly string[];
  /** Whether a file starting with these bytes (at least HEAD_BYTES of them, when it has that many) is one. */
  matches: (head: Uint8Array) => boolean;
}

/** Bytes to read from the start of a file: enough for every signature below, AVIF's brand list included. */
export const HEAD_BYTES = 64;

const ascii = (head: Uint8Array, offset: number, text: string) => [...text].every((c, i) => head[offset + i] === c.charCodeAt(0));

export const PHOTO_TYPES: readonly PhotoType[] = [
  { name: 'JPEG', mime: 'image/jpeg', endings: ['jpg', 'jpeg'], matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { name: 'PNG', mime: 'image/png', endings: ['png'], matches: (h) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => h[i] === b) },
  { name: 'WebP', mime: 'image/webp', endings: ['webp'], matches: (h) => ascii(h, 0, 'RIFF') && ascii(h, 8, 'WEBP') },
  {
    name: 'AVIF',
    mime: 'image/avif',
    endings: ['avif'],
    // An ISO media file (ftyp box first) whose major or a compatible brand is AVIF (image or sequence).
    matches: (h) => {
      if (!ascii(h, 4, 'ftyp')) return false;
      const boxEnd = Math.min(h.length, ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0);
      // The major brand at 8, the minor version at 12, then compatible brands, four bytes each.
      for (let at = 8; at + 4 <= boxEnd; at += at === 8 ? 8 : 4) if (ascii(h, at, 'avif') || ascii(h, at, 'avis')) return true;
      return false;
    },
  },
  { name: 'GIF', mime: 'image/gif', endings: ['gif'], matches: (h) => ascii(h, 0, 'GIF87a') || ascii(h, 0, 'GIF89a') },
];

/** "JPEG, PNG, WebP, AVIF or GIF". */
export const PHOTO_TYPE_NAMES = `${PHOTO_TYPES.slice(0, -1).map((t) => t.name).join(', ')} or ${PHOTO_TYPES.at(-1)!.name}`;

/** The type a file ending (without the dot, any case) promises, if it is a photo ending. */
export const photoTypeOfEnding = (ending: string) => PHOTO_TYPES.find((t) => t.endings.includes(ending.toLowerCase()));

/** The photo type these bytes really are, if any. */
export const photoTypeOfBytes = (head: Uint8Array) => PHOTO_TYPES.find((t) => t.matches(head));
