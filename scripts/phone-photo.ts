/**
 * A photo as a phone camera writes it: a 4032x3024 JPEG of about
 * 4 MB, stored sideways with EXIF Orientation 6 (the phone was held upright, so it shows as a
 * 3024x4032 portrait), with the make, model, time and GPS position of where it was taken. Made on
 * the fly with sharp so the repository does not carry megabytes of test data.
 */
import sharp from 'sharp';

/** Where the "phone" was: Kingston City Hall. A test proves these never reach the site. */
export const PHONE_GPS = { latitude: 44.2312, longitude: -76.4797 };

/** Degrees as EXIF rationals "d/1 m/1 s/100". */
const dms = (degrees: number) => {
  const abs = Math.abs(degrees);
  const d = Math.floor(abs);
  const m = Math.floor((abs - d) * 60);
  const s = Math.round(((abs - d) * 60 - m) * 60 * 100);
  return `${d}/1 ${m}/1 ${s}/100`;
};

export async function phonePhoto(): Promise<Buffer> {
  const width = 4032;
  const height = 3024;
  // Coarse random colour blocks enlarged with a smooth kernel, plus fine grain: compresses like a
  // real scene (a few MB at phone quality), not like flat colour (a few KB).
  const coarse = Buffer.alloc(126 * 95 * 3);
  let seed = 20260306;
  for (let i = 0; i < coarse.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    coarse[i] = seed >>> 24;
  }
  const grain = Buffer.alloc(width * height);
  for (let i = 0; i < grain.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    grain[i] = 96 + ((seed >>> 24) & 63);
  }
  const base = await sharp(coarse, { raw: { width: 126, height: 95, channels: 3 } }).resize(width, height, { kernel: 'cubic' }).raw().toBuffer();
  return sharp(base, { raw: { width, height, channels: 3 } })
    .composite([{ input: grain, raw: { width, height, channels: 1 }, blend: 'overlay' }])
    .jpeg({ quality: 88, chromaSubsampling: '4:2:0' })
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'Apple', Model: 'iPhone 15', Software: '18.1' },
      IFD2: { DateTimeOriginal: '2026:03:06 14:02:11' },
      IFD3: {
        GPSLatitudeRef: PHONE_GPS.latitude >= 0 ? 'N' : 'S',
        GPSLatitude: dms(PHONE_GPS.latitude),
        GPSLongitudeRef: PHONE_GPS.longitude >= 0 ? 'E' : 'W',
        GPSLongitude: dms(PHONE_GPS.longitude),
      },
    })
    .toBuffer();
}
