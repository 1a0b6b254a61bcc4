/**
 * The sizes an uploaded photo is drawn at, for each place pages show one. Pure: the numbers match
 * src/styles/global.css (a release thumbnail is 12rem x 8rem, 6rem x 4rem on a phone; a page's
 * content column is at most 44rem).
 */
import type { ImageMetadata } from 'astro';

export type PhotoKind = 'hero' | 'thumb' | 'card';

interface Layout {
  /** The largest box, in CSS pixels, the photo is drawn in; a `thumb` fills it exactly (cropped). */
  maxWidth: number;
  maxHeight: number;
  /** The `sizes` attribute when the photo fills the box; otherwise it follows from the photo's own width. */
  sizes?: string;
  /** Above the fold: load at once, with high priority (the page's largest image). */
  eager: boolean;
}

export const PHOTO_KINDS: Record<PhotoKind, Layout> = {
  // A portrait phone photo would otherwise stand 1,400 px tall: 720 keeps the headline and the
  // photo on one desktop screen.
  hero: { maxWidth: 1200, maxHeight: 720, eager: true },
  thumb: { maxWidth: 192, maxHeight: 128, sizes: '(max-width: 40rem) 6rem, 12rem', eager: false },
  card: { maxWidth: 640, maxHeight: 480, sizes: '(max-width: 40rem) calc(100vw - 4rem), 20rem', eager: false },
};

/** The widths made for a photo drawn at most `display` CSS px wide: half size to twice the size (sharp screens), never wider than the original. */
function widthsFor(display: number, original: number): number[] {
  const wanted = [0.5, 1, 1.5, 2].map((x) => Math.round(display * x)).filter((w) => w >= 48 && w <= original);
  return [...new Set(wanted.length > 0 ? wanted : [Math.min(display, original)])];
}

/** `clone` is Astro's hidden copy of the metadata: reading it does not mark the original as published. */
const metadataOf = (photo: ImageMetadata): ImageMetadata => (photo as ImageMetadata & { clone?: ImageMetadata }).clone ?? photo;

/** The format old browsers get: a PNG or GIF stays one (transparency, animation); anything else becomes a JPEG. */
export function photoFallbackFormat(photo: ImageMetadata): 'jpeg' | 'png' | 'gif' {
  const { format } = metadataOf(photo);
  return format === 'png' ? 'png' : format === 'gif' ? 'gif' : 'jpeg';
}

export interface PhotoBox {
  width: number;
  /** The `sizes` attribute: how wide the photo is drawn at each viewport width, never wider than `width`. */
  sizes: string;
  height: number;
  widths: number[];
  fallbackFormat: 'jpeg' | 'png' | 'gif';
}

/**
 * Where `photo` is drawn as `kind`: its width and height attributes (so the page does not jump as it
 * loads), the widths to make and the fallback format for old browsers (a PNG or GIF stays one, for
 * transparency and animation; anything else becomes a JPEG).
 */
export function photoBox(photo: ImageMetadata, kind: PhotoKind): PhotoBox {
  const meta = metadataOf(photo);
  const layout = PHOTO_KINDS[kind];
  const fallbackFormat = photoFallbackFormat(photo);
  if (kind === 'thumb') {
    return { width: layout.maxWidth, height: layout.maxHeight, sizes: layout.sizes ?? `${layout.maxWidth}px`, widths: widthsFor(layout.maxWidth, meta.width), fallbackFormat };
  }
  const scale = Math.min(1, layout.maxWidth / meta.width, layout.maxHeight / meta.height);
  const width = Math.max(1, Math.round(meta.width * scale));
  const height = Math.max(1, Math.round(meta.height * scale));
  // A photo smaller than its slot is drawn at its own width (the page's CSS: max-width 100%), so the
  // browser must not be told it fills the slot, or it would pick a version for 44rem.
  const gutter = kind === 'hero' ? 32 : 64;
  const sizes = layout.sizes !== undefined && width >= layout.maxWidth ? layout.sizes : `(max-width: ${width + gutter}px) calc(100vw - ${gutter / 16}rem), ${width}px`;
  return { width, height, sizes, widths: widthsFor(width, meta.width), fallbackFormat };
}
