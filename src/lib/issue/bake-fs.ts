/**
 * Open Badges 3.0 baking: the compact JWS goes inside the badge image itself, so the image alone
 * proves the credential. PNG: one uncompressed iTXt chunk with keyword `openbadgecredential`, just
 * before IEND. SVG: the OB 3.0 namespace on the root element and one
 * `<openbadges:credential verify="…"/>` directly inside it. Readers: src/lib/verify/png.ts and svg.ts.
 */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

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

/** The PNG with the token in one iTXt chunk before IEND; any earlier openbadgecredential chunk is replaced. */
export function bakePng(png: Uint8Array, token: string): Buffer {
  const buffer = Buffer.from(png);
  const parts = chunks(buffer).filter(({ type, start, end }) => {
    if (type !== 'iTXt') return true;
    return !buffer.subarray(start + 8, end - 4).toString('latin1').startsWith('openbadgecredential\0');
  });
  // keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0, text.
  const itxt = chunk('iTXt', Buffer.concat([Buffer.from('openbadgecredential\0\0\0\0\0', 'latin1'), Buffer.from(token, 'utf8')]));
  const body = parts.map(({ type, start, end }) => (type === 'IEND' ? Buffer.concat([itxt, buffer.subarray(start, end)]) : buffer.subarray(start, end)));
  return Buffer.concat([PNG_SIGNATURE, ...body]);
}

/** Ranges of comments, CDATA and the DOCTYPE, where an "<svg" is only text. */
function inertRanges(svg: string): [number, number][] {
  return [...svg.matchAll(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/gi)].map((m) => [m.index, m.index + m[0].length]);
}

/** An SVG that could run script when opened on this site's origin is refused rather than published. */
export function assertInertSvg(svg: string, what: string) {
  if (/<script\b|<foreignObject\b|\son[a-z]+\s*=|javascript:/i.test(svg)) {
    throw new Error(`${what} contains script, event handlers or foreignObject. Remove them: badge artwork must be a plain drawing.`);
  }
}

/**
 * The SVG with the OB 3.0 namespace on its root and exactly one credential element directly inside
 * it: a credential baked earlier is replaced, never doubled.
 */
export function bakeSvg(svg: string, token: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(token)) throw new Error('Only a compact JWS can be baked.');
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
  // Remove any credential baked before, in either form (empty element or with a body).
  rest = rest.replace(new RegExp(`<${prefix}:credential\\b[^>]*?(\\/>|>[\\s\\S]*?<\\/${prefix}:credential\\s*>)`, 'g'), '');
  return `${svg.slice(0, root.index)}${open}<${prefix}:credential verify="${token}"/>${rest}`;
}

/** The achievement's image as a square PNG of `size` pixels (SVGs are rendered, rasters resized). */
export async function badgePng(image: Uint8Array, size = 512): Promise<Buffer> {
  return sharp(image, { density: 300 }).resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).png({ compressionLevel: 9 }).toBuffer();
}

const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Wraps text into lines of at most `width` characters, for SVG text that has no automatic wrapping. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.slice(0, 3);
}

/**
 * The 1200x630 link-preview card of a micro-credential: its badge, its name and its issuer. One per
 * achievement, shared by its credentials' pages (a card per credential would add a picture per earner
 * for no gain, since names are not shown on it).
 */
export async function previewCard(input: { badge: Uint8Array; title: string; issuer: string; siteName: string }): Promise<Buffer> {
  const badge = Buffer.from(await sharp(input.badge).resize(420, 420, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } }).png().toBuffer()).toString('base64');
  const titleLines = wrap(input.title, 24)
    .map((line, i) => `<text x="560" y="${250 + i * 66}" font-size="56" font-weight="700" fill="#ffffff">${xml(line)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <rect width="1200" height="630" fill="#0b3d63"/>
  <image x="90" y="105" width="420" height="420" href="data:image/png;base64,${badge}"/>
  <g font-family="DejaVu Sans, Arial, sans-serif">
    <text x="560" y="170" font-size="28" fill="#ffd166" letter-spacing="2">MICRO-CREDENTIAL</text>
    ${titleLines}
    <text x="560" y="480" font-size="30" fill="#e6eef5">Issued by ${xml(input.issuer)}</text>
    <text x="560" y="530" font-size="26" fill="#b9cddd">${xml(input.siteName)}</text>
  </g>
</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}
