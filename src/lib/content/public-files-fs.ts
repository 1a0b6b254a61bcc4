/**
 * The files under public/ that the site serves as they are, on its own origin, where Decap CMS keeps an
 * editor's login token: every SVG must be a plain drawing (svg-safety.ts), and the uploads folder, which
 * the CMS writes to, may hold only photos whose bytes are what their names say (the types cms/uploads.ts lets editors upload). A
 * .js, .html or SVG file there could run script from a release's page; a file named .jpg that is not a
 * JPEG is either broken or a disguise. Run by the content check before every build.
 */
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { ContentProblem } from './integrity.ts';
import { svgProblems } from './svg-safety.ts';

/** What the CMS uploads into (its media_folder), relative to public/. */
const UPLOADS = 'uploads/';

/** A file type the uploads folder accepts: its name, and whether the first bytes of a file are one. */
interface UploadType {
  name: string;
  matches: (head: Uint8Array) => boolean;
}

const ascii = (head: Uint8Array, offset: number, text: string) => [...text].every((c, i) => head[offset + i] === c.charCodeAt(0));

const JPEG: UploadType = { name: 'JPEG', matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff };
const PNG: UploadType = { name: 'PNG', matches: (h) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => h[i] === b) };
const GIF: UploadType = { name: 'GIF', matches: (h) => ascii(h, 0, 'GIF87a') || ascii(h, 0, 'GIF89a') };
const WEBP: UploadType = { name: 'WebP', matches: (h) => ascii(h, 0, 'RIFF') && ascii(h, 8, 'WEBP') };
/** An ISO media file (ftyp box first) whose major or a compatible brand is AVIF (image or sequence). */
const AVIF: UploadType = {
  name: 'AVIF',
  matches: (h) => {
    if (!ascii(h, 4, 'ftyp')) return false;
    const boxEnd = Math.min(h.length, ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0);
    // The major brand at 8, the minor version at 12, then compatible brands, four bytes each.
    for (let at = 8; at + 4 <= boxEnd; at += at === 8 ? 8 : 4) if (ascii(h, at, 'avif') || ascii(h, at, 'avis')) return true;
    return false;
  },
};

/** File endings (lower case) the uploads folder accepts, and the type each must be. */
const UPLOAD_ENDINGS = new Map<string, UploadType>([
  ['jpg', JPEG],
  ['jpeg', JPEG],
  ['png', PNG],
  ['gif', GIF],
  ['webp', WEBP],
  ['avif', AVIF],
]);
const ALLOWED = 'Only photos (JPEG, PNG, WebP, AVIF, GIF) can be uploaded';
/** Bytes read from the start of each upload: enough for every signature above, AVIF's brand list included. */
const HEAD_BYTES = 64;

/** Empty placeholder files that keep a folder in Git. */
const PLACEHOLDERS = new Set(['.gitkeep', '.keep']);

async function head(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Why a file in the uploads folder may not be published, or undefined. */
async function uploadProblem(absolute: string, relative: string, ending: string): Promise<string | undefined> {
  const base = path.posix.basename(relative);
  if (PLACEHOLDERS.has(base) && (await stat(absolute)).size === 0) return undefined;
  if (ending === 'svg' || ending === 'svgz') {
    return 'SVG drawings cannot be uploaded: they can carry script that would run on this site. Export the drawing as PNG or JPEG, upload that instead, and remove this file.';
  }
  const type = UPLOAD_ENDINGS.get(ending);
  if (!type) return `${ALLOWED}; remove this file.`;
  const bytes = await head(absolute);
  if (type.matches(bytes)) return undefined;
  const actually = [...new Set(UPLOAD_ENDINGS.values())].find((other) => other.matches(bytes));
  const what = actually ? `it is really a ${actually.name} file` : `its content is not a ${type.name} file at all`;
  return `The file is named .${ending} but ${what}. Save it again as ${type.name} from a photo editor (or give it its real ending), upload it again and remove this file.`;
}

/**
 * Every problem with what public/ (under `root`, the repository) would publish: each SVG that is not a
 * plain drawing, and each file in public/uploads/ that is not a photo of the type its name says.
 * `file` is the path from the repository root (public/badges/x.svg); field is empty.
 */
export async function checkPublicFiles(root: string): Promise<ContentProblem[]> {
  const publicDir = path.join(root, 'public');
  const files = (await glob('**/*', { cwd: publicDir, dot: true, onlyFiles: true, followSymbolicLinks: false })).sort();
  const problems: ContentProblem[] = [];
  for (const relative of files) {
    const file = `public/${relative}`;
    const absolute = path.join(publicDir, relative);
    const base = path.posix.basename(relative);
    const dot = base.lastIndexOf('.');
    const ending = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
    if (relative.startsWith(UPLOADS)) {
      const message = await uploadProblem(absolute, relative, ending);
      if (message) {
        problems.push({ file, field: '', message });
        continue;
      }
    }
    if (ending === 'svgz') {
      problems.push({ file, field: '', message: 'Compressed SVG (.svgz) cannot be checked for script: save the drawing as a plain .svg file and remove this one.' });
    } else if (ending === 'svg') {
      for (const message of svgProblems(await readFile(absolute, 'utf8'))) problems.push({ file, field: '', message });
    }
  }
  return problems;
}
