/**
 * Photos editors upload. Entries keep writing the address editors have always seen (`/uploads/photo.jpg`,
 * the CMS's public_folder), but the files live in content/uploads/, outside public/: nothing there is
 * published as it is. Astro's image pipeline (astro:assets, sharp) turns each photo a published entry
 * uses into resized AVIF/WebP/JPEG files with the camera's metadata (location included) removed, and
 * the site serves a cleaned copy at the old address for links and credentials that name it. A photo
 * only a draft or scheduled release uses is never imported, so none of it reaches dist/. Pure.
 */

/** The address prefix entries use for an upload. */
export const UPLOADS_PATH = '/uploads/';

/** Where uploads are kept in the repository, from its root (the CMS's media_folder). */
export const UPLOADS_FOLDER = 'content/uploads';

/** True when an image `src` names an uploaded photo rather than a file of public/. */
export const isUpload = (src: string): boolean => src.startsWith(UPLOADS_PATH);

/** The file name of an upload address, `/uploads/a%20b.jpg` -> `a b.jpg`; undefined for anything that is not one file directly in the folder. */
export function uploadName(src: string): string | undefined {
  if (!isUpload(src)) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(src.slice(UPLOADS_PATH.length).split(/[?#]/)[0]!);
  } catch {
    return undefined;
  }
  return name && !/[/\\]/.test(name) && name !== '.' && name !== '..' ? name : undefined;
}

/**
 * The path Astro's `image()` resolves for an upload, relative to the entry's own file. Every
 * collection is one folder directly under content/ (the content check refuses subfolders), so
 * content/uploads/ is always one level up.
 */
export const uploadImportPath = (name: string): string => `../uploads/${name}`;

/** An image field once Astro has loaded it: `photo` is the upload's picture for astro:assets, when `src` is an upload. */
export type WithPhoto<T, Photo> = T extends { src: string }
  ? { [K in keyof T]: WithPhotos<T[K], Photo> } & { photo?: Photo }
  : T;

/** Every image field (an object with a string `src`) in `T` given its `photo`. */
export type WithPhotos<T, Photo> = T extends readonly unknown[]
  ? { [K in keyof T]: WithPhotos<T[K], Photo> }
  : T extends { src: string }
    ? WithPhoto<T, Photo>
    : T extends object
      ? { [K in keyof T]: WithPhotos<T[K], Photo> }
      : T;

/**
 * A copy of an entry's data in which every image field whose `src` is an upload also carries
 * `photo: load(name)`. `src` itself is left as written: it stays the address of the cleaned copy
 * (credentials and feeds name it), while pages draw the photo through astro:assets.
 */
export function attachPhotos<T, Photo>(data: T, load: (name: string) => Photo): WithPhotos<T, Photo> {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null || value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = walk(inner);
    const src = (value as { src?: unknown }).src;
    const name = typeof src === 'string' ? uploadName(src) : undefined;
    if (name !== undefined) out.photo = load(name);
    return out;
  };
  return walk(data) as WithPhotos<T, Photo>;
}

/** The names of the uploads `data` uses (every image `src` under /uploads/), each once, in order of first use. */
export function uploadsUsed(data: unknown): string[] {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    const src = (value as { src?: unknown }).src;
    const name = typeof src === 'string' ? uploadName(src) : undefined;
    if (name !== undefined) names.add(name);
    // Not into `photo`: reading astro:assets' image object publishes the camera original.
    for (const [key, inner] of Object.entries(value)) if (key !== 'photo') walk(inner);
  };
  walk(data);
  return [...names];
}
