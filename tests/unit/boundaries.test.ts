// The browser boundary (src/lib/issue/boundaries-fs.ts), checked on esbuild's module graph of every
// browser entry in the source tree: the verification core, the Open Badges vocabulary, every client
// script (.ts in src/components/ and the <script> blocks of .astro files) and the offline file's bundle.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { glob } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { boundaryPlugin, boundaryViolations, type BoundaryViolation } from '../../src/lib/issue/boundaries-fs.ts';
import { bundleOfflineScript } from '../../src/lib/issue/offline-verifier-fs.ts';
import { repo } from '../support/build.ts';

/** Modules that run in browsers and may be imported by client scripts. */
const BROWSER_MODULES = ['src/lib/verify/**/*.ts', 'src/lib/ob3/**/*.ts', 'src/components/**/*.ts'];

/** The <script> blocks Astro bundles for the browser: no attributes (any attribute makes Astro leave a script inline). */
async function astroClientScripts(): Promise<{ file: string; code: string }[]> {
  const out: { file: string; code: string }[] = [];
  for (const file of (await glob('src/**/*.astro', { cwd: repo })).sort()) {
    const source = await readFile(path.join(repo, file), 'utf8');
    for (const match of source.matchAll(/<script>([\s\S]*?)<\/script>/g)) out.push({ file, code: match[1]! });
  }
  return out;
}

/** A plugin that adds `line` at the top of one source file, as if a developer had written it there. */
function inject(file: string, line: string): Plugin {
  const target = path.join(repo, file);
  return {
    name: 'test:inject',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) =>
        args.path === target ? { contents: `${line}\n${await readFile(args.path, 'utf8')}`, loader: 'ts' } : undefined,
      );
    },
  };
}

/** Every boundary violation among the browser entries of the source tree. */
async function browserViolations(plugins: Plugin[] = []): Promise<BoundaryViolation[]> {
  const common: BuildOptions = {
    absWorkingDir: repo,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
    outdir: path.join(os.tmpdir(), 'mic-boundaries-never-written'),
    plugins: [...plugins, boundaryPlugin()],
  };
  const graphs: Metafile[] = [];
  const bundle = async (options: BuildOptions) => graphs.push((await build({ ...common, ...options })).metafile!);
  await bundle({ entryPoints: (await glob(BROWSER_MODULES, { cwd: repo })).sort() });
  for (const script of await astroClientScripts()) {
    await bundle({ stdin: { contents: script.code, resolveDir: path.join(repo, path.dirname(script.file)), sourcefile: script.file, loader: 'ts' } });
  }
  return graphs.flatMap((graph) => boundaryViolations(graph, repo, repo));
}

describe('the browser boundary', () => {
  it('finds the browser entries it checks', async () => {
    expect((await glob(BROWSER_MODULES, { cwd: repo })).length).toBeGreaterThan(10);
    // The verify panel (on /verify/ and every credential page), the credential pages and search each bundle a client script.
    expect((await astroClientScripts()).map((s) => s.file)).toEqual(expect.arrayContaining(['src/components/verify/VerifyPanel.astro', 'src/pages/credentials/[id].astro', 'src/pages/search.astro']));
  });

  it('holds for the verification core, the OB 3.0 vocabulary and every client script', async () => {
    expect(await browserViolations()).toEqual([]);
  });

  it('fails when a module of the verification core imports node:fs', async () => {
    expect(await browserViolations([inject('src/lib/verify/status-list.ts', "import { readFileSync } from 'node:fs'; console.log(readFileSync);")])).toEqual(
      expect.arrayContaining([{ importer: 'src/lib/verify/status-list.ts', imported: 'node:fs', why: 'a Node built-in' }]),
    );
    // Without the prefix, too.
    expect(await browserViolations([inject('src/lib/verify/bytes.ts', "import 'fs/promises';")])).toEqual(
      expect.arrayContaining([{ importer: 'src/lib/verify/bytes.ts', imported: 'fs/promises', why: 'a Node built-in' }]),
    );
  });

  it('fails when browser code imports the issuing code, the key loader, the CMS or astro:*', async () => {
    const cases: [string, string, string][] = [
      ['src/lib/ob3/credential.ts', "import '../issue/keys-fs.ts';", 'src/lib/issue/keys-fs.ts'],
      ['src/components/verify/verify-page.ts', "import '../../../cms/validate.ts';", 'cms/validate.ts'],
      ['src/lib/verify/verify.ts', "import 'astro:content';", 'astro:content'],
      ['src/lib/verify/input.ts', "import 'virtual:mic/badges';", 'virtual:mic/badges'],
      ['src/lib/ob3/urls.ts', "import '../content/check-fs.ts';", 'src/lib/content/check-fs.ts'],
    ];
    for (const [file, line, imported] of cases) {
      const found = await browserViolations([inject(file, line)]);
      expect(found.map((v) => `${v.importer} -> ${v.imported}`), line).toContain(`${file} -> ${imported}`);
    }
  });

  it("stops the offline file's bundle (built inline into /verify/offline.html) on a forbidden import", async () => {
    expect((await bundleOfflineScript()).length).toBeGreaterThan(10_000);
    await expect(bundleOfflineScript([inject('src/lib/verify/verify.ts', "import 'node:worker_threads';")])).rejects.toThrow(
      /offline verifier's script[\s\S]*src\/lib\/verify\/verify\.ts imports node:worker_threads \(a Node built-in\)/,
    );
  });
});
