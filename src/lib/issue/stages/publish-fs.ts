/**
 * Stage 6 of an issuing run: the files to publish. Takes what the stages before made (keys, issuer
 * documents, credentials, signed status lists); gives the site-wide files (status lists, revocation
 * records, issuer, keys, JWKS, DID document, endorsement keys, _headers) and the link-preview cards.
 * A separate stage because it runs only after the self-check passed: nothing here signs or checks,
 * it only lays out, at their published paths, files that were already verified.
 * (Each credential's own files stay on the pool, which writes them itself: pool-fs.ts.)
 */
import { HEADERS_FILE } from '../../security/policies.ts';
import { revocationRecord } from '../../ob3/revocation.ts';
import { badgePaths, type BadgeUrls } from '../../ob3/urls.ts';
import { previewCard } from '../artwork-fs.ts';
import { jsonFile as json } from '../shard.ts';
import type { CredentialsUnderWay } from './credentials-fs.ts';
import type { IssuerDocuments } from './issuer-fs.ts';
import type { IssuingKeys } from './keys-fs.ts';
import type { SignedStatusList } from './status-lists-fs.ts';

export interface SiteFiles {
  /** Site-wide files, by path relative to the site root. */
  files: Map<string, string>;
  /** Link-preview cards, one per micro-credential with credentials, by path relative to the site root. */
  images: Map<string, Uint8Array>;
}

export async function filesToPublish(
  keys: Pick<IssuingKeys, 'published' | 'jwks'>,
  issuer: Pick<IssuerDocuments, 'published'>,
  credentials: Pick<CredentialsUnderWay, 'awards' | 'achievements' | 'bases'>,
  lists: SignedStatusList[],
  site: { siteName: string; organizationName: string },
  urls: BadgeUrls,
): Promise<SiteFiles> {
  // The card shows the micro-credential's badge, its name and its issuer; one per micro-credential
  // with credentials. Read from the stages' own data, never from what was handed to pages.
  const images = new Map<string, Uint8Array>();
  for (const slug of new Set(credentials.awards.map((award) => award.achievement))) {
    const title = credentials.achievements.get(slug)!.name;
    images.set(badgePaths.card(slug), await previewCard({ badge: credentials.bases[slug]!.png, title, issuer: site.organizationName, siteName: site.siteName }));
  }
  const files = new Map<string, string>();
  for (const list of lists) {
    files.set(badgePaths.statusList(list.purpose), list.token);
    files.set(badgePaths.statusListJson(list.purpose), list.json);
  }
  // When each revoked credential was revoked (and why, only if its award says so): the status list holds one bit.
  for (const award of credentials.awards) {
    if (award.revoked && award.revokedDate) files.set(badgePaths.credentialRevocation(award.credentialId), json(revocationRecord(urls, { ...award, revokedDate: award.revokedDate })));
  }
  files.set(badgePaths.issuer, json(issuer.published.issuer));
  for (const k of keys.published) files.set(badgePaths.key(k.name), json(k.jwk));
  files.set(badgePaths.jwks, json(keys.jwks));
  files.set(badgePaths.didDocument, json(issuer.published.didDocument));
  files.set(badgePaths.endorsementKeys, json(issuer.published.endorsementKeys));
  files.set(badgePaths.hostHeaders, HEADERS_FILE);
  return { files, images };
}
