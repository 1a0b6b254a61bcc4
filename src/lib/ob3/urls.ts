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
  /** The issuer's Profile as a document of its own (its id, and every credential's issuer and `iss`, is the did:web). */
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
  /**
   * When and (only if the award marks it public) why a revoked credential was revoked: written for
   * revoked credentials only, read by this site's verifiers when the signed status list says revoked.
   * The status list holds one bit; this file gives the date people ask for. In the page's folder, so
   * nothing that lists the credential files (credentials/<id>.json) mistakes it for one.
   */
  credentialRevocation: (id: string) => `${CREDENTIALS}/${id}/revocation.json`,
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
  /** A Bitstring status list as a VC-JWT: what this site's own verifiers read (light to check in a page). */
  statusList: (purpose: StatusPurpose) => `status/${purpose}-1.jwt`,
  /**
   * The same status list as JSON with a Data Integrity proof: what credentials name in
   * credentialStatus, so Data Integrity verifiers (the DCC's) can read it. Same issuer, same bits.
   */
  statusListJson: (purpose: StatusPurpose) => `status/${purpose}-1.json`,
  /**
   * The public keys of the partners' did:web endorsement keys, as this site recorded them in
   * content/partners/ (a DID document's verificationMethod list): what this site's verifiers check
   * an endorsement signed with a partner's did:web key against, without contacting the partner.
   */
  endorsementKeys: 'keys/endorsement-keys.json',
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
/** A bare credential id, as printed on a certificate or pasted from a list. */
export const CREDENTIAL_ID_PATTERN = new RegExp(`^${CREDENTIAL_ID}$`);

/**
 * Which credential of this site a URL addresses (its page, .jwt, .json, .png or .svg, or the verify
 * page's `?id=` link printed on certificates), and the file a verifier should fetch for it: the file
 * itself, or the .jwt for the page and the verify link. Undefined for any other URL.
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
  const urls = badgeUrls(origin);
  const path = parsed.pathname.slice(1);
  if (path === badgePaths.verifyPage || path === `${badgePaths.verifyPage}index.html`) {
    const id = parsed.searchParams.get('id')?.toLowerCase();
    return id && CREDENTIAL_ID_PATTERN.test(id) ? { id, fetch: urls.credentialJwt(id) } : undefined;
  }
  const match = CREDENTIAL_FILE.exec(path);
  if (!match) return undefined;
  const id = match[1]!;
  const ext = match[3];
  const fetch = ext === 'json' ? urls.credentialJson(id) : ext === 'png' ? urls.credentialPng(id) : ext === 'svg' ? urls.credentialSvg(id) : urls.credentialJwt(id);
  return { id, fetch };
}

/** Every entry of badgePaths as an absolute URL: a path becomes a URL, a function of an id a function giving its URL. */
type UrlsOf<T> = { [K in keyof T]: T[K] extends (arg: infer A) => string ? (arg: A) => string : string };

export type BadgeUrls = UrlsOf<typeof badgePaths> & {
  origin: string;
  /** Prefix of every status list URL of this site. */
  statusFolder: string;
  /** Prefix of every credential URL of this site. */
  credentialsFolder: string;
  /** The issuer's did:web: the `issuer.id` of every credential, and the controller of its Data Integrity keys. */
  did: string;
  /** The verification method of a Data Integrity proof made with the committed key `name`: did:web:…#name. */
  verificationMethod: (name: string) => string;
};

/**
 * The table's URLs under `siteOrigin`, derived mechanically from badgePaths (so a path and its URL
 * can never disagree).
 */
export function badgeUrls(siteOrigin: string): BadgeUrls {
  const origin = new URL(siteOrigin).origin;
  const at = (relative: string) => `${origin}/${relative}`;
  const urls = Object.fromEntries(
    Object.entries(badgePaths).map(([name, path]) => [name, typeof path === 'function' ? (arg: never) => at((path as (arg: never) => string)(arg)) : at(path)]),
  ) as UrlsOf<typeof badgePaths>;
  // did:web encodes a port's colon as %3A.
  const did = `did:web:${new URL(origin).host.replace(':', '%3A')}`;
  return {
    ...urls,
    origin,
    statusFolder: at(`${badgePaths.status}/`),
    credentialsFolder: at(`${badgePaths.credentials}/`),
    did,
    verificationMethod: (name: string) => `${did}#${name}`,
  };
}
