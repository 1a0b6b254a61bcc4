// Every page that runs a module script names all the modules that script imports statically, in its
// head, so the browser fetches them at once instead of one after another (src/lib/build/preload-integration.ts).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { staticImports } from '../../src/lib/build/preload-integration.ts';
import { badgePaths } from '../../src/lib/ob3/urls.ts';
import { repo } from '../support/build.ts';

const dist = inject('builtSite');
const preloads = (html: string) => [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]!);

describe('module preloads', () => {
  it('list the verify page’s whole static import graph in its head, and nothing lazy', async () => {
    const html = await readFile(path.join(dist, 'verify/index.html'), 'utf8');
    const entry = /<script type="module" src="([^"]+)"/.exec(html)![1]!;
    const links = preloads(html.slice(0, html.indexOf('</head>')));
    expect(links[0]).toBe(entry);
    expect(links.slice(1)).toEqual(await staticImports(dist, entry));
    for (const link of links) expect(existsSync(path.join(dist, link)), link).toBe(true);
    // Chunks loaded only for some input (PNG, SVG, JSON, Data Integrity, the email check) stay lazy.
    expect(links.filter((l) => /\/(png|svg|json-input|data-integrity|recipient)\./.test(l))).toEqual([]);
  });

  it('keep the verifier for a token in one module, so the verify page loads one script before it can start', async () => {
    // VerifyPanel.astro holds the script, so every page with the panel shares one entry; a page
    // importing verify-entry.ts itself would split the verifier into shared chunks again (four
    // requests where there is one, 10 to 28 ms later to the verdict here: BENCHMARKS.md).
    const html = await readFile(path.join(dist, 'verify/index.html'), 'utf8');
    const entries = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!);
    expect(entries).toHaveLength(1);
    expect(await staticImports(dist, entries[0]!)).toEqual([]);
  });

  it('reach the credential pages (filled from their template) and stay out of the offline verifier', async () => {
    for (const file of await readdir(path.join(repo, 'content/awards'))) {
      const id = /credentialId: (\S+)/.exec(await readFile(path.join(repo, 'content/awards', file), 'utf8'))![1]!;
      const page = await readFile(path.join(dist, badgePaths.credentialPageFile(id)), 'utf8');
      const entries = [...page.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!);
      const seen = new Set(entries);
      const graph = [...entries];
      for (const entry of entries) graph.push(...(await staticImports(dist, entry, seen)));
      expect(entries.length, file).toBeGreaterThan(0);
      expect(preloads(page), file).toEqual(graph);
    }
    expect(await readFile(path.join(dist, badgePaths.offlineVerifier), 'utf8')).not.toContain('modulepreload');
  });
});
