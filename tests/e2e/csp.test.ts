// Every page type under its Content-Security-Policy in Chromium, doing what it does on load (verifying,
// searching): no violation reports. Also the offline verifier opened from disk under its own policy.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repo } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const dist = inject('builtSite');

async function watch(page: Page): Promise<string[]> {
  const reports: string[] = [];
  await page.exposeFunction('__cspReport', (text: string) => reports.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __cspReport: (t: string) => void }).__cspReport(`${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) reports.push(m.text());
  });
  return reports;
}

describe.skipIf(!hasChromium)('Content-Security-Policy', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await serve(dist);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is strict on public pages (no inline script or style allowed) and nothing they do is blocked', async () => {
    const page = await browser.newPage();
    const reports = await watch(page);
    const awards = await readdir(path.join(repo, 'content/awards'));
    const id = /credentialId: (\S+)/.exec(await readFile(path.join(repo, 'content/awards', awards[0]!), 'utf8'))![1];
    for (const url of ['/', '/challenge/2022/', '/winners/', '/news/', '/micro-credentials/innovation-skills/', '/about-micro-credentials/', '/this-does-not-exist/']) {
      await page.goto(`${server.origin}${url}`);
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      expect(csp, url).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp, url).not.toContain('unsafe-inline');
    }
    await page.goto(`${server.origin}/search/?q=onQ`);
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 10_000 }).toMatch(/results? for/);
    for (const url of [`/verify/?id=${id}`, `/credentials/${id}/`]) {
      await page.goto(`${server.origin}${url}`);
      await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
    }
    expect(reports).toEqual([]);
  });

  it('lets the offline verifier run its own inline script and style from disk, and nothing else', async () => {
    const page = await browser.newPage();
    const reports = await watch(page);
    await page.goto(pathToFileURL(path.join(dist, 'verify/offline.html')).href);
    const awards = await readdir(path.join(repo, 'content/awards'));
    const id = /credentialId: (\S+)/.exec(await readFile(path.join(repo, 'content/awards', awards[0]!), 'utf8'))![1];
    await page.getByLabel('Credential', { exact: true }).fill((await readFile(path.join(dist, 'credentials', `${id}.jwt`), 'utf8')).trim());
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).not.toMatch(/none|pending/);
    // The status fetch to the (absent) live site fails, but must not be a CSP violation; the signature
    // still checks with the pinned keys, and the result says revocation could not be checked.
    expect(reports).toEqual([]);
    expect(await page.locator('#verify-result').getAttribute('data-verdict')).toBe('status-unknown');
  });

  it('sends frame-ancestors and the other security headers from _headers', async () => {
    const headers = await readFile(path.join(dist, '_headers'), 'utf8');
    expect(headers).toContain("/*\n  Content-Security-Policy: frame-ancestors 'none'\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  Permissions-Policy:");
  });
});
