/**
 * npm run bench:verify [-- --write] [--compare <other dist>]
 *
 * The verify page's cost to an employer, on the last build in dist/ (npm run build first): the
 * JavaScript it loads to verify a JWT badge, gzipped, and the time to the verdict, in Chromium on
 * localhost (scripts/verify-metrics.ts). Prints a table; --write records it in BENCHMARKS.md.
 * --compare also times the Data Integrity path of dist/ against another build (say, of the previous
 * commit), the two alternated in one browser, and prints (and with --write records) the ratio.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { badgePaths } from '../src/lib/ob3/urls.ts';
import { compareDataIntegrity, verifyMetrics, verifyRows } from './verify-metrics.ts';

const { values } = parseArgs({ options: { write: { type: 'boolean', default: false }, compare: { type: 'string' } } });
const root = process.cwd();
const dist = path.join(root, 'dist');
if (!existsSync(path.join(dist, badgePaths.verifyPage, 'index.html'))) {
  console.error('dist/ has no verify page: run npm run build first.');
  process.exit(1);
}
// A credential that stands (not revoked or suspended), so the measured path is the whole check.
let id: string | undefined;
for (const file of (await readdir(path.join(root, 'content/awards'))).sort()) {
  const text = await readFile(path.join(root, 'content/awards', file), 'utf8');
  if (!/^(revoked|suspended): true$/m.test(text)) id = /credentialId: (\S+)/.exec(text)?.[1];
  if (id && existsSync(path.join(dist, badgePaths.credentialJwt(id)))) break;
}
if (!id) {
  console.error('No current credential in content/awards/ to measure with.');
  process.exit(1);
}
const rows = verifyRows(await verifyMetrics(dist, id, 7));
if (values.compare) {
  const other = path.resolve(values.compare);
  if (!existsSync(path.join(other, badgePaths.credentialJson(id)))) {
    console.error(`${other} has no ${badgePaths.credentialJson(id)}: build the other version there first.`);
    process.exit(1);
  }
  const c = await compareDataIntegrity(dist, other, id);
  const pair = ([mine, theirs]: [number, number]) => `${mine.toFixed(0)} / ${theirs.toFixed(0)} ms (${(mine / theirs).toFixed(2)}x)`;
  rows.push([`Data Integrity, this build / ${values.compare}, alternated ${c.pairs} times: load to verdict on ?url=<.json> (medians)`, pair(c.linked)]);
  rows.push([`Data Integrity, this build / ${values.compare}, alternated ${c.pairs} times: pasted .json to verdict (medians)`, pair(c.pasted)]);
}
const table = ['| Verify page, built site on localhost | |', '| :-- | --: |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
console.log(`\n${table}\n`);
if (values.write) {
  const file = path.join(root, 'BENCHMARKS.md');
  const date = execFileSync('date', ['-u', '+%Y-%m-%d']).toString().trim();
  await writeFile(file, `${(await readFile(file, 'utf8')).trimEnd()}\n\n### Verify page, ${date}\n\n${table}\n`);
  console.log('Recorded in BENCHMARKS.md.');
}
