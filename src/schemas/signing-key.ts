/**
 * A public signing key of the issuer, one JSON file in content/keys/ holding a bare public JWK:
 * RSA or P-256 for the VC-JWTs, Ed25519 for the Data Integrity proofs.
 * `npm run keys:new` writes these. Keys are never deleted: retired keys stay published so older
 * credentials keep verifying. The file name is the key's id: content/keys/2026-11-a.json is served
 * at /keys/2026-11-a.json, and that URL is the `kid` in signatures.
 */
import { z } from 'astro/zod';

const b64url = (what: string) => z.string().regex(/^[A-Za-z0-9_-]+$/, `Expected ${what} as base64url text.`);

/** JWK members that only a private key has. */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The public members of a JWK; a file holding private members is refused with its own message. */
const jwkSchema = z.discriminatedUnion(
  'kty',
  [
    z.strictObject({
      /** Key type: RSA. */
      kty: z.literal('RSA'),
      /** Modulus. */
      n: b64url('the RSA modulus n').refine((n) => n.length >= 342, 'RSA keys must be at least 2048 bits.'),
      /** Public exponent. */
      e: b64url('the RSA exponent e'),
      /** Algorithm this key signs with. */
      alg: z.literal('RS256', { error: 'RSA keys here sign with RS256; set alg: RS256.' }),
      /** Always "sig". */
      use: z.literal('sig').optional(),
    }),
    z.strictObject({
      /** Key type: elliptic curve. */
      kty: z.literal('EC'),
      /** Curve: P-256. */
      crv: z.literal('P-256', { error: 'EC keys here use the P-256 curve.' }),
      x: b64url('the x coordinate'),
      y: b64url('the y coordinate'),
      /** Algorithm this key signs with. */
      alg: z.literal('ES256', { error: 'P-256 keys sign with ES256; set alg: ES256.' }),
      /** Always "sig". */
      use: z.literal('sig').optional(),
    }),
    z.strictObject({
      /** Key type: octet key pair (Ed25519), for Data Integrity proofs. */
      kty: z.literal('OKP'),
      /** Curve: Ed25519. */
      crv: z.literal('Ed25519', { error: 'OKP keys here use the Ed25519 curve.' }),
      x: b64url('the public key x').refine((x) => x.length === 43, 'An Ed25519 public key x is 43 base64url characters (32 bytes).'),
      /** Algorithm: EdDSA (the Data Integrity proofs, eddsa-rdfc-2022). */
      alg: z.literal('EdDSA', { error: 'Ed25519 keys sign with EdDSA; set alg: EdDSA.' }),
      /** Always "sig". */
      use: z.literal('sig').optional(),
    }),
  ],
  { error: 'Expected a public JWK with kty "RSA", "EC" or "OKP".' },
);

export const publicJwkSchema = z.preprocess((value, ctx) => {
  if (typeof value === 'object' && value !== null) {
    const found = PRIVATE_JWK_MEMBERS.filter((member) => member in value);
    if (found.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: [found[0]!],
        message: `This is a PRIVATE key (it has "${found.join('", "')}"). Delete the file, keep the private key only in the deployment's secret store, and generate a new key with npm run keys:new: this one must be treated as leaked.`,
      });
      return z.NEVER;
    }
  }
  return value;
}, jwkSchema);

export type PublicJwk = z.output<typeof publicJwkSchema>;
