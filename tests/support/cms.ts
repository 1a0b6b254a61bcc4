// Decap CMS in Chromium against the real decap-server, on a throwaway copy of the project (never this
// checkout): starting it, and what an editor does in it (open a form, fill a field, publish).
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { serve, type RunningServer } from '../../scripts/static-server.ts';
import { copyProject, runBuild } from './build.ts';
import { launch } from './chromium.ts';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeout = 15_000): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface RunningCms {
  /** The copy of the project decap-server writes into. */
  root: string;
  browser: Browser;
  page: Page;
  /** http://localhost:<port>/admin/ (Decap uses its local backend only on localhost). */
  admin: string;
  /** Page errors and CSP violations seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** The site built with its CMS pointed at a decap-server that writes into a throwaway copy of the project. */
export interface CmsSite {
  /** The copy of the project decap-server writes into. */
  root: string;
  browser: Browser;
  /** http://localhost:<port>/admin/ (Decap uses its local backend only on localhost). */
  admin: string;
  /** What decap-server printed, for a CMS that does not open. */
  log: string[];
  close(): Promise<void>;
}

/**
 * Copies the project, starts decap-server on it, builds it and serves the build. `prepare` runs on the
 * copy once it is built (e.g. commitAll, so saves can be judged by `git diff`).
 */
export async function startCmsSite(prepare?: (root: string) => void | Promise<void>): Promise<CmsSite> {
  const root = await copyProject();
  const port = await freePort();
  const log: string[] = [];
  const decap: ChildProcess = spawn(process.execPath, [path.join(root, 'node_modules/decap-server/dist/index.js')], {
    env: { ...process.env, GIT_REPO_DIRECTORY: root, PORT: String(port), LOG_LEVEL: 'warn', MODE: 'fs' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  decap.stdout!.on('data', (d: Buffer) => log.push(`decap-server: ${d.toString().trim()}`));
  decap.stderr!.on('data', (d: Buffer) => log.push(`decap-server: ${d.toString().trim()}`));
  decap.on('exit', (code) => log.push(`decap-server exited ${code}`));
  let site: RunningServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await site?.close();
    decap.kill();
    await rm(root, { recursive: true, force: true });
  };
  try {
    const built = runBuild(root, { env: { PUBLIC_CMS_PROXY_URL: `http://localhost:${port}/api/v1` } });
    if (built.status !== 0) throw new Error(built.output);
    await prepare?.(root);
    site = await serve(path.join(root, 'dist'));
    const admin = `http://localhost:${new URL(site.origin).port}/admin/`;
    browser = await launch();
    return { root, browser, admin, log, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens /admin/ on `page` and logs in with the local backend; the error names what the CMS and decap-server said. */
export async function logIn(page: Page, admin: string, said: () => string[]): Promise<void> {
  await page.goto(admin);
  await page.getByRole('button', { name: /login/i }).click();
  await page.getByRole('link', { name: 'News releases', exact: true }).waitFor({ timeout: 20_000 }).catch(() => {
    throw new Error(`The CMS did not open: ${said().join(' | ')}`);
  });
}

/** A started CMS site with one page logged in to /admin/; page errors and CSP violations are collected in `errors`. */
export async function startCms(viewport = { width: 1280, height: 1000 }, prepare?: (root: string) => void | Promise<void>): Promise<RunningCms> {
  const site = await startCmsSite(prepare);
  const errors: string[] = [];
  try {
    const page = await site.browser.newPage({ viewport });
    page.on('pageerror', (e) => errors.push(`page error: ${String(e)}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) errors.push(`CSP: ${m.text()}`);
    });
    await logIn(page, site.admin, () => [...site.log, ...errors]);
    return { root: site.root, browser: site.browser, page, admin: site.admin, errors, close: site.close };
  } catch (error) {
    await site.close();
    throw error;
  }
}

/** What an editor does in the CMS's forms, on `page`. */
export function editor(page: Page, admin: string, errors: string[]) {
  const publishButton = () => page.getByRole('button', { name: 'Publish', exact: true });
  const startPublish = async () => {
    await publishButton().click();
    await page.getByText('Publish now', { exact: true }).click();
  };
  return {
    publishButton,
    startPublish,
    async publish() {
      await startPublish();
      await page.getByText('Changes saved', { exact: true }).first().waitFor({ timeout: 15_000 }).catch(async (error) => {
        const panel = await page.locator('#mic-save-problems').textContent().catch(() => null);
        throw new Error(`${String(error)}${panel ? `\nThe CMS said: ${panel}` : ''}`);
      });
    },
    /** A save the CMS refused: the panel's text, which stays after Decap's toast is gone. */
    async refusedSave(): Promise<string> {
      await startPublish();
      const panel = page.locator('#mic-save-problems');
      await panel.waitFor({ timeout: 15_000 });
      // Decap reports the refused save as an unhandled rejection; that one is expected here.
      await page.waitForTimeout(300);
      errors.splice(0, errors.length, ...errors.filter((e) => !e.startsWith('page error')));
      return (await panel.textContent()) ?? '';
    },
    /** Opens an admin route with a fresh page load, so no draft of the previous entry lingers. */
    async open(route: string) {
      await page.goto('about:blank');
      await page.goto(`${admin}${route}`);
      await page.getByRole('button', { name: /^Publish(ed)?$/ }).first().waitFor({ timeout: 20_000 });
    },
    /** A field by its label; Decap adds " (optional)" to the labels of optional fields. */
    field: (label: string) => page.getByLabel(new RegExp(`^${label.replace(/[()]/g, '\\$&')}( \\(optional\\))?$`)),
    async select(label: string, typed: string, option: string) {
      await page.getByLabel(new RegExp(`^${label}( \\(optional\\))?$`)).click();
      await page.keyboard.type(typed);
      await page.getByText(option, { exact: true }).last().click();
    },
  };
}
