// Each file of the hostile SVG corpus (tests/fixtures/svg/) opened as a page in Chromium, served as it is with
// no Content-Security-Policy: the corpus is live (the script cases really run, the reference cases really fetch),
// and every file that does anything raw is one the build's check refuses. The safe files do nothing.
// The build never publishes a refused SVG (checkPublicFiles, tests/unit/svg-safety.test.ts), so no site is built here.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { svgProblems } from '../../src/lib/content/svg-safety.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { HOSTILE_DIR, hostileFiles, SAFE_DIR, safeFiles } from '../support/svg-corpus.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

/**
 * Files that must run script when opened raw: plain script, entities, event handlers and web content, which
 * every current browser runs. If one stops running, the browser changed or the file broke: look before editing.
 */
const MUST_RUN = [
  'namespaced-script.svg',
  'xhtml-script.svg',
  'xhtml-root.svg',
  'xhtml-iframe.svg',
  'entity-expanded-script.svg',
  'doctype.svg',
  'encoded-javascript-link.svg',
  'event-handler.svg',
  'script-data-href.svg',
  'foreign-object.svg',
  'editor-namespace-event-handler.svg',
];
/** Files that must load another file when opened raw. */
const MUST_FETCH = [
  'external-reference-href.svg',
  'external-url-in-style.svg',
  'escaped-url-in-style.svg',
  'image-set-in-style.svg',
  'image-element.svg',
  'css-import-in-style-element.svg',
];

/** What a beacon/ address answers, by ending: enough for the browser to go on using it. */
async function beacon(ending: string): Promise<string | Uint8Array> {
  if (ending === 'svg') return '<svg xmlns="http://www.w3.org/2000/svg"><rect id="shape" width="10" height="10"/><linearGradient id="g"/><linearGradient id="paint"/></svg>';
  if (ending === 'png') return sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
  if (ending === 'css') return 'rect { fill: red }';
  // XSLT that writes an XHTML page with a script, to show the transform runs.
  if (ending === 'xsl') {
    return `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/"><html xmlns="http://www.w3.org/1999/xhtml"><body><script>top.pwned = 'xslt-stylesheet';</script></body></html></xsl:template></xsl:stylesheet>`;
  }
  throw new Error(`No beacon for .${ending}: add one to tests/e2e/hostile-svg.test.ts.`);
}

interface RawOutcome {
  file: string;
  /** What top.pwned was set to, on load or after a click in the middle of the drawing. */
  ran: string | undefined;
  /** Every address the page asked for besides the file itself (and the browser's own favicon request). */
  fetched: string[];
}

describe.skipIf(!hasChromium)('hostile SVG served raw (no CSP) in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mic-hostile-svg-'));
    await mkdir(path.join(dir, 'hostile'));
    await mkdir(path.join(dir, 'safe'));
    await mkdir(path.join(dir, 'hostile', 'beacon'));
    for (const file of hostileFiles()) {
      await copyFile(path.join(HOSTILE_DIR, file), path.join(dir, 'hostile', file));
      for (const [name] of (await readFile(path.join(HOSTILE_DIR, file), 'utf8')).matchAll(/(?<=beacon\/)[\w.-]+\.(\w+)/g)) {
        await writeFile(path.join(dir, 'hostile', 'beacon', name), await beacon(name.split('.').pop()!));
      }
    }
    for (const file of safeFiles()) await copyFile(path.join(SAFE_DIR, file), path.join(dir, 'safe', file));
    await writeFile(path.join(dir, '404.html'), 'not found');
    server = await serve(dir);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function openRaw(address: string): Promise<RawOutcome> {
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (url !== `${server.origin}${address}` && url !== `${server.origin}/favicon.ico`) fetched.push(url.replace(server.origin, ''));
    });
    page.on('dialog', (dialog) => void dialog.dismiss());
    try {
      const response = await page.goto(`${server.origin}${address}`);
      expect(response?.headers()['content-type'], address).toBe('image/svg+xml');
      expect(response?.headers()['content-security-policy'], address).toBeUndefined();
      // A page that keeps a request open (the javascript: iframe) never goes idle: give it a moment, not forever.
      const settle = () => page.waitForLoadState('networkidle', { timeout: 2000 }).catch(() => {});
      await settle();
      // The link cases run only when followed.
      await page.mouse.click(50, 50);
      await page.waitForTimeout(200);
      await settle();
      const ran = await page.evaluate(() => (window as unknown as { pwned?: string }).pwned);
      return { file: path.posix.basename(address), ran, fetched };
    } finally {
      await page.close();
    }
  }

  it('runs the script cases and fetches the reference cases, and the check refuses every one of them', async () => {
    const outcomes: RawOutcome[] = [];
    for (const file of hostileFiles()) outcomes.push(await openRaw(`/hostile/${file}`));
    // The record of what this Chromium does with each file, for whoever reads the test log.
    console.log(
      `What each hostile SVG does when opened raw in Chromium:\n${outcomes
        .map((o) => `  ${o.file.padEnd(40)} ${o.ran ? 'RUNS SCRIPT' : o.fetched.length ? 'FETCHES' : 'inert'}${o.fetched.length ? ` ${o.fetched.join(' ')}` : ''}`)
        .join('\n')}`,
    );
    for (const o of outcomes) {
      if (o.ran !== undefined) expect(o.ran, `${o.file} ran another file's payload`).toBe(o.file.replace(/\.svg$/, ''));
    }
    const ran = outcomes.filter((o) => o.ran !== undefined).map((o) => o.file);
    const fetched = outcomes.filter((o) => o.fetched.length > 0).map((o) => o.file);
    expect(ran).toEqual(expect.arrayContaining(MUST_RUN));
    expect(fetched).toEqual(expect.arrayContaining(MUST_FETCH));
    // Everything that does something raw is refused by the build's check (and so is everything else in the corpus).
    for (const o of outcomes) {
      expect(svgProblems(await readFile(path.join(HOSTILE_DIR, o.file), 'utf8')), o.file).not.toEqual([]);
    }
  });

  it('runs nothing and fetches nothing for the safe files, which the check accepts', async () => {
    for (const file of safeFiles()) {
      expect(await openRaw(`/safe/${file}`)).toEqual({ file, ran: undefined, fetched: [] });
      expect(svgProblems(await readFile(path.join(SAFE_DIR, file), 'utf8')), file).toEqual([]);
    }
  });
});
