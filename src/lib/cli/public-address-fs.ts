/**
 * Whether a URL is one the command-line verifier may fetch without being told otherwise: https, on a
 * host that resolves only to public addresses (not loopback, private, link-local or other special
 * ranges). So a credential or a --site cannot point the CLI at the machine it runs on or at a
 * company's internal network. Node only (DNS).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

function ipv4Private(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number, number, number];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

/** An IPv6 address as its eight 16-bit groups (a dotted IPv4 tail included), or undefined. */
function ipv6Groups(text: string): number[] | undefined {
  let v6 = text;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(v6);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    v6 = `${v6.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail, extra] = v6.split('::');
  if (extra !== undefined) return undefined;
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const front = part(head);
  const back = part(tail);
  const groups = tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** True for an address that is not on the public internet (IPv4 or IPv6, IPv4 inside IPv6 in any notation included). */
export function isNonPublicIp(ip: string): boolean {
  if (isIP(ip) === 4) return ipv4Private(ip);
  const g = ipv6Groups(ip.toLowerCase().replace(/^\[|\]$/g, ''));
  if (!g) return true;
  const v4 = () => `${g[6]! >> 8}.${g[6]! & 0xff}.${g[7]! >> 8}.${g[7]! & 0xff}`;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  // ::/96 (compatible, :: and ::1 among them), ::ffff:0:0/96 (mapped), ::ffff:0:0:0/96 (translated), 64:ff9b::/96 (NAT64).
  if (zeros(6) || (zeros(5) && g[5] === 0xffff) || (zeros(4) && g[4] === 0xffff && g[5] === 0) || (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))) {
    return zeros(6) && g[6] === 0 ? true : ipv4Private(v4());
  }
  const first = g[0]!;
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0 || (first & 0xff00) === 0xff00 || (first === 0x2001 && g[1] === 0xdb8);
}

/** Why `url` may not be fetched, from the address alone (no DNS): not https, localhost, or a non-public IP. */
export function addressProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${url} is not a web address.`;
  }
  if (parsed.protocol !== 'https:') return `${url} is not https.`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return `${parsed.host} is this machine.`;
  if (isIP(host) && isNonPublicIp(host)) return `${parsed.host} is a private or local address.`;
  return undefined;
}

/** Why `url` may not be fetched (a sentence), or undefined when it may: addressProblem, then where its host resolves to. */
export async function publicAddressProblem(url: string, resolve: typeof lookup = lookup): Promise<string | undefined> {
  const early = addressProblem(url);
  if (early) return early;
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await resolve(host, { all: true }).then((list) => list.map((a) => a.address)).catch(() => undefined);
  if (!addresses || addresses.length === 0) return `${parsed.host} cannot be found.`;
  const inside = addresses.find(isNonPublicIp);
  return inside ? `${parsed.host} is a private or local address (${inside}).` : undefined;
}

/**
 * The fetch of the command-line tools that contact a site (npm run verify, npm run smoke): the platform's,
 * after publicAddressProblem of each host, checked once per host before it is first contacted (unless
 * `allowLocal`, for a preview on this machine). Redirects are errors, so none can lead past the check.
 */
export function publicOnlyFetch(allowLocal: boolean): ((url: string, init?: { signal?: AbortSignal; redirect?: RequestRedirect }) => Promise<Response>) & {
  /** Each host refused so far, with why: for the tool's closing message. */
  refused: Map<string, string>;
} {
  const refused = new Map<string, string>();
  const guarded = async (url: string, init?: { signal?: AbortSignal; redirect?: RequestRedirect }) => {
    if (!allowLocal) {
      const host = new URL(url).host;
      const problem = refused.get(host) ?? (await publicAddressProblem(url));
      if (problem) {
        refused.set(host, problem);
        throw new Error(problem);
      }
    }
    return fetch(url, { ...init, redirect: 'error' });
  };
  return Object.assign(guarded, { refused });
}
