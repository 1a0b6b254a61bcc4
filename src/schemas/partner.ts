/** An organisation that runs or supports the Challenge, one YAML file in content/partners/ named after its slug. */
import { z } from 'astro/zod';
import { image, numberField, requiredText, webUrl } from './shared.ts';

/** An Ed25519 public key as a Multikey (multibase base58btc of 0xed01 and the 32 key bytes): always "z6Mk" and 44 more characters. */
const ED25519_MULTIKEY = /^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/;

/**
 * The key the partner signs endorsements with (docs/endorsing.md). Only the public half is ever
 * here; the partner keeps the private key on its own machine. Either a did:key (the key is the
 * identifier, printed by `npm run endorse -- --new-key`), or the partner's own did:web with the key's
 * id and public key recorded beside it: this site never contacts the partner's domain to look it up.
 */
export const endorsementKeySchema = z
  .strictObject({
    /** did:key:z6Mk… (the key itself), or did:web:<the partner's domain>. */
    did: z
      .string()
      .trim()
      .refine((did) => (did.startsWith('did:key:') ? ED25519_MULTIKEY.test(did.slice(8)) : /^did:web:[a-z0-9.%-]+(:[A-Za-z0-9._%-]+)*$/.test(did)), {
        message: 'Expected did:key:z6Mk… (as npm run endorse -- --new-key prints it) or did:web:<the partner\'s domain>.',
      }),
    /** did:web only: the key's id in the partner's DID document (the part after "#"), e.g. "endorsement-2026". */
    keyId: z.string().trim().regex(/^[A-Za-z0-9._-]+$/, 'Expected a key id of letters, digits, ".", "_" or "-", e.g. endorsement-2026.').optional(),
    /** did:web only: the Ed25519 public key as a Multikey (z6Mk…), as the partner's DID document lists it. */
    publicKeyMultibase: z.string().trim().regex(ED25519_MULTIKEY, 'Expected an Ed25519 public key as a Multikey: z6Mk followed by 44 letters and digits.').optional(),
  })
  .superRefine((key, ctx) => {
    const web = key.did.startsWith('did:web:');
    if (web && (!key.keyId || !key.publicKeyMultibase)) {
      ctx.addIssue({ code: 'custom', message: 'A did:web endorsement key needs keyId and publicKeyMultibase too: this site records the key rather than fetch it from the partner.' });
    }
    if (!web && (key.keyId || key.publicKeyMultibase)) {
      ctx.addIssue({ code: 'custom', message: 'A did:key is the key itself: leave out keyId and publicKeyMultibase.' });
    }
  });

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
  /** The public key of the partner's endorsements (content/endorsements/), if it endorses a micro-credential. */
  endorsementKey: endorsementKeySchema.optional(),
  /** A made-up organisation for development and tests (never a real one): pages label it, and production builds refuse it. */
  sample: z.boolean().default(false),
});

export type Partner = z.output<typeof partnerSchema>;
