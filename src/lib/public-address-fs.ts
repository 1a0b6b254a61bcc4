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

/** True for an address that is not on the public internet (IPv4 or IPv6, including IPv4-mapped IPv6). */
export function isNonPublicIp(ip: string): boolean {
  if (isIP(ip) === 4) return ipv4Private(ip);
  const v6 = ip.toLowerCase().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) return ipv4Private(mapped[1]!);
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^ff/.test(v6) || v6.startsWith('64:ff9b:') || v6.startsWith('2001:db8');
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
