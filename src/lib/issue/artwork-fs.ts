/**
 * Badge artwork made with sharp at build time: the square PNG every baked badge starts from, and the
 * link-preview card of a micro-credential. Kept apart from bake-fs.ts so the issuing workers, which
 * only bake, never load sharp.
 */
import sharp from 'sharp';

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
