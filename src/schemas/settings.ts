/**
 * Site-wide settings, the single file content/settings/site.yaml. The organisation named here is the
 * issuer of every credential. The site's own public address is not here: it is deployment
 * configuration (SITE_URL), so previews and production can differ without a content change.
 */
import { z } from 'astro/zod';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { image, numberField, requiredText, webUrl } from './shared.ts';

/** Social networks the footer knows how to label. */
export const SOCIAL_NETWORKS = ['LinkedIn', 'Instagram', 'Facebook', 'X', 'YouTube', 'Bluesky', 'Mastodon'] as const;

/** Where a phone number written without a country code is: Kingston's. */
export const PHONE_COUNTRY: CountryCode = 'CA';

/**
 * A phone number as libphonenumber-js reads it (extension included), or undefined when it is no valid
 * number: the schema refuses those, so a page always has the number's tel: address (getURI()).
 */
export function parsedPhone(text: string) {
  const parsed = parsePhoneNumberFromString(text, PHONE_COUNTRY);
  return parsed?.isValid() ? parsed : undefined;
}

/**
 * A named person the public can reach about the program. `placeholder: true` marks one that is not
 * real yet: development builds show it labelled as a placeholder, and a production build refuses it.
 */
export const contactSchema = z.strictObject({
  /** The person's name as it should appear, e.g. "Jane Doe". */
  name: requiredText('the contact’s name'),
  /** Their role, e.g. "Program coordinator, Mayor's Innovation Challenge". */
  title: z.string().trim().min(1).optional(),
  /** Where they work, e.g. "City of Kingston" or "DDQIC". */
  organization: requiredText('the contact’s organisation'),
  /** Their email address. */
  email: z.email('Expected an email address, e.g. jdoe@cityofkingston.ca.'),
  /**
   * A phone number, shown as written; its link dials it (with the extension, if any), e.g.
   * "613-546-4291 ext. 1234". Without a country code it is a Canadian number.
   */
  phone: z
    .string()
    .trim()
    .refine((phone) => parsedPhone(phone) !== undefined, {
      message: 'Expected a phone number that can be dialled, with its area code, e.g. 613-546-4291 or 613-546-4291 ext. 1234 (add +<country code> for a number outside Canada).',
    })
    .optional(),
  /** True while this is not a real contact yet: labelled on the site; a production build refuses it. */
  placeholder: z.boolean().default(false),
});

export const settingsSchema = z.strictObject({
  /** The site's name, used in titles ("Page - Site name") and link previews. */
  siteName: requiredText('the site name'),
  /** One sentence describing the site, for the home page's link preview and search engines. */
  description: requiredText('a one-sentence site description'),
  /** The organisation that runs the program and issues its credentials. */
  organization: z.strictObject({
    /** Its full name, e.g. "City of Kingston". */
    name: requiredText('the issuing organisation name'),
    /** Its own website. */
    url: webUrl,
    /**
     * The City's LinkedIn company id (the number in its company page's admin address), optional. Earners'
     * "Add to profile" links send it as organizationId, so LinkedIn shows the City's logo and links to its
     * page; without it they send the name, which LinkedIn shows as plain text.
     */
    linkedInId: z.string().regex(/^\d+$/, 'Expected the numeric LinkedIn organisation id, e.g. 12345.').optional(),
  }),
  /** Where the public writes with questions; shown in the footer and on the 404 page. */
  contactEmail: z.email('Expected an email address, e.g. innovation@example.org.'),
  /**
   * The named contacts: `program` answers students' questions about taking part and the micro-credential,
   * `media` answers journalists. Required for a production build.
   */
  contacts: z
    .strictObject({
      /** Who students write to about taking part and the micro-credential. */
      program: contactSchema,
      /** Who journalists write to (media releases name this contact). */
      media: contactSchema,
    })
    .optional(),
  /** The site logo shown in the header, with alt text. */
  logo: image,
  /**
   * The picture shown when a page without its own image is shared (1200x630 PNG or JPEG; social
   * networks ignore SVG). `npm run social-card` redraws the default one from siteName and description.
   */
  socialImage: image,
  /** Social media profiles shown in the footer. */
  social: z
    .array(
      z.strictObject({
        /** Which network. */
        network: z.enum(SOCIAL_NETWORKS, { error: `Expected one of: ${SOCIAL_NETWORKS.join(', ')}.` }),
        /** The profile's address. */
        url: webUrl,
      }),
    )
    .default([]),
  /**
   * Who signs the printed certificate of every credential: one to three people, shown side by side
   * in this order above their names and titles. An empty list prints no signature block.
   */
  certificateSignatures: z
    .array(
      z.strictObject({
        /** The signatory's name as it should print, e.g. "Jane Doe". */
        name: requiredText('the signatory’s name'),
        /** Their title and organisation, e.g. "Mayor, City of Kingston". */
        title: requiredText('the signatory’s title'),
        /**
         * A scan of the signature (a PNG with a transparent background prints best), with alt text such
         * as "Signature of Jane Doe". Leave out to print a line to sign by hand.
         */
        signature: image.optional(),
        /** True while this is not the real signatory yet: a production build refuses it. */
        placeholder: z.boolean().default(false),
      }),
    )
    .max(3, 'A certificate has room for at most 3 signatures.')
    .default([]),
  /** Number of releases per page on /news/. */
  newsPageSize: numberField('the number of releases per news page', '10')
    .int('Expected a whole number of releases, for example 10.')
    .min(1, 'Show at least 1 release per page.')
    .max(50, 'Show at most 50 releases per page, so pages stay quick to load.')
    .default(10),
});

export type Contact = z.output<typeof contactSchema>;
export type Settings = z.output<typeof settingsSchema>;
