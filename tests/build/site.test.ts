// Reads the site built once by tests/global-setup.ts, as `npm run build` builds it, and checks what a
// visitor, a crawler and a feed reader get from dist/: every page, working internal links, meta,
// structured data, RSS, sitemap and the search index.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { parse, type HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_ORIGIN } from '../support/build.ts';

const RELEASE = '/news/2022-01-25-mayors-innovation-challenge-adds-micro-credentials/';
const EXPECTED_PAGES = [
  '/',
  '/challenge/',
  '/challenge/2022/',
  '/winners/',
  '/news/',
  '/news/category/releases/',
  RELEASE,
  '/micro-credentials/',
  '/micro-credentials/innovation-skills/',
  '/about-micro-credentials/',
  '/accessibility/',
  '/search/',
  '/verify/',
  '/sitemap/',
];

const dist = inject('builtSite');
// Built without SITE_URL, as on a fresh clone.
const site = LOCAL_ORIGIN;
const pages = new Map<string, HTMLElement>();

/** The file a URL path is served from, or undefined. */
function fileFor(urlPath: string): string | undefined {
  const clean = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '/');
  const candidates = clean.endsWith('/') ? [`${clean}index.html`] : [clean, `${clean}.html`, `${clean}/index.html`];
  return candidates.map((c) => path.join(dist, c)).find((f) => existsSync(f) && statSync(f).isFile());
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.html') && !e.parentPath.includes(`${path.sep}pagefind`))
    .map((e) => path.join(e.parentPath, e.name));
}

/** /admin/ is the staff CMS, not a public page: it has its own rules (tests/build/cms.test.ts). */
const isAdmin = (urlPath: string) => urlPath.startsWith('/admin/');

function urlPathOf(file: string): string {
  const rel = path.relative(dist, file).split(path.sep).join('/');
  if (rel === '404.html') return '/404.html';
  return `/${rel.replace(/index\.html$/, '')}`;
}

beforeAll(async () => {
  for (const file of await htmlFiles(dist)) {
    if (!isAdmin(urlPathOf(file))) pages.set(urlPathOf(file), parse(await readFile(file, 'utf8')));
  }
});

describe('the built site', () => {
  it('has every page of the site, the 404, robots.txt, RSS, sitemap and the search bundle', () => {
    for (const page of EXPECTED_PAGES) expect(fileFor(page), page).toBeDefined();
    for (const file of ['404.html', 'robots.txt', 'news/rss.xml', 'sitemap-index.xml', 'pagefind/pagefind.js', 'pagefind/pagefind-entry.json']) {
      expect(existsSync(path.join(dist, file)), file).toBe(true);
    }
  });

  it('gives every page a language, one h1, a skip link to main, a title, a description, canonical and Open Graph meta', () => {
    for (const [urlPath, doc] of pages) {
      const where = `page ${urlPath}`;
      expect(doc.querySelector('html')?.getAttribute('lang'), where).toBe('en-CA');
      expect(doc.querySelectorAll('h1'), where).toHaveLength(1);
      const skip = doc.querySelector('body > a.skip-link');
      expect(skip?.getAttribute('href'), where).toBe('#main');
      expect(doc.querySelector('main#main'), where).not.toBeNull();
      expect(doc.querySelector('title')?.text.trim(), where).not.toBe('');
      expect(doc.querySelector('meta[name="description"]')?.getAttribute('content'), where).toBeTruthy();
      const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
      // The 404 page is served at any missing address, so it claims none; the offline verifier is a copy of /verify/.
      const expected = urlPath === '/404.html' ? undefined : urlPath === '/verify/offline.html' ? `${site}/verify/` : `${site}${urlPath}`;
      expect(canonical, where).toBe(expected);
      expect(doc.querySelector('meta[property="og:url"]')?.getAttribute('content'), where).toBe(expected);
      expect(doc.querySelector('meta[property="og:title"]')?.getAttribute('content'), where).toBeTruthy();
      // Link previews need a raster image this site actually serves.
      const ogImage = new URL(doc.querySelector('meta[property="og:image"]')?.getAttribute('content') ?? '', site);
      expect(ogImage.pathname, where).toMatch(/\.(png|jpe?g|webp)$/);
      expect(fileFor(ogImage.pathname), `${where}: og:image ${ogImage.pathname}`).toBeDefined();
      for (const img of doc.querySelectorAll('img')) {
        expect(img.hasAttribute('alt'), `${where}: <img src="${img.getAttribute('src')}"> needs alt`).toBe(true);
      }
    }
  });

  it('has no broken internal links, images or in-page anchors', () => {
    const broken: string[] = [];
    for (const [urlPath, doc] of pages) {
      for (const el of doc.querySelectorAll('a[href], link[href], img[src], script[src]')) {
        const ref = el.getAttribute('href') ?? el.getAttribute('src') ?? '';
        if (/^(mailto:|tel:|data:)/.test(ref)) continue;
        const url = new URL(ref, `${site}${urlPath}`);
        if (url.origin !== new URL(site).origin) continue;
        if (ref.startsWith('#')) {
          const id = ref.slice(1);
          if (id && !doc.querySelector(`[id="${id}"]`)) broken.push(`${urlPath}: #${id}`);
          continue;
        }
        if (!fileFor(url.pathname)) broken.push(`${urlPath}: ${ref}`);
        else if (url.hash && url.pathname.endsWith('/')) {
          const target = pages.get(url.pathname);
          if (target && !target.querySelector(`[id="${url.hash.slice(1)}"]`)) broken.push(`${urlPath}: ${ref}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('shows the seed content: the 2022 dates, the 20-hour micro-credential and the sourced release', () => {
    const home = pages.get('/')!.text;
    expect(home).toContain('The 2022 Challenge has closed');
    expect(home).toContain('Friday, January 28, 2022');
    expect(home).toContain('Friday, March 4, 2022');
    expect(home).toContain('20 hours of online innovation-skills training');
    const release = pages.get(RELEASE)!;
    expect(release.querySelector('h1')?.text).toBe("Mayor's Innovation Challenge adds micro-credentials for students");
    expect(release.text).toContain('Source: City of Kingston');
    expect(release.querySelector('time')?.getAttribute('datetime')).toBe('2022-01-25');
  });

  it('labels sample winners as samples wherever they appear', () => {
    for (const urlPath of ['/winners/', '/challenge/2022/']) {
      const doc = pages.get(urlPath)!;
      expect(doc.querySelector('.notice')?.text, urlPath).toMatch(/samples?\b/i);
      const cards = doc.querySelectorAll('article.card');
      expect(cards.length, urlPath).toBe(3);
      for (const card of cards) expect(card.querySelector('.tag--sample')?.text).toBe('Sample, not a real result');
    }
  });

  it('describes releases, the final event and the micro-credential in schema.org JSON-LD', () => {
    const jsonLd = (urlPath: string) =>
      pages
        .get(urlPath)!
        .querySelectorAll('script[type="application/ld+json"]')
        .flatMap((s) => [JSON.parse(s.text)].flat());
    expect(jsonLd(RELEASE)).toEqual([
      expect.objectContaining({ '@type': 'NewsArticle', datePublished: '2022-01-25', url: `${site}${RELEASE}` }),
    ]);
    expect(jsonLd('/challenge/2022/')).toEqual([
      expect.objectContaining({
        '@type': 'Event',
        name: "Mayor's Innovation Challenge Virtual Event",
        startDate: '2022-03-04',
        eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
      }),
    ]);
    expect(jsonLd('/micro-credentials/innovation-skills/')).toEqual([
      expect.objectContaining({ '@type': 'EducationalOccupationalCredential', timeRequired: 'PT20H' }),
    ]);
  });

  it('publishes an RSS feed with absolute links to each release', async () => {
    const rss = new XMLParser().parse(await readFile(path.join(dist, 'news/rss.xml'), 'utf8'));
    const items = [rss.rss.channel.item].flat();
    expect(rss.rss.channel.title).toBe("Mayor's Innovation Challenge: news");
    expect(items).toEqual([
      expect.objectContaining({
        title: "Mayor's Innovation Challenge adds micro-credentials for students",
        link: `${site}${RELEASE}`,
        pubDate: 'Tue, 25 Jan 2022 12:00:00 GMT',
      }),
    ]);
  });

  it('lists every public page in the sitemap and nothing that does not exist, leaving out 404, search and credential pages', async () => {
    const xml = new XMLParser();
    const index = xml.parse(await readFile(path.join(dist, 'sitemap-index.xml'), 'utf8'));
    const urls: string[] = [];
    for (const entry of [index.sitemapindex.sitemap].flat()) {
      const part = xml.parse(await readFile(path.join(dist, new URL(entry.loc).pathname), 'utf8'));
      urls.push(...[part.urlset.url].flat().map((u: { loc: string }) => u.loc));
    }
    const paths = urls.map((u) => new URL(u).pathname);
    for (const page of EXPECTED_PAGES.filter((p) => p !== '/search/')) expect(paths).toContain(page);
    expect(paths).not.toContain('/search/');
    expect(paths.some((p) => p.startsWith('/admin'))).toBe(false);
    expect(paths.some((p) => p.includes('404'))).toBe(false);
    // Credential pages (and the template they are filled from) are reachable only through their link.
    expect(paths.filter((p) => p.startsWith('/credentials/'))).toEqual([]);
    for (const p of paths) expect(fileFor(p), p).toBeDefined();
    expect(await readFile(path.join(dist, 'robots.txt'), 'utf8')).toContain(`Sitemap: ${site}/sitemap-index.xml`);

    // The site map for people links every page the XML sitemap lists (paged lists aside), and the footer links it.
    const map = pages.get('/sitemap/')!;
    const linked = new Set(map.querySelectorAll('main a').map((a) => a.getAttribute('href')));
    const missing = paths.filter((p) => p !== '/sitemap/' && !/\/page\/\d+\/$/.test(p) && !linked.has(p));
    expect(missing).toEqual([]);
    for (const kind of ['Main sections', 'Challenge years', 'Micro-credentials', 'News releases', 'Pages', 'Feeds and files']) {
      expect(map.querySelectorAll('h2').map((h) => h.text), kind).toContain(kind);
    }
    expect(linked.has('/sitemap-index.xml')).toBe(true);
    expect([...linked].some((href) => href?.startsWith('/credentials/'))).toBe(false);
    for (const [urlPath, doc] of pages) {
      // (The offline verifier's links point at the live site.)
      if (doc.querySelector('footer.site-footer')) expect(doc.querySelector('footer a[href$="/sitemap/"]')?.text, urlPath).toBe('Site map');
    }
  });

  it('indexes the content pages for search, and not the 404, search or list pages', async () => {
    const entry = JSON.parse(await readFile(path.join(dist, 'pagefind/pagefind-entry.json'), 'utf8'));
    const fragments = await readdir(path.join(dist, 'pagefind/fragment'));
    const indexed = fragments.map((name) => {
      const raw = gunzipSync(readFileSync(path.join(dist, 'pagefind/fragment', name))).toString('utf8');
      return JSON.parse(raw.replace(/^pagefind_dcd/, '')) as { url: string; content: string };
    });
    const urls = indexed.map((f) => f.url).sort();
    expect(entry.languages.en.page_count).toBe(urls.length);
    expect(urls).toEqual(
      [
        '/',
        '/about-micro-credentials/',
        '/accessibility/',
        '/challenge/',
        '/challenge/2022/',
        '/micro-credentials/',
        '/micro-credentials/innovation-skills/',
        '/micro-credentials/innovation-skills/how-to-earn/',
        '/faq/',
        RELEASE,
        '/winners/',
      ].sort(),
    );
    const release = indexed.find((f) => f.url === RELEASE)!;
    expect(release.content).toContain('20 hours of online innovation-skills training');
    // Only <main> is indexed: the footer's contact line would otherwise make every page match "questions".
    expect(release.content).not.toContain('Questions:');
    expect(indexed.every((f) => !f.content.includes('News feed (RSS)'))).toBe(true);
  });

  it('indexes text as it reads on the page: every term, description and cell separated, and records each page’s kind and date', async () => {
    const fragments = await readdir(path.join(dist, 'pagefind/fragment'));
    const indexed = fragments.map((name) => JSON.parse(gunzipSync(readFileSync(path.join(dist, 'pagefind/fragment', name))).toString('utf8').replace(/^pagefind_dcd/, '')) as { url: string; content: string; meta: Record<string, string> });
    const badge = indexed.find((f) => f.url === '/micro-credentials/innovation-skills/')!;
    expect(badge.content).toContain('Learning time: 20 hours');
    expect(badge.content).not.toMatch(/time20|hoursDelivery/);
    // Every term of every indexed page's definition lists is followed by a colon and a space, not glued to its description.
    for (const fragment of indexed) {
      const doc = pages.get(fragment.url)!;
      for (const dt of doc.querySelectorAll('main dt')) {
        const term = dt.text.trim().replace(/\s+/g, ' ');
        if (term) expect(fragment.content, `${fragment.url}: ${term}`).toMatch(new RegExp(`${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:? `));
      }
    }
    expect(badge.meta.kind).toBe('Micro-credential');
    const release = indexed.find((f) => f.url === RELEASE)!;
    expect([release.meta.kind, release.meta.date]).toEqual(['News release', '2022-01-25']);
    expect(indexed.find((f) => f.url === '/challenge/2022/')!.meta.kind).toBe('Challenge year');
    // The published page itself is unchanged: the separators are only in what the index reads.
    expect(await readFile(path.join(dist, 'micro-credentials/innovation-skills/index.html'), 'utf8')).not.toContain('Learning time:');
  });

  it('keeps the CMS to /admin/: noindex, disallowed for crawlers, and its bundle loaded by no public page', async () => {
    const admin = await readFile(path.join(dist, 'admin/index.html'), 'utf8');
    expect(admin).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(await readFile(path.join(dist, 'robots.txt'), 'utf8')).toContain('Disallow: /admin/');
    const adminScripts = [...admin.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
    expect(adminScripts.length).toBeGreaterThan(0);
    for (const [urlPath, doc] of pages) {
      const scripts = doc.querySelectorAll('script[src]').map((s) => s.getAttribute('src'));
      expect(scripts.filter((src) => adminScripts.includes(src!)), urlPath).toEqual([]);
    }
  });

  it('tells a visitor without JavaScript how to verify, with a CLI command that names this site', () => {
    const noscript = pages.get('/verify/')!.querySelector('noscript')!.textContent;
    expect(noscript).toContain(`npm run verify -- badge.png --site ${site}`);
    expect(noscript).toContain('offline verifier');
  });

  it('keeps the 404 page out of search engines', () => {
    expect(pages.get('/404.html')!.querySelector('meta[name="robots"]')?.getAttribute('content')).toBe('noindex, nofollow');
  });
});
