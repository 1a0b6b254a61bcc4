/**
 * The copy of an upload served at its old address, /uploads/<name>: what entries, feeds, link
 * previews and signed credentials (an issuer logo, badge artwork) name. Re-encoded by sharp in its
 * own format, turned upright by its EXIF orientation, at most 2400 px on its longer side, and with
 * no metadata: a phone photo's GPS position never reaches the site. Pages themselves draw photos
 * through astro:assets (src/components/Photo.astro).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import sharp from 'sharp';
import { photoTypeOfEnding } from './photo-types.ts';
import { uploadName, UPLOADS_FOLDER, UPLOADS_PATH } from './uploads.ts';

const LONGEST_SIDE = 2400;

const made = new Map<string, Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string }>>();

async function make(name: string, root: string): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string }> {
  const type = photoTypeOfEnding(path.extname(name).slice(1));
  if (!type) throw new Error(`${UPLOADS_FOLDER}/${name} is not a photo (JPEG, PNG, WebP, AVIF or GIF): the content check should have refused it.`);
  const source = await readFile(path.join(root, UPLOADS_FOLDER, name));
  const animated = type.name === 'GIF' || type.name === 'WebP';
  const image = sharp(source, { animated })
    .rotate()
    .resize({ width: LONGEST_SIDE, height: LONGEST_SIDE, fit: 'inside', withoutEnlargement: true });
  const encoded =
    type.name === 'JPEG'
      ? image.jpeg({ quality: 82, mozjpeg: true })
      : type.name === 'PNG'
        ? image.png({ compressionLevel: 9 })
        : type.name === 'WebP'
          ? image.webp({ quality: 80 })
          : type.name === 'AVIF'
            ? image.avif({ quality: 60 })
            : image.gif();
  return { bytes: new Uint8Array(await encoded.toBuffer()), type: type.mime };
}

/** The cleaned copy of content/uploads/<name> under `root` (the repository), made once per build. */
export function cleanedUpload(name: string, root = process.cwd()): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string }> {
  const key = path.join(root, name);
  let copy = made.get(key);
  if (!copy) made.set(key, (copy = make(name, root)));
  return copy;
}

/**
 * `astro dev` serves the same cleaned copies at /uploads/<name> (the build writes them through
 * src/pages/uploads/[name].ts; in dev that route would want a trailing slash, so a Markdown body's
 * ![…](/uploads/photo.jpg) would show broken in the CMS's "View Live").
 */
export function uploadsInDev(): AstroIntegration {
  return {
    name: 'mic:uploads-in-dev',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(UPLOADS_PATH, (request, response, next) => {
          const name = uploadName(`${UPLOADS_PATH}${(request.url ?? '').replace(/^\//, '')}`);
          if (name === undefined || !photoTypeOfEnding(path.extname(name).slice(1))) return next();
          // A fresh copy each time: an editor may have just replaced the photo.
          made.delete(path.join(server.config.root, name));
          cleanedUpload(name, server.config.root).then(
            ({ bytes, type }) => {
              response.setHeader('Content-Type', type);
              response.setHeader('Cache-Control', 'no-store');
              response.end(bytes);
            },
            () => next(),
          );
        });
      },
    },
  };
}
