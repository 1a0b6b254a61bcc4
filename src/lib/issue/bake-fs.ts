/**
 * Open Badges 3.0 baking (OB 3.0 section 5.3): the credential goes inside the badge image itself, so
 * the image alone proves it. The build bakes the credential JSON with its embedded Data Integrity
 * proof (text from bakeableJson, src/lib/ob3/wallet.ts), the form the Learner Credential Wallet,
 * VerifierPlus and 1EdTech's validator import; a compact JWS can still be baked (OB 3.0 allows
 * either). PNG: one uncompressed iTXt chunk with keyword `openbadgecredential`, just before IEND.
 * SVG: the OB 3.0 namespace on the root element and one credential element directly inside it,
 * `<openbadges:credential><![CDATA[{…}]]></openbadges:credential>` for JSON or
 * `<openbadges:credential verify="…"/>` for a JWS. Readers: src/lib/verify/png.ts and svg.ts.
 */
import { crc32 } from 'node:zlib';
import { svgProblems, UnsafeSvgError } from '../content/svg-safety.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const OB3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Splits a PNG into chunks, refusing anything that is not one. */
function chunks(png: Uint8Array): { type: string; start: number; end: number }[] {
  const buffer = Buffer.from(png);
  if (!buffer.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('Not a PNG file.');
  const out: { type: string; start: number; end: number }[] = [];
  let offset = 8;
  while (offset + 12 <= buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    out.push({ type, start: offset, end: offset + 12 + length });
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  if (out.at(-1)?.type !== 'IEND') throw new Error('The PNG has no IEND chunk.');
  return out;
}

/** The PNG with the credential (JSON or JWS) in one iTXt chunk before IEND; any earlier openbadgecredential chunk is replaced. */
export function bakePng(png: Uint8Array, credential: string): Buffer {
  const buffer = Buffer.from(png);
  const parts = chunks(buffer).filter(({ type, start, end }) => {
    if (type !== 'iTXt') return true;
    return !buffer.subarray(start + 8, end - 4).toString('latin1').startsWith('openbadgecredential\0');
  });
  // keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0, text.
  const itxt = chunk('iTXt', Buffer.concat([Buffer.from('openbadgecredential\0\0\0\0\0', 'latin1'), Buffer.from(credential, 'utf8')]));
  const body = parts.map(({ type, start, end }) => (type === 'IEND' ? Buffer.concat([itxt, buffer.subarray(start, end)]) : buffer.subarray(start, end)));
  return Buffer.concat([PNG_SIGNATURE, ...body]);
}

/** Ranges of comments, CDATA and the DOCTYPE, where an "<svg" is only text. */
function inertRanges(svg: string): [number, number][] {
  return [...svg.matchAll(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/gi)].map((m) => [m.index, m.index + m[0].length]);
}

/**
 * Artwork that could run script or load anything when opened on this site's origin is refused rather
 * than published: svgProblems parses it and holds it to an allow-list (src/lib/content/svg-safety.ts).
 * Throws an UnsafeSvgError naming `what` and listing every problem.
 */
export function assertInertSvg(svg: string, what: string) {
  const problems = svgProblems(svg);
  if (problems.length > 0) throw new UnsafeSvgError(what, problems);
}

/**
 * The credential element: JSON in a CDATA section (bakeableJson leaves no `]]>` to end it early, and
 * svg-safety.ts refuses any body that is not one JSON object), a JWS in the verify attribute.
 */
function credentialElement(prefix: string, credential: string): string {
  if (credential.startsWith('{')) {
    if (credential.includes(']]>')) throw new Error('Credential JSON to bake must not contain "]]>": bake the text bakeableJson gives.');
    return `<${prefix}:credential><![CDATA[${credential}]]></${prefix}:credential>`;
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(credential)) throw new Error('Only credential JSON or a compact JWS can be baked.');
  return `<${prefix}:credential verify="${credential}"/>`;
}

/**
 * The SVG with the OB 3.0 namespace on its root and exactly one credential element (JSON or JWS)
 * directly inside it: a credential baked earlier is replaced, never doubled.
 */
export function bakeSvg(svg: string, credential: string): string {
  // Checked before anything else: nothing is baked from a credential that could not be.
  const element = (prefix: string) => credentialElement(prefix, credential);
  element('openbadges');
  const inert = inertRanges(svg);
  const root = [...svg.matchAll(/<svg\b[^>]*>/g)].find((m) => !inert.some(([a, b]) => m.index >= a && m.index < b));
  if (!root) throw new Error('Not an SVG file: no <svg> element.');
  let open = root[0];
  let rest = svg.slice(root.index + open.length);
  if (open.endsWith('/>')) {
    // <svg …/> has no inside to put the credential in; give it one.
    open = `${open.slice(0, -2).trimEnd()}>`;
    rest = `</svg>${rest}`;
  }
  const declared = /\sxmlns:([\w.-]+)\s*=\s*(["'])https:\/\/purl\.imsglobal\.org\/ob\/v3p0\/?\2/.exec(open);
  const prefix = declared?.[1] ?? 'openbadges';
  if (!declared) {
    if (/\sxmlns:openbadges\s*=/.test(open)) throw new Error('The SVG binds the prefix "openbadges" to another namespace.');
    open = open.replace(/^<svg\b/, `<svg xmlns:openbadges="${OB3_NAMESPACE}"`);
  }
  // Artwork never carries a credential. One inside it is refused, not cut out: a pattern cannot tell
  // a closing tag written inside a CDATA string from a real one, and cutting there once let markup
  // hidden in the string (a <script>) out into the baked file.
  if (/<[\w.-]*:?credential\b/i.test(svg)) {
    throw new Error('The artwork already holds a baked credential (a <…:credential> element): use the plain artwork, without any credential in it.');
  }
  return `${svg.slice(0, root.index)}${open}${element(prefix)}${rest}`;
}
