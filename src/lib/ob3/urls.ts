/**
 * THE address table of the badge system: every path it publishes, defined once, relative to the
 * site root (`badgePaths`, no leading slash: what writers put in the output folder) and as absolute
 * URLs (`badgeUrls(origin)`: what is signed into credentials and fetched by verifiers) and
 * root-relative links (`badgeHref`: what pages link to). Writers (issuing, site files), readers (the
 * verification core, the verify page, credential pages, the CMS) and the tests all import from here.
 * These addresses are signed into credentials that must verify for decades: a second spelling of one
 * is a future broken credential, so tests/unit/addresses.test.ts fails on any badge path written
 * elsewhere in src/ or cms/.
 */

export type StatusPurpose = 'revocation' | 'suspension';

/** Top-level folders of the site the badge system owns (no page may take their address). */
const CREDENTIALS = 'credentials';
const WELL_KNOWN = '.well-known';

/** Every published file of the badge system, relative to the site root. */
export const badgePaths = {
  /** The issuer's Profile, embedded in (and the `iss` of) every credential. */
  issuer: 'issuer.json',
  /** Folder of every credential's files and pages. */
  credentials: CREDENTIALS,
  /** The signed credential (compact JWS). */
  credentialJwt: (id: string) => `${CREDENTIALS}/${id}.jwt`,
  /** The credential as JSON; its `id` is this file's URL. */
  credentialJson: (id: string) => `${CREDENTIALS}/${id}.json`,
  /** The badge with the credential baked in (PNG iTXt chunk). */
  credentialPng: (id: string) => `${CREDENTIALS}/${id}.png`,
  /** The badge with the credential baked in (SVG element). */
  credentialSvg: (id: string) => `${CREDENTIALS}/${id}.svg`,
  /** The earner's page (a folder; the file is credentialPageFile). */
  credentialPage: (id: string) => `${CREDENTIALS}/${id}/`,
  credentialPageFile: (id: string) => `${CREDENTIALS}/${id}/index.html`,
  /** The 1200x630 link-preview card the credential pages of one micro-credential share. */
  card: (achievement: string) => `${CREDENTIALS}/cards/${achievement}.png`,
  /** Folder of the public keys. */
  keys: 'keys',
  /** One public key as a bare JWK; its URL is the `kid` of signatures made with it. */
  key: (name: string) => `keys/${name}.json`,
  /** Folder of the status lists. */
  status: 'status',
  /** A signed Bitstring status list. */
  statusList: (purpose: StatusPurpose) => `status/${purpose}-1.jwt`,
  /** Every current and retired public key. */
  /** Folder of the JWKS and the DID document. */
  wellKnown: WELL_KNOWN,
  jwks: `${WELL_KNOWN}/jwks.json`,
  /** The did:web document. */
  didDocument: `${WELL_KNOWN}/did.json`,
  /** The micro-credential's public page (the achievement's id). */
  achievement: (slug: string) => `micro-credentials/${slug}/`,
  /** The verify page for employers. */
  verifyPage: 'verify/',
  /** Response headers for static hosts that read them (Netlify, Cloudflare Pages): CORS and content types. */
  hostHeaders: '_headers',
  /** The portable verifier: the verify page as one self-contained file with the keys pinned. */
  offlineVerifier: 'verify/offline.html',
} as const;

/** Top-level folders of the site the badge system owns (no content page may take their address). */
export const BADGE_FOLDERS = [badgePaths.credentials, badgePaths.keys, badgePaths.status, badgePaths.wellKnown] as const;

/** A path of badgePaths as a root-relative link, e.g. badgeHref(badgePaths.jwks) is "/.well-known/jwks.json". */
export const badgeHref = (relative: string): string => `/${relative}`;

/** A credential id as the award schema mints it (a lower-case UUID). */
const CREDENTIAL_ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CREDENTIAL_FILE = new RegExp(`^${CREDENTIALS}/(${CREDENTIAL_ID})(?:(/|/index\\.html)|\\.(jwt|json|png|svg))?$`);

/**
 * Which credential of this site a URL addresses (its page, .jwt, .json, .png or .svg), and the file
 * a verifier should fetch for it: the file itself, or the .jwt for the page. Undefined for any other URL.
 */
export function credentialAddress(url: string, siteOrigin: string): { id: string; fetch: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const origin = new URL(siteOrigin).origin;
  if (parsed.origin !== origin) return undefined;
  const match = CREDENTIAL_FILE.exec(parsed.pathname.slice(1));
  if (!match) return undefined;
  const id = match[1]!;
  const urls = badgeUrls(origin);
  const ext = match[3];
  const fetch = ext === 'json' ? urls.credentialJson(id) : ext === 'png' ? urls.credentialPng(id) : ext === 'svg' ? urls.credentialSvg(id) : urls.credentialJwt(id);
  return { id, fetch };
}

export interface BadgeUrls {
  origin: string;
  issuer: string;
  credentialJson(credentialId: string): string;
  credentialJwt(credentialId: string): string;
  credentialPng(credentialId: string): string;
  credentialSvg(credentialId: string): string;
  credentialPage(credentialId: string): string;
  card(achievement: string): string;
  achievement(slug: string): string;
  key(name: string): string;
  statusList(purpose: StatusPurpose): string;
  /** Prefix of every status list URL of this site. */
  statusFolder: string;
  /** Prefix of every credential URL of this site. */
  credentialsFolder: string;
  jwks: string;
  did: string;
  didDocument: string;
  verifyPage: string;
  offlineVerifier: string;
}

export function badgeUrls(siteOrigin: string): BadgeUrls {
  const origin = new URL(siteOrigin).origin;
  const at = (relative: string) => `${origin}/${relative}`;
  const host = new URL(origin).host;
  const p = badgePaths;
  return {
    origin,
    issuer: at(p.issuer),
    credentialJson: (id) => at(p.credentialJson(id)),
    credentialJwt: (id) => at(p.credentialJwt(id)),
    credentialPng: (id) => at(p.credentialPng(id)),
    credentialSvg: (id) => at(p.credentialSvg(id)),
    credentialPage: (id) => at(p.credentialPage(id)),
    card: (slug) => at(p.card(slug)),
    achievement: (slug) => at(p.achievement(slug)),
    key: (name) => at(p.key(name)),
    statusList: (purpose) => at(p.statusList(purpose)),
    statusFolder: at(`${p.status}/`),
    credentialsFolder: at(`${p.credentials}/`),
    jwks: at(p.jwks),
    // did:web encodes a port's colon as %3A.
    did: `did:web:${host.replace(':', '%3A')}`,
    didDocument: at(p.didDocument),
    verifyPage: at(p.verifyPage),
    offlineVerifier: at(p.offlineVerifier),
  };
}
