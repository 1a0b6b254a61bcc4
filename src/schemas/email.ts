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

/** Decodes one Punycode label (RFC 3492, the part after "xn--"), or undefined if it is not valid Punycode. */
function punycodeToUnicode(input: string): string | undefined {
  const [base, tmin, tmax, skew, damp] = [36, 1, 26, 38, 700];
  const adapt = (delta: number, points: number, first: boolean) => {
    let d = first ? Math.floor(delta / damp) : delta >> 1;
    d += Math.floor(d / points);
    let k = 0;
    for (; d > ((base - tmin) * tmax) >> 1; k += base) d = Math.floor(d / (base - tmin));
    return k + Math.floor(((base - tmin + 1) * d) / (d + skew));
  };
  const split = input.lastIndexOf('-');
  const output = [...(split > 0 ? input.slice(0, split) : '')].map((c) => c.codePointAt(0)!);
  if (output.some((c) => c >= 0x80)) return undefined;
  let [n, i, bias] = [0x80, 0, 72];
  for (let at = split > 0 ? split + 1 : 0; at < input.length; ) {
    const old = i;
    for (let w = 1, k = base; ; k += base) {
      if (at >= input.length) return undefined;
      const c = input.charCodeAt(at++);
      const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : base;
      if (digit >= base) return undefined;
      i += digit * w;
      const t = k <= bias ? tmin : k >= bias + tmax ? tmax : k - bias;
      if (digit < t) break;
      w *= base - t;
      if (i > 0x7fffffff || w > 0x7fffffff) return undefined;
    }
    bias = adapt(i - old, output.length + 1, old === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) return undefined;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

/**
 * The forms an address may have been hashed in: its normal form, and (for an internationalised
 * domain) the Unicode, lower-cased form hashes were made from before domains were normalised, so
 * those still match whichever way the address is typed (a browser's email field gives the ASCII form).
 */
export function emailForms(email: string): string[] {
  const normal = normaliseEmail(email);
  const at = normal.lastIndexOf('@');
  if (at < 1 || !/(^|\.)xn--/.test(normal.slice(at + 1))) return [normal];
  const labels = normal.slice(at + 1).split('.').map((label) => (label.startsWith('xn--') ? punycodeToUnicode(label.slice(4)) : label));
  if (labels.some((label) => label === undefined)) return [normal];
  const legacy = `${normal.slice(0, at)}@${labels.join('.')}`;
  return legacy === normal ? [normal] : [normal, legacy];
}
