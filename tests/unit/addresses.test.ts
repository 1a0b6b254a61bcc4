// The badge system's addresses are defined once, in src/lib/ob3/urls.ts: no other file in src/ or
// cms/ spells one out, and the table is consistent with itself and with the reserved page names.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BADGE_FOLDERS, badgeHref, badgePaths, badgeUrls } from '../../src/lib/ob3/urls.ts';
import { RESERVED_PAGE_IDS } from '../../src/schemas/page.ts';
import { repo } from '../support/build.ts';

const TABLE = 'src/lib/ob3/urls.ts';

/**
 * A badge path in a piece of code text: a folder of the badge system at the start of a path
 * ("/keys/…", "keys/…", "${origin}/keys/…", but not "content/keys/…"), the .well-known files, the
 * issuer profile or the offline file, or the bare folder name "credentials".
 */
const BADGE_PATH = /(?:^|[^\w./-])\/?(?:credentials|keys|status)\/|\.well-known\/|\bissuer\.json\b|\boffline\.html\b|^credentials$/;

/** Every string and template-literal piece in TypeScript source (comments are not code, so they are skipped). */
function codeStrings(source: string, fileName: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) out.push(node.text);
    else if (ts.isJsxText(node)) out.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/**
 * The code of an .astro file: its front matter and <script> blocks as TypeScript strings, and its
 * markup (attributes, text and {expressions}) with HTML and JS comments removed.
 */
function astroCode(source: string, fileName: string): string[] {
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source);
  let markup = frontMatter ? source.slice(frontMatter[0].length) : source;
  const scripts: string[] = [];
  markup = markup.replace(/<script\b[^>]*>([\s\S]*?)<\/script>/g, (_m, code: string) => {
    scripts.push(code);
    return '';
  });
  markup = markup.replace(/<!--[\s\S]*?-->/g, '').replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
  return [
    ...codeStrings(frontMatter?.[1] ?? '', `${fileName}.ts`),
    ...scripts.flatMap((code) => codeStrings(code, `${fileName}.script.ts`)),
    // Markup is scanned as text, line by line, with its {expressions} parsed as code too.
    ...markup.split('\n'),
  ];
}

/** Badge paths spelled out in one file, as "file: text". */
export function badgePathLiterals(relative: string, source: string): string[] {
  const pieces = relative.endsWith('.astro') ? astroCode(source, relative) : codeStrings(source, relative);
  return pieces.filter((piece) => BADGE_PATH.test(piece)).map((piece) => `${relative}: ${JSON.stringify(piece.trim().slice(0, 120))}`);
}

describe('the badge address table', () => {
  it('is the only place in src/, cms/ and astro.config.mjs that spells out a badge path', async () => {
    const files = (await glob(['src/**/*.{ts,tsx,mjs,astro}', 'cms/**/*.{ts,tsx,mjs}', 'astro.config.mjs'], { cwd: repo })).sort();
    expect(files.length).toBeGreaterThan(50);
    // RESERVED_PAGE_IDS lists the table's folders by name, checked against the table below.
    const allowed = new Set([TABLE, 'src/schemas/page.ts']);
    const found = files.filter((f) => !allowed.has(f)).flatMap((f) => badgePathLiterals(f, readFileSync(path.join(repo, f), 'utf8')));
    expect(found, 'Use badgePaths / badgeUrls / badgeHref from src/lib/ob3/urls.ts instead').toEqual([]);
  });

  it('the scan finds a path however it is spelled, and ignores comments and content folders', () => {
    const hits = (code: string, file = 'src/x.ts') => badgePathLiterals(file, code).length;
    expect(hits("const a = '/status/revocation-1.jwt';")).toBe(1);
    expect(hits('const a = `${origin}/keys/${name}.json`;')).toBe(1);
    expect(hits("files.set('keys/' + name, body);")).toBe(1);
    expect(hits("path.join(out, 'credentials', id);")).toBe(1);
    expect(hits("fetch(site + '/.well-known/jwks.json');")).toBe(1);
    expect(hits("const u = 'https://x.example/issuer.json';")).toBe(1);
    expect(hits('---\nconst a = 1;\n---\n<a href="/verify/offline.html">x</a>', 'src/pages/x.astro')).toBe(1);
    expect(hits('---\n---\n<script>\n  fetch(`/credentials/${id}.jwt`);\n</script>', 'src/pages/x.astro')).toBe(1);
    expect(hits('<img src={`/credentials/${id}.png`} />', 'src/pages/x.astro')).toBe(1);
    expect(hits('// served at /keys/<name>.json\n/** see /status/ */\nconst folder = "content/keys";')).toBe(0);
    expect(hits('---\n---\n<!-- /keys/a.json -->{/* /status/x */}<p>Status</p>', 'src/pages/x.astro')).toBe(0);
  });

  it('gives the same address as a path, a link and a URL', () => {
    const origin = 'https://badges.example.org';
    const urls = badgeUrls(origin);
    const id = '2c1d7a8e-0000-4000-8000-000000000001';
    const pairs: [string, string][] = [
      [urls.issuer, badgePaths.issuer],
      [urls.credentialJwt(id), badgePaths.credentialJwt(id)],
      [urls.credentialJson(id), badgePaths.credentialJson(id)],
      [urls.credentialPng(id), badgePaths.credentialPng(id)],
      [urls.credentialSvg(id), badgePaths.credentialSvg(id)],
      [urls.credentialPage(id), badgePaths.credentialPage(id)],
      [urls.card('innovation-skills'), badgePaths.card('innovation-skills')],
      [urls.key('2026-11-a'), badgePaths.key('2026-11-a')],
      [urls.statusList('revocation'), badgePaths.statusList('revocation')],
      [urls.statusList('suspension'), badgePaths.statusList('suspension')],
      [urls.jwks, badgePaths.jwks],
      [urls.didDocument, badgePaths.didDocument],
      [urls.verifyPage, badgePaths.verifyPage],
      [urls.offlineVerifier, badgePaths.offlineVerifier],
      [urls.achievement('innovation-skills'), badgePaths.achievement('innovation-skills')],
    ];
    for (const [url, relative] of pairs) {
      expect(url).toBe(`${origin}${badgeHref(relative)}`);
    }
    expect(urls.statusList('revocation').startsWith(urls.statusFolder)).toBe(true);
    expect(urls.credentialJwt(id).startsWith(urls.credentialsFolder)).toBe(true);
    // The addresses signed into credentials issued so far: changing one breaks every credential out there.
    expect(urls.statusList('revocation')).toBe('https://badges.example.org/status/revocation-1.jwt');
    expect(urls.key('2026-11-a')).toBe('https://badges.example.org/keys/2026-11-a.json');
    expect(urls.credentialJson(id)).toBe(`https://badges.example.org/credentials/${id}.json`);
    expect(urls.issuer).toBe('https://badges.example.org/issuer.json');
    expect(badgeUrls('http://localhost:4321').did).toBe('did:web:localhost%3A4321');
  });

  it('keeps every folder of the badge system out of reach of content pages', () => {
    const pageNames = BADGE_FOLDERS.filter((folder) => /^[a-z0-9-]+$/.test(folder));
    expect(pageNames.length).toBe(BADGE_FOLDERS.length - 1); // .well-known cannot be a page's file name anyway
    for (const folder of [...pageNames, badgePaths.verifyPage.replace(/\/$/, '')]) expect(RESERVED_PAGE_IDS, folder).toContain(folder);
  });
});
