// The built site's two kinds of policy agree: each page's <meta> Content-Security-Policy and what
// _headers sends it (hosts that read the file: Netlify, Cloudflare Pages), both generated from
// src/lib/security/policies.ts. Every check also runs on a doctored page or headers file, to show it fails.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { HEADERS_FILE } from '../../src/lib/security/policies.ts';
import { LOCAL_ORIGIN } from '../support/build.ts';
import { fileTypeProblem, headersFor, pageProblems, parseHostHeaders, patternMatches, type ParsedRule } from '../support/host-headers.ts';

const dist = inject('builtSite');

async function builtFiles(): Promise<string[]> {
  const entries = await readdir(dist, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dist, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}
const read = (relative: string) => readFile(path.join(dist, relative), 'utf8');
const rulesOf = (text: string) => parseHostHeaders(text);
const check = (relative: string, html: string, rules: ParsedRule[]) => pageProblems({ relative, html, rules, siteOrigin: LOCAL_ORIGIN });

describe('the _headers grammar', () => {
  it('reads path patterns, indented headers and comments, and matches splats across slashes', () => {
    const rules = rulesOf('# a comment\n/*\n  X-One: 1\n\n/credentials/*.jwt\n  Content-Type: text/plain\n  # inside\n  X-Two: a: b\n');
    expect(rules).toEqual([
      { path: '/*', line: 2, headers: [{ name: 'X-One', value: '1', line: 3 }] },
      { path: '/credentials/*.jwt', line: 5, headers: [{ name: 'Content-Type', value: 'text/plain', line: 6 }, { name: 'X-Two', value: 'a: b', line: 8 }] },
    ]);
    expect(headersFor(rules, '/credentials/x.jwt').map((h) => h.name)).toEqual(['X-One', 'Content-Type', 'X-Two']);
    expect(patternMatches('/a/*', '/a/b/c.svg')).toBe(true);
    expect(patternMatches('/a/*.jwt', '/a/b.json')).toBe(false);
    expect(patternMatches('/favicon.svg', '/favicon.svg')).toBe(true);
    expect(patternMatches('/favicon.svg', '/favicon.svg.bak')).toBe(false);
  });

  it('refuses anything else, naming the line', () => {
    expect(() => rulesOf('/*\n  X-One: 1\nfavicon.svg\n  X-Two: 2\n')).toThrow('_headers line 3: "favicon.svg" is neither a path pattern');
    expect(() => rulesOf('  X-One: 1\n/*\n  X-Two: 2\n')).toThrow('_headers line 1: a header line comes before any path pattern.');
    expect(() => rulesOf('/*\n  not a header\n')).toThrow('_headers line 2: "not a header" is not a "Name: value" header line.');
    expect(() => rulesOf('/*\n  ! X-One\n')).toThrow('_headers line 2');
    expect(() => rulesOf('/a\n/b\n  X: 1\n')).toThrow('_headers line 1: the path pattern "/a" has no headers under it.');
    expect(() => rulesOf('/*\n  X: 1\n/:name/x\n  Y: 2\n')).toThrow('_headers line 3: the path pattern "/:name/x" uses a :placeholder');
    expect(() => rulesOf('/*\n  X-Empty:\n')).toThrow('_headers line 2: the header X-Empty has no value.');
    // Old Mac line endings would be one line to a host; a query is never matched; a no-break space is not indentation.
    expect(() => rulesOf('/*\r  X: 1\r')).toThrow('_headers line 1: a carriage return without a line feed');
    expect(() => rulesOf('/*\n  X: 1\n/verify/?id=1\n  Y: 2\n')).toThrow('_headers line 3: the path pattern "/verify/?id=1" holds a query or fragment');
    expect(() => rulesOf('/*\n\u00a0 X: 1\n')).toThrow('_headers line 2: a character outside printable ASCII');
  });
});

describe('the built _headers and pages', () => {
  it('publish the file src/lib/security/policies.ts generates, and it parses', async () => {
    const text = await read('_headers');
    expect(text).toBe(HEADERS_FILE);
    const rules = rulesOf(text);
    expect(headersFor(rules, '/verify/').map((h) => `${h.name}: ${h.value}`)).toContain("Content-Security-Policy: frame-ancestors 'none'");
  });

  it('every HTML page opens with its <meta> policy, one of security/policies.ts, and shares no directive with its header policy', async () => {
    const rules = rulesOf(await read('_headers'));
    const pages = (await builtFiles()).filter((f) => f.endsWith('.html'));
    // The kinds of page that must be among them (the checks below run on every one).
    expect(pages).toEqual(expect.arrayContaining(['index.html', '404.html', 'admin/index.html', 'verify/index.html', 'verify/offline.html']));
    expect(pages.some((p) => p.startsWith('credentials/'))).toBe(true);
    const problems: string[] = [];
    for (const page of pages) problems.push(...check(page, await read(page), rules));
    expect(problems).toEqual([]);
  });

  it('every file a Content-Type rule matches is of that type', async () => {
    const rules = rulesOf(await read('_headers'));
    const files = await builtFiles();
    const typed = files.filter((f) => headersFor(rules, `/${f}`).some((h) => h.name === 'Content-Type'));
    // JWTs, JSON credentials, status lists (both forms), keys, the DID document and JWKS, the issuer, SVG credentials.
    for (const sample of ['issuer.json', '.well-known/jwks.json', 'status/revocation-1.jwt', 'status/revocation-1.json']) expect(typed).toContain(sample);
    expect(typed.some((f) => f.endsWith('.svg'))).toBe(true);
    const problems: string[] = [];
    for (const file of files) {
      const problem = fileTypeProblem({ relative: file, bytes: await readFile(path.join(dist, file)), rules });
      if (problem) problems.push(problem);
    }
    expect(problems).toEqual([]);
  });
});

describe('each check fails on a doctored page or file', () => {
  const headerRules = rulesOf(HEADERS_FILE);
  const verifyPage = () => read('verify/index.html');
  const META = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/;

  it('(a) a page with no <meta> policy', async () => {
    const html = (await verifyPage()).replace(META, '');
    expect(check('verify/index.html', html, headerRules)).toEqual(expect.arrayContaining([expect.stringContaining('(a) no <meta http-equiv="Content-Security-Policy">')]));
  });

  it('(a) a script or stylesheet ahead of the <meta> policy', async () => {
    for (const early of ['<script src="/x.js"></script>', '<link rel="stylesheet" href="/x.css">']) {
      const html = (await verifyPage()).replace('<meta charset="utf-8">', `<meta charset="utf-8">${early}`);
      expect(check('verify/index.html', html, headerRules)).toEqual([expect.stringContaining('(a) the <meta> policy is not the first element after <meta charset>')]);
    }
    const before = (await verifyPage()).replace('<head>', '<script src="/x.js"></script><head>');
    expect(check('verify/index.html', before, headerRules).join('\n')).toMatch(/something comes before <head>|<head> does not open with <meta charset>/);
  });

  it('(a) a policy security/policies.ts does not generate: loosened, the development one, or a stale hash in the offline file', async () => {
    const loosened = (await verifyPage()).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    expect(check('verify/index.html', loosened, headerRules)).toEqual([expect.stringContaining('(a) its <meta> policy is none that src/lib/security/policies.ts generates')]);
    const dev = (await verifyPage()).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    expect(check('verify/index.html', dev, headerRules)).toEqual([expect.stringContaining('(a) its <meta> policy is none')]);
    const offline = await read('verify/offline.html');
    expect(check('verify/offline.html', offline, headerRules)).toEqual([]);
    const changed = offline.replace('window.__MIC_PINNED_JWKS__=', 'window.__MIC_PINNED_JWKS__=window.__MIC_PINNED_JWKS__||');
    expect(changed).not.toBe(offline);
    expect(check('verify/offline.html', changed, headerRules)).toEqual([expect.stringContaining('(a) its <meta> policy is none')]);
  });

  it('(b) a directive both in the header and the <meta> policy, and (d) a header directive that belongs in the page', async () => {
    const doctored = rulesOf(HEADERS_FILE.replace("Content-Security-Policy: frame-ancestors 'none'", "Content-Security-Policy: frame-ancestors 'none'; script-src 'self'"));
    const problems = check('verify/index.html', await verifyPage(), doctored);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('(b) script-src is both in its <meta> policy and in the header _headers line 5 sends /verify/')]));
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('(d) the header policy of _headers line 5 holds script-src')]));
    const alone = rulesOf(HEADERS_FILE.replace("frame-ancestors 'none'", "frame-ancestors 'none'; upgrade-insecure-requests"));
    expect(check('verify/index.html', await verifyPage(), alone)).toEqual([
      expect.stringContaining('(d) the header policy of _headers line 5 holds upgrade-insecure-requests'),
      expect.stringContaining('(d) the header policy of _headers line 5 holds upgrade-insecure-requests'),
    ]);
  });

  it('(c) a directive browsers ignore in <meta>', async () => {
    for (const directive of ["frame-ancestors 'none'", 'sandbox', 'report-uri /r']) {
      const html = (await verifyPage()).replace(META, (meta) => meta.replace(/content="([^"]*)"/, (_m, policy: string) => `content="${policy}; ${directive}"`));
      const problems = check('verify/index.html', html, headerRules);
      expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(`(c) its <meta> policy holds ${directive.split(' ')[0]}`)]));
    }
  });

  it('(d) a page the header sends no policy (no frame-ancestors)', async () => {
    const without = rulesOf(HEADERS_FILE.replace("  Content-Security-Policy: frame-ancestors 'none'\n", ''));
    expect(check('verify/index.html', await verifyPage(), without)).toEqual(expect.arrayContaining([
      expect.stringContaining('(d) _headers sends /verify/ no Content-Security-Policy'),
      expect.stringContaining('(d) _headers sends /verify/index.html no Content-Security-Policy'),
    ]));
  });

  it("(d) a header policy without frame-ancestors 'none', or with another value", async () => {
    for (const [replacement, expected] of [
      ['report-uri /csp', "holds frame-ancestors 'none': any site could frame it"],
      ['frame-ancestors *', "sends /verify/ frame-ancestors *; it must be 'none'"],
      ['sandbox allow-scripts', "holds frame-ancestors 'none': any site could frame it"],
    ] as const) {
      const rules = rulesOf(HEADERS_FILE.replace("Content-Security-Policy: frame-ancestors 'none'", `Content-Security-Policy: ${replacement}`));
      expect(check('verify/index.html', await verifyPage(), rules).join('\n'), replacement).toContain(expected);
    }
  });

  it('(a) a script before <html> or before the doctype (a browser runs it ahead of the policy)', async () => {
    for (const html of [(await verifyPage()).replace('<html', '<script>window.__ran=1</script><html'), `<script>window.__ran=1</script>${await verifyPage()}`]) {
      expect(check('verify/index.html', html, headerRules).join('\n')).toMatch(/something comes before <html>|something comes before <head>|<head> does not open/);
    }
  });

  it("(a) the CMS's or the offline verifier's looser policy on any other page", async () => {
    const { ADMIN_CSP } = await import('../../src/lib/security/policies.ts');
    const offlinePolicy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(await read('verify/offline.html'))![1]!;
    for (const policy of [ADMIN_CSP, offlinePolicy.replaceAll('&#39;', "'")]) {
      const html = (await read('index.html')).replace(META, `<meta http-equiv="Content-Security-Policy" content="${policy}">`);
      expect(check('index.html', html, headerRules).join('\n')).toContain('(a) its <meta> policy is none that src/lib/security/policies.ts generates');
    }
  });

  it('file types: JSON that does not parse, a .jwt that is no JWS, an SVG that is not one, a type its name contradicts, two types', async () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const jwt = await read((await builtFiles()).find((f) => /^credentials\/[^/]+\.jwt$/.test(f))!);
    expect(fileTypeProblem({ relative: 'credentials/a.jwt', bytes: bytes(jwt), rules: headerRules })).toBeUndefined();
    expect(fileTypeProblem({ relative: 'credentials/a.jwt', bytes: bytes('{"not": "a token"}'), rules: headerRules })).toMatch(/not a compact JWS/);
    expect(fileTypeProblem({ relative: 'credentials/a.jwt', bytes: bytes('e30.e30.'), rules: headerRules })).toMatch(/not a compact JWS \(its header names no alg\)/);
    expect(fileTypeProblem({ relative: 'issuer.json', bytes: bytes('{"id": '), rules: headerRules })).toMatch(/does not parse as JSON/);
    expect(fileTypeProblem({ relative: 'issuer.json', bytes: new Uint8Array([0x7b, 0xff, 0x7d]), rules: headerRules })).toMatch(/not UTF-8 text/);
    expect(fileTypeProblem({ relative: 'credentials/a.svg', bytes: bytes('<html xmlns="http://www.w3.org/1999/xhtml"/>'), rules: headerRules })).toMatch(/no <svg> root/);
    expect(fileTypeProblem({ relative: 'credentials/a.svg', bytes: bytes('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'), rules: headerRules })).toMatch(/not well-formed XML/);
    // What the file said before: every status list as text, the JSON ones too.
    const old = rulesOf(HEADERS_FILE.replace('/status/*.jwt', '/status/*'));
    expect(fileTypeProblem({ relative: 'status/revocation-1.json', bytes: bytes('{}'), rules: old })).toMatch(/two|2 Content-Types|served as text\/plain, but a \.json file is application\/json/);
    const twice = rulesOf(`${HEADERS_FILE}/issuer.json\n  Content-Type: text/plain\n`);
    expect(fileTypeProblem({ relative: 'issuer.json', bytes: bytes('{}'), rules: twice })).toMatch(/2 Content-Types/);
  });
});
