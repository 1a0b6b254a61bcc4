// The student's path read in Chromium on a phone (390 px) and a desktop (1280 px): the year's "How to
// take part", the how-to-earn page, the FAQ and the home page fit the screen (no sideways scrolling)
// and pass axe-core; "Add to calendar" downloads the year's .ics file. With SCREENSHOTS_DIR set, a
// full-page screenshot of each is saved there for a person to look at.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import ICAL from 'ical.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const dist = inject('builtSite');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PAGES = ['/challenge/2022/', '/micro-credentials/innovation-skills/how-to-earn/', '/faq/', '/'];
const WIDTHS = [390, 1280];
const screenshots = process.env.SCREENSHOTS_DIR;

describe.skipIf(!hasChromium)('the student path in a browser', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await serve(dist);
    browser = await launch();
    if (screenshots) await mkdir(screenshots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const width of WIDTHS) {
    it(`fits a ${width} px screen and passes axe on every page of the path`, async () => {
      const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
      // bypassCSP: axe goes in as an inline script, which the pages' policy rightly refuses.
      const page = await browser.newPage({ viewport: { width, height: 900 }, bypassCSP: true });
      const problems: string[] = [];
      for (const url of PAGES) {
        await page.goto(`${server.origin}${url}`);
        const overflow = await page.evaluate(() => {
          const wide = [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1);
          return { scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth, wide: wide.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').slice(0, 40)}`) };
        });
        if (overflow.scroll > 0) problems.push(`${url}: ${overflow.scroll} px wider than the screen (${overflow.wide.join('; ')})`);
        if (screenshots) await page.screenshot({ path: path.join(screenshots, `${url.replace(/^\/|\/$/g, '').replace(/\//g, '_') || 'home'}-${width}.png`), fullPage: true });
        await page.addScriptTag({ content: axe });
        const violations = await page.evaluate(async (tags) => {
          const run = (window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run;
          return (await run(document, { runOnly: { type: 'tag', values: tags } })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        }, TAGS);
        problems.push(...violations.map((v) => `${url} ${v}`));
      }
      await page.close();
      expect(problems).toEqual([]);
    });
  }

  it('downloads the year’s key dates from "Add to calendar", as a calendar file', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${server.origin}/challenge/2022/`);
    const response = await page.request.get(`${server.origin}/challenge/2022/calendar.ics`);
    expect(response.headers()['content-type']).toMatch(/^text\/calendar/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Add the 2022 key dates to your calendar' }).click()]);
    expect(download.suggestedFilename()).toBe('mayors-innovation-challenge-2022.ics');
    const text = await readFile((await download.path())!, 'utf8');
    const summaries = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary);
    expect(summaries).toEqual(["Mayor's Innovation Challenge 2022: Micro-credential sign-up closes", "Mayor's Innovation Challenge 2022: Mayor's Innovation Challenge Virtual Event"]);
    await page.close();
  });
});
