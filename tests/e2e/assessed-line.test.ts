// What a verifier shows it verified includes how the credential was assessed and its result, read from
// the signed credential (its ResultDescription and Result) in the micro-credential page's own words:
// on /verify/ and on the earner's credential page, in Chromium against the built site.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serve, type RunningServer } from '../../scripts/static-server.ts';
import { repo } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';

const dist = inject('builtSite');
const ASSESSED = 'Completion is a grade of at least 70 % in the onQ grade item “Innovation Skills Training”. — Result: Completed';

describe.skipIf(!hasChromium)('the assessed line of a verified credential', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let id: string;

  beforeAll(async () => {
    server = await serve(dist);
    browser = await launch();
    page = await browser.newPage();
    // A credential that stands (not the revoked sample).
    for (const file of await readdir(path.join(repo, 'content/awards'))) {
      const text = await readFile(path.join(repo, 'content/awards', file), 'utf8');
      if (!/^revoked: true$/m.test(text)) id = /credentialId: (\S+)/.exec(text)![1]!;
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const assessed = async () => {
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 15_000 }).toBe('valid');
    return page.locator('#verify-result .verified-facts dt:text-is("Assessed") + dd').textContent();
  };

  it('is shown on /verify/ opened with the credential’s id', async () => {
    await page.goto(`${server.origin}/verify/?id=${id}`);
    expect(await assessed()).toBe(ASSESSED);
  });

  it('is shown in the credential page’s own check', async () => {
    await page.goto(`${server.origin}/credentials/${id}/`);
    expect(await assessed()).toBe(ASSESSED);
  });
});
