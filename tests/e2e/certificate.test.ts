// The printed certificate (one landscape page on Letter and on A4, nothing of the site around it), a
// revoked credential's page (its date, no image with the credential inside), the name a holder types
// (kept in this browser) and the badge artwork (legible at 120 px), in Chromium against the built site.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { svgProblems } from '../../src/lib/content/svg-safety.ts';
import { LOCAL_ORIGIN, repo } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const dist = inject('builtSite');

interface AwardFile {
  credentialId: string;
  recipientName?: string;
  publishName: boolean;
  revoked?: boolean;
  revokedReason?: string;
  revokedDate?: string;
}
async function awards(): Promise<AwardFile[]> {
  const dir = path.join(repo, 'content/awards');
  // The build reads award files with the YAML 1.2 core schema: dates stay text.
  return Promise.all((await readdir(dir)).map(async (file) => parseYaml(await readFile(path.join(dir, file), 'utf8')) as AwardFile));
}
const settings = async () => parseYaml(await readFile(path.join(repo, 'content/settings/site.yaml'), 'utf8')) as { certificateSignatures: { name: string; title: string }[] };

/** The pages of a PDF as Chromium writes it (page objects are not compressed): each one's width and height in points. */
function pdfPages(pdf: Buffer): { width: number; height: number }[] {
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page[^s]/g) ?? [];
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
  expect(boxes.length, 'one MediaBox per page').toBe(pages.length);
  return boxes;
}

/** Text the page shows (in the current media) outside the certificate sheet. */
const textOutsideCertificate = (page: Page) =>
  page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent?.trim() || !parent || parent.closest('.certificate-sheet, script, style, noscript')) continue;
      if (parent.checkVisibility()) found.push(node.textContent.trim());
    }
    return found;
  });

describe.skipIf(!hasChromium)('the printed certificate and the credential page (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await serve(dist);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(String(e)));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('prints one landscape page on Letter and on A4 with background graphics off, and nothing of the site around the certificate', async () => {
    const all = await awards();
    const named = all.find((a) => a.publishName && !a.revoked)!;
    const unnamed = all.find((a) => !a.publishName && !a.revoked)!;
    for (const [award, typed] of [
      [named, ''],
      [unnamed, ''],
      // The longest name the field takes still fits.
      [unnamed, 'Maximiliana Alexandrovna Konstantinopoulou-Featherstonehaugh de la Cruz y Villanueva-Ortiz'],
    ] as const) {
      await page.goto(`${server.origin}/credentials/${award.credentialId}/`);
      await expect.poll(() => page.locator('#credential-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('valid');
      if (typed) await page.getByLabel(/^Your name for the printed certificate/).fill(typed);
      for (const [format, width, height] of [
        ['Letter', 792, 612],
        ['A4', 841.89, 595.28],
      ] as const) {
        const pages = pdfPages(await page.pdf({ format, preferCSSPageSize: true, printBackground: false }));
        expect(pages, `${format}, ${award.credentialId}, ${typed || 'no typed name'}`).toHaveLength(1);
        // Landscape, the paper's size to within a point (Chromium rounds A4 to 842.88 x 595.92).
        expect(Math.abs(pages[0]!.width - width), `${format} width`).toBeLessThan(1.5);
        expect(Math.abs(pages[0]!.height - height), `${format} height`).toBeLessThan(1.5);
      }
      await page.emulateMedia({ media: 'print' });
      try {
        expect(await page.locator('.certificate-sheet').isVisible()).toBe(true);
        // No site header, footer, navigation, breadcrumbs, buttons or page text: only the certificate.
        expect(await textOutsideCertificate(page)).toEqual([]);
        expect(await page.locator('.certificate-sheet button, .certificate-sheet input').count()).toBe(0);
      } finally {
        await page.emulateMedia({ media: null });
      }
      if (typed) await page.getByLabel(/^Your name for the printed certificate/).fill('');
    }
    expect(errors).toEqual([]);
  });

  it('shows on the certificate the badge, achievement, recipient, issuer and logo, dates, competencies, signatures, QR code and verify address', async () => {
    const award = (await awards()).find((a) => a.publishName && !a.revoked)!;
    await page.goto(`${server.origin}/credentials/${award.credentialId}/`);
    await page.emulateMedia({ media: 'print' });
    try {
      const sheet = page.locator('.certificate-sheet');
      const text = await sheet.innerText();
      for (const part of [
        'This certifies that',
        award.recipientName!,
        'Innovation Skills Micro-credential',
        'City of Kingston',
        "Mayor's Innovation Challenge",
        'March 4, 2022',
        '20 hours',
        'Entrepreneurial mindset',
        'Developing and testing solutions',
        'Team-based, real-world proposals',
        `${LOCAL_ORIGIN}/verify/?id=${award.credentialId}`,
        award.credentialId,
      ]) {
        expect(text).toContain(part);
      }
      for (const signatory of (await settings()).certificateSignatures) {
        expect(text).toContain(signatory.name);
        expect(text).toContain(signatory.title);
      }
      // A signed name is not marked as the holder's, nor explained as unpublished.
      expect(await sheet.locator('[data-holder-note]').isVisible()).toBe(false);
      expect(await sheet.locator('.cert-anonymous-note').isVisible()).toBe(false);
      for (const part of ['.cert-badge', '.cert-logo', '.qr']) {
        const box = await sheet.locator(part).boundingBox();
        expect(box!.width, part).toBeGreaterThan(30);
      }
      expect(await sheet.locator('.cert-badge').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  it('keeps a name the holder typed in this browser, for this credential only, still marked as added by the holder', async () => {
    const all = await awards();
    const first = all.find((a) => !a.publishName && !a.revoked)!;
    const second = all.find((a) => a !== first && !a.revoked)!;
    const field = () => page.getByLabel(/^Your name for the printed certificate/);
    await page.goto(`${server.origin}/credentials/${first.credentialId}/`);
    await field().fill('Jamie Earner');
    await page.reload();
    expect(await field().inputValue()).toBe('Jamie Earner');
    expect(await page.locator('.lede').innerText()).toBe('Awarded to Jamie Earner\n(name added by the holder, not verified by the issuer)');
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.certificate-sheet').innerText()).toMatch(/Jamie Earner\n+Name added by the holder, not verified by the issuer/);
      expect(await page.locator('.cert-anonymous-note').isVisible()).toBe(false);
    } finally {
      await page.emulateMedia({ media: null });
    }
    // Another credential's page does not show it.
    await page.goto(`${server.origin}/credentials/${second.credentialId}/`);
    expect(await page.locator('.lede').innerText()).not.toContain('Jamie');
    // Emptied, it is gone from the browser too.
    await page.goto(`${server.origin}/credentials/${first.credentialId}/`);
    await field().fill('');
    await page.reload();
    expect(await field().inputValue()).toBe('');
    expect(await page.locator('.lede').innerText()).toBe('Awarded to a verified recipient');
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('Jamie');
    // Without a name, the certificate says why and how the holder is named.
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.cert-anonymous-note').innerText()).toContain('The issuer does not publish this holder’s name');
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  it('shows when a revoked credential was revoked (not why), and offers no image with the credential inside', async () => {
    const revoked = (await awards()).find((a) => a.revoked)!;
    const html = await readFile(path.join(dist, 'credentials', revoked.credentialId, 'index.html'), 'utf8');
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main).not.toContain(`/credentials/${revoked.credentialId}.png`);
    expect(main).not.toContain(`/credentials/${revoked.credentialId}.svg`);
    expect(html).not.toContain(revoked.revokedReason!);
    await page.goto(`${server.origin}/credentials/${revoked.credentialId}/`);
    // The date stays once the live check has put its verdict in the status.
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('revoked');
    const status = await page.locator('#credential-status').innerText();
    expect(status).toContain('Revoked');
    expect(status).toContain('Revoked on June 1, 2022.');
    expect(await page.locator('#credential-status time').getAttribute('datetime')).toBe(revoked.revokedDate);
    const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links.filter((href) => /\.(png|svg)$/.test(href) && href.includes(revoked.credentialId))).toEqual([]);
    expect(await page.getByRole('link', { name: /Download the badge/ }).count()).toBe(0);
    // The signed files stay: any verifier reads the revocation from them.
    expect(await page.getByRole('link', { name: 'Download the signed credential (.jwt)' }).count()).toBe(1);
    expect(await page.locator('.hero-badge').getAttribute('src')).toBe('/badges/innovation-skills.svg');
    // And it prints no certificate.
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.certificate-sheet').isVisible()).toBe(false);
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  it('draws the badge artwork so it passes the SVG allow-list and every text is legible at 120 px, inside the hexagon', async () => {
    const svg = await readFile(path.join(repo, 'public/badges/innovation-skills.svg'), 'utf8');
    expect(svgProblems(svg)).toEqual([]);
    const badge = await browser.newPage();
    try {
      await badge.setContent(`<!doctype html><body>${svg}</body>`);
      const texts = await badge.evaluate(() => {
        const root = document.querySelector('svg')!;
        // The hexagon is the artwork's first shape.
        const frame = root.querySelector<SVGGeometryElement>('path')!;
        return [...root.querySelectorAll<SVGTextElement>('text')].map((text) => {
          const box = text.getBBox();
          const corners = [
            [box.x, box.y],
            [box.x + box.width, box.y],
            [box.x, box.y + box.height],
            [box.x + box.width, box.y + box.height],
          ].map(([x, y]) => new DOMPoint(x, y));
          return {
            text: text.textContent,
            fontSize: Number.parseFloat(getComputedStyle(text).fontSize),
            viewBoxWidth: root.viewBox.baseVal.width,
            // Inside the hexagon's fill and clear of its border.
            inside: corners.every((p) => frame.isPointInFill(p) && !frame.isPointInStroke(p)),
          };
        });
      });
      expect(texts.length).toBeGreaterThan(0);
      for (const t of texts) {
        expect(t.fontSize * (120 / t.viewBoxWidth), `${t.text}: px at 120 px`).toBeGreaterThanOrEqual(9);
        expect(t.inside, `${t.text} stays inside the hexagon`).toBe(true);
      }
    } finally {
      await badge.close();
    }
  });
});
