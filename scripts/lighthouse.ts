/**
 * npm run lighthouse [-- --write] [-- --phone-photo]: Lighthouse (performance, accessibility, best
 * practices, SEO) in Debian's Chromium against the last build in dist/, served on localhost, for the
 * home page, a release, the verify page and a credential page. Mobile defaults (throttled).
 * --phone-photo first builds a copy of the project (in a temporary folder) with a release whose photo
 * is a real-size phone JPEG (scripts/phone-photo.ts: 4032x3024, about 4 MB, EXIF orientation and GPS)
 * and measures that release and the home page listing it. --write records the scores in
 * BENCHMARKS.md. Targets: performance >= 95; accessibility, best practices and SEO = 100.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import { launchChromium } from './chromium.ts';
import { phonePhoto } from './phone-photo.ts';
import { serve } from './static-server.ts';
import { badgeHref, badgePaths } from '../src/lib/ob3/urls.ts';

const { values } = parseArgs({ options: { write: { type: 'boolean', default: false }, 'phone-photo': { type: 'boolean', default: false } } });

/** A copy of the project with one more release, whose photo is a phone's, built; returns its dist/. */
async function buildWithPhonePhoto(): Promise<{ dist: string; cleanUp: () => Promise<void> }> {
  const repo = process.cwd();
  const root = await mkdtemp(path.join(os.tmpdir(), 'mic-lighthouse-'));
  for (const entry of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'cms', 'content', 'public', 'scripts', 'src']) {
    await cp(path.join(repo, entry), path.join(root, entry), { recursive: true });
  }
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  await writeFile(path.join(root, 'content/uploads/phone-photo.jpg'), await phonePhoto());
  await writeFile(
    path.join(root, 'content/releases/2099-12-31-phone-photo.md'),
    '---\ntitle: Students present their proposals to Council\ndate: 2099-12-31\ncategory: Announcements\nsummary: Three teams presented their proposals in the Council chamber.\nhero:\n  src: /uploads/phone-photo.jpg\n  alt: Students presenting in the Council chamber\n  credit: City of Kingston\n---\n\nThe teams presented in the Council chamber of City Hall.\n',
  );
  const built = spawnSync(process.execPath, ['scripts/build.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, SITE_BUILD_TIME: '2100-01-01T12:00' } });
  if (built.status !== 0) throw new Error(`The build with a phone photo failed (in ${root}).`);
  return { dist: path.join(root, 'dist'), cleanUp: () => rm(root, { recursive: true, force: true }) };
}

const withPhoto = values['phone-photo'] ? await buildWithPhonePhoto() : undefined;
const dist = withPhoto?.dist ?? path.join(process.cwd(), 'dist');
const credential = (await readdir(path.join(dist, badgePaths.credentials), { withFileTypes: true })).find((e) => e.isDirectory() && e.name !== 'cards')?.name;
const release = withPhoto ? '2099-12-31-phone-photo' : (await readdir(path.join(dist, 'news'), { withFileTypes: true })).find((e) => e.isDirectory() && /^\d{4}-/.test(e.name))?.name;
if (!credential || !release) throw new Error('dist/ has no credential page or no release to measure: run npm run build first.');
const pages = ['/', `/news/${release}/`, badgeHref(badgePaths.verifyPage), badgeHref(badgePaths.credentialPage(credential))];

const server = await serve(dist);
// Lighthouse drives Chromium over the DevTools protocol on a debugging port.
const port = 9222 + Math.floor(Math.random() * 500);
const browser = await launchChromium([`--remote-debugging-port=${port}`]);
const rows: string[] = [];
try {
  for (const page of pages) {
    const result = await lighthouse(`${server.origin}${page}`, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'] });
    const c = result!.lhr.categories;
    const score = (k: string) => Math.round((c[k]?.score ?? 0) * 100);
    rows.push(`| ${page.replace(/[0-9a-f-]{36}/, '<id>')} | ${score('performance')} | ${score('accessibility')} | ${score('best-practices')} | ${score('seo')} |`);
    console.log(rows.at(-1));
  }
} finally {
  await browser.close();
  await server.close();
  await withPhoto?.cleanUp();
}
const table = ['| Page | Performance | Accessibility | Best practices | SEO |', '| :-- | --: | --: | --: | --: |', ...rows].join('\n');
console.log(`\n${table}\n`);
if (values.write) {
  const file = path.join(process.cwd(), 'BENCHMARKS.md');
  const date = new Date().toISOString().slice(0, 10);
  const note =
    'Credential pages are noindex on purpose (privacy by default: the only way to one is its link), which Lighthouse counts against SEO.';
  const what = withPhoto ? ', the release with a 4 MB phone photo (--phone-photo)' : '';
  await writeFile(file, `${(await readFile(file, 'utf8')).trimEnd()}\n\n### Lighthouse, ${date} (mobile defaults, localhost, development build${what})\n\n${table}\n\n${note}\n`);
}
