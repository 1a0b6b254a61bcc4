// The endorsement line on /verify/ and on a credential page's live check, in Chromium, for credentials
// of the shared build (which embed the committed sample endorsement): shown as its own line, and a
// broken endorsement is shown as failed while the credential stays "Genuine and current".
import { createPrivateKey } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CompactSign, decodeJwt, decodeProtectedHeader } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serve, type RunningServer } from '../../scripts/static-server.ts';
import { repo } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';

const dist = inject('builtSite');

describe.skipIf(!hasChromium)('the endorsement line', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let id: string;
  let token: string;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await serve(dist);
    browser = await launch();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    for (const file of await readdir(path.join(repo, 'content/awards'))) {
      const text = await readFile(path.join(repo, 'content/awards', file), 'utf8');
      if (/^revoked: true$/m.test(text) || /^suspended: true$/m.test(text)) continue;
      id = /credentialId: (\S+)/.exec(text)![1]!;
      break;
    }
    token = (await readFile(path.join(dist, 'credentials', `${id}.jwt`), 'utf8')).trim();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function verifyPasted(text: string) {
    await page.goto(`${server.origin}/verify/`);
    await page.getByLabel('Credential', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Verify' }).click();
    const result = page.locator('#verify-result');
    await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 10_000 }).not.toMatch(/^(none|pending)$/);
    // The verdict is shown first: the endorsement line is pending until its check is done.
    await expect.poll(() => result.getAttribute('data-endorsements'), { timeout: 10_000 }).toBe('done');
    return result;
  }

  it('shows the verdict before the endorsement is checked, then the endorsement line', async () => {
    await page.goto(`${server.origin}/verify/`);
    await page.getByLabel('Credential', { exact: true }).fill(token);
    await page.getByRole('button', { name: 'Verify' }).click();
    const result = page.locator('#verify-result');
    await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
    const first = await result.locator('li[data-check="endorsement"]').getAttribute('data-code');
    expect(['ENDORSEMENTS_PENDING', 'OK']).toContain(first);
    await expect.poll(() => result.locator('li[data-check="endorsement"]').getAttribute('data-code'), { timeout: 10_000 }).toBe('OK');
    expect(await result.getAttribute('data-verdict')).toBe('valid');
  });

  it('/verify/ shows who endorsed the credential, when and what they said, as its own passed line', async () => {
    const result = await verifyPasted(token);
    expect(await result.getAttribute('data-verdict')).toBe('valid');
    const line = result.locator('li[data-check="endorsement"]');
    expect(await line.getAttribute('data-status')).toBe('pass');
    expect(await line.locator('> strong').textContent()).toBe('Partner endorsements: Passed.');
    expect(await line.locator('> span').textContent()).toBe('Endorsed by Sample Endorser (made up for testing): signed with its own key (a did:key), unchanged since.');
    const entry = line.locator('.endorsements-checked li');
    expect(await entry.getAttribute('data-status')).toBe('pass');
    expect(await entry.textContent()).toMatch(/^Passed: Sample Endorser \(made up for testing\), [A-Z][a-z]+ \d{1,2}, 20\d\d “?We hire people who can do this/);
    expect(errors).toEqual([]);
  });

  it('the credential page says who endorsed it, and its live check lists the endorsement line', async () => {
    await page.goto(`${server.origin}/credentials/${id}/`);
    const section = page.locator('section.endorsements');
    expect(await section.locator('h2').textContent()).toBe('Endorsed by Sample Endorser (made up for testing)');
    expect(await section.locator('blockquote').textContent()).toMatch(/^We hire people who can do this/);
    expect(await section.locator('.tag--sample').textContent()).toBe('Sample, not a real endorsement');
    await expect.poll(() => page.locator('li[data-check="endorsement"]').getAttribute('data-code'), { timeout: 10_000 }).toBe('OK');
    expect(errors).toEqual([]);
  });

  it('a broken endorsement in a credential signed by this site is a failed line; the verdict stays "Genuine and current"', async () => {
    // A credential of this site's (development) issuer, signed here with the build's key, whose
    // embedded endorsement was changed after the partner signed it.
    const payload = decodeJwt(token) as { credentialSubject: { achievement: { endorsement: { credentialSubject: { endorsementComment: string } }[] } } };
    payload.credentialSubject.achievement.endorsement[0]!.credentialSubject.endorsementComment = '<img src=x onerror=alert(1)> Changed after the partner signed it.';
    const key = createPrivateKey(await readFile(path.join(repo, '.badges-dev/signing-key.pem'), 'utf8'));
    const forged = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(decodeProtectedHeader(token) as { alg: string }).sign(key);
    const result = await verifyPasted(forged);
    expect(await result.getAttribute('data-verdict')).toBe('valid');
    expect(await result.locator('h2').textContent()).toMatch(/^Genuine and current/);
    const line = result.locator('li[data-check="endorsement"]');
    expect(await line.getAttribute('data-status')).toBe('fail');
    expect(await line.getAttribute('data-code')).toBe('ENDORSEMENT_INVALID');
    expect(await line.locator('> strong').textContent()).toBe('Partner endorsements: Failed.');
    expect(await line.locator('> span').textContent()).toBe(
      'Its endorsement does not check out (this does not change the verdict on the credential): The proof does not match: it was changed after signing, or signed with another key.',
    );
    // A failed endorsement's words are not shown as the partner's, and nothing in it became markup.
    expect(await line.textContent()).not.toContain('Changed after the partner signed it');
    expect(await line.locator('img').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
