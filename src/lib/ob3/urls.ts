/**
 * Every public URL of the badge system, derived from the site's origin in one place so credentials,
 * keys, status lists and pages can never disagree about an address.
 */

export type StatusPurpose = 'revocation' | 'suspension';

export interface BadgeUrls {
  origin: string;
  issuer: string;
  credentialJson(credentialId: string): string;
  credentialJwt(credentialId: string): string;
  credentialPage(credentialId: string): string;
  achievement(slug: string): string;
  key(name: string): string;
  statusList(purpose: StatusPurpose): string;
  jwks: string;
  did: string;
  didDocument: string;
}

export function badgeUrls(siteOrigin: string): BadgeUrls {
  const origin = new URL(siteOrigin).origin;
  const at = (path: string) => `${origin}${path}`;
  const host = new URL(origin).host;
  return {
    origin,
    issuer: at('/issuer.json'),
    credentialJson: (id) => at(`/credentials/${id}.json`),
    credentialJwt: (id) => at(`/credentials/${id}.jwt`),
    credentialPage: (id) => at(`/credentials/${id}/`),
    achievement: (slug) => at(`/micro-credentials/${slug}/`),
    key: (name) => at(`/keys/${name}.json`),
    statusList: (purpose) => at(`/status/${purpose}-1.jwt`),
    jwks: at('/.well-known/jwks.json'),
    // did:web encodes a port's colon as %3A.
    did: `did:web:${host.replace(':', '%3A')}`,
    didDocument: at('/.well-known/did.json'),
  };
}
