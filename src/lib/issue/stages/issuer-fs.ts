/**
 * Stage 2 of an issuing run: the issuer's documents. Takes the site settings, the partners and the
 * micro-credentials, and the keys of stage 1; gives the issuer profile every credential names, the
 * issuer, DID and endorsement-keys documents to publish, and the partners' endorsements, read and
 * checked. A separate stage because it is what credentials point back to (issuer, DID, endorsers)
 * and because every endorsement must be checked before anything is signed: a broken one stops the
 * build here, named, with no key used yet.
 */
import type { Achievement } from '../../../schemas/achievement.ts';
import type { Partner } from '../../../schemas/partner.ts';
import type { Settings } from '../../../schemas/settings.ts';
import type { CheckedEntry } from '../../content/integrity.ts';
import { ed25519Multikey } from '../../data-integrity/multibase.ts';
import { issuerProfile, type Profile } from '../../ob3/credential.ts';
import type { EndorsementView } from '../../ob3/endorsement.ts';
import { badgePaths, type BadgeUrls } from '../../ob3/urls.ts';
import { DID_CONTEXT, PROFILE_CONTEXT } from '../../ob3/vocabulary.ts';
import { EndorsementError, endorsementKeysDocument, readEndorsements, type VerifiedEndorsement } from '../endorsements-fs.ts';
import { IssueError } from '../issue-error.ts';
import type { IssuingKeys, PublishedKey } from './keys-fs.ts';

export interface IssuerInput {
  root: string;
  production: boolean;
  settings: Settings;
  /** Whose endorsement keys content/endorsements/ is checked against (none: no endorsement is accepted). */
  partners: CheckedEntry<Partner>[];
  achievements: CheckedEntry<Achievement>[];
  log: (message: string) => void;
}

export interface IssuerDocuments {
  /** The issuer every credential names (development builds are marked in it). */
  profile: Profile;
  /** Every achievement's verified endorsements as credentials embed them, by slug ([] when none). */
  endorsements: Record<string, Record<string, unknown>[]>;
  /** The same endorsements as pages show them, by slug (only achievements that have some). */
  endorsementViews: Record<string, EndorsementView[]>;
  /** What is published: the issuer profile, the did:web document and the partners' endorsement keys. */
  published: {
    issuer: Record<string, unknown>;
    didDocument: Record<string, unknown>;
    endorsementKeys: ReturnType<typeof endorsementKeysDocument>;
  };
}

/**
 * The did:web document: every Data Integrity key, current and retired, as a Multikey controlled by
 * the DID, under assertionMethod, so proofs made with any of them keep verifying. (The VC-JWT keys
 * are published as JWKs: their kid is their own URL, and the JWKS lists them.)
 */
function didDocument(urls: BadgeUrls, keys: PublishedKey[]) {
  const methods = keys.filter(({ jwk }) => jwk.kty === 'OKP' && jwk.crv === 'Ed25519');
  return {
    '@context': [...DID_CONTEXT],
    id: urls.did,
    verificationMethod: methods.map(({ name, jwk }) => ({
      id: urls.verificationMethod(name),
      type: 'Multikey',
      controller: urls.did,
      publicKeyMultibase: ed25519Multikey(new Uint8Array(Buffer.from(jwk.x!, 'base64url'))),
    })),
    assertionMethod: methods.map(({ name }) => urls.verificationMethod(name)),
  };
}

export async function issuerDocuments(input: IssuerInput, keys: IssuingKeys, urls: BadgeUrls): Promise<IssuerDocuments> {
  const profile = issuerProfile(input.settings, urls, keys.development);
  // Every partner endorsement is checked before anything is signed: a broken one stops the build, named.
  let endorsed: Map<string, VerifiedEndorsement[]>;
  try {
    endorsed = await readEndorsements({ root: input.root, origin: urls.origin, production: input.production, partners: input.partners, achievements: input.achievements, log: input.log });
  } catch (error) {
    if (error instanceof EndorsementError) throw new IssueError('ERR_ISSUE_CONTENT', error.message);
    throw error;
  }
  // Only a committed key can be named so: a development key's name is dev-<thumbprint>.
  if (keys.published.some((k) => badgePaths.key(k.name) === badgePaths.endorsementKeys)) {
    throw new IssueError('ERR_ISSUE_CONTENT', `A key in content/keys/ is named like the partners' endorsement keys file (${badgePaths.endorsementKeys}). Rename that key file.`);
  }
  const slugs = new Set(input.achievements.map((a) => a.id));
  return {
    profile,
    endorsements: Object.fromEntries([...slugs].map((slug) => [slug, (endorsed.get(slug) ?? []).map((e) => e.credential)])),
    endorsementViews: Object.fromEntries([...endorsed].map(([slug, list]) => [slug, list.map((e) => e.view)])),
    published: {
      issuer: { '@context': [...PROFILE_CONTEXT], ...profile },
      didDocument: didDocument(urls, keys.published),
      endorsementKeys: endorsementKeysDocument(input.partners),
    },
  };
}
