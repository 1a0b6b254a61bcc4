/**
 * How a credential reaches the open ecosystem without a server of ours: the Learner Credential
 * Wallet's one-tap link, VerifierPlus's verify link, and the JSON text baked into badge images.
 * Pure (runs in the build's workers and could run in a browser).
 *
 * Read in the tools' own source (December 2026):
 * - LCW (digitalcredentials/learner-credential-wallet, app/lib/walletRequestApi.ts) opens
 *   `https://lcw.app/request?request=…`, reads the `request` parameter with query-string (which
 *   decodes it once), then runs `JSON.parse(decodeURI(text))`. A message with a
 *   `verifiablePresentation` member is an offer (IVpOffer): the wallet stores the credentials in the
 *   presentation's `verifiableCredential`. No exchange server, no holder proof.
 * - VerifierPlus (and LCW's own public links) open `https://verifierplus.org/#verify?vc=<address>`
 *   with the credential's address as is, and fetch it through VerifierPlus's server.
 * - Baked images are read by searching the bytes for the keyword and matching braces from the first
 *   `{`, which a brace inside a string would throw off.
 */

export const LCW_REQUEST_URL = 'https://lcw.app/request';
export const VERIFIER_PLUS_URL = 'https://verifierplus.org/';

/**
 * The JSON text with every character of `chars` inside a string written as a \u escape: the same
 * JSON value, but those characters are left only where they are structure (braces) or nowhere at all
 * (`<`, `>`, `&`, `%` never occur outside strings). Expects valid JSON text.
 */
export function escapeInJsonStrings(json: string, chars: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const c = json[i]!;
    if (inString) {
      if (c === '\\') {
        out += c + json[i + 1]!;
        i += 1;
        continue;
      }
      if (c === '"') inString = false;
      else if (chars.includes(c)) {
        out += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
        continue;
      }
    } else if (c === '"') {
      inString = true;
    }
    out += c;
  }
  return out;
}

/**
 * The credential JSON as baked into a PNG or SVG: compact, and no `{`, `}`, `<`, `>` or `&` inside any
 * string, so a reader that brace-matches from the first `{` gets exactly the credential, and the
 * text is inert inside SVG markup (no `]]>` can end a CDATA section early). Parses to the same value
 * as the published `.json`, so the Data Integrity proof still holds.
 */
export function bakeableJson(credentialJson: string): string {
  return escapeInJsonStrings(JSON.stringify(JSON.parse(credentialJson)), '{}<>&');
}

/** The VerifiablePresentation (VC Data Model 2.0) that offers one credential to a wallet, unsigned. */
export function presentationOf(credential: unknown) {
  return { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [credential] };
}

/**
 * LCW's one-tap link offering this credential: `?request=` holds `{"verifiablePresentation": …}`,
 * URL-encoded. Any `%` in the JSON is written `\u0025` so that LCW's second decoding (decodeURI)
 * cannot change or reject the text.
 */
export function lcwRequestUrl(credentialJson: string): string {
  const message = { verifiablePresentation: presentationOf(JSON.parse(credentialJson)) };
  return `${LCW_REQUEST_URL}?request=${encodeURIComponent(escapeInJsonStrings(JSON.stringify(message), '%'))}`;
}

/** VerifierPlus's link that fetches and verifies the credential at `jsonUrl` (this site's `.json`). */
export function verifierPlusUrl(jsonUrl: string): string {
  return `${VERIFIER_PLUS_URL}#verify?vc=${encodeURI(jsonUrl)}`;
}
