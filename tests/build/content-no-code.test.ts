// Content is data: in a copy of the project, an MDX release stops the build before any of it runs,
// raw HTML that could run script stops it with the file and line, a body written in Markdown is
// published as written, and the build's own sanitiser removes what the check is not there to see.
import { existsSync } from 'node:fs';
import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { parse } from 'node-html-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, repo, runBuild } from '../support/build.ts';

let root: string;
beforeAll(async () => {
  root = await copyProject();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const FRONT = '---\ntitle: A statement\ndate: 2026-02-01\ncategory: Statements\nsummary: A statement.\n---\n';

describe('a build refuses content that would run code', () => {
  it('stops on an MDX release, naming it, before its imports or expressions run', async () => {
    const marker = path.join(root, 'mdx-ran.json');
    const file = 'content/releases/2026-02-01-statement.mdx';
    // What the review found: an import that reads a key file and an expression that prints the environment.
    await writeFile(
      path.join(root, file),
      `${FRONT}import { writeFileSync } from 'node:fs';\n\nexport const ran = writeFileSync(${JSON.stringify(marker)}, JSON.stringify({ at: 'import' }));\n\nThe key: {String(writeFileSync(${JSON.stringify(marker)}, JSON.stringify({ key: process.env.BADGE_SIGNING_KEY ?? null })))}\n`,
    );
    try {
      const { status, output } = runBuild(root);
      expect(status).not.toBe(0);
      expect(output).toContain(
        `${file}\n  This is an MDX file, and content cannot run code: components, imports and {expressions} are not allowed. Rename it to 2026-02-01-statement.md and write the text in Markdown.`,
      );
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(path.join(root, 'dist'))).toBe(false);
    } finally {
      await unlink(path.join(root, file));
    }
  });

  it('stops on raw HTML the page would not publish, naming the file and line', async () => {
    const file = 'content/releases/2026-02-01-statement.md';
    await writeFile(
      path.join(root, file),
      `${FRONT}\nA paragraph.\n\n<meta http-equiv="refresh" content="0; url=https://evil.example/">\n\n<p>Call <a href="javascript:fetch('/')" onclick="go()">us</a>.</p>\n`,
    );
    try {
      const { status, output } = runBuild(root);
      expect(status).not.toBe(0);
      expect(output).toContain(
        [
          file,
          '  line 10, field "body": The text contains a <meta> element, which can send readers to another page or change how the page behaves. Remove it.',
          '  line 12, field "body": The href of <a> runs script (javascript:). Releases and pages cannot run script: link to a web address instead.',
          '  line 12, field "body": The <a> element has an event handler (onclick). Releases and pages cannot run script: remove the onclick attribute.',
        ].join('\n'),
      );
    } finally {
      await unlink(path.join(root, file));
    }
  });
});

describe('a build publishes Markdown bodies as written, and sanitises what the check does not see', () => {
  beforeAll(async () => {
    const legitimate = await readFile(path.join(repo, 'tests/fixtures/content/releases/legitimate-body.md'), 'utf8');
    await writeFile(path.join(root, 'content/releases/2026-11-21-editors-release.md'), legitimate);
    // The photo its text shows, in the media library.
    await writeFile(path.join(root, 'content/uploads/council-chamber.jpg'), await sharp({ create: { width: 60, height: 40, channels: 3, background: '#336699' } }).jpeg().toBuffer());
    // A release whose {braces} and import line would be code in MDX: in Markdown they are text.
    await writeFile(path.join(root, 'content/releases/2026-02-02-braces.md'), `${FRONT}import x from y;\n\nThere are {4 * 5} hours.\n`);
    // Pages in src/ are the repository's own code and are not content-checked, but their Markdown goes
    // through the same pipeline: this one shows that the build itself removes what the check refuses.
    await writeFile(
      path.join(root, 'src/pages/sanitiser-probe.md'),
      '# Probe\n\n<script src="/uploads/x.js"></script>\n\n<p onclick="x()">Text</p> <iframe src="https://evil.example/"></iframe> <a href="javascript:x()">link</a>\n',
    );
    const { status, output } = runBuild(root);
    if (status !== 0) throw new Error(output);
  });

  it('the body of a release written in Markdown is exactly what the Markdown pipeline makes of it', async () => {
    const html = parse(await readFile(path.join(root, 'dist/news/2026-11-21-editors-release/index.html'), 'utf8'));
    const published = html.querySelector('article > div.prose')!.innerHTML.trim();
    const source = await readFile(path.join(root, 'content/releases/2026-11-21-editors-release.md'), 'utf8');
    const unsanitised = await createMarkdownProcessor({ syntaxHighlight: false });
    expect(published).toBe((await unsanitised.render(source.slice(source.indexOf('\n---\n') + 5))).code.trim());
    expect(published).toContain('<th align="right">Amount</th>');
    expect(published).toContain('<img src="/uploads/council-chamber.jpg" alt="Council chamber of City Hall" title="City Hall">');
  });

  it('shows {expressions} and import lines of a Markdown body as text', async () => {
    const main = parse(await readFile(path.join(root, 'dist/news/2026-02-02-braces/index.html'), 'utf8')).querySelector('article > div.prose')!;
    expect(main.text).toContain('import x from y;');
    expect(main.text).toContain('There are {4 * 5} hours.');
  });

  it('removes script, event handlers, iframes and javascript: links in the build itself', async () => {
    const probe = parse(await readFile(path.join(root, 'dist/sanitiser-probe/index.html'), 'utf8'));
    expect(probe.querySelector('h1')?.text).toBe('Probe');
    expect(probe.querySelectorAll('script, iframe, [onclick]')).toHaveLength(0);
    expect(probe.querySelector('a')?.getAttribute('href')).toBeUndefined();
    expect(probe.querySelector('p')?.text).toBe('Text');
  });
});
