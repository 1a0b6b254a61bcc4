/**
 * Open Badges 3.0 endorsements (OB 3.0 §B.1.6 EndorsementCredential, §B.1.7 EndorsementSubject): a
 * partner's own signed statement about a micro-credential, embedded by this site in the
 * Achievement of every credential of it (`endorsement`). Pure: the shape of the document a partner
 * signs, the verification method its key signs with, and what pages show of it.
 */
import { PROFILE_CONTEXT } from './vocabulary.ts';

/** An endorsement's contexts: VC 2.0 and Open Badges 3.0.3, as 1EdTech's examples write it. Pinned, and the only list an embedded endorsement may name. */
export const ENDORSEMENT_CONTEXT = PROFILE_CONTEXT;
export const ENDORSEMENT_TYPE = ['VerifiableCredential', 'EndorsementCredential'] as const;

export interface EndorserProfile {
  id: string;
  type: ['Profile'];
  name: string;
  url?: string;
}

/** An EndorsementCredential before its proof. */
export interface EndorsementDocument {
  '@context': string[];
  id: string;
  type: string[];
  name: string;
  issuer: EndorserProfile;
  validFrom: string;
  credentialSubject: { id: string; type: ['EndorsementSubject']; endorsementComment?: string };
}

/**
 * The key a partner endorses with, as its partner file records it (src/schemas/partner.ts): a
 * did:key holds the key itself; a did:web names the partner's domain, and the key is recorded
 * beside it (this site never contacts the partner's domain to look it up).
 */
export type EndorsementKey = { did: string; keyId?: string | undefined; publicKeyMultibase?: string | undefined };

/** The verification method an endorsement's proof names: did:key:z…#z… (the did:key method's one key), or did:web:…#<keyId>. */
export function endorsementVerificationMethod(key: EndorsementKey): string {
  if (key.did.startsWith('did:key:')) return `${key.did}#${key.did.slice('did:key:'.length)}`;
  return `${key.did}#${key.keyId ?? ''}`;
}

/** The Ed25519 public key (Multikey, z6Mk…) an endorsement key stands for. */
export function endorsementPublicKey(key: EndorsementKey): string | undefined {
  return key.did.startsWith('did:key:') ? key.did.slice('did:key:'.length) : key.publicKeyMultibase;
}

export function endorsementDocument(input: {
  id: string;
  issuer: EndorserProfile;
  achievementId: string;
  achievementName: string;
  comment: string;
  validFrom: string;
}): EndorsementDocument {
  return {
    '@context': [...ENDORSEMENT_CONTEXT],
    id: input.id,
    type: [...ENDORSEMENT_TYPE],
    name: `${input.issuer.name} endorses ${input.achievementName}`,
    issuer: input.issuer,
    validFrom: input.validFrom,
    credentialSubject: { id: input.achievementId, type: ['EndorsementSubject'], endorsementComment: input.comment },
  };
}

/** What a page shows of one endorsement: every field as text. */
export interface EndorsementView {
  partner: string;
  url?: string | undefined;
  comment?: string | undefined;
  /** YYYY-MM-DD, from validFrom. */
  date: string;
  /** A made-up partner's (content/partners, `sample: true`): pages label it. Known only to the build. */
  sample?: boolean;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The view of an endorsement read from a verified document (never from an unchecked one). */
export function endorsementView(document: Record<string, unknown>): EndorsementView {
  const issuer = document.issuer as Record<string, unknown> | undefined;
  const subject = document.credentialSubject as Record<string, unknown> | undefined;
  return {
    partner: text(issuer?.name) ?? text(issuer?.id) ?? 'An endorser',
    // A link only to a web page: the endorser writes this field, and a javascript: address must never become one.
    url: /^https?:\/\//i.test(text(issuer?.url) ?? '') ? text(issuer?.url) : undefined,
    comment: text(subject?.endorsementComment),
    date: (text(document.validFrom) ?? '').slice(0, 10),
  };
}
