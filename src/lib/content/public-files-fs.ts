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
import { HEAD_BYTES, photoTypeOfBytes, photoTypeOfEnding } from './photo-types.ts';
import { svgProblems } from './svg-safety.ts';

/** What the CMS uploads into (its media_folder), relative to public/. */
const UPLOADS = 'uploads/';

const ALLOWED = 'Only photos (JPEG, PNG, WebP, AVIF, GIF) can be uploaded';

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
