/**
 * One awarded micro-credential, one YAML file in content/awards/. The build turns each into a signed
 * Open Badges 3.0 credential. No plaintext email is ever stored: the recipient is an OB 3.0
 * IdentityObject holding a salted SHA-256 hash, written by `npm run awards:import` (or the CMS).
 * The ids below are minted once and never change, so a published credential keeps its address.
 */
import { z } from 'astro/zod';
import { isoDate, requiredText, slug, webUrl } from './shared.ts';

/** Entries in one status list: 16 KB of bits, the minimum the Bitstring Status List spec allows for privacy. */
export const STATUS_LIST_SIZE = 131_072;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** An OB 3.0 IdentityObject for an email address, hashed with SHA-256 over the normalised address plus salt. */
export const identitySchema = z.strictObject({
  /** Always "IdentityObject". */
  type: z.literal('IdentityObject', { error: 'Expected type: IdentityObject.' }),
  /** Always true: the address itself is never stored. */
  hashed: z.literal(true, { error: 'Expected hashed: true. Plaintext addresses are never stored; re-import the award.' }),
  /** Always "emailAddress". */
  identityType: z.literal('emailAddress', { error: 'Expected identityType: emailAddress.' }),
  /** "sha256$" and 64 hex digits: SHA-256 of the trimmed, lower-cased address followed by the salt. */
  identityHash: z
    .string()
    .regex(/^sha256\$[0-9a-f]{64}$/, 'Expected "sha256$" followed by 64 lower-case hex digits. Re-import the award rather than editing the hash.'),
  /** The random salt appended to the address before hashing (32 hex digits, fresh for every award). */
  salt: z.string().regex(/^[0-9a-f]{32}$/, 'Expected a salt of 32 lower-case hex digits.'),
});

export const evidenceSchema = z.strictObject({
  /** A page showing the work, e.g. the proposal video. */
  url: webUrl.optional(),
  /** What the evidence shows, in a sentence or two. */
  narrative: requiredText('a narrative describing the evidence'),
});

export const awardSchema = z
  .strictObject({
    /** The credential's permanent id (a UUID); its file is /credentials/<id>.jwt. Never edit it. */
    credentialId: z.string().regex(UUID, 'Expected a lower-case UUID v4 such as 0f8fad5b-d9cb-469f-a165-70867728950e. Never change it once published.'),
    /** The recipient's subject id in the credential (urn:uuid:…): random, never derived from the email. */
    subjectId: z
      .string()
      .refine((v) => v.startsWith('urn:uuid:') && UUID.test(v.slice(9)), 'Expected urn:uuid: followed by a lower-case UUID v4.'),
    /** Slug of the micro-credential in content/achievements/. */
    achievement: slug,
    /** True only if the recipient agreed to have their name published; otherwise no name is kept and pages say "a verified recipient". */
    publishName: z.boolean({ error: 'Expected publishName: true or false (true only with the recipient’s consent).' }).default(false),
    /**
     * The recipient's name, stored only with their consent (publishName: true). It is then signed into
     * the credential (an IdentityObject of identityType "name") and shown on its page and by verifiers.
     */
    recipientName: requiredText('the recipient name')
      .refine((name) => !name.includes('\uFFFD'), 'The name holds "\uFFFD", a character lost when a file was converted: type the name again as the recipient writes it (it is signed into the credential for good).')
      .optional(),
    /** Who the credential belongs to, as hashed identities (normally one email address). */
    identifier: z.array(identitySchema).min(1, 'Add at least one hashed identity; re-import the award from the LMS export.'),
    /**
     * HMAC-SHA-256 of the normalised email and achievement under the former AWARDS_MATCH_KEY: written by
     * imports before December 2026, kept so old files stay valid. Nothing reads it any more: the import
     * recognises people by `identifier` (their email's salted hash), whoever wrote the award.
     */
    matchKey: z.string().regex(/^[0-9a-f]{64}$/, 'Expected 64 lower-case hex digits.').optional(),
    /** The day the micro-credential was awarded, YYYY-MM-DD (valid from 00:00 UTC that day). */
    awardedDate: isoDate,
    /** Ends validity on this day (YYYY-MM-DD) instead of the achievement's validity period. */
    expires: isoDate.optional(),
    /** Work the recipient did to earn it. */
    evidence: z.array(evidenceSchema).default([]),
    /** This award's slot in the status lists (0 to 131071), chosen at random when it is created. Never reuse one. */
    statusIndex: z
      .number({ error: 'Expected statusIndex as a whole number from 0 to 131071.' })
      .int('Expected statusIndex as a whole number from 0 to 131071.')
      .min(0, 'Expected statusIndex as a whole number from 0 to 131071.')
      .max(STATUS_LIST_SIZE - 1, 'Expected statusIndex as a whole number from 0 to 131071.'),
    /** True withdraws the credential for good. Needs `revokedReason` and `revokedDate`. */
    revoked: z.boolean().default(false),
    /** Why it was revoked, for the record (published only with revokedReasonPublic: true). */
    revokedReason: z.string().trim().min(1).optional(),
    /** When it was revoked, YYYY-MM-DD. Published (with the credential's files) so verifiers can say when. */
    revokedDate: isoDate.optional(),
    /**
     * True publishes revokedReason beside the revocation date, where verifiers show it. Absent or false:
     * the reason stays in the record, since it is often about a person.
     */
    revokedReasonPublic: z.boolean().optional(),
    /** True pauses the credential (it verifies as suspended) until set back to false. */
    suspended: z.boolean().default(false),
    /** True for illustrative awards to made-up people; pages label them "Sample". */
    sample: z.boolean().default(false),
  })
  .superRefine((a, ctx) => {
    if (a.publishName && !a.recipientName) {
      ctx.addIssue({ code: 'custom', path: ['recipientName'], message: 'With publishName: true a recipientName is needed: add the name as the recipient agreed to have it published, or set publishName: false.' });
    }
    if (!a.publishName && a.recipientName) {
      ctx.addIssue({
        code: 'custom',
        path: ['recipientName'],
        message: 'A name is kept only with the recipient’s consent: remove recipientName, or set publishName: true if they agreed to have it published and signed into the credential.',
      });
    }
    if (a.revoked && !a.revokedReason) {
      ctx.addIssue({ code: 'custom', path: ['revokedReason'], message: 'Say why the credential is revoked: add revokedReason.' });
    }
    if (a.revoked && !a.revokedDate) {
      ctx.addIssue({ code: 'custom', path: ['revokedDate'], message: 'Add revokedDate (YYYY-MM-DD), the day it was revoked.' });
    }
    if (!a.revoked && (a.revokedReason || a.revokedDate)) {
      ctx.addIssue({ code: 'custom', path: ['revoked'], message: 'revokedReason or revokedDate is set but revoked is not true. A revocation is final: if this credential was revoked, set revoked: true again (to award the person again, make a new award). Remove them only if it never was revoked; the build checks the Git history.' });
    }
    if (a.expires && a.expires <= a.awardedDate) {
      ctx.addIssue({ code: 'custom', path: ['expires'], message: `expires (${a.expires}) must be after awardedDate (${a.awardedDate}).` });
    }
  });

export type Identity = z.output<typeof identitySchema>;
export type Award = z.output<typeof awardSchema>;
