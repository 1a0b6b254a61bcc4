// The whole-content check the build runs first, on the real content/ and on broken copies of it.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkContent, formatReport } from '../../src/lib/content/check-fs.ts';

const repo = path.resolve(import.meta.dirname, '../..');
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mic-content-'));
  await cp(path.join(repo, 'content'), path.join(root, 'content'), { recursive: true });
  await cp(path.join(repo, 'public'), path.join(root, 'public'), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function edit(file: string, change: (text: string) => string) {
  const full = path.join(root, file);
  await writeFile(full, change(await readFile(full, 'utf8')));
}

describe('checkContent', () => {
  it('passes the seed content in content/', async () => {
    const report = await checkContent(repo);
    expect(report.problems).toEqual([]);
    expect(report.files).toBeGreaterThanOrEqual(10);
  });

  it('reports a winner pointing at an edition that does not exist', async () => {
    await edit('content/winners/sample-2022-finalist.yaml', (t) => t.replace('edition: 2022', 'edition: 2031'));
    expect(formatReport(await checkContent(root))).toBe(
      [
        'Content check failed: 1 problem in 1 file. Nothing was built.',
        '',
        'content/winners/sample-2022-finalist.yaml',
        '  field "edition": No edition 2031 in content/editions/. Known editions: 2022.',
        '',
        'Fix the fields above and build again. The site already published has not been changed.',
      ].join('\n'),
    );
  });

  it('reports unknown partners and micro-credentials on an edition, and a year that does not match the file', async () => {
    await edit('content/editions/2022.yaml', (t) =>
      t.replace('year: 2022', 'year: 2023').replace('  - ddqic', '  - queens').replace('achievement: innovation-skills', 'achievement: leadership'),
    );
    const report = await checkContent(root);
    expect(report.problems.map((p) => `${p.file} ${p.field}: ${p.message}`)).toEqual([
      'content/editions/2022.yaml year: The year is 2023 but the file is named 2022. Name the file after the year (2023.yaml) so its URL is /challenge/2023/.',
      'content/editions/2022.yaml partners.1: No partner "queens" in content/partners/. Known partners: city-of-kingston, ddqic, sample-endorser.',
      'content/editions/2022.yaml achievement: No micro-credential "leadership" in content/achievements/. Known: innovation-skills.',
      // The winners now point at a year no edition has.
      'content/winners/sample-2022-finalist.yaml edition: No edition 2022 in content/editions/. Known editions: 2023.',
      'content/winners/sample-2022-first-place.yaml edition: No edition 2022 in content/editions/. Known editions: 2023.',
      'content/winners/sample-2022-second-place.yaml edition: No edition 2022 in content/editions/. Known editions: 2023.',
    ]);
  });

  it('reports a page that would hide a section of the site, and a missing required page', async () => {
    await cp(path.join(root, 'content/pages/about-micro-credentials.md'), path.join(root, 'content/pages/news.md'));
    await rm(path.join(root, 'content/pages/about-micro-credentials.md'));
    const report = await checkContent(root);
    expect(report.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      'content/pages/news.md: /news/ is already a section of the site. Rename the file so the page gets its own address.',
      'content/pages/about-micro-credentials.md: This page is missing; the navigation links to /about-micro-credentials/. Restore the file.',
    ]);
  });

  it('checks each file on its own first and reports every broken file with its line', async () => {
    await edit('content/releases/2022-01-25-mayors-innovation-challenge-adds-micro-credentials.md', (t) =>
      t.replace('date: 2022-01-25', 'date: 2022-01-32'),
    );
    await edit('content/achievements/innovation-skills.yaml', (t) => t.replace('hours: 20', 'hours: "twenty"'));
    expect(formatReport(await checkContent(root))).toBe(
      [
        'Content check failed: 2 problems in 2 files. Nothing was built.',
        '',
        'content/releases/2022-01-25-mayors-innovation-challenge-adds-micro-credentials.md',
        '  line 3, field "date": "2022-01-32" is not a date. Write it as YYYY-MM-DD, for example 2022-01-25.',
        '',
        'content/achievements/innovation-skills.yaml',
        '  line 10, field "hours": Expected the hours of learning as a number, for example 20.',
        '',
        'Fix the fields above and build again. The site already published has not been changed.',
      ].join('\n'),
    );
  });

  it('reports file names that are not web addresses and files in subfolders', async () => {
    const about = path.join(root, 'content/pages/about-micro-credentials.md');
    await cp(about, path.join(root, 'content/pages/Accessibility Statement.md'));
    await mkdir(path.join(root, 'content/pages/old'));
    await cp(about, path.join(root, 'content/pages/old/about.md'));
    const report = await checkContent(root);
    expect(report.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      'content/pages/Accessibility Statement.md: Rename the file using lower-case letters, digits and hyphens only (for example "accessibility-statement.md"): its name becomes a web address.',
      'content/pages/old/about.md: Move this file directly into content/pages/: entries cannot be in subfolders.',
    ]);
  });

  it('refuses an MDX file anywhere under content/, naming it, instead of skipping it', async () => {
    const release = 'content/releases/2022-01-25-mayors-innovation-challenge-adds-micro-credentials.md';
    const text = await readFile(path.join(root, release), 'utf8');
    await writeFile(
      path.join(root, 'content/releases/2026-02-01-statement.mdx'),
      `${text.slice(0, text.indexOf('\n---\n') + 5)}import { readFileSync } from 'node:fs';\n\n{String(process.env.BADGE_SIGNING_KEY)}\n`,
    );
    await mkdir(path.join(root, 'content/settings/drafts'));
    await writeFile(path.join(root, 'content/settings/drafts/Notes.MDX'), '# Notes\n');
    const report = await checkContent(root);
    expect(formatReport(report)).toBe(
      [
        'Content check failed: 2 problems in 2 files. Nothing was built.',
        '',
        'content/releases/2026-02-01-statement.mdx',
        '  This is an MDX file, and content cannot run code: components, imports and {expressions} are not allowed. Rename it to 2026-02-01-statement.md and write the text in Markdown.',
        '',
        'content/settings/drafts/Notes.MDX',
        '  This is an MDX file, and content cannot run code: components, imports and {expressions} are not allowed. Rename it to Notes.md and write the text in Markdown.',
        '',
        'Fix the fields above and build again. The site already published has not been changed.',
      ].join('\n'),
    );
  });

  it('reports an image that is not in public/', async () => {
    await edit('content/achievements/innovation-skills.yaml', (t) =>
      t.replace('src: /badges/innovation-skills.svg', 'src: /badges/innovation-skills.png'),
    );
    const report = await checkContent(root);
    expect(report.problems).toEqual([
      {
        file: 'content/achievements/innovation-skills.yaml',
        field: 'image.src',
        message: 'There is no file public/badges/innovation-skills.png. Upload it there, or correct the path.',
      },
    ]);
  });

  it('reports an award copied from another (same ids) and an award for an unknown micro-credential', async () => {
    const dir = path.join(root, 'content/awards');
    const [first] = (await readdir(dir)).sort();
    await cp(path.join(dir, first!), path.join(dir, 'zz-copy.yaml'));
    await edit(`content/awards/${first}`, (t) => t.replace('achievement: innovation-skills', 'achievement: leadership'));
    const report = await checkContent(root);
    expect(report.problems.map((p) => `${p.file} ${p.field}: ${p.message}`)).toEqual([
      `content/awards/${first} achievement: No micro-credential "leadership" in content/achievements/. Known: innovation-skills.`,
      expect.stringMatching(/^content\/awards\/zz-copy\.yaml credentialId: credentialId [0-9a-f-]{36} is already used by content\/awards\/.+\.yaml\. Each award needs its own; never copy an award file, create it with npm run awards:import or in the CMS\.$/),
      expect.stringMatching(/^content\/awards\/zz-copy\.yaml subjectId: subjectId urn:uuid:[0-9a-f-]{36} is already used by /),
      expect.stringMatching(/^content\/awards\/zz-copy\.yaml statusIndex: statusIndex \d+ is already used by .+ pick an unused number from 0 to 131071 \(in the CMS: press “Choose another free slot” under the slot\)\.$/),
    ]);
  });

  it('reports a missing settings file', async () => {
    await rm(path.join(root, 'content/settings/site.yaml'));
    const report = await checkContent(root);
    expect(report.problems).toEqual([
      {
        file: 'content/settings/site.yaml',
        field: '',
        message: 'The site settings file is missing. Restore content/settings/site.yaml.',
      },
    ]);
  });
});
