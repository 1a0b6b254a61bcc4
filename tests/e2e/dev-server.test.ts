// `npm run dev` (and the CMS's "View Live", which opens the dev server) shows pages as the built site
// does: the same page, once from `astro dev` and once from the build, has the same computed styles,
// and the development Content-Security-Policy blocks nothing the dev server needs.
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyProject } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const dist = inject('builtSite');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every CSP violation the page reports, from the DOM event and from the console (which also sees blocked <style> elements). */
async function watchCsp(page: Page): Promise<string[]> {
  const reports: string[] = [];
  await page.exposeFunction('__cspReport', (text: string) => reports.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspReport: (t: string) => void }).__cspReport(`${e.violatedDirective} blocked ${e.blockedURI}`),
    );
  });
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) reports.push(m.text());
  });
  return reports;
}

/** What an editor would notice first on an unstyled page: the header's colours, the font, bulleted navigation. */
async function looks(page: Page) {
  return page.evaluate(() => {
    const header = getComputedStyle(document.querySelector('.site-header')!);
    const nav = getComputedStyle(document.querySelector('.site-header ul')!);
    return {
      headerBackground: header.backgroundColor,
      headerColour: header.color,
      font: getComputedStyle(document.body).fontFamily,
      navBullets: nav.listStyleType,
    };
  });
}

describe.skipIf(!hasChromium)('the development server', () => {
  let root: string;
  let dev: ChildProcess | undefined;
  let devOrigin: string;
  let built: RunningServer;
  let browser: Browser;
  let log = '';

  beforeAll(async () => {
    // A copy, so the dev server's own files (.astro/, the throwaway dev key) never land in the checkout.
    root = await copyProject();
    const port = await freePort();
    devOrigin = `http://127.0.0.1:${port}`;
    // As `npm run dev` runs it (astro dev), with this test's Node, but without the test runner's
    // variables: with NODE_ENV=test (set by vitest) the dev server answers every page with a 404.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')));
    dev = spawn(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'dev', '--host', '127.0.0.1', '--port', String(port)], {
      cwd: root,
      env: { ...env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    dev.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    dev.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (dev.exitCode !== null) throw new Error(`astro dev stopped (exit code ${dev.exitCode}):\n${log}`);
      const ready = await fetch(`${devOrigin}/`, { signal: AbortSignal.timeout(60_000) }).then((response) => response.ok, () => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`astro dev did not answer within 3 minutes:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    built = await serve(dist);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await built?.close();
    if (dev && dev.exitCode === null) {
      const exited = new Promise((resolve) => dev!.once('exit', resolve));
      dev.kill('SIGTERM');
      await exited;
    }
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('renders a page with the built site’s styles and no CSP violation', async () => {
    const production = await browser.newPage();
    await production.goto(`${built.origin}/news/`);
    const expected = await looks(production);
    // The comparison can only fail an unstyled page if the styled one differs from browser defaults.
    expect(expected.headerBackground).not.toBe('rgba(0, 0, 0, 0)');
    expect(expected.navBullets).toBe('none');

    const page = await browser.newPage();
    const reports = await watchCsp(page);
    await page.goto(`${devOrigin}/news/`, { waitUntil: 'load', timeout: 120_000 });
    // Vite adds the stylesheets from script just after load.
    await expect.poll(() => looks(page), { timeout: 30_000 }).toEqual(expected);
    expect(reports, log).toEqual([]);
  });

  it('keeps the built pages’ rule for scripts in development, and shows no dev toolbar', async () => {
    const page = await browser.newPage();
    const reports = await watchCsp(page);
    await page.goto(`${devOrigin}/`, { waitUntil: 'load', timeout: 120_000 });
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
    // An inline script is refused in development as on the site, so nobody writes one that only works locally.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);
    });
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    await expect.poll(() => reports.join('\n'), { timeout: 10_000 }).toMatch(/script-src/);
    // Astro's toolbar would cover the bottom of every page (and the CMS's buttons).
    expect(await page.locator('astro-dev-toolbar').count()).toBe(0);
  });
});
