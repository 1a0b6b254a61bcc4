/**
 * Reads the credential baked into an SVG: Open Badges 3.0 uses an element `credential` in the
 * namespace https://purl.imsglobal.org/ob/v3p0 (usually prefixed `openbadges:`), carrying the
 * compact JWS in its `verify` attribute or the credential in its (CDATA) body. Open Badges 2.0
 * used `assertion` in http://openbadges.org.
 *
 * A small scanner, not a DOM (so it runs in Node too) and not backtracking regular expressions:
 * every loop moves forward through the text, so reading takes time in proportion to its length
 * whatever the input (an unclosed tag, a million prefixes, an impossible character reference).
 */
export const OB3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';
const OB2_NAMESPACE = 'http://openbadges.org';

export type SvgCredential = { kind: 'ob3'; text: string } | { kind: 'ob2' } | { kind: 'none' };

const NAMED: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** Decodes XML character references in one pass; a reference to no Unicode character becomes U+FFFD. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#([0-9]{1,10})|#[xX]([0-9a-fA-F]{1,8})|(lt|gt|quot|apos|amp));/g, (_m, dec?: string, hex?: string, name?: string) => {
    if (name) return NAMED[name]!;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    const inRange = code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) && code !== 0;
    return inRange ? String.fromCodePoint(code) : '\uFFFD';
  });
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\r' || c === '\t';
const isNameChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_.:-]/.test(c);

/**
 * The quoted value of `= "…"` (or `='…'`) starting at `i`, spaces allowed around the `=`: the value and
 * the index after its closing quote; `null` when the value is never closed; undefined when there is none.
 */
function quotedValue(text: string, i: number): { value: string; end: number } | null | undefined {
  while (isSpace(text[i])) i += 1;
  if (text[i] !== '=') return undefined;
  i += 1;
  while (isSpace(text[i])) i += 1;
  const quote = text[i];
  if (quote !== '"' && quote !== "'") return undefined;
  const close = text.indexOf(quote, i + 1);
  return close < 0 ? null : { value: text.slice(i + 1, close), end: close + 1 };
}

/** Attributes of a start tag's inside (`a="1" b='2'`), read left to right. Quotes are balanced here (see startTagEnd). */
function attributes(inside: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < inside.length) {
    while (i < inside.length && !isNameChar(inside[i])) i += 1;
    const start = i;
    while (i < inside.length && isNameChar(inside[i])) i += 1;
    const name = inside.slice(start, i);
    const found = quotedValue(inside, i);
    if (found === null) break;
    if (found === undefined) continue;
    if (name && !out.has(name)) out.set(name, found.value);
    i = found.end;
  }
  return out;
}

/** The index of the `>` that ends the start tag beginning at `from` (quotes respected), or -1 if it never ends. */
function startTagEnd(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    }
  }
  return -1;
}

/** No badge declares the namespace under more prefixes than this; each prefix costs one pass over the text. */
const MAX_PREFIXES = 8;

/** The distinct prefixes declared for `namespace` (xmlns:prefix="namespace", with or without a trailing slash), at most MAX_PREFIXES. */
function prefixesFor(svg: string, namespace: string): string[] {
  const prefixes: string[] = [];
  for (let at = svg.indexOf('xmlns:'); at >= 0; at = svg.indexOf('xmlns:', at + 6)) {
    let i = at + 6;
    while (i < svg.length && isNameChar(svg[i]) && svg[i] !== ':') i += 1;
    const prefix = svg.slice(at + 6, i);
    const found = prefix ? quotedValue(svg, i) : undefined;
    if (found === null) break;
    if (found === undefined) continue;
    if ((found.value === namespace || found.value === `${namespace}/`) && !prefixes.includes(prefix)) {
      prefixes.push(prefix);
      if (prefixes.length === MAX_PREFIXES) break;
    }
  }
  return prefixes;
}

/** The first element `name` (a qualified name): its attributes and, unless it is empty, its body. */
function firstElement(svg: string, name: string): { attributes: Map<string, string>; body: string | undefined } | undefined {
  const open = `<${name}`;
  for (let at = svg.indexOf(open); at >= 0; at = svg.indexOf(open, at + open.length)) {
    const next = svg[at + open.length];
    if (!(isSpace(next) || next === '/' || next === '>')) continue;
    const end = startTagEnd(svg, at + open.length);
    // A start tag that never ends: nothing after it can be an element either.
    if (end < 0) return undefined;
    const inside = svg.slice(at + open.length, end);
    if (inside.endsWith('/')) return { attributes: attributes(inside.slice(0, -1)), body: undefined };
    const close = svg.indexOf(`</${name}`, end + 1);
    return { attributes: attributes(inside), body: close < 0 ? undefined : svg.slice(end + 1, close) };
  }
  return undefined;
}

export function readSvgCredential(svg: string): SvgCredential {
  for (const prefix of prefixesFor(svg, OB3_NAMESPACE)) {
    const element = firstElement(svg, `${prefix}:credential`);
    if (!element) continue;
    const verify = element.attributes.get('verify');
    if (verify !== undefined) return { kind: 'ob3', text: decodeEntities(verify).trim() };
    const body = (element.body ?? '').trim();
    const cdata = body.startsWith('<![CDATA[') && body.endsWith(']]>');
    return { kind: 'ob3', text: cdata ? body.slice(9, -3).trim() : decodeEntities(body) };
  }
  if (prefixesFor(svg, OB2_NAMESPACE).length > 0 || svg.includes('<openbadges:assertion')) return { kind: 'ob2' };
  return { kind: 'none' };
}
