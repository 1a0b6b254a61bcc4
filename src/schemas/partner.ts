/** An organisation that runs or supports the Challenge, one YAML file in content/partners/ named after its slug. */
import { z } from 'astro/zod';
import { image, numberField, requiredText, webUrl } from './shared.ts';

export const partnerSchema = z.strictObject({
  /** The organisation's full name. */
  name: requiredText('the organisation name'),
  /** A short form for tight spaces, e.g. "DDQIC". */
  shortName: z.string().trim().min(1).optional(),
  /** Its role in the Challenge, e.g. "Presenting partner" or "Organiser". */
  role: requiredText('the partner role, e.g. "Organiser"'),
  /** One or two sentences about the organisation. */
  description: z.string().trim().min(1).optional(),
  /** The organisation's website. */
  url: webUrl,
  /** The logo, with alt text (normally the organisation's name). */
  logo: image.optional(),
  /** Lower numbers are listed first. */
  order: numberField('the order', '1').int('Expected a whole number, for example 1.').default(50),
});

export type Partner = z.output<typeof partnerSchema>;
