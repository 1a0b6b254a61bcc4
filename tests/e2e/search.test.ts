// The search page in a real browser against the built site and its real Pagefind index.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const RELEASE = '/news/2022-01-25-mayors-innovation-challenge-adds-micro-credentials/';

describe.skipIf(!hasChromium)('search page', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await serve(inject('builtSite'));
    browser = await launch();
    page = await browser.newPage();
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds the release and the micro-credential pages for "micro-credential", typed and submitted from the keyboard', async () => {
    await page.goto(`${server.origin}/search/`);
    await page.locator('#q').focus();
    await page.keyboard.type('micro-credential');
    await page.keyboard.press('Enter');
    const status = page.locator('#search-status');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^\d+ results? for "micro-credential"\.$/);
    const links = await page.locator('#search-results li h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain(RELEASE);
    expect(links).toContain('/micro-credentials/innovation-skills/');
    expect(await page.locator('#search-results mark').count()).toBeGreaterThan(0);
    // Each result says what kind of page it is, and a release its date.
    const release = page.locator(`#search-results li:has(a[href="${RELEASE}"])`);
    expect(await release.locator('.result-kind').textContent()).toBe('News release · January 25, 2022');
    expect(await page.locator('#search-results li:has(a[href="/micro-credentials/innovation-skills/"]) .result-kind').textContent()).toBe('Micro-credential');
    expect(new URL(page.url()).searchParams.get('q')).toBe('micro-credential');
    expect(problems).toEqual([]);
  });

  it('runs the search in the address, as the 404 page form sends it, and says so when nothing matches', async () => {
    await page.goto(`${server.origin}/search/?q=onQ`);
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 10_000 }).toMatch(/results? for "onQ"/);
    expect(await page.locator('#q').inputValue()).toBe('onQ');

    await page.locator('#q').fill('xylophonequartz');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#search-status').textContent(), { timeout: 10_000 })
      .toBe('No results for "xylophonequartz". Try fewer or different words.');
    expect(await page.locator('#search-results').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });
});
