// Decap CMS in Chromium against the real decap-server, writing into a throwaway copy of the project
// (never this checkout): every collection is listed, a release, an award, an edition and a
// revocation are saved as files the build accepts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, runBuild } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeout = 15_000): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!hasChromium)('Decap CMS', () => {
  let root: string;
  let decap: ChildProcess;
  let site: RunningServer;
  let browser: Browser;
  let page: Page;
  let admin: string;
  const errors: string[] = [];
  /** What decap-server and the CMS said, shown when the CMS does not open. */
  const log: string[] = [];

  beforeAll(async () => {
    root = await copyProject();
    const port = await freePort();
    decap = spawn(process.execPath, [path.join(root, 'node_modules/decap-server/dist/index.js')], {
      env: { ...process.env, GIT_REPO_DIRECTORY: root, PORT: String(port), LOG_LEVEL: 'warn', MODE: 'fs' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    decap.stdout!.on('data', (d: Buffer) => log.push(`decap-server: ${d.toString().trim()}`));
    decap.stderr!.on('data', (d: Buffer) => log.push(`decap-server: ${d.toString().trim()}`));
    decap.on('exit', (code) => log.push(`decap-server exited ${code}`));
    const built = runBuild(root, { env: { PUBLIC_CMS_PROXY_URL: `http://localhost:${port}/api/v1` } });
    if (built.status !== 0) throw new Error(built.output);
    site = await serve(path.join(root, 'dist'));
    // Decap uses its local backend only on localhost.
    admin = `http://localhost:${new URL(site.origin).port}/admin/`;
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (e) => errors.push(`page error: ${String(e)}`));
    page.on('console', (m) => {
      if (m.text().includes('Proxy')) log.push(`console: ${m.text()}`);
    });
    await page.goto(admin);
    await page.getByRole('button', { name: /login/i }).click();
    await page.getByRole('link', { name: 'News releases', exact: true }).waitFor({ timeout: 20_000 }).catch(async () => {
      await page.screenshot({ path: '/tmp/cms-fail.png' });
      throw new Error(`The CMS did not open: ${[...log, ...errors].join(' | ')}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    decap?.kill();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function publish() {
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Publish now', { exact: true }).click();
    await page.getByText('Changes saved', { exact: true }).first().waitFor({ timeout: 15_000 }).catch(async (error) => {
      await page.screenshot({ path: '/tmp/cms-publish.png' });
      throw error;
    });
  }

  /** Opens an admin route with a fresh page load, so no draft of the previous entry lingers. */
  async function open(route: string) {
    await page.goto('about:blank');
    await page.goto(`${admin}${route}`);
    await page.getByRole('button', { name: /^Publish(ed)?$/ }).first().waitFor({ timeout: 20_000 });
  }

  /** A field by its label; Decap adds " (optional)" to the labels of optional fields. */
  const field = (label: string) => page.getByLabel(new RegExp(`^${label.replace(/[()]/g, '\\$&')}( \\(optional\\))?$`));

  async function select(label: string, typed: string, option: string) {
    await field(label).click();
    await page.keyboard.type(typed);
    await page.getByText(option, { exact: true }).last().click();
  }

  it('starts with Decap accepting the configuration, and has a control for every widget of every form', async () => {
    expect(await page.getByText('Error loading the CMS configuration').count()).toBe(0);
    for (const collection of ['releases', 'editions', 'winners', 'achievements', 'partners', 'pages', 'awards']) {
      await open(`#/collections/${collection}/new`);
      expect(await page.getByText(/No control for widget/).count(), collection).toBe(0);
    }
    await open('#/collections/settings/entries/site');
    expect(await page.getByText(/No control for widget/).count(), 'settings').toBe(0);
  });

  it('lists every collection', async () => {
    await page.goto('about:blank');
    await page.goto(`${admin}#/collections/releases`);
    await page.getByRole('link', { name: 'News releases', exact: true }).waitFor({ timeout: 20_000 });
    for (const name of ['News releases', 'Challenge years', 'Winners', 'Micro-credentials', 'Partners', 'Pages', 'Awarded credentials', 'Site settings']) {
      await expect(page.getByRole('link', { name, exact: true }).count(), name).resolves.toBe(1);
    }
  });

  it('creates and publishes a release with a photo, written as Markdown with the expected front matter', async () => {
    await open('#/collections/releases/new');
    await field('Title').fill('Budget consultation opens');
    await field('Publication date').fill('2026-11-20');
    await select('Category', 'Announce', 'Announcements');
    await field('Summary').fill('Residents can comment on the draft budget until December.');
    page.once('dialog', (dialog) => void dialog.accept('/images/social-card.png'));
    await page.getByRole('button', { name: 'Insert from URL' }).first().click();
    await field('Alt text').fill('The Mayor’s Innovation Challenge card');
    await field('Photo credit').fill('City of Kingston');
    await page.locator('[contenteditable="true"]').first().click();
    await page.keyboard.type('The consultation runs online.');
    await publish();

    const file = path.join(root, 'content/releases/2026-11-20-budget-consultation-opens.md');
    const text = await waitFor(async () => (existsSync(file) ? readFile(file, 'utf8') : undefined), 'the release file');
    expect(text).toMatch(/^---\ntitle: Budget consultation opens\ndate: 2026-11-20\ncategory: Announcements\n/);
    expect(text).toContain('alt: The Mayor’s Innovation Challenge card');
    expect(text).toContain('src: /images/social-card.png');
    expect(text).toContain('The consultation runs online.');
  });

  it('refuses to save what the build would reject, with the build’s message', async () => {
    await open('#/collections/releases/new');
    await field('Title').fill('Too long a summary');
    await field('Publication date').fill('2026-11-21');
    await select('Category', 'Statem', 'Statements');
    await field('Summary').fill('x'.repeat(320));
    await page.locator('[contenteditable="true"]').first().click();
    await page.keyboard.type('Body.');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Publish now', { exact: true }).click();
    await page.getByText(/Keep the summary under 300 characters/).first().waitFor({ timeout: 15_000 });
    expect(existsSync(path.join(root, 'content/releases/2026-11-21-too-long-a-summary.md'))).toBe(false);
    // Decap reports the refused save as an unhandled rejection; that one is expected here.
    errors.splice(0, errors.length);
  });

  it('creates an award whose file holds a salted hash of the email and never the email', async () => {
    await open('#/collections/awards/new');
    await field('Recipient name').fill('New Sample Person');
    await field('Recipient email').fill('New.Person@Example.org');
    await page.getByText('Hashed. Only the hash and its salt will be saved').waitFor();
    await select('Micro-credential', 'Innovation', 'Innovation Skills Micro-credential');
    await field('Date awarded').fill('2026-11-20');
    const before = new Set(await readdir(path.join(root, 'content/awards')));
    await publish();
    const added = await waitFor(async () => (await readdir(path.join(root, 'content/awards'))).find((f) => !before.has(f)), 'the award file');
    const text = await readFile(path.join(root, 'content/awards', added), 'utf8');
    const hash = /identityHash: sha256\$([0-9a-f]{64})/.exec(text)?.[1];
    const salt = /salt: ([0-9a-f]{32})/.exec(text)?.[1];
    // The same normalisation and hash the import tool and the verifier use: trimmed, lower-cased, plus salt.
    expect(hash).toBe(createHash('sha256').update(`new.person@example.org${salt}`).digest('hex'));
    expect(text).toMatch(/credentialId: [0-9a-f-]{36}/);
    expect(text).not.toMatch(/@|example\.org/i);
  });

  it('edits an edition and revokes an award', async () => {
    await open('#/collections/editions/entries/2022');
    const title = field('Title');
    await expect.poll(() => title.inputValue()).toBe('Ideas that make Kingston a better place to live, work and play');
    await title.fill('Ideas that make Kingston better');
    await publish();
    await waitFor(async () => ((await readFile(path.join(root, 'content/editions/2022.yaml'), 'utf8')).includes('title: Ideas that make Kingston better') ? true : undefined), 'the edited edition');

    const awards = path.join(root, 'content/awards');
    let target = '';
    for (const name of await readdir(awards)) if (/Sample Recipient Two/.test(await readFile(path.join(awards, name), 'utf8'))) target = name;
    await open(`#/collections/awards/entries/${target.replace(/\.yaml$/, '')}`);
    await field('Revoked').click();
    await field('Reason for revoking').fill('Awarded in error.');
    await field('Date revoked').fill('2026-11-21');
    await publish();
    const text = await waitFor(async () => {
      const t = await readFile(path.join(awards, target), 'utf8');
      return t.includes('revoked: true') ? t : undefined;
    }, 'the revoked award');
    expect(text).toContain('revokedReason: Awarded in error.');
  });

  it('wrote files the build accepts: the new release has its page', () => {
    const built = runBuild(root);
    expect(built.status, built.output).toBe(0);
    expect(existsSync(path.join(root, 'dist/news/2026-11-20-budget-consultation-opens/index.html'))).toBe(true);
    expect(errors).toEqual([]);
  });
});
