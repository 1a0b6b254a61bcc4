/**
 * Building blocks shared by the content schemas: dates, slugs, links and images.
 * Every message here is read by an editor whose build just failed, so each one says
 * what the field must look like and gives an example.
 */
import { z } from 'astro/zod';
import { kingstonInstant } from '../lib/dates/schedule.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Formats a Date as its UTC calendar day, `YYYY-MM-DD`. */
function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * A calendar date with no time and no time zone, stored and returned as `YYYY-MM-DD`.
 * YAML turns an unquoted `2022-01-25` into a Date at UTC midnight; a quoted one stays a
 * string. Both arrive here and leave as the same string, so no page shifts a date by a
 * day because of the build machine's time zone.
 */
export const isoDate = z
  .union([z.date(), z.string()], {
    error: 'Expected a date written as YYYY-MM-DD, for example 2022-01-25.',
  })
  .transform((value, ctx) => {
    const text = value instanceof Date ? (Number.isNaN(value.getTime()) ? '' : utcDay(value)) : value.trim();
    const match = ISO_DATE.exec(text);
    if (match) {
      const [, y, m, d] = match;
      const probe = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
      if (utcDay(probe) === text) return text;
    }
    ctx.addIssue({
      code: 'custom',
      message: `"${String(value)}" is not a date. Write it as YYYY-MM-DD, for example 2022-01-25.`,
    });
    return z.NEVER;
  });

/**
 * A moment written as Kingston wall-clock time, `YYYY-MM-DDTHH:MM` (America/Toronto, daylight saving
 * included), returned as the instant in UTC ISO form. A YAML timestamp with a zone (a Date) is
 * taken as the instant it names.
 */
export const kingstonDateTime = z
  .union([z.string(), z.date()], { error: 'Expected a date and time in Kingston, written YYYY-MM-DDTHH:MM, for example 2026-12-01T09:00.' })
  .transform((value, ctx) => {
    // With seconds, Astro's front-matter reader takes the same text for a YAML timestamp in UTC, five
    // hours away from the Kingston time the content check reads: a release would go out early.
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:/.test(value.trim())) {
      ctx.addIssue({ code: 'custom', message: `"${value.trim()}" has seconds: write the time without them, in Kingston time as YYYY-MM-DDTHH:MM, for example ${value.trim().slice(0, 16).replace(' ', 'T')}.` });
      return z.NEVER;
    }
    const instant = value instanceof Date ? (Number.isNaN(value.getTime()) ? undefined : value) : kingstonInstant(value.trim());
    if (instant) return instant.toISOString();
    ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not a date and time. Write it in Kingston time as YYYY-MM-DDTHH:MM, for example 2026-12-01T09:00.` });
    return z.NEVER;
  });

/** A time of day on the 24-hour clock, `HH:MM`, local to Kingston (America/Toronto). */
export const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write the time on the 24-hour clock as HH:MM, for example 18:30.');

/** Lower-case words joined by hyphens: the part of a URL that names an entry. */
export const slug = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'Use lower-case letters, digits and single hyphens only, for example "innovation-skills".',
  );

/** Text that must not be empty once surrounding spaces are removed. A field left blank in YAML is null. */
export function requiredText(what: string) {
  return z
    .string({ error: (issue) => (issue.input == null ? `Add ${what}.` : `Expected ${what} as text.`) })
    .trim()
    .min(1, `Add ${what}; it cannot be empty.`);
}

/**
 * A number whose type error names the field. The function form of `error` only speaks for the type
 * check; range checks added after it keep their own messages.
 */
export function numberField(what: string, example: string) {
  return z.number({
    error: (issue) =>
      issue.code !== 'invalid_type'
        ? undefined
        : issue.input == null
          ? `Add ${what}, for example ${example}.`
          : `Expected ${what} as a number, for example ${example}.`,
  });
}

/**
 * An absolute web address starting with https:// (or http:// for old sites). `abort` stops later
 * refinements (which parse the URL) from running on text that is not a URL.
 */
export const webUrl = z
  .string({ error: 'Expected a full web address starting with https://, for example https://www.cityofkingston.ca/.' })
  .trim()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'Expected a full web address starting with https://, for example https://www.cityofkingston.ca/.',
    abort: true,
  });

/** File types an image field may point to. SVG only outside /uploads/: uploads are photos (README, "Editing in the browser"). */
const IMAGE_FILE = /\.(jpe?g|png|webp|avif|gif|svg)$/i;

/**
 * An image this site serves, written from the site root (`/uploads/photo.jpg`). Never an address on
 * another site: the public pages' Content-Security-Policy shows only the site's own images, so a
 * linked image would appear broken.
 */
export const assetPath = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(value)) {
      return fail('Images must be files of this site, not links to another site: upload the picture (Choose an image, then Upload) and pick it.');
    }
    if (!/^\/\S+$/.test(value)) return fail('Expected a path from the site root such as /uploads/photo.jpg.');
    const file = value.split(/[?#]/)[0]!;
    if (!IMAGE_FILE.test(file)) return fail('Expected a picture: a JPEG, PNG, WebP, AVIF or GIF file, e.g. /uploads/photo.jpg.');
    if (/^\/uploads\//i.test(file) && /\.svg$/i.test(file)) return fail('Uploaded pictures must be photos (JPEG, PNG, WebP, AVIF or GIF), not SVG: export the picture as PNG and upload that.');
  });

/** An image with the text alternative every image on a public City site must have. */
export const image = z.strictObject({
  /** Where the image is served from on this site: `/uploads/…` or `/images/…`. */
  src: assetPath,
  /** What the image shows, for people who cannot see it. Required: WCAG 1.1.1. */
  alt: requiredText('alt text describing the image for people who cannot see it'),
});

/** An image that also carries its photo credit, as news photos must. */
export const creditedImage = image.extend({
  /** Who took or owns the photo, shown under it, e.g. "Wikimedia Commons (Laslovarga)". */
  credit: requiredText('a photo credit (who took or owns the photo)'),
});

/** Lower-case, hyphenated form of a label for URLs: "Media advisories" -> "media-advisories". */
export function slugify(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
