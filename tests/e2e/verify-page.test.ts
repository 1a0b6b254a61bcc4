// The verify page, the offline file and the CLI against the real built site served on localhost.
import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { promisify } from 'node:util';
import { CompactSign } from 'jose';
import { readdir, readFile, mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_ORIGIN, repo } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { bakePng, tinyPng } from '../support/png.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const dist = inject('builtSite');

interface Sample {
  id: string;
  token: string;
  revoked: boolean;
  name: string;
}
/** The sample awards as built: which is revoked, and who each is for (names from the sample CSV). */
async function samples(): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const file of await readdir(path.join(repo, 'content/awards'))) {
    const text = await readFile(path.join(repo, 'content/awards', file), 'utf8');
    const id = /credentialId: (\S+)/.exec(text)![1]!;
    out.push({
      id,
      token: (await readFile(path.join(dist, 'credentials', `${id}.jwt`), 'utf8')).trim(),
      revoked: /^revoked: true$/m.test(text),
      name: /recipientName: (.+)/.exec(text)![1]!,
    });
  }
  return out;
}

describe.skipIf(!hasChromium)('verify page', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let all: Sample[];
  let valid: Sample;
  let revoked: Sample;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await serve(dist);
    browser = await launch();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    all = await samples();
    valid = all.find((s) => s.name === 'Sample Recipient One')!;
    revoked = all.find((s) => s.revoked)!;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function verdictFor(fill: () => Promise<void>): Promise<string> {
    await page.goto(`${server.origin}/verify/`);
    await fill();
    await page.getByRole('button', { name: 'Verify' }).click();
    const result = page.locator('#verify-result');
    await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 10_000 }).not.toMatch(/^(none|pending)$/);
    return (await result.getAttribute('data-verdict'))!;
  }

  it('says a pasted credential from dist/ is valid, step by step', async () => {
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(valid.token))).toBe('valid');
    const checks = await page.locator('#verify-result li[data-check]').evaluateAll((items) => items.map((li) => [li.getAttribute('data-check'), li.getAttribute('data-status')]));
    expect(checks).toEqual([
      ['input', 'pass'],
      ['header', 'pass'],
      ['key', 'pass'],
      ['signature', 'pass'],
      ['claims', 'pass'],
      ['shape', 'pass'],
      ['dates', 'pass'],
      ['status', 'pass'],
    ]);
    await expect.poll(() => page.locator('#verify-result h2').textContent()).toBe('Genuine and current');
    expect(await page.locator('#verify-result').textContent()).toContain('Innovation Skills Micro-credential');
    // The result heading takes focus so screen reader and keyboard users land on it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('verdict-title');
  });

  it('says a tampered credential is invalid', async () => {
    const [h, p, s] = valid.token.split('.') as [string, string, string];
    const json = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...json, name: 'Doctorate' })).toString('base64url')}.${s}`;
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(tampered))).toBe('invalid');
    expect(await page.locator('li[data-check="signature"]').getAttribute('data-status')).toBe('fail');
  });

  it('verifies a baked PNG chosen with the file picker', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mic-baked-'));
    const file = path.join(dir, 'badge.png');
    await writeFile(file, bakePng(tinyPng(), 'openbadgecredential', valid.token));
    expect(await verdictFor(() => page.getByLabel('Or choose a badge file').setInputFiles(file))).toBe('valid');
    await rm(dir, { recursive: true, force: true });
  });

  it('says the revoked sample is revoked', async () => {
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(revoked.token))).toBe('revoked');
  });

  it('matches the recipient email locally, and says when it does not match', async () => {
    expect(
      await verdictFor(async () => {
        await page.getByLabel('Credential', { exact: true }).fill(valid.token);
        await page.getByLabel('Recipient email').fill('Sample.Recipient.One@example.org');
      }),
    ).toBe('valid');
    expect(await page.locator('li[data-check="recipient"]').getAttribute('data-status')).toBe('pass');
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await verdictFor(async () => {
      await page.getByLabel('Credential', { exact: true }).fill(valid.token);
      await page.getByLabel('Recipient email').fill('someone.else@example.org');
    });
    expect(await page.locator('li[data-check="recipient"]').getAttribute('data-status')).toBe('fail');
    expect(requests.filter((url) => url.includes('someone.else') || url.includes(encodeURIComponent('someone.else@')))).toEqual([]);
  });

  it('verifies the credential named in ?id= or ?url= on load', async () => {
    await page.goto(`${server.origin}/verify/?id=${valid.id}`);
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
    await page.goto(`${server.origin}/verify/?url=${encodeURIComponent(`${LOCAL_ORIGIN}/credentials/${revoked.id}.jwt`)}`);
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('revoked');
  });

  it('shows credential text as text, never as HTML', async () => {
    // A credential whose text fields are markup, signed by a stranger's key carried in its header: the
    // page cannot vouch for the issuer, but still shows what the credential says, as characters.
    const xss = '<img src=x onerror=alert(1)>';
    const payload = JSON.parse(Buffer.from(valid.token.split('.')[1]!, 'base64url').toString('utf8'));
    payload.name = xss;
    payload.credentialSubject.achievement.name = xss;
    payload.credentialSubject.achievement.description = xss;
    payload.issuer = { ...payload.issuer, id: 'https://elsewhere.example/issuer.json', name: xss };
    payload.iss = payload.issuer.id;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'RS256', jwk: { kty: 'RSA', n: jwk.n!, e: jwk.e! }, typ: 'JWT' })
      .sign(privateKey);
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(token))).toBe('unknown-issuer');
    expect(await page.locator('#verify-result').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('#verify-result img[src="x"]').count()).toBe(0);
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('offline verifier file', () => {
  it('verifies with its pinned keys from a file:// page and says revocation was not checked', async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(dist, 'verify/offline.html')).href);
      const token = (await samples()).find((s) => !s.revoked)!.token;
      await page.getByLabel('Credential', { exact: true }).fill(token);
      await page.getByRole('button', { name: 'Verify' }).click();
      const result = page.locator('#verify-result');
      await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
      expect(await page.locator('li[data-check="key"]').getAttribute('data-status')).toBe('pass');
      expect(await page.locator('li[data-check="status"]').getAttribute('data-status')).toBe('warn');
      const html = await readFile(path.join(dist, 'verify/offline.html'), 'utf8');
      expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/);
    } finally {
      await browser.close();
    }
  });
});

describe('verify CLI', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await serve(dist);
  });
  afterAll(async () => {
    await server?.close();
  });
  // Asynchronous, so this process's test server can answer the CLI's requests meanwhile.
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ['scripts/verify.ts', ...args], { cwd: repo });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('gives the same verdicts as the page, with exit codes 0, 1 and 2', async () => {
    const all = await samples();
    const good = all.find((s) => !s.revoked)!;
    const bad = all.find((s) => s.revoked)!;
    const from = ['--site', LOCAL_ORIGIN, '--from', server.origin];
    const ok = await cli(path.join(dist, 'credentials', `${good.id}.jwt`), ...from, '--json');
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).verdict).toBe('valid');
    const gone = await cli(`${server.origin}/credentials/${bad.id}.jwt`, ...from);
    expect(gone.status).toBe(1);
    expect(gone.stdout).toMatch(/^REVOKED \(revoked\)/);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mic-cli-'));
    await writeFile(path.join(dir, 'badge.png'), bakePng(tinyPng(), 'openbadgecredential', good.token));
    expect((await cli(path.join(dir, 'badge.png'), ...from, '--email', 'sample.recipient.one@example.org')).status).toBe(0);
    await writeFile(path.join(dir, 'junk.txt'), 'not a badge');
    expect((await cli(path.join(dir, 'junk.txt'), ...from)).status).toBe(2);
    await rm(dir, { recursive: true, force: true });
  });
});
