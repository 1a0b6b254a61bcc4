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
  /** Only with publishName: true; otherwise the file keeps no name. */
  name: string | undefined;
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
        name: /recipientName: (.+)/.exec(text)?.[1],
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
      // A name is kept (and shown) only with consent; no page shows another award's name either.
      expect(award.publishName).toBe(award.name !== undefined);
      for (const other of (await awards()).filter((a) => a.name)) expect(html.includes(other.name!), `${award.id} shows ${other.name}`).toBe(other.id === award.id);
      if (!award.publishName) expect(doc.querySelector('h1 + .lede')?.text).toContain('Awarded to a verified recipient');
      // Only a credential that stands offers LinkedIn (see the browser tests for a revoked one).
      const addToProfile = doc.querySelector('a[href^="https://www.linkedin.com/profile/add"]');
      expect(addToProfile !== null, award.id).toBe(!award.revoked);
      if (addToProfile) {
        const linkedIn = new URL(addToProfile.getAttribute('href')!);
        expect(Object.fromEntries(linkedIn.searchParams)).toEqual({
          startTask: 'CERTIFICATION_NAME',
          name: 'Innovation Skills Micro-credential',
          organizationName: 'City of Kingston',
          issueYear: '2022',
          issueMonth: '3',
          certUrl: `${LOCAL_ORIGIN}/credentials/${award.id}/`,
          certId: award.id,
        });
      }
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

  it('offers the credential JSON (its Data Integrity form) to a digital wallet, as a link and a QR code, only while it stands', async () => {
    for (const award of await awards()) {
      const html = await readFile(path.join(dist, 'credentials', award.id, 'index.html'), 'utf8');
      const json = `${LOCAL_ORIGIN}/credentials/${award.id}.json`;
      const svg = /<svg aria-hidden="true" focusable="false" class="qr-wallet"[\s\S]*?<\/svg>/.exec(html)?.[0];
      if (award.revoked) {
        expect(svg, award.id).toBeUndefined();
        continue;
      }
      expect(html).toContain('<h3 id="wallet-title">Add to a digital wallet</h3>');
      expect(html).toContain(`<a href="${json}">${json}</a>`);
      const { data, info } = await sharp(Buffer.from(svg!), { density: 300 }).resize(400, 400).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data).toBe(json);
      // What the wallet fetches is the credential with its proof.
      expect(JSON.parse(await readFile(path.join(dist, 'credentials', `${award.id}.json`), 'utf8')).proof[0].cryptosuite).toBe('eddsa-rdfc-2022');
    }
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

  it('offers the wallet button on a phone and the wallet QR code on a larger screen, each labelled, and says what the page QR code is', async () => {
    const award = (await awards()).find((a) => !a.revoked)!;
    for (const [width, height, phone] of [[390, 844, true], [1280, 800, false]] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(`${server.origin}/credentials/${award.id}/`);
      const wallet = page.locator('.wallet');
      expect(await wallet.getByRole('link', { name: 'Open in Learner Credential Wallet' }).isVisible(), `${width} px`).toBe(phone);
      expect(await wallet.locator('.qr-wallet').isVisible(), `${width} px`).toBe(!phone);
      if (!phone) expect(await wallet.locator('figcaption').innerText()).toContain('Wallet QR code.');
      expect(await wallet.getByRole('link', { name: 'Verify independently on VerifierPlus' }).isVisible()).toBe(true);
      expect(await page.getByRole('heading', { name: 'Open this page on your phone' }).isVisible()).toBe(true);
    }
    await page.setViewportSize({ width: 1280, height: 720 });
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

  it('says where the credential stands at the top, above the badge, from the live check', async () => {
    for (const award of await awards()) {
      await page.goto(`${server.origin}/credentials/${award.id}/`);
      const status = page.locator('#credential-status');
      await expect.poll(() => status.getAttribute('data-state'), { timeout: 10_000 }).toBe(award.revoked ? 'revoked' : 'valid');
      expect(await status.locator('.status-title').innerText()).toBe(award.revoked ? 'Revoked' : 'Genuine and current');
      // First thing after the notices, above the badge and its name.
      const [statusBox, heroBox] = [await status.boundingBox(), await page.locator('.credential-hero').boundingBox()];
      expect(statusBox!.y + statusBox!.height).toBeLessThanOrEqual(heroBox!.y);
      expect(await page.locator('.hero-badge').evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width)).toBe(240);
      // The issuer's logo stays small beside the issuer's name.
      expect(await page.locator('.issuer-logo').evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width)).toBe(40);
    }
  });

  it('offers no print, LinkedIn or share actions on a revoked credential, in its HTML and on screen', async () => {
    const revoked = (await awards()).find((a) => a.revoked)!;
    const html = await readFile(path.join(dist, 'credentials', revoked.id, 'index.html'), 'utf8');
    // (The footer's contact address is a mailto: link on every page.)
    expect(html.slice(html.indexOf('<main'), html.indexOf('</main>'))).not.toMatch(/linkedin\.com|data-print|data-copy|mailto:/);
    await page.goto(`${server.origin}/credentials/${revoked.id}/`);
    await expect.poll(() => page.locator('#credential-status').getAttribute('data-state')).toBe('revoked');
    expect(await page.getByRole('link', { name: /LinkedIn|Share/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Print|Copy link/ }).count()).toBe(0);
    expect(await page.locator('.earner-actions').innerText()).toContain('Because the issuer has revoked this credential, this page offers no certificate to print and no LinkedIn or sharing links.');
  });

  it('hides print, LinkedIn and share when the live check finds the credential no longer stands', async () => {
    const [active, revoked] = [(await awards()).find((a) => !a.revoked)!, (await awards()).find((a) => a.revoked)!];
    // The page was built while the credential stood; what the issuer serves now is revoked.
    await page.route(`**/credentials/${active.id}.jwt`, async (route) => route.fulfill({ body: await readFile(path.join(dist, 'credentials', `${revoked.id}.jwt`), 'utf8'), contentType: 'text/plain' }));
    try {
      await page.goto(`${server.origin}/credentials/${active.id}/`);
      await expect.poll(() => page.locator('#credential-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('revoked');
      expect(await page.getByRole('link', { name: /LinkedIn|Share/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /Print|Copy link/ }).count()).toBe(0);
    } finally {
      await page.unroute(`**/credentials/${active.id}.jwt`);
    }
    await page.goto(`${server.origin}/credentials/${active.id}/`);
    await expect.poll(() => page.locator('#credential-status').getAttribute('data-state')).toBe('valid');
    expect(await page.getByRole('link', { name: 'Add to LinkedIn profile' }).isVisible()).toBe(true);
  });

  it('prints the certificate from its button, with a name the earner typed marked as not verified by the issuer', async () => {
    const unnamed = (await awards()).find((a) => !a.publishName && !a.revoked)!;
    await page.goto(`${server.origin}/credentials/${unnamed.id}/`);
    await expect.poll(() => page.locator('#credential-status').getAttribute('data-state')).toBe('valid');
    expect(await page.locator('.lede').innerText()).toBe('Awarded to a verified recipient');
    await page.getByLabel(/^Your name for the printed certificate/).fill('Jamie Earner');
    expect(await page.locator('.lede').innerText()).toBe('Awarded to Jamie Earner\n(name added by the holder, not verified by the issuer)');
    // The button opens the browser's print dialog (recorded here: headless Chromium has none to show).
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await page.getByRole('button', { name: 'Print certificate' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.certificate-sheet').innerText()).toMatch(/Jamie Earner\n+Name added by the holder, not verified by the issuer/);
      for (const hidden of ['.earner-actions', '#credential-status', 'form.verify-form']) expect(await page.locator(hidden).isVisible(), hidden).toBe(false);
      const pdf = await page.pdf({ format: 'Letter' });
      expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    // Cleared, the certificate goes back to what the issuer vouches for.
    await page.getByLabel(/^Your name for the printed certificate/).fill('');
    expect(await page.locator('.lede').innerText()).toBe('Awarded to a verified recipient');
    // Nothing the earner typed left the browser, and once cleared it is not kept (tests/e2e/certificate.test.ts: kept until then).
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + document.cookie)).not.toContain('Jamie');
  });

  it('lays out on a phone without sideways scrolling: the badge centred above its name', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 812 } });
    try {
      for (const award of await awards()) {
        await phone.goto(`${server.origin}/credentials/${award.id}/`);
        await expect.poll(() => phone.locator('#credential-status').getAttribute('data-state'), { timeout: 10_000 }).not.toBe('checking');
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        const [badge, title] = [await phone.locator('.hero-badge').boundingBox(), await phone.locator('h1').boundingBox()];
        expect(badge!.y + badge!.height).toBeLessThanOrEqual(title!.y);
        expect(Math.abs(badge!.x + badge!.width / 2 - 375 / 2)).toBeLessThan(20);
      }
    } finally {
      await phone.close();
    }
  });

  it('prints as a certificate: name, achievement, dates, QR code, id and verify address; no navigation or forms', async () => {
    const award = (await awards()).find((a) => a.publishName)!;
    await page.goto(`${server.origin}/credentials/${award.id}/`);
    await page.emulateMedia({ media: 'print' });
    for (const visible of ['.certificate-sheet', '.certificate-sheet .qr', '.cert-verify-url']) expect(await page.locator(visible).first().isVisible(), visible).toBe(true);
    for (const hidden of ['.site-header', '.site-footer', 'form.verify-form', '.actions-list', '.earner-actions', 'h1']) expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    const text = await page.locator('main').innerText();
    expect(text).toContain(award.name);
    expect(text).toContain(award.id);
    expect(text).toContain(`verify at\n${LOCAL_ORIGIN}/verify/?id=${award.id}`);
    const pdf = await page.pdf({ format: 'Letter' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBe(1);
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  });
});
