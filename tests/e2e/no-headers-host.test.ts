// The site on a host that sends no custom headers (GitHub Pages: no _headers, so no frame-ancestors):
// a page on another origin that frames the verifier, a credential page, the offline verifier or the
// CMS gets a refusal in the frame and nothing runs there; and on every kind of page the <meta>
// policy alone still blocks an inline script, an inline event handler and a javascript: link.
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repo } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const dist = inject('builtSite');

/** The built HTML files, as paths relative to dist ("verify/index.html"). */
async function htmlFiles(): Promise<string[]> {
  const entries = await readdir(dist, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => path.relative(dist, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** The address a built file is served at ("verify/index.html": /verify/). */
const addressOf = (file: string) => `/${file.replace(/(^|\/)index\.html$/, '$1')}`;

/**
 * The kind of a page, from its address's shape: the special pages by name, the rest by first segment
 * and depth (/news/ and /news/<slug>/ differ; every credential page is one kind).
 */
function pageType(file: string): string {
  if (file === '404.html' || file === 'admin/index.html' || file === 'verify/offline.html') return file;
  const segments = addressOf(file).split('/').filter(Boolean);
  return `${segments[0] ?? '(home)'}/${segments.length}`;
}

/** An origin other than the site's (localhost, not 127.0.0.1, on its own port) serving one page that frames `?src=`. */
async function attackerSite(): Promise<{ origin: string; close(): Promise<void> }> {
  const attribute = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  const server: Server = createServer((req, res) => {
    const src = new URL(req.url ?? '/', 'http://localhost').searchParams.get('src') ?? 'about:blank';
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Another site</title><p>Win a prize! Click below.</p><iframe id="victim" width="900" height="700" src="${attribute(src)}"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://localhost:${port}`, close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))) };
}

/** What a page that let script in would do: each vector sets a flag naming itself. */
const HOSTILE = [
  `<script>window.__hostile = 'inline script';</script>`,
  `<img src="data:," alt="" onerror="window.__hostile = 'event handler'">`,
  `<a id="hostile-link" href="javascript:window.__hostile='javascript: link'">Claim your prize</a>`,
].join('');

/** `html` with the hostile snippet just before its last </body>. */
function withHostile(html: string): string {
  const end = html.lastIndexOf('</body>');
  if (end < 0) throw new Error('The page has no </body> to put the hostile snippet before.');
  return `${html.slice(0, end)}${HOSTILE}${html.slice(end)}`;
}

describe.skipIf(!hasChromium)('a host that sends no headers (GitHub Pages)', () => {
  let site: RunningServer;
  let attacker: Awaited<ReturnType<typeof attackerSite>>;
  let browser: Browser;
  let id: string;

  beforeAll(async () => {
    site = await serve(dist);
    attacker = await attackerSite();
    browser = await launch();
    const awards = await readdir(path.join(repo, 'content/awards'));
    id = /credentialId: (\S+)/.exec(await readFile(path.join(repo, 'content/awards', awards[0]!), 'utf8'))![1]!;
  });
  afterAll(async () => {
    await browser?.close();
    await attacker?.close();
    await site?.close();
  });

  /** Opens the attacker's page framing `address` of the site; returns the frame and the site files it requested. */
  async function framed(address: string): Promise<{ page: Page; frame: Frame; fetched: string[] }> {
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(request.url()));
    const target = `${site.origin}${address}`;
    await page.goto(`${attacker.origin}/?src=${encodeURIComponent(target)}`);
    const ofSite = () => page.frames().find((f) => f.url().startsWith(site.origin));
    await expect.poll(() => ofSite() !== undefined, { timeout: 10_000 }).toBe(true);
    const frame = ofSite()!;
    return { page, frame, fetched };
  }

  /** The refusal in a frame: its words, and a link opening the same address in its own tab. */
  async function expectRefusal(frame: Frame, address: string, words: RegExp) {
    const note = frame.locator('[data-framed]');
    await expect.poll(() => note.count(), { timeout: 10_000 }).toBe(1);
    expect(await note.textContent()).toMatch(words);
    const link = note.locator('a');
    expect(await link.getAttribute('href')).toBe(`${site.origin}${address}`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener');
  }

  it('unframed, /verify/?id= and the credential page still reach their verdict (so the test can tell a verdict when one comes)', async () => {
    for (const address of [`/verify/?id=${id}`, `/credentials/${id}/`]) {
      const page = await browser.newPage();
      const fetched: string[] = [];
      page.on('request', (request) => fetched.push(request.url()));
      await page.goto(`${site.origin}${address}`);
      await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
      expect(fetched, address).toContain(`${site.origin}/credentials/${id}.jwt`);
      expect(await page.evaluate(() => performance.getEntriesByName('verify:start').length), address).toBeGreaterThan(0);
      expect(await page.locator('[data-framed]').count(), address).toBe(0);
      await page.close();
    }
  });

  it('framed by another site, /verify/?id=, the credential page and the offline verifier refuse and verify nothing', async () => {
    for (const address of [`/verify/?id=${id}`, `/credentials/${id}/`, `/verify/offline.html?id=${id}`]) {
      const { page, frame, fetched } = await framed(address);
      await expectRefusal(frame, address, /^\s*This check cannot run inside another site’s page, which could cover or change what it shows\. Open it in its own tab\.\s*$/);
      // The decision comes before the verifier starts: give it time it would need, then look.
      await page.waitForTimeout(1500);
      expect(await frame.locator('#verify-result').count(), address).toBe(0);
      expect(await frame.evaluate(() => performance.getEntriesByName('verify:start').length), address).toBe(0);
      expect(fetched.filter((url) => url.endsWith('.jwt')), address).toEqual([]);
      await page.close();
    }
  });

  it('framed by another site, /admin/ shows its refusal and never mounts the CMS; unframed it does', async () => {
    const { page, frame } = await framed('/admin/');
    await expectRefusal(frame, '/admin/', /^\s*The content manager cannot be opened inside another page\. Open it directly in its own tab\.\s*$/);
    await page.waitForTimeout(1500);
    expect(await frame.locator('#nc-root').count()).toBe(0);
    // Decap's router rewrites the address to /admin/#/ as its modules load: none of them ran.
    expect(frame.url()).toBe(`${site.origin}/admin/`);
    await page.close();

    const direct = await browser.newPage();
    await direct.goto(`${site.origin}/admin/`);
    await expect.poll(() => direct.locator('#nc-root').count(), { timeout: 20_000 }).toBe(1);
    expect(await direct.locator('[data-framed]').count()).toBe(0);
    await direct.close();
  });

  it('on every kind of page, the <meta> policy alone blocks inline script, event handlers and javascript: links', async () => {
    const files = await htmlFiles();
    const byType = new Map<string, string>();
    for (const file of files.sort()) if (!byType.has(pageType(file))) byType.set(pageType(file), file);
    // The kinds the site has now must all be found; a new kind is picked up by itself.
    expect([...byType.keys()]).toEqual(expect.arrayContaining(['(home)/0', '404.html', 'admin/index.html', 'verify/offline.html', 'verify/1', 'credentials/2', 'news/1', 'news/2', 'search/1']));

    // Each chosen page served at its own address with the hostile snippet at the end of <body>.
    const extra: Record<string, string> = {};
    for (const file of byType.values()) {
      extra[addressOf(file)] = withHostile(await readFile(path.join(dist, file), 'utf8'));
    }
    // The control: the same snippet in a page without its <meta> policy runs, so the flag can be seen.
    extra['/control/'] = withHostile((await readFile(path.join(dist, 'verify/index.html'), 'utf8')).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
    const hostile = await serve(dist, extra);

    /** Loads a page, clicks the hostile link, and reports the flag and the violations before and after the click. */
    async function attack(address: string) {
      const page = await browser.newPage();
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __violations: string[] }).__violations = seen;
        document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
      });
      const violations = () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.slice());
      const flag = () => page.evaluate(() => (window as unknown as { __hostile?: string }).__hostile);
      await page.goto(`${hostile.origin}${address}`);
      return { page, violations, flag };
    }

    try {
      const control = await attack('/control/');
      await expect.poll(control.flag, { timeout: 10_000 }).toMatch(/inline script|event handler/);
      await control.page.close();

      for (const [type, file] of byType) {
        const { page, violations, flag } = await attack(addressOf(file));
        const name = `${type} (${file})`;
        // The inline script and the image's onerror are refused as the page loads...
        await expect.poll(async () => (await violations()).filter((v) => /^script-src/.test(v)).length, { timeout: 10_000, message: name }).toBeGreaterThanOrEqual(2);
        // ...and the javascript: link when clicked.
        const before = (await violations()).length;
        await page.locator('#hostile-link').click();
        await expect.poll(async () => (await violations()).length, { timeout: 5_000, message: name }).toBeGreaterThan(before);
        await page.waitForTimeout(300);
        expect(await flag(), name).toBeUndefined();
        await page.close();
      }
    } finally {
      await hostile.close();
    }
  });
});
