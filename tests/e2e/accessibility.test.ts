// axe-core in Chromium over every public page type, in light and dark colour schemes and on a narrow
// screen: no violation of WCAG 2.0, 2.1 or 2.2 at levels A and AA (the AODA asks for 2.0 AA).
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repo } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const dist = inject('builtSite');
const axeSource = () => readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function pagesToCheck(): Promise<string[]> {
  const awards = await readdir(path.join(repo, 'content/awards'));
  const ids = await Promise.all(awards.map(async (f) => /credentialId: (\S+)/.exec(await readFile(path.join(repo, 'content/awards', f), 'utf8'))![1]!));
  const texts = await Promise.all(awards.map((f) => readFile(path.join(repo, 'content/awards', f), 'utf8')));
  const revoked = ids[texts.findIndex((t) => t.includes('revoked: true'))]!;
  // A page without a published name has the name-to-print field.
  const unnamed = ids[texts.findIndex((t) => !t.includes('revoked: true') && !t.includes('recipientName:'))]!;
  return [
    '/',
    '/challenge/',
    '/challenge/2022/',
    '/winners/',
    '/news/',
    '/news/2022-01-25-mayors-innovation-challenge-adds-micro-credentials/',
    '/micro-credentials/',
    '/micro-credentials/innovation-skills/',
    '/micro-credentials/innovation-skills/how-to-earn/',
    '/faq/',
    '/about-micro-credentials/',
    '/accessibility/',
    '/search/?q=micro-credential',
    '/sitemap/',
    '/verify/',
    `/verify/?id=${ids[0]}`,
    `/verify/?id=${revoked}`,
    `/credentials/${ids[0]}/`,
    `/credentials/${revoked}/`,
    `/credentials/${unnamed}/`,
    '/this-page-does-not-exist/',
  ];
}

describe.skipIf(!hasChromium)('accessibility (axe-core)', () => {
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

  for (const mode of [
    { name: 'light', options: { colorScheme: 'light' as const } },
    { name: 'dark', options: { colorScheme: 'dark' as const } },
    { name: 'narrow', options: { colorScheme: 'light' as const, viewport: { width: 375, height: 812 } } },
  ]) {
    it(`has no WCAG A/AA violations on any page type (${mode.name})`, async () => {
      const source = await axeSource();
      // axe is injected as an inline script, which the pages' CSP rightly forbids; tests/e2e/csp.test.ts covers the CSP.
      const page = await browser.newPage({ ...mode.options, bypassCSP: true });
      const found: string[] = [];
      for (const url of await pagesToCheck()) {
        await page.goto(`${server.origin}${url}`);
        // Pages that verify or search on load are audited with their result shown.
        if (url.startsWith('/verify/?') || url.startsWith('/credentials/')) {
          await page.waitForFunction(() => !['none', 'pending'].includes(document.querySelector('#verify-result')?.getAttribute('data-verdict') ?? 'none'), null, { timeout: 10_000 });
        }
        if (url.startsWith('/search/?')) await page.waitForFunction(() => /results? for/.test(document.querySelector('#search-status')?.textContent ?? ''), null, { timeout: 10_000 });
        await page.addScriptTag({ content: source });
        const violations = await page.evaluate(async (tags) => {
          const result = await (window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
            runOnly: { type: 'tag', values: tags },
          });
          return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        }, TAGS);
        found.push(...violations.map((v) => `${url} ${v}`));
      }
      await page.close();
      expect(found).toEqual([]);
    });
  }
});
