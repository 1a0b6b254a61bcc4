// The house rules of the source tree (src/lib/README.md, "House rules"), each failing with its own
// name: checked on the import graph of every source module, built by parsing (TypeScript's parser,
// Astro's compiler), and, for browser code, on esbuild's module graph of each browser bundle
// (src/lib/issue/boundaries-fs.ts). Each rule also runs on a doctored graph or copy, to prove it fails.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { repo } from '../support/build.ts';
import {
  assertRule,
  astroImports,
  browserGraphProblems,
  browserProblems,
  browserViolations,
  buildImportGraph,
  injectLine,
  looseLibFiles,
  noImportLoop,
  pagesImportNoFs,
  tsImports,
  verifyImportsNoIssue,
  withImport,
  type ImportGraph,
} from '../support/house-rules.ts';

const execFileAsync = promisify(execFile);

let graph: ImportGraph;
let unresolved: string[];

beforeAll(async () => {
  ({ graph, unresolved } = await buildImportGraph(repo));
});

/** The targets a module imports, in the graph. */
const targets = (file: string, g: ImportGraph = graph) => (g.get(file) ?? []).map((e) => e.target);

describe('the import graph', () => {
  it('parses every source module and resolves every relative import to a file', () => {
    expect(unresolved).toEqual([]);
    expect(graph.size).toBeGreaterThan(150);
    expect([...graph.keys()]).toEqual(expect.arrayContaining(['src/pages/index.astro', 'cms/main.ts', 'scripts/build.ts', 'src/content.config.ts']));
  });

  it('holds static imports, dynamic import() with a literal, type-only imports and the .astro frontmatter and <script> blocks', () => {
    // Dynamic: the verifier loads the PNG reader only for PNG input.
    expect(targets('src/lib/verify/input.ts')).toEqual(expect.arrayContaining(['src/lib/verify/input-json.ts', 'src/lib/verify/png.ts', 'src/lib/verify/svg.ts']));
    expect(graph.get('src/lib/verify/input.ts')!.find((e) => e.target === 'src/lib/verify/net.ts')?.typeOnly).toBe(true);
    // Frontmatter and the hoisted client script of the verify panel.
    expect(targets('src/components/verify/VerifyPanel.astro')).toContain('src/components/verify/verify-entry.ts');
    expect(targets('src/pages/news/rss.xml.ts')).toContain('src/lib/site/site-data.ts');
  });

  it('reads every kind of import from TypeScript and from .astro files (not an is:inline script’s addresses)', () => {
    const ts = tsImports(
      'x.ts',
      [
        "import a from './a.ts';",
        "import type { B } from './b.ts';",
        "import { type C } from './c.ts';",
        "export { d } from './d.ts';",
        "export type { E } from './e.ts';",
        "export * from './f.ts';",
        "const g = await import('./g.ts');",
        "let h: typeof import('./h.ts');",
        "const i = `import('./not-an-import.ts')`; // import './nor-this.ts'",
      ].join('\n'),
    );
    expect(ts).toEqual([
      { specifier: './a.ts', typeOnly: false },
      { specifier: './b.ts', typeOnly: true },
      { specifier: './c.ts', typeOnly: true },
      { specifier: './d.ts', typeOnly: false },
      { specifier: './e.ts', typeOnly: true },
      { specifier: './f.ts', typeOnly: false },
      { specifier: './g.ts', typeOnly: false },
      { specifier: './h.ts', typeOnly: true },
    ]);
    const astro = astroImports(
      'x.astro',
      "---\nimport A from './A.astro';\nimport type { B } from './b.ts';\n---\n<p>import './not-this.ts';</p>\n<script>import './c.ts';</script>\n<script is:inline>import('./d.ts');</script>\n",
    );
    expect(astro).toEqual([
      { specifier: './A.astro', typeOnly: false },
      { specifier: './b.ts', typeOnly: true },
      { specifier: './c.ts', typeOnly: false, client: true },
    ]);
  });

  it('reads workers, globs, computed import(), template literals, /// <reference> and a hoisted script\'s src', () => {
    const ts = tsImports(
      'x.ts',
      [
        '/// <reference path="./env.d.ts" />',
        "const w = new Worker(new URL('./worker.ts', import.meta.url));",
        "const g = import.meta.glob(['./a/*.ts', '!./a/b.ts']);",
        "const h = import.meta.glob('../issue/*.ts', { eager: true });",
        'const t = import(`node:fs`);',
        'const c = import(name);',
        'const v = import(/* @vite-ignore */ address);',
        "const u = new URL('./x', 'https://example.org/');",
      ].join('\n'),
    );
    expect(ts).toEqual([
      { specifier: './worker.ts', typeOnly: false, kind: 'url' },
      { specifier: './a/*.ts', typeOnly: false, kind: 'glob' },
      { specifier: '!./a/b.ts', typeOnly: false, kind: 'glob' },
      { specifier: '../issue/*.ts', typeOnly: false, kind: 'glob' },
      { specifier: 'node:fs', typeOnly: false },
      { specifier: 'name', typeOnly: false, kind: 'computed' },
      { specifier: './env.d.ts', typeOnly: true },
    ]);
    const astro = astroImports(
      'x.astro',
      [
        '---',
        'const t = await import(`node:fs`);',
        "const g = import.meta.glob('../lib/content/*-fs.ts', { eager: true });",
        'const c = await import(name);',
        'const v = await import(/* @vite-ignore */ address);',
        '---',
        '<script src="/src/components/x.ts"></script>',
        "<script>const w = new URL('./worker.ts', import.meta.url);</script>",
        '<script type="module" src="/inline.js"></script>',
      ].join('\n'),
    );
    expect(astro).toEqual([
      { specifier: 'node:fs', typeOnly: false },
      { specifier: '../lib/content/*-fs.ts', typeOnly: false, kind: 'glob' },
      { specifier: 'a Identifier', typeOnly: false, kind: 'computed' },
      { specifier: '/src/components/x.ts', typeOnly: false, client: true },
      { specifier: './worker.ts', typeOnly: false, kind: 'url', client: true },
    ]);
  });

  it('follows the worker of the issuing pool, expands globs, and lists a computed import() of src/ as unresolved', async () => {
    // pool-fs.ts starts its worker with new URL('./issue-worker.ts', import.meta.url).
    expect(targets('src/lib/issue/pool-fs.ts')).toContain('src/lib/issue/issue-worker.ts');
    const copy = await mkdtemp(path.join(os.tmpdir(), 'mic-house-rules-'));
    try {
      await mkdir(path.join(copy, 'src/lib/x'), { recursive: true });
      await mkdir(path.join(copy, 'scripts'), { recursive: true });
      await writeFile(path.join(copy, 'src/lib/x/a-fs.ts'), 'export {};\n');
      await writeFile(path.join(copy, 'src/lib/x/b.ts'), "export const all = import.meta.glob(['./*.ts', '!./b.ts']);\nexport const c = (n: string) => import(n);\n");
      await writeFile(path.join(copy, 'scripts/s.ts'), 'export const c = (n: string) => import(n);\n');
      // .mts, .cts, .cjs and .jsx modules of src/ are read too.
      await mkdir(path.join(copy, 'src/components'), { recursive: true });
      await writeFile(path.join(copy, 'src/components/zz.mts'), "import { readFileSync } from 'node:fs';\nexport const zz = readFileSync;\n");
      await writeFile(path.join(copy, 'src/components/zz.jsx'), "import './zz.cjs';\nexport const el = <p />;\n");
      await writeFile(path.join(copy, 'src/components/zz.cjs'), "module.exports = require('node:path');\n");
      await writeFile(path.join(copy, 'src/components/zz.cts'), "import x = require('./zz-fs.mts');\nexport = x;\n");
      await writeFile(path.join(copy, 'src/components/zz-fs.mts'), 'export {};\n');
      const built = await buildImportGraph(copy);
      expect(targets('src/lib/x/b.ts', built.graph)).toEqual(['src/lib/x/a-fs.ts']);
      expect(targets('src/components/zz.jsx', built.graph)).toEqual(['src/components/zz.cjs']);
      expect(pagesImportNoFs(built.graph)).toEqual([
        'src/components/zz.cts -> src/components/zz-fs.mts (a *-fs.ts module)',
        'src/components/zz.mts -> node:fs (a Node built-in)',
      ]);
      expect(built.unresolved).toEqual([expect.stringMatching(/^src\/lib\/x\/b\.ts imports a computed specifier \(n\)/)]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});

describe('the house rules', () => {
  it('browser-imports-no-node', async () => {
    assertRule('browser-imports-no-node', [...browserProblems(await browserViolations(repo)), ...browserGraphProblems(graph)]);
  });

  it('verify-imports-no-issue', () => {
    assertRule('verify-imports-no-issue', verifyImportsNoIssue(graph));
  });

  it('pages-import-no-fs', () => {
    assertRule('pages-import-no-fs', pagesImportNoFs(graph));
  });

  it('no-import-loop', () => {
    assertRule('no-import-loop', noImportLoop(graph));
  });

  it('no-loose-lib-files', async () => {
    assertRule('no-loose-lib-files', await looseLibFiles(repo));
  });
});

describe('each rule fails, with its name, on a doctored tree', () => {
  it('browser-imports-no-node: the Data Integrity code importing node:crypto, a client script importing the issuer', async () => {
    const dataIntegrity = browserProblems(await browserViolations(repo, [injectLine(repo, 'src/lib/data-integrity/proof.ts', "import 'node:crypto';")]));
    expect(() => assertRule('browser-imports-no-node', dataIntegrity)).toThrow(/^browser-imports-no-node: [\s\S]*src\/lib\/data-integrity\/proof\.ts imports node:crypto \(a Node built-in\)/);
    const client = browserProblems(await browserViolations(repo, [injectLine(repo, 'src/components/verify/verify-page.ts', "import '../../lib/issue/shard.ts';")]));
    expect(() => assertRule('browser-imports-no-node', client)).toThrow(/^browser-imports-no-node: [\s\S]*src\/components\/verify\/verify-page\.ts imports src\/lib\/issue\/shard\.ts/);
  });

  it('browser-imports-no-node: assets and Astro\'s client modules pass; a root-relative <script src> is checked; one bad import is one line, its culprit', async () => {
    const copy = await mkdtemp(path.join(os.tmpdir(), 'mic-house-rules-'));
    try {
      const put = async (file: string, text: string) => {
        await mkdir(path.join(copy, path.dirname(file)), { recursive: true });
        await writeFile(path.join(copy, file), text);
      };
      await put('src/components/zz.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
      await put(
        'src/components/a.ts',
        "import icon from './zz.svg';\nimport url from './zz.svg?url';\nimport text from './zz.svg?raw';\nimport { navigate } from 'astro:transitions/client';\nexport { icon, url, text, navigate };\n",
      );
      await put('src/pages/p.astro', '<p>x</p>\n<script src="/src/components/a.ts"></script>\n');
      expect(await browserViolations(copy)).toEqual([]);
      // The issuer's module imports more forbidden things; only the import that reaches it is reported, once.
      await put('src/lib/issue/shard.ts', "import 'node:fs';\nimport '../../../cms/x.ts';\nexport {};\n");
      await put('cms/x.ts', "import 'node:path';\nexport {};\n");
      await put('src/components/b.ts', "import '../lib/issue/shard.ts';\n");
      await put('src/pages/q.astro', '<script src="/src/lib/issue/shard.ts"></script>\n');
      const problems = browserProblems(await browserViolations(copy));
      expect(problems[0]).toMatch(/^src\/components\/b\.ts imports src\/lib\/issue\/shard\.ts/);
      expect(problems).toEqual([
        'src/components/b.ts imports src/lib/issue/shard.ts (the issuing code (signing, key loading) is build-time only)',
        expect.stringMatching(/^src\/pages\/q\.astro imports src\/lib\/issue\/shard\.ts/),
      ]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('browser-imports-no-node on the graph: a worker or a hoisted script\'s src reaching what esbuild would not see', () => {
    // verify.ts starting a worker outside the browser folders (an edge esbuild does not follow): one line, though many modules reach verify.ts.
    const worker = withImport(graph, 'src/lib/verify/verify.ts', 'src/lib/dates/zz-worker.ts');
    const doctored = withImport(worker, 'src/lib/dates/zz-worker.ts', 'src/lib/issue/shard.ts');
    expect(browserGraphProblems(doctored)).toEqual(['src/lib/verify/verify.ts -> src/lib/dates/zz-worker.ts -> src/lib/issue/shard.ts (the issuing code (signing, key loading) is build-time only)']);
    expect(() => assertRule('browser-imports-no-node', browserGraphProblems(doctored))).toThrow(/^browser-imports-no-node: /);
    // A hoisted script of an .astro file; its frontmatter may read files (through site-data), its scripts may not.
    const page: ImportGraph = new Map(graph).set('src/pages/zz.astro', [
      { specifier: '../lib/site/site-data.ts', target: 'src/lib/site/site-data.ts', typeOnly: false },
      { specifier: '/src/lib/content/check-fs.ts', target: 'src/lib/content/check-fs.ts', typeOnly: false, client: true },
    ]);
    expect(browserGraphProblems(page)).toEqual(['src/pages/zz.astro <script> -> src/lib/content/check-fs.ts (a *-fs.ts module is Node-only)']);
    // A type-only import reaches no browser.
    expect(browserGraphProblems(withImport(graph, 'src/lib/ob3/urls.ts', 'src/lib/issue/shard.ts', true))).toEqual([]);
    // The same reasons as esbuild's check (one rule, boundaries-fs.ts): an Astro build-time module too.
    expect(browserGraphProblems(withImport(graph, 'src/lib/ob3/urls.ts', 'astro:content'))).toEqual(['src/lib/ob3/urls.ts -> astro:content (an Astro module, which exists only inside Astro)']);
    expect(browserGraphProblems(withImport(graph, 'src/lib/ob3/urls.ts', 'astro:transitions/client'))).toEqual([]);
  });

  it('verify-imports-no-issue: directly, through another module, or for a type only', () => {
    const direct = withImport(graph, 'src/lib/verify/types.ts', 'src/lib/issue/shard.ts', true);
    expect(() => assertRule('verify-imports-no-issue', verifyImportsNoIssue(direct))).toThrow(/^verify-imports-no-issue: [\s\S]*src\/lib\/verify\/types\.ts -> src\/lib\/issue\/shard\.ts/);
    // The vocabulary the verifier reads (ob3/urls.ts) importing the key loader: every verify module that reaches it fails, with its chain.
    const through = withImport(graph, 'src/lib/ob3/urls.ts', 'src/lib/issue/keys-fs.ts');
    expect(() => assertRule('verify-imports-no-issue', verifyImportsNoIssue(through))).toThrow(
      /^verify-imports-no-issue: [\s\S]*src\/lib\/verify\/input\.ts -> src\/lib\/ob3\/urls\.ts -> src\/lib\/issue\/keys-fs\.ts/,
    );
  });

  it('pages-import-no-fs: a page importing a *-fs.ts module, a component importing node:fs, through other modules, from an .astro file outside pages/', () => {
    let doctored = withImport(graph, 'src/pages/uploads/[name].ts', 'src/lib/content/upload-copy-fs.ts');
    doctored = withImport(doctored, 'src/components/Photo.astro', 'node:fs');
    const direct = pagesImportNoFs(doctored);
    expect(direct).toEqual(expect.arrayContaining(['src/pages/uploads/[name].ts -> src/lib/content/upload-copy-fs.ts (a *-fs.ts module)', 'src/components/Photo.astro -> node:fs (a Node built-in)']));
    // Every page that uses the component fails too, with its chain.
    expect(direct).toContain('src/components/WinnerCard.astro -> src/components/Photo.astro -> node:fs (a Node built-in)');
    expect(() => assertRule('pages-import-no-fs', direct)).toThrow(/^pages-import-no-fs: \d+ problems/);
    // Through a module of src/lib/ (a barrel re-exporting a *-fs.mts module), and from an .astro file outside pages/, layouts/ and components/.
    let through = withImport(graph, 'src/lib/content/index.ts', 'src/lib/content/zz-fs.mts');
    through = withImport(through, 'src/pages/faq.astro', 'src/lib/content/index.ts');
    through = withImport(through, 'src/lib/site/Sizes.astro', 'fs');
    expect(pagesImportNoFs(through)).toEqual([
      'src/lib/site/Sizes.astro -> fs (a Node built-in)',
      'src/pages/faq.astro -> src/lib/content/index.ts -> src/lib/content/zz-fs.mts (a *-fs.ts module)',
    ]);
    // site-data.ts is the gate: what it imports is not followed, whatever it reaches.
    expect(pagesImportNoFs(withImport(graph, 'src/lib/site/site-data.ts', 'node:fs'))).toEqual([]);
    expect(graph.get('src/lib/site/site-data.ts')!.some((e) => /-fs\.ts$/.test(e.target) || e.target.startsWith('node:'))).toBe(true);
  });

  it('no-import-loop: a pair, a longer loop (type-only imports count) and a module importing itself, each as its chain', () => {
    const pair = withImport(graph, 'src/lib/verify/input-json.ts', 'src/lib/verify/input.ts', true);
    expect(noImportLoop(pair)).toEqual(['src/lib/verify/input-json.ts -> src/lib/verify/input.ts -> src/lib/verify/input-json.ts']);
    expect(() => assertRule('no-import-loop', noImportLoop(pair))).toThrow(/^no-import-loop: 1 problem/);
    const longer = withImport(withImport(withImport(graph, 'src/lib/x/a.ts', 'src/lib/x/b.ts'), 'src/lib/x/b.ts', 'src/lib/x/c.ts', true), 'src/lib/x/c.ts', 'src/lib/x/a.ts');
    expect(noImportLoop(longer)).toEqual(['src/lib/x/a.ts -> src/lib/x/b.ts -> src/lib/x/c.ts -> src/lib/x/a.ts']);
    const self = withImport(graph, 'src/lib/dates/format.ts', 'src/lib/dates/format.ts');
    expect(noImportLoop(self)).toEqual(['src/lib/dates/format.ts -> src/lib/dates/format.ts']);
    // Only src/ is held to it.
    expect(noImportLoop(withImport(withImport(graph, 'scripts/x.ts', 'scripts/y.ts'), 'scripts/y.ts', 'scripts/x.ts'))).toEqual([]);
  });

  it('no-loose-lib-files: a module directly in src/lib/, tracked or not; not a file git ignores', async () => {
    const copy = await mkdtemp(path.join(os.tmpdir(), 'mic-house-rules-'));
    try {
      await execFileAsync('git', ['init', '-q', copy]);
      await mkdir(path.join(copy, 'src/lib/site'), { recursive: true });
      await writeFile(path.join(copy, '.gitignore'), '.DS_Store\n*.swp\n');
      await writeFile(path.join(copy, 'src/lib/README.md'), '# lib\n');
      await writeFile(path.join(copy, 'src/lib/index.ts'), 'export {};\n');
      await writeFile(path.join(copy, 'src/lib/site/site-data.ts'), 'export {};\n');
      await writeFile(path.join(copy, 'src/lib/.DS_Store'), 'x');
      await writeFile(path.join(copy, 'src/lib/.README.md.swp'), 'x');
      expect(await looseLibFiles(copy)).toEqual([]);
      await writeFile(path.join(copy, 'src/lib/x.ts'), 'export {};\n');
      expect(() => assertRule('no-loose-lib-files', [])).not.toThrow();
      await expect(looseLibFiles(copy).then((problems) => assertRule('no-loose-lib-files', problems))).rejects.toThrow(/^no-loose-lib-files: 1 problem[\s\S]*src\/lib\/x\.ts sits in src\/lib\/ itself/);
      // Tracked, too.
      await execFileAsync('git', ['add', '-A'], { cwd: copy });
      expect(await looseLibFiles(copy)).toEqual(['src/lib/x.ts sits in src/lib/ itself, not in a room']);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
