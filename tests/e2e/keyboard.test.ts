// Keyboard-only walk-throughs: the verify page (paste, file picker, verify, read the result) and search,
// using Tab, typing and Enter only, never the mouse.
import path from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repo } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const dist = inject('builtSite');

/** Presses Tab until `predicate` holds for the focused element; fails after `limit` presses. */
async function tabTo(page: Page, description: string, predicate: (el: Element) => boolean, limit = 40) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((source) => {
      const el = document.activeElement;
      return el ? (new Function('el', `return (${source})(el)`) as (el: Element) => boolean)(el) : false;
    }, predicate.toString());
    if (hit) return;
  }
  throw new Error(`Could not reach ${description} with Tab`);
}

describe.skipIf(!hasChromium)('keyboard only', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let token: string;

  beforeAll(async () => {
    server = await serve(dist);
    browser = await launch();
    page = await browser.newPage();
    const files = await readdir(path.join(repo, 'content/awards'));
    for (const file of files) {
      const text = await readFile(path.join(repo, 'content/awards', file), 'utf8');
      if (!text.includes('revoked: true')) token = (await readFile(path.join(dist, 'credentials', `${/credentialId: (\S+)/.exec(text)![1]}.jwt`), 'utf8')).trim();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('skips to main content, pastes a credential, reaches the file picker, verifies and lands on the result', async () => {
    await page.goto(`${server.origin}/verify/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await tabTo(page, 'the Credential field', (el) => el.id === 'credential');
    await page.keyboard.insertText(token);
    await tabTo(page, 'the file picker', (el) => el.id === 'credential-file');
    await tabTo(page, 'the Verify button', (el) => el.tagName === 'BUTTON' && el.textContent?.trim() === 'Verify');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
    // Focus moves to the verdict, so the next Tab continues from the result.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Genuine and current. Issued to a hashed email address');
  });

  it('searches from the keyboard and follows a result with Enter', async () => {
    await page.goto(`${server.origin}/search/`);
    await tabTo(page, 'the search box', (el) => el.id === 'q');
    await page.keyboard.type('onQ');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#search-status').textContent(), { timeout: 10_000 }).toMatch(/results? for "onQ"/);
    await tabTo(page, 'the first result', (el) => el.closest('#search-results') !== null && el.tagName === 'A');
    // The results are not drawn again under the reader's focus (the search typed before Enter used to run a second time).
    await page.waitForTimeout(400);
    expect(await page.evaluate(() => document.activeElement?.closest('#search-results') !== null && document.activeElement?.tagName === 'A')).toBe(true);
    const href = await page.evaluate(() => (document.activeElement as HTMLAnchorElement).getAttribute('href'));
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === href);
  });
});
