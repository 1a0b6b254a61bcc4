// Dates in the CMS are Kingston's whatever the zone of the editor's computer: Decap in Chromium
// against the real decap-server, writing into a throwaway copy of the project. At 21:30 in Kingston
// on 20 December 2026 it is already the 21st in UTC and 11:30 on the 21st in Tokyo; a release
// written then, from Kingston or from Tokyo, is dated the 20th, named for the 20th, and "Now" for
// "Publish at" is 21:30 (and a few seconds) Kingston time.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../support/chromium.ts';
import { logIn, startCmsSite, type CmsSite } from '../support/cms.ts';

/** 21:30 in Kingston (EST, UTC-5): 02:30 UTC on the 21st. */
const EVENING_IN_KINGSTON = new Date('2026-12-21T02:30:00Z');

describe.skipIf(!hasChromium)('CMS dates in Kingston time', () => {
  let cms: CmsSite;
  let root: string;
  const log: string[] = [];

  beforeAll(async () => {
    cms = await startCmsSite();
    root = cms.root;
  });
  afterAll(async () => {
    await cms?.close();
  });

  /** A logged-in CMS in a browser whose computer is in `timezoneId`, its clock started at 21:30 Kingston time. */
  async function cmsIn(timezoneId: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await cms.browser.newContext({ timezoneId, viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => log.push(`page error: ${String(e)}`));
    page.on('console', (m) => m.type() === 'error' && log.push(`console: ${m.text()}`));
    // The clock starts at that moment and runs on: a clock stopped for good (setFixedTime) stalls the
    // lodash debounces Decap saves through, which measure waits with Date.now().
    await page.clock.install({ time: EVENING_IN_KINGSTON });
    await logIn(page, cms.admin, () => [...cms.log, ...log]);
    return { context, page };
  }

  /** A form still loading on a busy machine takes more than expect.poll's default second. */
  const poll = <T>(probe: () => Promise<T>) => expect.poll(probe, { timeout: 15_000 });

  /** A field by its label; Decap adds " (optional)" to the labels of optional fields. */
  const field = (page: Page, label: string) => page.getByLabel(new RegExp(`^${label.replace(/[()]/g, '\\$&')}( \\(optional\\))?$`));

  for (const [zone, slug] of [
    ['Asia/Tokyo', 'written-in-tokyo'],
    ['America/Toronto', 'written-in-kingston'],
  ] as const) {
    it(`dates a release written at 21:30 Kingston time on the 20th as the 20th, from a computer in ${zone}`, async () => {
      const { context, page } = await cmsIn(zone);
      try {
        // The browser really is in that zone: its own idea of today differs in Tokyo.
        expect(await page.evaluate(() => new Date().toLocaleDateString('en-CA'))).toBe(zone === 'Asia/Tokyo' ? '2026-12-21' : '2026-12-20');

        await page.goto(`${cms.admin}#/collections/releases/new`);
        const date = field(page, 'Publication date');
        // A new release starts on today's date in Kingston.
        await poll(() => date.inputValue()).toBe('2026-12-20');
        // Cleared and set again with the button beside it.
        await page.getByRole('button', { name: 'Clear Publication date' }).click();
        await poll(() => date.inputValue()).toBe('');
        await page.getByRole('button', { name: "Set Publication date to today's date in Kingston" }).click();
        await poll(() => date.inputValue()).toBe('2026-12-20');

        const publishAt = field(page, 'Publish at (Kingston time)');
        expect(await publishAt.inputValue()).toBe('');
        await page.getByRole('button', { name: 'Set Publish at (Kingston time) to now, Kingston time' }).click();
        // The clock has run on for a few seconds since 21:30.
        await poll(() => publishAt.inputValue()).toMatch(/^2026-12-20T21:3\d$/);

        await field(page, 'Title').fill(zone === 'Asia/Tokyo' ? 'Written in Tokyo' : 'Written in Kingston');
        await field(page, 'Category').click();
        await page.keyboard.type('Announce');
        await page.getByText('Announcements', { exact: true }).last().click();
        await field(page, 'Summary').fill('Written in the evening, Kingston time.');
        await page.locator('[contenteditable="true"]').first().click();
        await page.keyboard.type('The evening news.');
        // The preview dates it as the page will.
        await page.locator('iframe').first().contentFrame().getByText(/December 20, 2026/).waitFor();
        await page.getByRole('button', { name: 'Publish', exact: true }).click();
        await page.getByText('Publish now', { exact: true }).click();
        await page.getByText('Changes saved', { exact: true }).first().waitFor({ timeout: 15_000 }).catch(async (error: unknown) => {
          const panel = await page.locator('#mic-save-problems').textContent().catch(() => null);
          // Decap refuses a form with field errors without a toast; name them.
          log.push(`Field errors: ${(await page.locator('[class*=ControlErrorsList]').allTextContents()).join(' | ')}`);
          throw new Error(`${String(error)}${panel ? `\nThe CMS said: ${panel}` : ''}\n${log.join('\n')}`);
        });

        // Saved as the 20th, in the file and in its name (the page's address).
        const files = await readdir(path.join(root, 'content/releases'));
        expect(files).toContain(`2026-12-20-${slug}.md`);
        const text = await readFile(path.join(root, 'content/releases', `2026-12-20-${slug}.md`), 'utf8');
        expect(text).toMatch(/^date: '?2026-12-20'?$/m);
        expect(text).toMatch(/^publishAt: '?2026-12-20T21:3\d'?$/m);

        // Awards and the other calendar days take Kingston's today as well.
        await page.goto('about:blank');
        await page.goto(`${cms.admin}#/collections/awards/new`);
        await poll(() => field(page, 'Date awarded').inputValue()).toBe('2026-12-20');
        await page.getByRole('button', { name: "Set Date revoked to today's date in Kingston" }).click();
        await poll(() => field(page, 'Date revoked').inputValue()).toBe('2026-12-20');
      } finally {
        await context.close();
      }
    });
  }
});
