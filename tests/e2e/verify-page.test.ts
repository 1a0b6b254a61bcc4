// The verify page, the offline file and the CLI against the real built site served on localhost.
import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { promisify } from 'node:util';
import { CompactSign } from 'jose';
import { readdir, readFile, mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { normaliseEmail } from '../../src/schemas/email.ts';
import { LOCAL_ORIGIN, repo } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { bakePng, tinyPng } from '../support/png.ts';
import { respell, sameRdf } from '../support/respell.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const dist = inject('builtSite');

interface Sample {
  id: string;
  token: string;
  revoked: boolean;
  /** Only for an award whose name is published (publishName: true). */
  name: string | undefined;
}
/** The sample awards as built: which is revoked, and who each is for (a name only where published). */
async function samples(): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const file of await readdir(path.join(repo, 'content/awards'))) {
    const text = await readFile(path.join(repo, 'content/awards', file), 'utf8');
    const id = /credentialId: (\S+)/.exec(text)![1]!;
    out.push({
      id,
      token: (await readFile(path.join(dist, 'credentials', `${id}.jwt`), 'utf8')).trim(),
      revoked: /^revoked: true$/m.test(text),
      name: /recipientName: (.+)/.exec(text)?.[1],
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
    // The verdict comes first; the partner endorsement's line fills in after it (it loads the Data Integrity code).
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-endorsements')).toBe('done');
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
      ['recipient', 'skip'],
      ['endorsement', 'pass'],
    ]);
    await expect.poll(() => page.locator('#verify-result h2').textContent()).toBe('Genuine and current. Issued to Sample Recipient One');
    expect(await page.locator('#verify-result .verdict-input').textContent()).toBe('Checked: the text you pasted.');
    expect(await page.locator('#verify-result').textContent()).toContain('Innovation Skills Micro-credential');
    // The result heading takes focus so screen reader and keyboard users land on it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('verdict-title');
  });

  it('verifies a pasted credential JSON by its own Data Integrity proof, loading that code only then, and never fetching the JWT twin', async () => {
    const requests: string[] = [];
    const listen = (r: { url: () => string }) => requests.push(r.url());
    page.on('request', listen);
    try {
      await page.goto(`${server.origin}/verify/`);
      // A JWT badge needs none of the JSON-LD code, unless it carries a partner endorsement (the shared build's all
      // do: the sample's), whose check loads it: so one without, signed here with the build's key.
      const [h, p] = valid.token.split('.') as [string, string, string];
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
      delete payload.credentialSubject.achievement.endorsement;
      const plain = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader(JSON.parse(Buffer.from(h, 'base64url').toString('utf8')))
        .sign(createPrivateKey(await readFile(path.join(repo, '.badges-dev/signing-key.pem'), 'utf8')));
      expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(plain))).toBe('valid');
      expect(await page.locator('li[data-check="endorsement"]').getAttribute('data-code')).toBe('NO_ENDORSEMENTS');
      expect(requests.filter((u) => /data-integrity/.test(u))).toEqual([]);
      const json = await readFile(path.join(dist, 'credentials', `${valid.id}.json`), 'utf8');
      requests.length = 0;
      await page.getByLabel('Credential', { exact: true }).fill(json);
      await page.getByRole('button', { name: 'Verify' }).click();
      await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 15_000 }).toBe('valid');
      expect(await page.locator('li[data-check="input"]').getAttribute('data-code')).toBe('OK_EMBEDDED_PROOF');
      expect(await page.locator('li[data-check="header"]').textContent()).toContain('Data Integrity proof (eddsa-rdfc-2022, Ed25519)');
      expect(requests.some((u) => /data-integrity/.test(u))).toBe(true);
      expect(requests.filter((u) => u.endsWith(`${valid.id}.jwt`))).toEqual([]);
      expect(await page.locator('#verify-result h2').textContent()).toBe('Genuine and current. Issued to Sample Recipient One');
      // Edited, its proof no longer matches.
      await page.getByLabel('Credential', { exact: true }).fill(json.replace('Innovation Skills Micro-credential', 'Innovation Mastery'));
      await page.getByRole('button', { name: 'Verify' }).click();
      await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 15_000 }).toBe('invalid');
      expect(await page.locator('li[data-check="signature"]').getAttribute('data-code')).toBe('ERR_SIGNATURE_MISMATCH');
    } finally {
      page.off('request', listen);
    }
  });

  /** Clicks Verify and measures, inside the page, the time until a verdict is shown. */
  async function timedVerdict(): Promise<{ verdict: string; ms: number }> {
    return page.evaluate(
      () =>
        new Promise<{ verdict: string; ms: number }>((resolve) => {
          const result = document.querySelector('#verify-result')!;
          const started = performance.now();
          const observer = new MutationObserver(() => {
            const verdict = result.getAttribute('data-verdict');
            if (verdict && verdict !== 'none' && verdict !== 'pending') {
              observer.disconnect();
              resolve({ verdict, ms: performance.now() - started });
            }
          });
          observer.observe(result, { attributes: true, attributeFilter: ['data-verdict'] });
          document.querySelector<HTMLButtonElement>('.verify-form button[type="submit"]')!.click();
        }),
    );
  }

  it('refuses a genuine credential JSON re-spelled to hide its revocation, and shows nothing of it', async () => {
    const revokedJson = JSON.parse(await readFile(path.join(dist, 'credentials', `${revoked.id}.json`), 'utf8'));
    const hidden = await respell.fullIri(revokedJson, 'credentialStatus');
    expect(await sameRdf(revokedJson, hidden)).toBe(true);
    await page.goto(`${server.origin}/verify/`);
    await page.getByLabel('Credential', { exact: true }).fill(JSON.stringify(hidden));
    expect((await timedVerdict()).verdict).toBe('invalid');
    expect(await page.locator('li[data-check="input"]').getAttribute('data-code')).toBe('ERR_CREDENTIAL_FORM');
    expect(await page.locator('#verify-result').textContent()).toContain('written in a form this site does not issue');
    // A made-up achievement and name under keys JSON-LD drops: never displayed.
    const current = JSON.parse(await readFile(path.join(dist, 'credentials', `${valid.id}.json`), 'utf8'));
    await page.getByLabel('Credential', { exact: true }).fill(JSON.stringify(await respell.forgedDisplay(current, '@none', '@json')));
    expect((await timedVerdict()).verdict).toBe('invalid');
    expect(await page.locator('#verify-result').textContent()).not.toMatch(/Doctor of Medicine|Mallory/);
  });

  it('answers a pasted 1 MB hostile JSON within 2 s, and the tab goes on working', async () => {
    const current = JSON.parse(await readFile(path.join(dist, 'credentials', `${valid.id}.json`), 'utf8'));
    const bombs = [
      // 1 MB: thousands of inline contexts and language-tagged literals (refused unread, over 64 KB).
      { ...current, '@context': [...current['@context'], ...Array.from({ length: 25_000 }, (_, i) => ({ [`t${i}`]: `https://attacker.example/${i}` }))] },
      { ...current, name: Array.from({ length: 30_000 }, (_, i) => ({ '@value': `n${i}`, '@language': 'en' })) },
      // Under 64 KB: refused by the spelling rule's bounds before any JSON-LD work.
      { ...current, '@context': [...current['@context'], ...Array.from({ length: 1_500 }, () => ({}))] },
    ];
    await page.goto(`${server.origin}/verify/`);
    for (const [i, bomb] of bombs.entries()) {
      const text = JSON.stringify(bomb);
      if (i < 2) expect(text.length).toBeGreaterThan(1024 * 1024);
      await page.getByLabel('Credential', { exact: true }).fill(text);
      const { verdict, ms } = await timedVerdict();
      expect(verdict, `bomb ${i}`).toMatch(/^(error|invalid)$/);
      expect(ms, `bomb ${i}`).toBeLessThan(2_000);
    }
    // The tab survived: the next credential verifies as before.
    await page.getByLabel('Credential', { exact: true }).fill(valid.token);
    expect((await timedVerdict()).verdict).toBe('valid');
    expect(errors).toEqual([]);
  });

  it('sends nothing to the host when the form is submitted without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const plain = await context.newPage();
      const requested: string[] = [];
      plain.on('request', (r) => requested.push(r.url()));
      await plain.goto(`${server.origin}/verify/`);
      expect(await plain.locator('noscript').count()).toBe(1);
      await plain.getByLabel('Credential', { exact: true }).fill(valid.token);
      await plain.getByLabel(/Recipient email/).fill('jane@example.org');
      await Promise.all([plain.waitForEvent('framenavigated'), plain.getByRole('button', { name: 'Verify' }).click()]);
      const sent = requested.filter((url) => url.includes('jane') || url.includes(valid.token.slice(0, 20)) || /[?&](credential|email)=/.test(url));
      expect(sent).toEqual([]);
      expect(plain.url()).not.toMatch(/jane|credential=|email=/);
    } finally {
      await context.close();
    }
  });

  it('says a tampered credential is invalid', async () => {
    const [h, p, s] = valid.token.split('.') as [string, string, string];
    const json = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...json, name: 'Doctorate' })).toString('base64url')}.${s}`;
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(tampered))).toBe('invalid');
    expect(await page.locator('li[data-check="signature"]').getAttribute('data-status')).toBe('fail');
  });

  it('verifies a baked PNG as soon as it is chosen with the file picker, and says which file it judged', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mic-baked-'));
    const file = path.join(dir, 'badge.png');
    await writeFile(file, bakePng(tinyPng(), 'openbadgecredential', valid.token));
    await page.goto(`${server.origin}/verify/`);
    await page.getByLabel('Or choose a badge file').setInputFiles(file);
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
    expect(await page.locator('#verify-result .verdict-input').textContent()).toBe('Checked: the file badge.png.');
    // Then the text typed after it wins, and the result says so.
    await page.getByLabel('Credential', { exact: true }).fill(revoked.token);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('revoked');
    expect(await page.locator('#verify-result .verdict-input').textContent()).toBe('Checked: the text you pasted.');
    expect(await page.locator('#file-name').textContent()).toBe('');
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies a badge dropped on the page at once', async () => {
    await page.goto(`${server.origin}/verify/`);
    await page.getByLabel('Credential', { exact: true }).fill('some text that is not a badge');
    const bytes = [...bakePng(tinyPng(), 'openbadgecredential', revoked.token)];
    const transfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], 'dropped.png', { type: 'image/png' }));
      return dt;
    }, bytes);
    await page.dispatchEvent('.drop-zone', 'drop', { dataTransfer: transfer });
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('revoked');
    expect(await page.locator('#verify-result .verdict-input').textContent()).toBe('Checked: the file dropped.png.');
    expect(await page.getByLabel('Credential', { exact: true }).inputValue()).toBe('');
  });

  it('verifies the address of a credential page pasted into the box (the link in the share email)', async () => {
    for (const [address, judged] of [
      [`${LOCAL_ORIGIN}/credentials/${valid.id}/`, `${LOCAL_ORIGIN}/credentials/${valid.id}.jwt`],
      [`${LOCAL_ORIGIN}/credentials/${valid.id}.png`, `${LOCAL_ORIGIN}/credentials/${valid.id}.png`],
      [`${LOCAL_ORIGIN}/credentials/${valid.id}.json`, `${LOCAL_ORIGIN}/credentials/${valid.id}.json`],
    ]) {
      expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(` ${address} `)), address).toBe('valid');
      expect(await page.locator('#verify-result .verdict-input').textContent()).toBe(`Checked: the credential at ${judged} (the address you pasted).`);
    }
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill('https://elsewhere.example/credentials/x.jwt'))).toBe('error');
    expect(await page.locator('li[data-check="input"]').getAttribute('data-code')).toBe('ERR_INPUT_FOREIGN_URL');
  });

  it('says "revoked" when only the suspension list is blocked, and that revocation could not be checked when the revocation list is', async () => {
    await page.route('**/status/suspension-1.jwt', (route) => route.abort());
    try {
      expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(revoked.token))).toBe('revoked');
    } finally {
      await page.unroute('**/status/suspension-1.jwt');
    }
    await page.route('**/status/revocation-1.jwt', (route) => route.abort());
    try {
      expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(valid.token))).toBe('status-unknown');
      expect(await page.locator('#verify-result h2').textContent()).toBe('Signature genuine, but revocation could not be checked (the list could not be reached). Issued to Sample Recipient One');
      expect(await page.locator('#verify-result').textContent()).not.toContain('Genuine and current');
    } finally {
      await page.unroute('**/status/revocation-1.jwt');
    }
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
    expect(await page.locator('#verify-result').getAttribute('data-verdict')).toBe('recipient-mismatch');
    expect(await page.locator('#verify-result h2').textContent()).toBe('Genuine, but not issued to this email');
    expect(requests.filter((url) => url.includes('someone.else') || url.includes(encodeURIComponent('someone.else@')))).toEqual([]);
  });

  it('shows a published name as verified (it is signed into the credential), and no name otherwise', async () => {
    const recipient = () => page.locator('#verify-result dt:text-is("Recipient") + dd').textContent();
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(valid.token))).toBe('valid');
    expect(await recipient()).toBe('Sample Recipient One (verified: signed by the issuer)');
    const unnamed = all.find((s) => !s.name && !s.revoked)!;
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(unnamed.token))).toBe('valid');
    expect(await recipient()).toBe('A hashed email address: check it with the candidate’s email');
  });

  it('verifies the credential named in ?id= or ?url= on load', async () => {
    await page.goto(`${server.origin}/verify/?id=${valid.id}`);
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
    await page.goto(`${server.origin}/verify/?url=${encodeURIComponent(`${LOCAL_ORIGIN}/credentials/${revoked.id}.jwt`)}`);
    await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('revoked');
  });

  it('matches an email with an internationalised domain, however it is typed', async () => {
    // A credential of this site's (development) issuer for étudiante@université.ca, signed here with the build's key.
    const [h, p] = valid.token.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    const salt = '00112233445566778899aabbccddeeff';
    const hash = (form: string) => `sha256$${createHash('sha256').update(form + salt, 'utf8').digest('hex')}`;
    const key = createPrivateKey(await readFile(path.join(repo, '.badges-dev/signing-key.pem'), 'utf8'));
    const signFor = (identityHash: string) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify({ ...payload, credentialSubject: { ...payload.credentialSubject, identifier: [{ type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash, salt }] } })))
        .setProtectedHeader(header)
        .sign(key);
    const current = await signFor(hash(normaliseEmail('étudiante@université.ca')));
    const legacy = await signFor(hash('étudiante@université.ca'));
    for (const [token, typed] of [
      [current, 'Étudiante@Université.ca'],
      [current, 'étudiante@xn--universit-j4a.ca'],
      [legacy, 'étudiante@université.ca'],
      [legacy, 'étudiante@xn--universit-j4a.ca'],
    ] as const) {
      const verdict = await verdictFor(async () => {
        await page.getByLabel('Credential', { exact: true }).fill(token);
        await page.getByLabel('Recipient email').fill(typed);
      });
      expect(verdict, typed).toBe('valid');
      expect(await page.locator('li[data-check="recipient"]').getAttribute('data-status')).toBe('pass');
    }
    expect(
      await verdictFor(async () => {
        await page.getByLabel('Credential', { exact: true }).fill(current);
        await page.getByLabel('Recipient email').fill('etudiante@universite.ca');
      }),
    ).toBe('recipient-mismatch');
  });

  it('judges a token whose key is on another site without contacting that site', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const payload = JSON.parse(Buffer.from(valid.token.split('.')[1]!, 'base64url').toString('utf8'));
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'RS256', kid: 'https://tracker.example/keys/1.json', typ: 'JWT' })
      .sign(privateKey);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    // It names this site's issuer, and this site signs only with its own keys: a forgery.
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(token))).toBe('invalid');
    expect(await page.locator('li[data-check="key"]').getAttribute('data-code')).toBe('WARN_KEY_FOREIGN');
    expect(await page.locator('li[data-check="claims"]').getAttribute('data-code')).toBe('ERR_ISSUER_MISMATCH');
    // For an issuer of its own, this site cannot vouch either way.
    const own = { ...payload, issuer: { ...payload.issuer, id: 'https://tracker.example/issuer' }, iss: 'https://tracker.example/issuer' };
    const foreign = await new CompactSign(new TextEncoder().encode(JSON.stringify(own)))
      .setProtectedHeader({ alg: 'RS256', kid: 'https://tracker.example/keys/1.json', typ: 'JWT' })
      .sign(privateKey);
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(foreign))).toBe('unknown-issuer');
    expect(requests.filter((url) => !url.startsWith(`${server.origin}/`))).toEqual([]);
  });

  it('refuses a credential named by ?url= on another site without contacting it', async () => {
    const elsewhere = await serve(dist);
    const requests: string[] = [];
    const listen = (r: { url(): string }) => requests.push(r.url());
    page.on('request', listen);
    try {
      const url = `${elsewhere.origin}/credentials/${revoked.id}.jwt`;
      await page.goto(`${server.origin}/verify/?url=${encodeURIComponent(url)}`);
      await expect.poll(() => page.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('error');
      expect(await page.locator('li[data-check="input"]').getAttribute('data-code')).toBe('ERR_INPUT_FOREIGN_URL');
      expect(await page.locator('#verify-result .verdict-input').textContent()).toBe(`Checked: the credential at ${url} (named by the link you followed).`);
      expect(requests.filter((u) => u.startsWith(elsewhere.origin))).toEqual([]);
    } finally {
      page.off('request', listen);
      await elsewhere.close();
    }
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

  /** The verdict of the page as it stands once verification has finished. */
  async function settled(on: Page = page): Promise<string> {
    const result = on.locator('#verify-result');
    await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 10_000 }).not.toMatch(/^(none|pending)$/);
    return (await result.getAttribute('data-verdict'))!;
  }

  for (const [width, height] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    it(`opened from the certificate's link at ${width}x${height}, leads with the verdict and whose it is, in the first screen, focused`, async () => {
      const view = await browser.newPage({ viewport: { width, height } });
      view.on('pageerror', (e) => errors.push(e.message));
      try {
        const inView = async (selector: string) => {
          const box = (await view.locator(selector).boundingBox())!;
          expect(box, selector).not.toBeNull();
          return box.y >= 0 && box.y + box.height <= height && box.x >= 0 && box.x + box.width <= width;
        };
        await view.goto(`${server.origin}/verify/?id=${valid.id}`);
        expect(await settled(view)).toBe('valid');
        expect(await view.locator('#verify-result h2').textContent()).toBe('Genuine and current. Issued to Sample Recipient One');
        expect(await inView('#verify-result h2')).toBe(true);
        expect(await inView('#verify-result dt:text-is("Recipient") + dd')).toBe(true);
        expect(await inView('#verify-result dt:text-is("Achievement") + dd')).toBe(true);
        expect(await view.locator('#verify-result dt:text-is("Recipient") + dd').textContent()).toBe('Sample Recipient One (verified: signed by the issuer)');
        // Screen readers start at the verdict.
        expect(await view.evaluate(() => document.activeElement?.id)).toBe('verdict-title');
        // The form follows, under its own heading.
        const order = await view.evaluate(() => {
          const [result, another, form] = ['#verify-result', '#check-another', '.verify-form'].map((s) => document.querySelector(s)!);
          return [!!(result!.compareDocumentPosition(another!) & Node.DOCUMENT_POSITION_FOLLOWING), !!(another!.compareDocumentPosition(form!) & Node.DOCUMENT_POSITION_FOLLOWING)];
        });
        expect(order).toEqual([true, true]);
        expect(await view.getByRole('heading', { name: 'Check another credential' }).isVisible()).toBe(true);

        // A credential without a name says so, and offers the email check right there; its result replaces the prompt.
        const unnamed = all.find((s) => !s.name && !s.revoked)!;
        await view.goto(`${server.origin}/verify/?id=${unnamed.id}`);
        expect(await settled(view)).toBe('valid');
        expect(await view.locator('#verify-result h2').textContent()).toBe('Genuine and current. Issued to a hashed email address');
        expect(await inView('#verify-result h2')).toBe(true);
        const prompt = view.getByLabel('Enter the candidate’s email to confirm it is theirs');
        await prompt.fill('someone.else@example.org');
        await view.getByRole('button', { name: 'Check email' }).click();
        await expect.poll(() => view.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('recipient-mismatch');
        expect(await view.locator('#verify-result h2').textContent()).toBe('Genuine, but not issued to this email');
        await view.getByLabel('Enter the candidate’s email to confirm it is theirs').fill('Sample.Recipient.Two@example.org');
        await view.getByRole('button', { name: 'Check email' }).click();
        await expect.poll(() => view.locator('#verify-result').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('valid');
        expect(await view.locator('#verify-result h2').textContent()).toBe('Genuine and current. Issued to Sample.Recipient.Two@example.org');
        expect(await view.locator('#verify-result dt:text-is("Recipient") + dd').textContent()).toBe('Sample.Recipient.Two@example.org: the email you entered matches the one it was issued to');
        expect(await view.getByLabel('Enter the candidate’s email to confirm it is theirs').count()).toBe(0);
        expect(await view.evaluate(() => document.activeElement?.id)).toBe('verdict-title');
      } finally {
        await view.close();
      }
    });
  }

  it('says a made-up id of this site was never issued here, unlike a read error', async () => {
    const madeUp = '00000000-0000-4000-8000-000000000000';
    await page.goto(`${server.origin}/verify/?id=${madeUp}`);
    expect(await settled()).toBe('not-found');
    expect(await page.locator('#verify-result h2').textContent()).toBe('Not issued here');
    expect(await page.locator('#verify-result').textContent()).toContain('This site has no credential with this id: it was never issued here.');
    expect(await page.locator('li[data-check="input"]').getAttribute('data-code')).toBe('ERR_INPUT_NOT_FOUND');
    // The site not answering is not the same thing: that is a read error.
    await page.route(`**/credentials/${valid.id}.jwt`, (route) => route.abort());
    try {
      await page.goto(`${server.origin}/verify/?id=${valid.id}`);
      expect(await settled()).toBe('error');
      expect(await page.locator('li[data-check="input"]').getAttribute('data-code')).toBe('ERR_INPUT_FETCH');
    } finally {
      await page.unroute(`**/credentials/${valid.id}.jwt`);
    }
  });

  it('verifies every form a certificate prints or a mail client shows when pasted', async () => {
    for (const pasted of [
      `${LOCAL_ORIGIN}/verify/?id=${valid.id}`,
      valid.id,
      valid.id.toUpperCase(),
      `<${LOCAL_ORIGIN}/credentials/${valid.id}/>`,
      `"${LOCAL_ORIGIN}/credentials/${valid.id}.json".`,
      `(${LOCAL_ORIGIN}/verify/?id=${valid.id}).`,
      `“${LOCAL_ORIGIN}/credentials/${valid.id}/”,`,
    ]) {
      expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(pasted)), pasted).toBe('valid');
      expect(await page.locator('#verify-result h2').textContent(), pasted).toBe('Genuine and current. Issued to Sample Recipient One');
    }
    // A made-up id pasted is "not issued here" too; an address of this site that is no credential's says what to paste.
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill('00000000-0000-4000-8000-000000000000'))).toBe('not-found');
    expect(await verdictFor(() => page.getByLabel('Credential', { exact: true }).fill(`${LOCAL_ORIGIN}/verify/`))).toBe('error');
    expect(await page.locator('li[data-check="input"]').textContent()).toContain('paste the credential’s link');
  });

  it('dates the revoked sample credential, and shows no reason its award keeps private', async () => {
    const requests: string[] = [];
    const listen = (r: { url(): string }) => requests.push(r.url());
    page.on('request', listen);
    try {
      await page.goto(`${server.origin}/verify/?id=${revoked.id}`);
      expect(await settled()).toBe('revoked');
      await expect.poll(() => page.locator('#verify-result .verdict-revoked').textContent()).toBe('Revoked on June 1, 2022.');
      expect(await page.locator('#verify-result dt:text-is("Revoked on") + dd').textContent()).toBe('June 1, 2022');
      expect(await page.locator('#verify-result dt:text-is("Valid until")').count()).toBe(0);
      expect(await page.locator('#verify-result').textContent()).not.toContain('Sample: shows how');
      expect(requests.some((u) => u.endsWith(`/credentials/${revoked.id}/revocation.json`))).toBe(true);
      // A credential that stands asks for no revocation file; nothing but this site is contacted.
      requests.length = 0;
      await page.goto(`${server.origin}/verify/?id=${valid.id}`);
      expect(await settled()).toBe('valid');
      expect(requests.filter((u) => u.includes('revocation.json'))).toEqual([]);
      expect(requests.filter((u) => !u.startsWith(`${server.origin}/`))).toEqual([]);
    } finally {
      page.off('request', listen);
    }
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
      // The keys are pinned, so the signature checks; the live lists cannot be read from here, so it never says "current".
      await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('status-unknown');
      expect(await page.locator('li[data-check="key"]').getAttribute('data-status')).toBe('pass');
      expect(await page.locator('li[data-check="status"]').getAttribute('data-status')).toBe('warn');
      expect(await page.locator('#verify-result h2').textContent()).toMatch(/^Signature genuine, but revocation could not be checked/);
      // The revoked sample, too: never "Genuine and current".
      const revokedToken = (await samples()).find((s) => s.revoked)!.token;
      await page.getByLabel('Credential', { exact: true }).fill(revokedToken);
      await page.getByRole('button', { name: 'Verify' }).click();
      await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 10_000 }).toBe('status-unknown');
      expect(await result.textContent()).not.toContain('Genuine and current');
      // The credential JSON too, by its Data Integrity proof, with the pinned keys and contexts in the file.
      const unrevoked = (await samples()).find((s) => !s.revoked)!;
      await page.getByLabel('Credential', { exact: true }).fill(await readFile(path.join(dist, 'credentials', `${unrevoked.id}.json`), 'utf8'));
      await page.getByRole('button', { name: 'Verify' }).click();
      await expect.poll(() => result.getAttribute('data-verdict'), { timeout: 15_000 }).toBe('status-unknown');
      expect(await page.locator('li[data-check="signature"]').getAttribute('data-status')).toBe('pass');
      expect(await page.locator('li[data-check="input"]').getAttribute('data-code')).toBe('OK_EMBEDDED_PROOF');
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

  it('gives the same verdicts as the page, with an exit code for each, and says what it verified', async () => {
    const all = await samples();
    const good = all.find((s) => s.name === 'Sample Recipient One')!;
    const unnamed = all.find((s) => !s.revoked && !s.name)!;
    const bad = all.find((s) => s.revoked)!;
    const from = ['--site', LOCAL_ORIGIN, '--from', server.origin, '--allow-local'];
    const ok = await cli(path.join(dist, 'credentials', `${good.id}.jwt`), ...from, '--json');
    expect(ok.status, ok.stderr).toBe(0);
    const json = JSON.parse(ok.stdout);
    expect([json.verdict, json.exitCode, json.headline, json.checks.length]).toEqual(['valid', 0, 'Genuine and current', 10]);
    // The credential JSON, by its own proof.
    const asJson = await cli(path.join(dist, 'credentials', `${good.id}.json`), ...from, '--json');
    expect(asJson.status, asJson.stderr).toBe(0);
    expect(JSON.parse(asJson.stdout).checks[0].code).toBe('OK_EMBEDDED_PROOF');
    const gone = await cli(`${LOCAL_ORIGIN}/credentials/${bad.id}/`, ...from);
    expect(gone.status, gone.stderr).toBe(4);
    expect(gone.stdout).toMatch(/^REVOKED \(revoked\)/);
    expect(gone.stdout).toMatch(/Achievement +Innovation Skills Micro-credential/);
    expect(gone.stdout).toMatch(/Issuer +City of Kingston/);
    expect(gone.stdout).toMatch(/Issued +20\d\d-/);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mic-cli-'));
    await writeFile(path.join(dir, 'badge.png'), bakePng(tinyPng(), 'openbadgecredential', good.token));
    const matched = await cli(path.join(dir, 'badge.png'), ...from, '--email', 'sample.recipient.one@example.org');
    expect(matched.status, matched.stdout).toBe(0);
    expect(matched.stdout).toContain('Recipient    Sample Recipient One (name signed into the credential by the issuer)');
    const holder = await cli(path.join(dist, 'credentials', `${unnamed.id}.jwt`), ...from, '--email', 'Sample.Recipient.Two@Example.org');
    expect(holder.stdout).toContain('Recipient    the holder of Sample.Recipient.Two@Example.org');
    expect((await cli(path.join(dir, 'badge.png'), ...from, '--email', 'someone.else@example.org')).status).toBe(8);
    await writeFile(path.join(dir, 'junk.txt'), 'not a badge');
    expect((await cli(path.join(dir, 'junk.txt'), ...from)).status).toBe(2);
    // Pinned keys and no reachable site: the signature checks, revocation cannot be: status unknown, exit 9.
    await writeFile(path.join(dir, 'jwks.json'), await readFile(path.join(dist, '.well-known/jwks.json')));
    const pinned = await cli(path.join(dir, 'badge.png'), '--site', LOCAL_ORIGIN, '--from', 'http://127.0.0.1:9', '--allow-local', '--jwks', path.join(dir, 'jwks.json'));
    expect(pinned.status, pinned.stdout).toBe(9);
    expect(pinned.stdout).toMatch(/^SIGNATURE GENUINE, BUT REVOCATION COULD NOT BE CHECKED/);
    await rm(dir, { recursive: true, force: true });
  });

  it('needs --site, and contacts no http or local address unless told', async () => {
    const token = path.join(dist, 'credentials', `${(await samples())[0]!.id}.jwt`);
    const noSite = await cli(token);
    expect(noSite.status).toBe(2);
    expect(noSite.stderr).toContain('Say which site the credential should come from: --site https://… (or set SITE_URL).');
    const http = await cli(token, '--site', LOCAL_ORIGIN);
    expect(http.status).toBe(2);
    expect(http.stderr).toContain(`Not contacting the site: ${LOCAL_ORIGIN} is not https. Use --allow-local`);
    const internal = await cli(token, '--site', 'https://10.0.0.8');
    expect(internal.status).toBe(2);
    expect(internal.stderr).toContain('10.0.0.8 is a private or local address.');
    const help = await cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 valid, 1 invalid, 2 unreadable input or bad usage, 3 unknown issuer, 4 revoked');
  });
});
