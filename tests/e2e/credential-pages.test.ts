// Earners' credential pages in Chromium against the built site: self-verification, the baked badge
// that an employer uploads, LinkedIn, the QR code (decoded), print view and privacy.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import jsQR from 'jsqr';
import { parse } from 'node-html-parser';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_ORIGIN, repo } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const dist = inject('builtSite');

interface Award {
  id: string;
  name: string;
  publishName: boolean;
  revoked: boolean;
}
async function awards(): Promise<Award[]> {
  const dir = path.join(repo, 'content/awards');
  return Promise.all(
    (await readdir(dir)).map(async (file) => {
      const text = await readFile(path.join(dir, file), 'utf8');
      return {
        id: /credentialId: (\S+)/.exec(text)![1]!,
        name: /recipientName: (.+)/.exec(text)![1]!,
        publishName: /publishName: true/.test(text),
        revoked: /^revoked: true$/m.test(text),
      };
    }),
  );
}

describe('credential pages (built files)', () => {
  it('exist for every award, keep names private without consent, and are noindex, out of the sitemap and search', async () => {
    const sitemap = await readFile(path.join(dist, 'sitemap-0.xml'), 'utf8');
    expect(sitemap).not.toContain('/credentials/');
    const fragments = await readdir(path.join(dist, 'pagefind/fragment'));
    for (const award of await awards()) {
      const html = await readFile(path.join(dist, 'credentials', award.id, 'index.html'), 'utf8');
      const doc = parse(html);
      expect(doc.querySelector('meta[name="robots"]')?.getAttribute('content')).toBe('noindex, nofollow');
      expect(doc.querySelector('main')?.hasAttribute('data-pagefind-body')).toBe(false);
      expect(html.includes(award.name), award.name).toBe(award.publishName);
      if (!award.publishName) expect(doc.querySelector('h1 + .lede')?.text).toContain('Awarded to a verified recipient');
      const linkedIn = new URL(doc.querySelector('a[href^="https://www.linkedin.com/profile/add"]')!.getAttribute('href')!);
      expect(Object.fromEntries(linkedIn.searchParams)).toEqual({
        startTask: 'CERTIFICATION_NAME',
        name: 'Innovation Skills Micro-credential',
        organizationName: 'City of Kingston',
        issueYear: '2022',
        issueMonth: '3',
        certUrl: `${LOCAL_ORIGIN}/credentials/${award.id}/`,
        certId: award.id,
      });
      expect(doc.querySelector('meta[property="og:image"]')?.getAttribute('content')).toBe(`${LOCAL_ORIGIN}/credentials/cards/innovation-skills.png`);
      expect(doc.querySelector('meta[name="twitter:card"]')?.getAttribute('content')).toBe('summary_large_image');
      const ld = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.text);
      expect(ld['@type']).toBe('EducationalOccupationalCredential');
    }
    expect(fragments.length).toBeGreaterThan(0);
    const card = await sharp(path.join(dist, 'credentials/cards/innovation-skills.png')).metadata();
    expect([card.format, card.width, card.height]).toEqual(['png', 1200, 630]);
  });

  it('carries a QR code that decodes to the page’s own address', async () => {
    const [award] = await awards();
    const html = await readFile(path.join(dist, 'credentials', award!.id, 'index.html'), 'utf8');
    const svg = /<svg aria-hidden="true" focusable="false" class="qr"[\s\S]*?<\/svg>/.exec(html)![0];
    const { data, info } = await sharp(Buffer.from(svg), { density: 300 }).resize(400, 400).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const code = jsQR(new Uint8ClampedArray(data), info.width, info.height);
    expect(code?.data).toBe(`${LOCAL_ORIGIN}/credentials/${award!.id}/`);
  });
});

describe.skipIf(!hasChromium)('credential pages (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await serve(dist);
    browser = await launch();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('verifies itself on load: valid, or revoked for the revoked sample', async () => {
    for (const award of await awards()) {
      await page.goto(`${server.origin}/credentials/${award.id}/`);
      await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe(award.revoked ? 'revoked' : 'valid');
    }
  });

  it('checks a recipient email on request', async () => {
    const award = (await awards()).find((a) => a.name === 'Sample Recipient One')!;
    await page.goto(`${server.origin}/credentials/${award.id}/`);
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict')).toBe('valid');
    await page.getByLabel(/^Recipient email/).fill('sample.recipient.one@example.org');
    await page.getByRole('button', { name: 'Verify again' }).click();
    await expect.poll(() => page.locator('li[data-check="recipient"]').getAttribute('data-status')).toBe('pass');
  });

  it('offers a baked PNG that the verify page accepts when uploaded', async () => {
    const award = (await awards()).find((a) => !a.revoked)!;
    await page.goto(`${server.origin}/verify/`);
    // Each file is checked as soon as it is chosen.
    await page.getByLabel('Or choose a badge file').setInputFiles(path.join(dist, 'credentials', `${award.id}.png`));
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
    expect(await page.locator('li[data-check="input"]').textContent()).toContain('from the PNG image');
    await page.getByLabel('Or choose a badge file').setInputFiles(path.join(dist, 'credentials', `${award.id}.svg`));
    await expect.poll(() => page.locator('li[data-check="input"]').textContent(), { timeout: 10_000 }).toContain('from the SVG image');
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict')).toBe('valid');
  });

  it('prints as a certificate: name, achievement, dates, QR code, id and verify address; no navigation or forms', async () => {
    const award = (await awards()).find((a) => a.publishName)!;
    await page.goto(`${server.origin}/credentials/${award.id}/`);
    await page.emulateMedia({ media: 'print' });
    for (const visible of ['h1', '.certificate', '.qr', '.print-only']) expect(await page.locator(visible).first().isVisible(), visible).toBe(true);
    for (const hidden of ['.site-header nav', '.site-footer', 'form.verify-form', '.actions-list']) expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    const text = await page.locator('main').innerText();
    expect(text).toContain(award.name);
    expect(text).toContain(award.id);
    expect(text).toContain(`Verify at ${LOCAL_ORIGIN}/verify/?id=${award.id}`);
    const pdf = await page.pdf({ format: 'Letter' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1);
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  });
});
