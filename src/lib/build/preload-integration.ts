/**
 * Tells the browser about every module a page's script will import, as soon as the HTML arrives.
 * Astro emits only the page's entry script (at the end of the document), and each chunk names the
 * next only once it has loaded and run: on /verify/ that was once a three-step waterfall (the page's
 * 35-byte entry, the shared verify core, its shared helpers) of about 40 ms before the first
 * credential fetch (it is one module now: VerifyPanel.astro). After the build, each page gets a
 * <link rel="modulepreload"> in its head for every module its entry scripts import statically
 * (lazily loaded chunks stay lazy). Runs before the badge integration fills the credential pages
 * from their template, so they carry the links too.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { htmlFiles } from './html-files-fs.ts';

/** Static imports in a built chunk (`import{a}from"../x.js"`, `import"../x.js"`); `import("../x.js")` is lazy and not matched. */
const STATIC_IMPORT = /\bimport\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.\.?\/[^"']+\.js)["']/g;

/** Every module `entry` (a root-relative URL) imports statically, transitively, in load order. */
export async function staticImports(site: string, entry: string, seen = new Set<string>()): Promise<string[]> {
  const code = await readFile(path.join(site, entry), 'utf8').catch(() => '');
  const found: string[] = [];
  for (const match of code.matchAll(STATIC_IMPORT)) {
    const url = path.posix.join(path.posix.dirname(entry), match[1]!);
    if (seen.has(url)) continue;
    seen.add(url);
    found.push(url, ...(await staticImports(site, url, seen)));
  }
  return found;
}

/** The page with a modulepreload link for every module its entry scripts import statically. */
export async function withModulePreloads(site: string, html: string): Promise<string> {
  const entries = [...html.matchAll(/<script type="module" src="(\/[^"]+\.js)"/g)].map((m) => m[1]!);
  if (entries.length === 0 || html.includes('rel="modulepreload"')) return html;
  const seen = new Set(entries);
  const modules = [...entries];
  for (const entry of entries) modules.push(...(await staticImports(site, entry, seen)));
  const links = modules.map((url) => `<link rel="modulepreload" href="${url}">`).join('');
  return html.replace('</head>', () => `${links}</head>`);
}

export function modulePreloads(): AstroIntegration {
  return {
    name: 'mic:module-preloads',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        let pages = 0;
        // The CMS has its own bundle and loader; the search index is Pagefind's.
        for (const file of await htmlFiles(site, ['admin', 'pagefind', '_astro'])) {
          const html = await readFile(path.join(site, file), 'utf8');
          const preloaded = await withModulePreloads(site, html);
          if (preloaded !== html) {
            await writeFile(path.join(site, file), preloaded);
            pages += 1;
          }
        }
        logger.info(`Module preloads added to ${pages} page(s).`);
      },
    },
  };
}
