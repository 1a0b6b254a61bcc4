/** QR codes drawn at build time as inline SVG, so credential pages need no script or third party for them. */
import QRCode from 'qrcode';

export async function qrSvg(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
  // Decorative for screen readers: the page gives the same link as text next to it.
  return svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" class="qr" ');
}
