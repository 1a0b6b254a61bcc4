/**
 * npm run lighthouse [-- --write]: Lighthouse (performance, accessibility, best practices, SEO) in
 * Debian's Chromium against the last build in dist/, served on localhost, for the home page, a
 * release, the verify page and a credential page. Mobile defaults (throttled). --write records the
 * scores in BENCHMARKS.md. Targets: performance >= 95; accessibility, best practices and SEO = 100.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import lighthouse from 'lighthouse';
import { launchChromium } from './chromium.ts';
import { serve } from './static-server.ts';
import { badgeHref, badgePaths } from '../src/lib/ob3/urls.ts';

const { values } = parseArgs({ options: { write: { type: 'boolean', default: false } } });
const dist = path.join(process.cwd(), 'dist');
const credential = (await readdir(path.join(dist, badgePaths.credentials), { withFileTypes: true })).find((e) => e.isDirectory() && e.name !== 'cards')?.name;
const release = (await readdir(path.join(dist, 'news'), { withFileTypes: true })).find((e) => e.isDirectory() && /^\d{4}-/.test(e.name))?.name;
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
}
const table = ['| Page | Performance | Accessibility | Best practices | SEO |', '| :-- | --: | --: | --: | --: |', ...rows].join('\n');
console.log(`\n${table}\n`);
if (values.write) {
  const file = path.join(process.cwd(), 'BENCHMARKS.md');
  const date = new Date().toISOString().slice(0, 10);
  const note =
    'Credential pages are noindex on purpose (privacy by default: the only way to one is its link), which Lighthouse counts against SEO.';
  await writeFile(file, `${(await readFile(file, 'utf8')).trimEnd()}\n\n### Lighthouse, ${date} (mobile defaults, localhost, development build)\n\n${table}\n\n${note}\n`);
}
