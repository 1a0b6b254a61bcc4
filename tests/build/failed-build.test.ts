// A build that fails must say why in terms an editor can act on, and must leave the published dist/ untouched.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, runBuild } from '../support/build.ts';
import { HOSTILE_DIR, hostileFiles, MUST_NAME } from '../support/svg-corpus.ts';
import { earlyDirOf, isEarlyDirName } from '../../src/lib/issue/early-dir-fs.ts';

let root: string;
const marker = 'last good build';

beforeAll(async () => {
  root = await copyProject();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function publishMarker() {
  await mkdir(path.join(root, 'dist'), { recursive: true });
  await writeFile(path.join(root, 'dist', 'index.html'), marker);
}

describe('a failed build', () => {
  it('stops on broken content with the file, line and field, and keeps the published site', async () => {
    await publishMarker();
    const broken = path.join(root, 'content/releases/2026-11-20-broken.md');
    await writeFile(
      broken,
      ['---', 'title: Broken release', 'date: 2026-11-31', 'category: Releases', '---', 'Body.', ''].join('\n'),
    );
    const { status, output } = runBuild(root);
    await rm(broken);

    expect(status).not.toBe(0);
    expect(output).toContain(
      [
        'Content check failed: 2 problems in 1 file. Nothing was built.',
        '',
        'content/releases/2026-11-20-broken.md',
        '  line 3, field "date": "2026-11-31" is not a date. Write it as YYYY-MM-DD, for example 2022-01-25.',
        '  field "summary": Add a summary (one or two sentences for lists and link previews).',
      ].join('\n'),
    );
    expect(await readFile(path.join(root, 'dist', 'index.html'), 'utf8')).toBe(marker);
  });

  it('stops on every SVG of the hostile corpus and on an upload that is not a photo, naming each file and why', async () => {
    await publishMarker();
    const folder = path.join(root, 'public/images/hostile');
    await cp(HOSTILE_DIR, folder, { recursive: true });
    const script = path.join(root, 'content/uploads/tracker.js');
    await writeFile(script, 'alert(1)');
    const { status, output } = runBuild(root);
    await rm(folder, { recursive: true });
    await rm(script);

    expect(status).not.toBe(0);
    for (const name of hostileFiles()) {
      // The file's block of the report: its name, then one indented line per problem.
      const block = output.split(`\npublic/images/hostile/${name}\n`)[1]?.split('\n\n')[0] ?? '';
      for (const text of MUST_NAME[name]!) expect(block, name).toContain(text);
    }
    expect(output).toMatch(/public\/images\/hostile\/namespaced-script\.svg\n {2}Line 4: Remove the <x:script> element/);
    expect(output).toContain('content/uploads/tracker.js\n  Only photos (JPEG, PNG, WebP, AVIF, GIF) can be uploaded; remove this file.');
    expect(await readFile(path.join(root, 'dist', 'index.html'), 'utf8')).toBe(marker);
  });

  it('keeps the published site when a page fails halfway through rendering', async () => {
    await publishMarker();
    // A staging folder and a badge folder left by a build that was killed (no process 999999 is running).
    await mkdir(path.join(root, '.dist.next-999999'));
    await mkdir(earlyDirOf(path.join(root, 'dist'), 999_999));
    const page = path.join(root, 'src/pages/zz-broken.astro');
    await writeFile(page, "---\nthrow new Error('page exploded on purpose');\n---\n");
    const { status, output } = runBuild(root);
    await rm(page);

    expect(status).not.toBe(0);
    expect(output).toContain('page exploded on purpose');
    expect(output).toContain('Build failed. dist/ still holds the last good build.');
    expect(await readFile(path.join(root, 'dist', 'index.html'), 'utf8')).toBe(marker);
    // No staging folder and no early-written credential files are left behind.
    expect((await readdir(root)).filter((name) => name.startsWith('.dist.') || isEarlyDirName(name))).toEqual([]);
  });

  it('stops when astro build is run directly, without the wrapper script', async () => {
    const file = path.join(root, 'content/winners/sample-2022-finalist.yaml');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('edition: 2022', 'edition: 2031'));
    const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', 'direct-dist'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
    });
    await writeFile(file, original);

    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain(
      'field "edition": No edition 2031 in content/editions/. Known editions: 2022.',
    );
    expect(existsSync(path.join(root, 'direct-dist', 'index.html'))).toBe(false);
  });
});
