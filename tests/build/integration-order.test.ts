// The order of integrations in astro.config.mjs cannot break a build: badges() runs the content
// check and hands its report to the issuer itself, and Pagefind never reads the credential pages,
// whether the badge integration has written them yet or not. Proved with the order reversed.
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { badgePaths } from '../../src/lib/ob3/urls.ts';
import { copyProject, runBuild } from '../support/build.ts';

const builtSite = inject('builtSite');
let root: string;
let output: string;
let status: number | null;

/** The integrations array of astro.config.mjs, reversed. */
function reverseIntegrations(config: string): string {
  const match = /integrations: \[\n([\s\S]*?)\n  \],/.exec(config);
  if (!match) throw new Error('astro.config.mjs has no "integrations: [ … ]," block to reorder; update this test.');
  // One integration call per line; the comments (which describe the usual order) are left out.
  const calls = match[1]!.split('\n').filter((line) => /^    [a-z]\w*\(/.test(line));
  if (calls.length < 4) throw new Error(`Expected one integration call per line in astro.config.mjs, found:\n${match[1]}`);
  const reversed = [...calls].reverse().join('\n');
  return config.replace(match[0], `integrations: [\n${reversed}\n  ],`);
}

beforeAll(async () => {
  root = await copyProject();
  const file = path.join(root, 'astro.config.mjs');
  const config = await readFile(file, 'utf8');
  const reordered = reverseIntegrations(config);
  expect(reordered).not.toBe(config);
  await writeFile(file, reordered);
  ({ status, output } = runBuild(root));
}, 180_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a build with the integrations in reverse order', () => {
  it('builds, checks the content first and issues every award', async () => {
    expect(status, output).toBe(0);
    expect(output.indexOf('Content check passed')).toBeGreaterThan(-1);
    expect(output.indexOf('Content check passed')).toBeLessThan(output.indexOf('Issuing '));
    const awards = (await readdir(path.join(root, 'content/awards'))).filter((f) => f.endsWith('.yaml'));
    expect(output).toContain(`Issuing ${awards.length} credential(s)`);
    const dist = path.join(root, 'dist');
    for (const name of awards) {
      const id = /credentialId: ([0-9a-f-]{36})/.exec(await readFile(path.join(root, 'content/awards', name), 'utf8'))![1]!;
      for (const file of [badgePaths.credentialJwt(id), badgePaths.credentialJson(id), badgePaths.credentialPng(id), badgePaths.credentialPageFile(id)]) {
        expect(existsSync(path.join(dist, file)), file).toBe(true);
      }
    }
    expect(existsSync(path.join(dist, badgePaths.offlineVerifier))).toBe(true);
  });

  it('indexes the same pages for search as the usual order, and never reads a credential page', async () => {
    const entry = async (dist: string) => JSON.parse(await readFile(path.join(dist, 'pagefind/pagefind-entry.json'), 'utf8')).languages.en.page_count as number;
    expect(await entry(path.join(root, 'dist'))).toBe(await entry(builtSite));
    // Pagefind reports the pages it read: every HTML file except the credential pages, the offline
    // verifier and the CMS, though in this order all of them were written before Pagefind ran.
    const html = (await readdir(path.join(root, 'dist'), { recursive: true })).filter(
      (f) => f.endsWith('.html') && !f.startsWith(`${badgePaths.credentials}${path.sep}`) && !f.startsWith(`admin${path.sep}`) && f !== badgePaths.offlineVerifier,
    );
    expect(html.length).toBeGreaterThan(5);
    expect(output).toContain(`Search index: ${html.length} pages.`);
  });
});
