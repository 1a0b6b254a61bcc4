// A phone photo, from upload to the built site, as readers and as someone hunting for an embargoed
// photo see it: a 4 MB, 4032x3024 JPEG with EXIF orientation and a GPS position (tests/support/
// phone-photo.ts) on a published release, another on a draft and another on a scheduled release.
// The built home page and news list must load only a few KB of it; the release's hero is a
// responsive <picture> with width, height and srcset; link previews get a 1200x630 cut; no file in
// dist/ is the camera original or carries its metadata; the held-back photos are nowhere in dist/;
// and a release whose photo was deleted, or is damaged, fails the build with the entry, the field
// and the fix.
import { createHash } from 'node:crypto';
import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { glob } from 'tinyglobby';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningServer } from '../../scripts/static-server.ts';
import { copyProject, runBuild } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { phonePhoto } from '../../scripts/phone-photo.ts';

const release = (fields: string) => `---
title: "Council hears three student proposals"
date: 2022-03-01
category: Announcements
summary: Three teams presented their proposals to Council.
${fields}
---

The teams presented in the Council chamber.

![The Council chamber from the gallery](/uploads/${fields.includes('draft') || fields.includes('publishAt') ? 'embargoed-body.png' : 'in-body.png'})
`;

const hero = (name: string) => `hero:
  src: /uploads/${name}
  alt: Students presenting in the Council chamber
  credit: City of Kingston`;

let root: string;
let dist: string;
let original: Buffer;
let build: { status: number | null; output: string };

beforeAll(async () => {
  root = await copyProject();
  dist = path.join(root, 'dist');
  original = await phonePhoto();
  await writeFile(path.join(root, 'content/uploads/council-chamber.jpg'), original);
  await writeFile(path.join(root, 'content/uploads/embargoed-draft.jpg'), await sharp(original).jpeg({ quality: 70 }).toBuffer());
  await writeFile(path.join(root, 'content/uploads/embargoed-scheduled.jpg'), await sharp(original).jpeg({ quality: 71 }).toBuffer());
  await writeFile(path.join(root, 'content/uploads/in-body.png'), await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a6f97' } }).png().toBuffer());
  await writeFile(path.join(root, 'content/uploads/embargoed-body.png'), await sharp({ create: { width: 64, height: 48, channels: 3, background: '#ffd166' } }).png().toBuffer());
  await writeFile(path.join(root, 'content/releases/2022-03-01-council-hears-proposals.md'), release(hero('council-chamber.jpg')));
  await writeFile(path.join(root, 'content/releases/2022-03-02-draft.md'), release(`${hero('embargoed-draft.jpg')}\ndraft: true`).replace('Council hears', 'Draft: council hears'));
  await writeFile(path.join(root, 'content/releases/2022-03-03-scheduled.md'), release(`${hero('embargoed-scheduled.jpg')}\npublishAt: 2099-01-01T09:00`).replace('Council hears', 'Scheduled: council hears'));
  build = runBuild(root);
}, 600_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Every file the build wrote, relative to dist/. */
const distFiles = () => glob('**/*', { cwd: dist, dot: true, onlyFiles: true });

describe('an uploaded phone photo in the built site', () => {
  it('builds', () => {
    expect(build.status, build.output).toBe(0);
    expect(build.output).not.toMatch(/\[ERROR\]/);
  });

  it('draws the hero as a responsive picture with its width, height and srcset, upright and at most 720 px tall', async () => {
    const html = await readFile(path.join(dist, 'news/2022-03-01-council-hears-proposals/index.html'), 'utf8');
    const figure = /<figure>([\s\S]*?)<\/figure>/.exec(html)?.[1] ?? '';
    expect(figure).toMatch(/<picture>/);
    expect(figure).toMatch(/<source srcset="[^"]+\.avif 270w, [^"]+ 540w, [^"]+ 810w, [^"]+ 1080w" type="image\/avif"/);
    expect(figure).toMatch(/<source[^>]+type="image\/webp"/);
    const img = /<img [^>]*>/.exec(figure)?.[0] ?? '';
    // Upright: the phone stored it 4032x3024 with orientation 6, so it is a portrait 540x720.
    expect(img).toMatch(/width="540"/);
    expect(img).toMatch(/height="720"/);
    expect(img).toMatch(/srcset="[^"]+"/);
    expect(img).toMatch(/sizes="[^"]+"/);
    expect(img).toMatch(/src="\/_astro\/[^"]+\.jpe?g"/);
    expect(img).toMatch(/alt="Students presenting in the Council chamber"/);
    expect(img).not.toMatch(/loading="lazy"/);
  });

  it('gives link previews a 1200x630 JPEG cut from the photo', async () => {
    const html = await readFile(path.join(dist, 'news/2022-03-01-council-hears-proposals/index.html'), 'utf8');
    const og = /<meta property="og:image" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(og).toMatch(/\/_astro\/.+\.jpe?g$/);
    const meta = await sharp(path.join(dist, new URL(og).pathname)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1200, 630]);
  });

  it('never publishes the camera original or its metadata (GPS position included)', async () => {
    const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    const originalDigest = digest(original);
    let images = 0;
    for (const file of await distFiles()) {
      const bytes = await readFile(path.join(dist, file));
      expect(digest(bytes), file).not.toBe(originalDigest);
      if (/\.(jpe?g|png|webp|avif|gif)$/i.test(file)) {
        images++;
        const meta = await sharp(bytes).metadata();
        expect(meta.exif, `${file} carries EXIF`).toBeUndefined();
        expect(meta.orientation ?? 1, file).toBe(1);
      }
    }
    expect(images).toBeGreaterThan(5);
  });

  it('serves a cleaned copy at the old address /uploads/<name>, upright and no larger than 2400 px', async () => {
    const copy = await readFile(path.join(dist, 'uploads/council-chamber.jpg'));
    const meta = await sharp(copy).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['jpeg', 1800, 2400, undefined]);
    expect(copy.length).toBeLessThan(original.length);
    // And a photo shown in a release's text.
    expect((await sharp(await readFile(path.join(dist, 'uploads/in-body.png'))).metadata()).format).toBe('png');
  });

  it('publishes nothing of a photo that only a draft or a scheduled release uses', async () => {
    const files = await distFiles();
    expect(files.filter((f) => /embargoed/.test(f))).toEqual([]);
    for (const file of files.filter((f) => /\.(html|xml|json|txt)$/.test(f))) {
      expect(await readFile(path.join(dist, file), 'utf8'), file).not.toMatch(/embargoed-|Draft: council|Scheduled: council/);
    }
  });

  it('names the entry, the field and the fix when a photo an entry uses was deleted or is damaged', async () => {
    await unlink(path.join(root, 'content/uploads/council-chamber.jpg'));
    // An upload cut short: its first bytes are a JPEG's, the rest is missing.
    await writeFile(path.join(root, 'content/uploads/cut-short.jpg'), original.subarray(0, original.length >> 1));
    await writeFile(path.join(root, 'content/releases/2022-03-04-cut-short.md'), release(hero('cut-short.jpg')));
    const broken = runBuild(root, { outDir: 'dist-broken' });
    expect(broken.status).not.toBe(0);
    expect(broken.output).toContain('content/releases/2022-03-01-council-hears-proposals.md');
    expect(broken.output).toMatch(/field "hero\.src": The photo \/uploads\/council-chamber\.jpg is not in the media library \(content\/uploads\/council-chamber\.jpg is missing/);
    expect(broken.output).toMatch(/In the CMS, open this entry, choose the photo again/);
    expect(broken.output).toMatch(
      /content\/uploads\/cut-short\.jpg\n {2}This photo cannot be read( \(VipsJpeg: premature end of JPEG image\))?: the file is damaged or was not uploaded completely\. Upload it again from the original with the same name, or choose another photo in content\/releases\/2022-03-04-cut-short\.md\./,
    );
    await unlink(path.join(root, 'content/releases/2022-03-04-cut-short.md'));
    await writeFile(path.join(root, 'content/uploads/council-chamber.jpg'), original);
  }, 300_000);
});

describe.skipIf(!hasChromium)('what a reader downloads for it', () => {
  let browser: Browser;
  let server: RunningServer;
  beforeAll(async () => {
    browser = await launch();
    server = await serve(dist);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [width, height] of [
    [390, 844],
    [1280, 900],
  ] as const) {
    for (const page of ['/', '/news/']) {
      it(`${page} at ${width} px loads under 100 KB of that photo (on a 2x screen)`, async () => {
        const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 2 });
        const tab = await context.newPage();
        let bytes = 0;
        const photos: string[] = [];
        tab.on('response', async (response) => {
          if (/council-chamber/.test(response.url())) {
            photos.push(response.url());
            bytes += (await response.body()).length;
          }
        });
        await tab.goto(`${server.origin}${page}`, { waitUntil: 'networkidle' });
        await tab.locator('img[alt="Students presenting in the Council chamber"]').first().scrollIntoViewIfNeeded();
        await tab.waitForLoadState('networkidle');
        await tab.waitForTimeout(300);
        expect(photos.length, `${page} loaded no version of the photo`).toBeGreaterThan(0);
        expect(bytes, `${photos.join(', ')}`).toBeLessThan(100_000);
        await context.close();
      }, 60_000);
    }
  }
});
