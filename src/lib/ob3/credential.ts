/**
 * Builds the Open Badges 3.0 objects the build signs: the issuer Profile, the Achievement and the
 * OpenBadgeCredential. Pure: the same content and origin always give the same JSON, key order
 * included, which is what makes signatures reproducible.
 */
import type { Achievement } from '../../schemas/achievement.ts';
import type { Award } from '../../schemas/award.ts';
import type { Settings } from '../../schemas/settings.ts';
import type { BadgeUrls } from './urls.ts';
import { criteriaNarrative, resultDescriptionOf } from './assessment.ts';
import { CREDENTIAL_CONTEXT, CREDENTIAL_SCHEMA, CREDENTIAL_TYPE } from './vocabulary.ts';

export interface Profile {
  id: string;
  type: ['Profile'];
  name: string;
  url: string;
  email: string;
  image: { id: string; type: 'Image'; caption: string };
  description?: string;
}

export interface StatusEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: 'revocation';
  statusListIndex: string;
  statusListCredential: string;
}

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: string[];
  name: string;
  description: string;
  image: { id: string; type: 'Image'; caption: string };
  issuer: Profile;
  validFrom: string;
  validUntil?: string;
  awardedDate: string;
  credentialSubject: {
    id: string;
    type: ['AchievementSubject'];
    identifier: (Award['identifier'][number] | NameIdentity)[];
    achievement: Record<string, unknown>;
    result?: SubjectResult[];
  };
  evidence?: { id?: string; type: ['Evidence']; narrative: string }[];
  credentialStatus: StatusEntry;
  credentialSchema: (typeof CREDENTIAL_SCHEMA)[];
}

/**
 * What the recipient achieved against the achievement's ResultDescription: only that they completed
 * it (OB ResultStatusType "Completed"). Never the grade: award files do not hold it, and it is not the
 * issuer's to publish.
 */
export interface SubjectResult {
  type: ['Result'];
  resultDescription: string;
  status: 'Completed';
}

/**
 * The recipient's name, signed into the credential only when they consented to publish it: an OB 3.0
 * IdentityObject of identityType "name" whose identityHash, unhashed, is the name itself.
 */
export interface NameIdentity {
  type: 'IdentityObject';
  hashed: false;
  identityType: 'name';
  identityHash: string;
}

/** The identities a credential names its recipient by: the hashed email, and the name only with consent. */
export function subjectIdentifiers(award: Pick<Award, 'identifier' | 'publishName' | 'recipientName'>): OpenBadgeCredential['credentialSubject']['identifier'] {
  if (!award.publishName || !award.recipientName) return award.identifier;
  return [...award.identifier, { type: 'IdentityObject', hashed: false, identityType: 'name', identityHash: award.recipientName }];
}

/** Marks everything signed with a throwaway key, so nobody mistakes a development credential for a real one. */
export const DEVELOPMENT_MARK = ' (development build, not a real credential)';

export function issuerProfile(settings: Settings, urls: BadgeUrls, development: boolean): Profile {
  return {
    // The did:web, not /issuer.json: a Data Integrity proof's key must be controlled by the issuer,
    // and the keys' controller is the DID (src/lib/ob3/README.md).
    id: urls.did,
    type: ['Profile'],
    name: `${settings.organization.name}${development ? DEVELOPMENT_MARK : ''}`,
    url: settings.organization.url,
    email: settings.contactEmail,
    image: { id: new URL(settings.logo.src, urls.origin).href, type: 'Image', caption: settings.logo.alt },
    description: `Issuer of the ${settings.siteName} micro-credentials.`,
  };
}

/** The id of a micro-credential's ResultDescription: a fragment of its page, which states the rule. */
export const resultDescriptionId = (page: string) => `${page}#result`;

/**
 * `endorsements`: the partners' signed EndorsementCredentials of this micro-credential, exactly as
 * committed and checked by the build (src/lib/issue/endorsements-fs.ts), embedded as OB 3.0
 * `endorsement` so any verifier can check them without this site.
 */
export function achievementObject(slug: string, a: Achievement, urls: BadgeUrls, endorsements: readonly Record<string, unknown>[] = []): Record<string, unknown> {
  const page = urls.achievement(slug);
  // The program's own competencies first, each followed by the same competency in published
  // frameworks. The program's own have no targetType: OB's types name Credential Engine and CASE
  // records, and these are neither.
  const alignment = a.competencies.flatMap((c, index) => [
    {
      type: ['Alignment'],
      targetName: c.name,
      // Alignment needs a URL; competencies without their own page point at their entry on the badge page.
      targetUrl: c.url ?? `${page}#competency-${index + 1}`,
      ...(c.description ? { targetDescription: c.description } : {}),
      ...(c.framework ? { targetFramework: c.framework } : {}),
    },
    // `source` stays in the content: it is the editors' record of the lookup, not a claim to sign.
    ...(c.alignments ?? []).map((f) => ({
      type: ['Alignment'],
      targetName: f.targetName,
      targetUrl: f.targetUrl,
      ...(f.targetDescription ? { targetDescription: f.targetDescription } : {}),
      targetFramework: f.targetFramework,
      ...(f.targetCode ? { targetCode: f.targetCode } : {}),
      ...(f.targetType ? { targetType: f.targetType } : {}),
    })),
  ]);
  return {
    id: page,
    type: ['Achievement'],
    achievementType: a.achievementType,
    name: a.name,
    description: a.description,
    criteria: { id: page, narrative: criteriaNarrative(a) },
    image: { id: new URL(a.image.src, urls.origin).href, type: 'Image', caption: a.image.alt },
    ...(alignment.length > 0 ? { alignment } : {}),
    ...(a.completion ? { resultDescription: [resultDescriptionOf(a.completion, resultDescriptionId(page))] } : {}),
    ...(a.creditsAvailable !== undefined ? { creditsAvailable: a.creditsAvailable } : {}),
    tag: [`${a.hours} hours of learning`],
    inLanguage: 'en-CA',
    ...(endorsements.length > 0 ? { endorsement: [...endorsements] } : {}),
  };
}

/** Midnight UTC at the start of a YYYY-MM-DD day, in whole seconds as OB 3.0 asks. */
export function startOfDay(isoDay: string): string {
  return `${isoDay}T00:00:00Z`;
}

/** The same calendar day `months` later (clamped to the month's last day), as YYYY-MM-DD. */
export function addMonths(isoDay: string, months: number): string {
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The day a credential stops being valid, if it ever does: the award's own override first. */
export function expiryDay(award: Pick<Award, 'awardedDate' | 'expires'>, achievement: Pick<Achievement, 'validityMonths'>): string | undefined {
  if (award.expires) return award.expires;
  return achievement.validityMonths ? addMonths(award.awardedDate, achievement.validityMonths) : undefined;
}

export function buildCredential(input: {
  award: Award;
  achievement: Achievement;
  issuer: Profile;
  urls: BadgeUrls;
  /** The micro-credential's verified endorsements (see achievementObject). */
  endorsements?: readonly Record<string, unknown>[] | undefined;
}): OpenBadgeCredential {
  const { award, achievement, issuer, urls } = input;
  const until = expiryDay(award, achievement);
  // The JSON list (Data Integrity), which every verifier can read; this site's own read its JWT twin.
  const statusList = urls.statusListJson('revocation');
  return {
    '@context': [...CREDENTIAL_CONTEXT],
    id: urls.credentialJson(award.credentialId),
    type: [...CREDENTIAL_TYPE],
    name: achievement.name,
    description: achievement.description,
    image: { id: new URL(achievement.image.src, urls.origin).href, type: 'Image', caption: achievement.image.alt },
    issuer,
    validFrom: startOfDay(award.awardedDate),
    ...(until ? { validUntil: startOfDay(until) } : {}),
    awardedDate: startOfDay(award.awardedDate),
    credentialSubject: {
      id: award.subjectId,
      type: ['AchievementSubject'],
      identifier: subjectIdentifiers(award),
      // An award is the issuer's record that its recipient completed (awards:import writes only those
      // the rule counts as completed), so every credential asserts it against the rule's description.
      ...(achievement.completion ? { result: [{ type: ['Result'], resultDescription: resultDescriptionId(urls.achievement(award.achievement)), status: 'Completed' }] satisfies SubjectResult[] } : {}),
      achievement: achievementObject(award.achievement, achievement, urls, input.endorsements),
    },
    ...(award.evidence.length > 0
      ? {
          evidence: award.evidence.map((e) => ({
            ...(e.url ? { id: e.url } : {}),
            type: ['Evidence'] as ['Evidence'],
            narrative: e.narrative,
          })),
        }
      : {}),
    credentialStatus: {
      id: `${statusList}#${award.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(award.statusIndex),
      statusListCredential: statusList,
    },
    credentialSchema: [{ ...CREDENTIAL_SCHEMA }],
  };
}

/** JWT claims that mirror the credential (VC-JWT, OB 3.0 §8.2): the payload is the credential plus these. */
export function jwtClaims(credential: Pick<OpenBadgeCredential, 'issuer' | 'id' | 'validFrom' | 'validUntil' | 'credentialSubject'>) {
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  return {
    iss: credential.issuer.id,
    jti: credential.id,
    sub: credential.credentialSubject.id,
    nbf: seconds(credential.validFrom),
    ...(credential.validUntil ? { exp: seconds(credential.validUntil) } : {}),
  };
}
