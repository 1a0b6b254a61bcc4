// The same tamper corpus as tests/unit/verify-core.test.ts, run by the same core inside Chromium.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repo } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { buildCorpus } from '../support/corpus.ts';
import { mismatches, type CaseOutcome, type Corpus } from '../support/corpus-runner.ts';
import type { FuzzSeeds } from '../support/fuzz.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

describe.skipIf(!hasChromium)('verification core (Chromium)', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let corpus: Corpus;

  beforeAll(async () => {
    corpus = await buildCorpus();
    dir = await mkdtemp(path.join(os.tmpdir(), 'mic-core-browser-'));
    await build({
      entryPoints: [path.join(repo, 'tests/support/corpus-browser-entry.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      outfile: path.join(dir, 'core.js'),
      logLevel: 'silent',
    });
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>core</title><script src="/core.js"></script>');
    await writeFile(path.join(dir, '404.html'), 'not found');
    server = await serve(dir);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives every corpus case the same verdict and code as in Node', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/`);
    const outcomes = await page.evaluate((c) => (window as unknown as { runCorpus: (c: Corpus) => Promise<CaseOutcome[]> }).runCorpus(c), corpus);
    const failures = corpus.cases.flatMap((c, i) => mismatches(c, outcomes[i]!).map((m) => `${c.name}: ${m}`));
    expect(failures).toEqual([]);
    expect(outcomes).toHaveLength(corpus.cases.length);
    expect(errors).toEqual([]);
  });

  it('always answers random and adversarial input with a verdict and ten steps, within the time budget', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/`);
    const token = (corpus as Corpus & { tokens: Record<string, string> }).tokens.valid!;
    const seeds: FuzzSeeds = { corpus, token, credential: JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) };
    const broken = await page.evaluate(
      ([s, runs]) => (window as unknown as { fuzz: (seeds: FuzzSeeds, numRuns: number) => Promise<string | undefined> }).fuzz(s, runs),
      [seeds, 500] as const,
    );
    expect(broken).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
