// One email normalisation (internationalised domains included) shared by the import tool, the CMS
// widget and the verifier; and the CLI's rule for which addresses it may contact.
import { describe, expect, it } from 'vitest';
import { identityFor } from '../../cms/widgets/hashed-email.ts';
import { createHash } from 'node:crypto';
import { hashEmail, importAwards } from '../../src/lib/awards/award-import.ts';
import { isNonPublicIp, publicAddressProblem } from '../../src/lib/cli/public-address-fs.ts';
import { recipientStep } from '../../src/lib/verify/steps/recipient.ts';
import { emailForms, normaliseEmail } from '../../src/schemas/email.ts';

const salt = '0123456789abcdef0123456789abcdef';
const credential = (identityHash: string) => ({ credentialSubject: { identifier: [{ type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash, salt }] } });

describe('email normalisation', () => {
  it('trims, lower-cases and writes an internationalised domain in its ASCII form', () => {
    expect(normaliseEmail('  Étudiante@Université.CA ')).toBe('étudiante@xn--universit-j4a.ca');
    expect(normaliseEmail('étudiante@xn--universit-j4a.ca')).toBe('étudiante@xn--universit-j4a.ca');
    expect(normaliseEmail('Pat.Sample@Example.org')).toBe('pat.sample@example.org');
    // Decomposed é (e + U+0301) is the same address as the composed one.
    expect(normaliseEmail('e\u0301tudiante@example.org')).toBe('étudiante@example.org');
    expect(normaliseEmail('not an address')).toBe('not an address');
    expect(emailForms('étudiante@université.ca')).toEqual(['étudiante@xn--universit-j4a.ca', 'étudiante@université.ca']);
    // Typed in the ASCII form (as a browser's email field gives it), the Unicode form is tried too.
    expect(emailForms('étudiante@XN--UNIVERSIT-J4A.ca')).toEqual(['étudiante@xn--universit-j4a.ca', 'étudiante@université.ca']);
    expect(emailForms('a@xn--e1afmkfd.xn--p1ai')).toEqual(['a@xn--e1afmkfd.xn--p1ai', 'a@пример.рф']);
  });

  it('gives the same hash in the import tool, the CMS widget and the verifier, however the domain is typed', async () => {
    const imported = hashEmail('Étudiante@Université.ca', salt);
    expect((await identityFor('étudiante@xn--universit-j4a.ca', salt)).identityHash).toBe(imported);
    for (const typed of ['étudiante@université.ca', 'ÉTUDIANTE@XN--UNIVERSIT-J4A.CA', ' étudiante@Université.ca ']) {
      expect((await recipientStep(credential(imported), typed)).code, typed).toBe('OK');
    }
    expect((await recipientStep(credential(imported), 'etudiante@universite.ca')).code).toBe('ERR_RECIPIENT_MISMATCH');
  });

  it('still matches hashes made from the Unicode domain before it was normalised, typed either way', async () => {
    const legacy = `sha256$${createHash('sha256').update(`étudiante@université.ca${salt}`, 'utf8').digest('hex')}`;
    for (const typed of ['étudiante@université.ca', 'étudiante@xn--universit-j4a.ca']) expect((await recipientStep(credential(legacy), typed)).code, typed).toBe('OK');
  });

  it('recognises a learner whose award was hashed from the Unicode domain before it was normalised, so a re-import adds no duplicate', () => {
    const legacy = `sha256$${createHash('sha256').update(`étudiante@université.ca${salt}`, 'utf8').digest('hex')}`;
    const award = { credentialId: '0f8fad5b-d9cb-469f-a165-70867728950e', achievement: 'innovation-skills', revoked: false, suspended: false, identifier: [{ type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: legacy, salt }] };
    const result = importAwards('name,email,completed_on\nÉtudiante Dupont,Étudiante@Université.ca,2022-03-04\n', {
      achievement: 'innovation-skills',
      achievements: ['innovation-skills'],
      existing: [{ file: 'content/awards/old.yaml', award: award as never }],
      takenIndexes: new Set(),
    });
    expect([result.alreadyHolding.length, result.rows.length]).toEqual([1, 0]);
  });
});

describe('addresses the CLI may contact', () => {
  it('tells public from private and local IP addresses', () => {
    for (const ip of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', 'fec0::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '::ffff:0:7f00:1', '64:ff9b::a00:1']) {
      expect(isNonPublicIp(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '142.250.80.46', '2606:4700:4700::1111']) expect(isNonPublicIp(ip), ip).toBe(false);
  });

  it('refuses http, localhost, private IPs and names that resolve to them', async () => {
    const resolve = (async (host: string) => [{ address: host === 'intranet.example' ? '10.0.0.5' : '93.184.216.34', family: 4 }]) as never;
    expect(await publicAddressProblem('http://badges.example.org/', resolve)).toBe('http://badges.example.org/ is not https.');
    expect(await publicAddressProblem('https://localhost:4321/', resolve)).toBe('localhost:4321 is this machine.');
    expect(await publicAddressProblem('https://192.168.0.10/', resolve)).toBe('192.168.0.10 is a private or local address.');
    expect(await publicAddressProblem('https://intranet.example/x.jwt', resolve)).toBe('intranet.example is a private or local address (10.0.0.5).');
    expect(await publicAddressProblem('https://badges.example.org/x.jwt', resolve)).toBeUndefined();
  });
});

describe('fetches of the verifier', () => {
  it('never follow a redirect, which could lead to another host', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/moved' ? 302 : 200, req.url === '/moved' ? { location: 'http://127.0.0.1:9/secret' } : {});
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const { fetchCapped } = await import('../../src/lib/verify/net.ts');
      expect(new TextDecoder().decode(await fetchCapped(fetch, `http://127.0.0.1:${port}/file`, 2_000, 1_000))).toBe('ok');
      await expect(fetchCapped(fetch, `http://127.0.0.1:${port}/moved`, 2_000, 1_000)).rejects.toMatchObject({ code: 'ERR_NETWORK' });
      // A caller's fetch that follows redirects anyway is refused too, once it shows it was redirected.
      const following = (url: string, init?: { signal?: AbortSignal }) => fetch(url, { ...init, redirect: 'follow' });
      server.removeAllListeners('request');
      server.on('request', (req, res) => {
        res.writeHead(req.url === '/moved' ? 302 : 200, req.url === '/moved' ? { location: '/file' } : {});
        res.end('ok');
      });
      await expect(fetchCapped(following, `http://127.0.0.1:${port}/moved`, 2_000, 1_000)).rejects.toMatchObject({ code: 'ERR_NETWORK', message: expect.stringContaining('redirected') });
    } finally {
      server.close();
    }
  });
});
