/**
 * THE normalisation of a recipient's email address before it is hashed (or matched): the import
 * tool, the CMS's email widget and the verifier all call this, so the same person always gives the
 * same hash. Pure (no I/O), and on web platform APIs only, so it runs in Node and in browsers.
 *
 * Trimmed, Unicode NFC, lower-cased, and an internationalised domain written in its ASCII form
 * (IDNA A-labels: `université.ca` becomes `xn--universit-j4a.ca`), which is also what a browser's
 * email field gives: `student@université.ca` and `student@xn--universit-j4a.ca` are one address.
 */
export function normaliseEmail(email: string): string {
  const text = email.trim().normalize('NFC').toLowerCase();
  const at = text.lastIndexOf('@');
  if (at < 1 || at === text.length - 1) return text;
  const domain = text.slice(at + 1);
  // Only a plain host name is converted; anything a URL would read as more than a host stays as typed.
  if (!/^[^\s/\\?#@:[\]%]+$/.test(domain)) return text;
  try {
    const ascii = new URL(`http://${domain}/`).hostname;
    return `${text.slice(0, at)}@${ascii}`;
  } catch {
    return text;
  }
}

/**
 * The forms an address may have been hashed in: its normal form, and (for an internationalised
 * domain) the lower-cased form hashes used before domains were normalised, so those still match.
 */
export function emailForms(email: string): string[] {
  const legacy = email.trim().toLowerCase();
  const normal = normaliseEmail(email);
  return normal === legacy ? [normal] : [normal, legacy];
}
