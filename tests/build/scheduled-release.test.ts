// A release scheduled for later is on no page, list, feed, sitemap or search index until a build at or
// after its time (Kingston time). The build's clock is injected with SITE_BUILD_TIME; nothing waits.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, runBuild } from '../support/build.ts';

const SLUG = '2026-12-01-embargoed-announcement';
const TITLE = 'Embargoed: the 2027 Challenge opens';
let root: string;

/** Everywhere a release can show: its page, the news lists, the home page, RSS, both sitemaps, the search index. */
async function traces(dist: string): Promise<string[]> {
  const found: string[] = [];
  if (existsSync(path.join(dist, 'news', SLUG, 'index.html'))) found.push('its page');
  for (const page of ['news/index.html', 'news/category/announcements/index.html', 'index.html', 'sitemap/index.html']) {
    const file = path.join(dist, page);
    if (existsSync(file) && (await readFile(file, 'utf8')).includes(TITLE)) found.push(page);
  }
  if ((await readFile(path.join(dist, 'news/rss.xml'), 'utf8')).includes(TITLE)) found.push('RSS');
  for (const file of (await readdir(dist)).filter((f) => /^sitemap-\d+\.xml$/.test(f))) {
    if ((await readFile(path.join(dist, file), 'utf8')).includes(SLUG)) found.push(file);
  }
  for (const fragment of await readdir(path.join(dist, 'pagefind/fragment'))) {
    if (gunzipSync(readFileSync(path.join(dist, 'pagefind/fragment', fragment))).toString('utf8').includes(SLUG)) found.push('search index');
  }
  return found;
}

beforeAll(async () => {
  root = await copyProject();
  await writeFile(
    path.join(root, `content/releases/${SLUG}.md`),
    `---\ntitle: "${TITLE}"\ndate: 2026-12-01\ncategory: Announcements\nsummary: Registration opens at ten.\npublishAt: 2026-12-01T10:00\n---\nThe 2027 Challenge opens today.\n`,
  );
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a scheduled release', () => {
  it('is absent from a build an hour before its time, Kingston time', async () => {
    const { status, output } = runBuild(root, { env: { SITE_BUILD_TIME: '2026-12-01T09:00:00-05:00' } });
    expect(status, output).toBe(0);
    expect(await traces(path.join(root, 'dist'))).toEqual([]);
  });

  it('is everywhere in a build at its time', async () => {
    const { status, output } = runBuild(root, { env: { SITE_BUILD_TIME: '2026-12-01T15:00:00Z' } });
    expect(status, output).toBe(0);
    expect(await traces(path.join(root, 'dist'))).toEqual([
      'its page',
      'news/index.html',
      'news/category/announcements/index.html',
      'index.html',
      'sitemap/index.html',
      'RSS',
      'sitemap-0.xml',
      'search index',
    ]);
  });
});
