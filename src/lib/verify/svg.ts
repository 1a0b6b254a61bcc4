/**
 * Reads the credential baked into an SVG: Open Badges 3.0 uses an element `credential` in the
 * namespace https://purl.imsglobal.org/ob/v3p0 (usually prefixed `openbadges:`), carrying the
 * compact JWS in its `verify` attribute or the credential in its (CDATA) body. Open Badges 2.0
 * used `assertion` in http://openbadges.org. Text scanning, not a DOM, so it runs in Node too.
 */
export const OB3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';
const OB2_NAMESPACE = 'http://openbadges.org';

export type SvgCredential = { kind: 'ob3'; text: string } | { kind: 'ob2' } | { kind: 'none' };

const decodeEntities = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');

function prefixesFor(svg: string, namespace: string): string[] {
  const escaped = namespace.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = new RegExp(`xmlns:([A-Za-z_][\\w.-]*)\\s*=\\s*(["'])${escaped}\\/?\\2`, 'g');
  return [...svg.matchAll(pattern)].map((m) => m[1]!);
}

export function readSvgCredential(svg: string): SvgCredential {
  for (const prefix of prefixesFor(svg, OB3_NAMESPACE)) {
    const element = new RegExp(`<${prefix}:credential\\b([^>]*?)(\\/>|>([\\s\\S]*?)<\\/${prefix}:credential\\s*>)`).exec(svg);
    if (!element) continue;
    const verify = /\bverify\s*=\s*(["'])([\s\S]*?)\1/.exec(element[1] ?? '');
    if (verify) return { kind: 'ob3', text: decodeEntities(verify[2]!).trim() };
    const body = (element[3] ?? '').trim();
    const cdata = /^<!\[CDATA\[([\s\S]*?)\]\]>$/.exec(body);
    return { kind: 'ob3', text: cdata ? cdata[1]!.trim() : decodeEntities(body) };
  }
  if (prefixesFor(svg, OB2_NAMESPACE).length > 0 || /<openbadges:assertion\b/.test(svg)) return { kind: 'ob2' };
  return { kind: 'none' };
}
