// News with enough releases to page and filter: built from a copy of the project with generated releases.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { copyProject, runBuild } from '../support/build.ts';

let root: string;

async function page(urlPath: string): Promise<HTMLElement> {
  return parse(await readFile(path.join(root, 'dist', urlPath, 'index.html'), 'utf8'));
}
const titles = (doc: HTMLElement) => doc.querySelectorAll('.release-list h2 a').map((a) => a.text);

beforeAll(async () => {
  root = await copyProject();
  // 24 new releases in February 2026: 16 announcements and 8 media advisories, plus one draft.
  for (let day = 1; day <= 24; day += 1) {
    const dd = String(day).padStart(2, '0');
    const category = day % 3 === 0 ? 'Media advisories' : 'Announcements';
    await writeFile(
      path.join(root, `content/releases/2026-02-${dd}-item-${dd}.md`),
      `---\ntitle: Item ${dd}\ndate: 2026-02-${dd}\ncategory: ${category}\nsummary: Summary ${dd}.\n---\nBody ${dd}.\n`,
    );
  }
  await writeFile(
    path.join(root, 'content/releases/2026-03-01-draft.md'),
    '---\ntitle: Unfinished draft\ndate: 2026-03-01\ncategory: Announcements\nsummary: Not yet.\ndraft: true\n---\nDraft.\n',
  );
  // A release with a photo, as the CMS writes one (the photo in content/uploads/).
  const photo = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#336699' } }).jpeg().toBuffer();
  await writeFile(path.join(root, 'content/uploads/council-chamber.jpg'), photo);
  await writeFile(
    path.join(root, 'content/releases/2026-02-25-with-photo.md'),
    '---\ntitle: Item with a photo\ndate: 2026-02-25\ncategory: Announcements\nsummary: It has a photo.\nhero:\n  src: /uploads/council-chamber.jpg\n  alt: Council chamber of City Hall\n  credit: City of Kingston\n---\nBody.\n',
  );
  await writeFile(
    path.join(root, 'content/releases/2026-01-15-statement.md'),
    '---\ntitle: A statement\ndate: 2026-01-15\ncategory: Statements\nsummary: A statement.\n---\nThere are 20 hours of training.\n',
  );
  const { status, output } = runBuild(root);
  if (status !== 0) throw new Error(output);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('news pages', () => {
  it('list newest first, ten a page, with numbered pages and previous/next links', async () => {
    const first = await page('news');
    expect(titles(first)).toEqual(['Item with a photo', 'Item 24', 'Item 23', 'Item 22', 'Item 21', 'Item 20', 'Item 19', 'Item 18', 'Item 17', 'Item 16']);
    expect(first.querySelector('.pagination a[rel="next"]')?.getAttribute('href')).toBe('/news/page/2/');
    expect(first.querySelector('.pagination [aria-current="page"]')?.text).toBe('Page 1');

    const last = await page('news/page/3');
    expect(last.querySelector('h1')?.text).toBe('News (page 3 of 3)');
    expect(titles(last)).toEqual(['Item 05', 'Item 04', 'Item 03', 'Item 02', 'Item 01', 'A statement', "Mayor's Innovation Challenge adds micro-credentials for students"]);
    expect(last.querySelector('.pagination a[rel="prev"]')?.getAttribute('href')).toBe('/news/page/2/');
    expect(last.querySelector('.pagination a[rel="next"]')).toBeNull();
  });

  it('filter by category, each category paged on its own', async () => {
    const all = await page('news');
    const filters = all.querySelectorAll('.filters a').map((a) => [a.text.trim(), a.getAttribute('href'), a.getAttribute('aria-current')]);
    expect(filters).toEqual([
      ['All', '/news/', 'page'],
      ['Releases', '/news/category/releases/', undefined],
      ['Announcements', '/news/category/announcements/', undefined],
      ['Media advisories', '/news/category/media-advisories/', undefined],
      ['Statements', '/news/category/statements/', undefined],
    ]);
    const advisories = await page('news/category/media-advisories');
    expect(advisories.querySelector('h1')?.text).toBe('News: Media advisories');
    expect(titles(advisories)).toEqual(['Item 24', 'Item 21', 'Item 18', 'Item 15', 'Item 12', 'Item 09', 'Item 06', 'Item 03']);
    expect(advisories.querySelector('.pagination')).toBeNull();
    const announcements2 = await page('news/category/announcements/page/2');
    expect(titles(announcements2)).toEqual(['Item 10', 'Item 08', 'Item 07', 'Item 05', 'Item 04', 'Item 02', 'Item 01']);
  });

  it('link each release’s category tag to its category page', async () => {
    const first = await page('news');
    for (const item of first.querySelectorAll('.release-list > li')) {
      const tag = item.querySelector('a.tag')!;
      const href = tag.getAttribute('href')!;
      expect(href).toMatch(/^\/news\/category\/[a-z-]+\/$/);
      expect((await page(href.slice(1, -1))).querySelector('h1')?.text).toBe(`News: ${tag.text}`);
    }
  });

  it('show a release’s photo as a lazy thumbnail with its alt text, in the lists and in the feed', async () => {
    const first = await page('news');
    const withPhoto = first.querySelector('.release-list > li.has-thumb')!;
    expect(withPhoto.querySelector('h2 a')?.text).toBe('Item with a photo');
    const img = withPhoto.querySelector('img.release-thumb')!;
    // Drawn by astro:assets at the thumbnail's size (tests/e2e/photos.test.ts has the rest).
    expect(img.getAttribute('src')).toMatch(/^\/_astro\/council-chamber\.[^/]+\.jpe?g$/);
    expect(img.parentNode?.tagName).toBe('PICTURE');
    expect([img.getAttribute('alt'), img.getAttribute('loading'), img.getAttribute('width'), img.getAttribute('height')]).toEqual([
      'Council chamber of City Hall',
      'lazy',
      '192',
      '128',
    ]);
    // Releases without a photo show none.
    expect(first.querySelectorAll('.release-list img')).toHaveLength(1);
    expect((await page('')).querySelector('.release-list img.release-thumb')?.getAttribute('alt')).toBe('Council chamber of City Hall');
    const feed = await readFile(path.join(root, 'dist/news/rss.xml'), 'utf8');
    // The enclosure is the cleaned copy served at the address the release names.
    const size = (await readFile(path.join(root, 'dist/uploads/council-chamber.jpg'))).length;
    expect(feed).toContain(`<enclosure url="http://localhost:4321/uploads/council-chamber.jpg" length="${size}" type="image/jpeg"/>`);
    expect(feed.match(/<enclosure /g)).toHaveLength(1);
  });

  it('render release bodies', async () => {
    expect((await page('news/2026-01-15-statement')).querySelector('main')?.text).toContain('There are 20 hours of training.');
  });

  it('leave drafts out of the lists, the feed and the site', async () => {
    const html = (await page('news')).toString();
    expect(html).not.toContain('Unfinished draft');
    expect(await readFile(path.join(root, 'dist/news/rss.xml'), 'utf8')).not.toContain('Unfinished draft');
    await expect(readFile(path.join(root, 'dist/news/2026-03-01-draft/index.html'))).rejects.toThrow(/ENOENT/);
  });
});
