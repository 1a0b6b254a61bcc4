// The news list as a reader uses it, in Chromium: a release's category tag opens that category's list.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

describe.skipIf(!hasChromium)('news list', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await serve(inject('builtSite'));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens a category from the tag on a release, on a phone as on a desktop', async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 812 }]) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${server.origin}/news/`);
      const tag = page.locator('.release-list a.tag').first();
      const category = (await tag.textContent())!.trim();
      await tag.click();
      await page.waitForURL(/\/news\/category\/[a-z-]+\/$/);
      expect(await page.locator('h1').textContent()).toBe(`News: ${category}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.close();
    }
  });
});
