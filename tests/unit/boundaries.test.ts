// The browser boundary (src/lib/issue/boundaries-fs.ts; the house rule browser-imports-no-node,
// src/lib/README.md), checked on esbuild's module graph of every browser entry in the source tree:
// the verification core, the Open Badges vocabulary, the Data Integrity code (not its *-fs.ts), every
// client script (.ts in src/components/ and the <script> blocks Astro's compiler hoists from .astro
// files) and the offline file's bundle. The entries and the bundling are tests/support/house-rules.ts,
// shared with tests/unit/house-rules.test.ts.
import { glob } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { bundleOfflineScript } from '../../src/lib/issue/offline-verifier-fs.ts';
import { repo } from '../support/build.ts';
import { astroClientScripts, browserModules, browserViolations as violationsAt, BROWSER_MODULES, injectLine } from '../support/house-rules.ts';

const browserViolations = (plugins: Parameters<typeof violationsAt>[1] = []) => violationsAt(repo, plugins);
const astroScripts = () => astroClientScripts(repo);
const inject = (file: string, line: string) => injectLine(repo, file, line);

describe('the browser boundary', () => {
  it('finds the browser entries it checks', async () => {
    expect((await glob(BROWSER_MODULES, { cwd: repo })).length).toBeGreaterThan(10);
    // The Data Integrity code runs in browsers (the verifier checks proofs), its signing (sign-fs.ts) does not.
    const modules = await browserModules(repo);
    expect(modules).toEqual(expect.arrayContaining(['src/lib/data-integrity/proof.ts', 'src/lib/verify/verify.ts', 'src/lib/ob3/credential.ts']));
    expect(modules.filter((file) => file.endsWith('-fs.ts'))).toEqual([]);
    // The verify panel (on /verify/ and every credential page), the credential pages and search each bundle a client script.
    expect((await astroScripts()).map((s) => s.file)).toEqual(expect.arrayContaining(['src/components/verify/VerifyPanel.astro', 'src/pages/credentials/[id].astro', 'src/pages/search.astro']));
  });

  it('holds for the verification core, the OB 3.0 vocabulary, the Data Integrity code and every client script', async () => {
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
