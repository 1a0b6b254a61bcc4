/**
 * The files under public/ that the site serves as they are, on its own origin, where Decap CMS keeps an
 * editor's login token: every SVG must be a plain drawing (svg-safety.ts). And the media library
 * (content/uploads/, which the CMS writes to) may hold only photos whose bytes are what their names
 * say (the types cms/uploads.ts lets editors upload): a .js, .html or SVG file could run script from
 * the site's origin; a file named .jpg that is not a JPEG is either broken or a disguise. Uploads
 * used to live in public/uploads/, where they were published as they were: a file left there is
 * refused with how to move it. Run by the content check before every build.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { glob } from 'tinyglobby';
import type { ContentProblem } from './integrity.ts';
import { HEAD_BYTES, photoTypeOfBytes, photoTypeOfEnding } from './photo-types.ts';
import { svgProblems } from './svg-safety.ts';
import { UPLOADS_FOLDER } from './uploads.ts';

/** Where uploads were kept before they went through the image pipeline, relative to public/. */
const OLD_UPLOADS = 'uploads/';

const ALLOWED = 'Only photos (JPEG, PNG, WebP, AVIF, GIF) can be uploaded';

/**
 * The longest upload name, in bytes. Astro names each generated picture `<name>.<hash>_<hash>.<ext>`
 * (about 20 bytes more) and the disk allows 255: a longer name stopped the build (ENAMETOOLONG).
 */
export const MAX_NAME_BYTES = 200;

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
  const type = photoTypeOfEnding(ending);
  if (!type) return `${ALLOWED}; remove this file.`;
  const bytes = await head(absolute);
  if (type.matches(bytes)) return undefined;
  const actually = photoTypeOfBytes(bytes);
  const what = actually ? `it is really a ${actually.name} file` : `its content is not a ${type.name} file at all`;
  return `The file is named .${ending} but ${what}. Save it again as ${type.name} from a photo editor (or give it its real ending), upload it again and remove this file.`;
}

/**
 * Every problem with what public/ (under `root`, the repository) would publish, and with the media
 * library: each SVG that is not a plain drawing, each file in content/uploads/ that is not a photo of
 * the type its name says, and anything left in public/uploads/. `file` is the path from the repository
 * root (public/badges/x.svg); field is empty.
 */
export async function checkPublicFiles(root: string): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  const uploadsDir = path.join(root, UPLOADS_FOLDER);
  // The folder as it is: a link or a subfolder is a problem of its own (a link could publish a file
  // from anywhere on the build machine), never followed.
  const listed = (await readdir(uploadsDir, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of listed) {
    const file = `${UPLOADS_FOLDER}/${entry.name}`;
    if (entry.isSymbolicLink()) {
      problems.push({ file, field: '', message: 'This is a link to another file, not a photo: put the photo itself in the media library (upload it in the CMS) and remove the link.' });
    } else if (entry.isDirectory()) {
      problems.push({ file, field: '', message: `Move the files of this folder directly into ${UPLOADS_FOLDER}/ (the media library has no subfolders), choose them again in the entries that use them, and remove the folder.` });
    } else if (!entry.isFile()) {
      problems.push({ file, field: '', message: 'This is not a photo file: remove it.' });
    } else if (Buffer.byteLength(entry.name) > MAX_NAME_BYTES) {
      problems.push({ file, field: '', message: `The file name is ${Buffer.byteLength(entry.name)} bytes long; the image pipeline needs ${MAX_NAME_BYTES} or fewer (it adds its own suffixes to the name). Rename the file to something shorter, upload it again and choose it again in the entries that use it.` });
    } else {
      const message = await uploadProblem(path.join(uploadsDir, entry.name), entry.name, endingOf(entry.name));
      if (message) problems.push({ file, field: '', message });
    }
  }
  const publicDir = path.join(root, 'public');
  const files = (await glob('**/*', { cwd: publicDir, dot: true, onlyFiles: true, followSymbolicLinks: false })).sort();
  for (const relative of files) {
    const file = `public/${relative}`;
    const absolute = path.join(publicDir, relative);
    const ending = endingOf(relative);
    if (relative.startsWith(OLD_UPLOADS)) {
      if (PLACEHOLDERS.has(path.posix.basename(relative)) && (await stat(absolute)).size === 0) continue;
      problems.push({
        file,
        field: '',
        message: `Uploads now live in ${UPLOADS_FOLDER}/, where they are resized and stripped of camera data before publishing (entries keep writing ${'/uploads/'}${relative.slice(OLD_UPLOADS.length)}). Move the file: git mv ${file} ${UPLOADS_FOLDER}/${relative.slice(OLD_UPLOADS.length)}`,
      });
      continue;
    }
    if (ending === 'svgz') {
      problems.push({ file, field: '', message: 'Compressed SVG (.svgz) cannot be checked for script: save the drawing as a plain .svg file and remove this one.' });
    } else if (ending === 'svg') {
      for (const message of svgProblems(await readFile(absolute, 'utf8'))) problems.push({ file, field: '', message });
    }
  }
  return problems;
}

/** A file's ending, lower case and without the dot; empty when it has none. */
function endingOf(relative: string): string {
  const base = path.posix.basename(relative);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * Uploads that entries use but that cannot be decoded: a photo cut short by a failed upload or a
 * damaged file passes the check of its first bytes, and would otherwise stop the build inside the
 * image pipeline with only the decoder's words. Decoded at 1/8 scale where the format allows it
 * (about 65 ms for a 12-megapixel JPEG here), which still reads every byte of the image data.
 * `used` maps each file name in content/uploads/ to the first entry file that uses it.
 */
export async function damagedUploads(root: string, used: ReadonlyMap<string, string>): Promise<ContentProblem[]> {
  const problems = await Promise.all(
    [...used].map(async ([name, user]): Promise<ContentProblem | undefined> => {
      const absolute = path.join(root, UPLOADS_FOLDER, name);
      if (!photoTypeOfEnding(endingOf(name)) || !(await stat(absolute).catch(() => undefined))) return undefined;
      try {
        // Every frame of an animation, as the image pipeline reads it.
        await sharp(absolute, { failOn: 'error', animated: true }).resize(32, 32, { fit: 'inside' }).toBuffer();
        return undefined;
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        if (/pixel limit/i.test(reason ?? '')) {
          return {
            file: `${UPLOADS_FOLDER}/${name}`,
            field: '',
            message: `This picture is too large to process (${reason}; an animation counts every frame). Save a smaller version (a photo needs no more than about 3000 pixels on its longer side; a long animation, fewer frames), upload it with the same name, or choose another picture in ${user}.`,
          };
        }
        return {
          file: `${UPLOADS_FOLDER}/${name}`,
          field: '',
          // libvips's own words when it has them (under load its error buffer can come back empty: "Unknown error").
          message: `This photo cannot be read${reason && !/^unknown error$/i.test(reason.trim()) ? ` (${reason})` : ''}: the file is damaged or was not uploaded completely. Upload it again from the original with the same name, or choose another photo in ${user}.`,
        };
      }
    }),
  );
  return problems.filter((p): p is ContentProblem => p !== undefined).sort((a, b) => a.file.localeCompare(b.file));
}
