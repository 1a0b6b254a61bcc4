/**
 * What the verify page costs an employer, measured in Debian's Chromium against a build served on
 * localhost: the JavaScript it actually loads to verify a JWT badge (every .js response, gzipped
 * as a static host sends it, lazily loaded chunks included), and the time to the verdict. Two ways
 * in: a link with ?id= (the verdict after page load), and a token pasted and submitted (the verdict
 * after the click); and the same for the credential JSON with its Data Integrity proof, whose
 * JSON-LD code loads only then. Used by `npm run bench:verify` and `npm run bench`. Asserts nothing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { VERIFY_MARKS } from '../src/components/verify/verify-page.ts';
import { badgePaths } from '../src/lib/ob3/urls.ts';
import { launchChromium } from './chromium.ts';
import { serve } from './static-server.ts';

export interface VerifyMetrics {
  /** Gzipped bytes of the JavaScript loaded for ?id= of a JWT credential. */
  linkedJsBytes: number;
  /**
   * Of those, what was requested before the verdict was on the page: a credential with partner
   * endorsements loads the Data Integrity chunk for their line only after the verdict is shown.
   */
  linkedJsBytesBeforeVerdict: number;
  /** Gzipped bytes of the JavaScript loaded to verify a pasted token. */
  pastedJsBytes: number;
  /** Median milliseconds from navigation start to the verdict, ?id=. */
  linkedMs: number;
  /** Median milliseconds from navigation start to the baseline page's four files in hand (see baselinePage). */
  baselineMs: number;
  /** Median milliseconds from pressing Verify to the verdict, pasted token. */
  pastedMs: number;
  /** The same two for the credential JSON with its Data Integrity proof (?url= of the .json, and pasted). */
  jsonLinkedJsBytes: number;
  jsonLinkedMs: number;
  jsonPastedMs: number;
  /** Gzipped bytes of the Data Integrity chunk alone (JSON-LD, canonicalisation, pinned contexts). */
  dataIntegrityChunkBytes: number;
  runs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/**
 * The page's own User Timing marks of its latest verification (src/components/verify/verify-page.ts,
 * VERIFY_MARKS): when it started and when the verdict was on the page, in milliseconds since
 * navigation. Read from the marks rather than timed from here, because noticing the verdict from
 * the test side (polling, then a round trip to the browser) adds 20 to 80 ms on this machine.
 */
const marks = (page: Page) =>
  page.evaluate((names) => {
    const last = (name: string) => performance.getEntriesByName(name, 'mark').at(-1)?.startTime ?? Number.NaN;
    return { start: last(names.start), verdict: last(names.verdict) };
  }, VERIFY_MARKS);

/**
 * The marks once the page's latest verification has its verdict. The page is left alone while it
 * works and only asked every quarter second: Playwright's waitForFunction would inject its script
 * into the page in the middle of what is measured (about 25 ms of the page's main thread here,
 * 40 ms on the median verdict).
 */
async function settled(page: Page): Promise<{ start: number; verdict: number }> {
  for (let waited = 0; waited < 10_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const found = await marks(page);
    if (found.verdict >= found.start) return found;
  }
  throw new Error(`${page.url()}: no verdict within 10 s.`);
}

/**
 * The baseline for the time to the verdict: /verify/'s own HTML and styles with its script
 * replaced by one that fetches the four files a verdict on ?id= needs (this site's keys, the
 * credential, both status lists) and does nothing else, marking the same two User Timing marks.
 * No verifier served from this site could answer sooner; the ratio to it holds still across runs
 * on this machine where milliseconds do not.
 */
async function baselinePage(dist: string, id: string): Promise<Record<string, string>> {
  const files = [badgePaths.jwks, badgePaths.credentialJwt(id), badgePaths.statusList('revocation'), badgePaths.statusList('suspension')].map((f) => `/${f}`);
  const html = (await readFile(path.join(dist, badgePaths.verifyPage, 'index.html'), 'utf8'))
    .replace(/<link rel="modulepreload"[^>]*>/g, '')
    .replace(/<script type="module" src="[^"]*"><\/script>/g, '')
    .replace('</body>', '<script type="module" src="/baseline/baseline.js"></script></body>');
  const script = `performance.mark(${JSON.stringify(VERIFY_MARKS.start)});
Promise.all(${JSON.stringify(files)}.map((f) => fetch(f, { credentials: 'omit', referrerPolicy: 'no-referrer' }).then((r) => r.arrayBuffer()))).then(() => {
  document.querySelector('#verify-result').dataset.verdict = 'valid';
  performance.mark(${JSON.stringify(VERIFY_MARKS.verdict)});
});`;
  return { '/baseline/': html, '/baseline/baseline.js': script };
}

/** Measures the build in `dist` with the credential `id` (its .jwt must exist). */
export async function verifyMetrics(dist: string, id: string, runs = 5): Promise<VerifyMetrics> {
  const token = (await readFile(path.join(dist, badgePaths.credentialJwt(id)), 'utf8')).trim();
  const json = await readFile(path.join(dist, badgePaths.credentialJson(id)), 'utf8');
  const jsonUrl = (JSON.parse(json) as { id: string }).id;
  const server = await serve(dist, await baselinePage(dist, id));
  const browser = await launchChromium();
  /** Gzipped size of every JavaScript file the page requested while `act` ran, each counted once. */
  const jsLoaded = async (page: Page, act: () => Promise<void>) => {
    const scripts = new Set<string>();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === server.origin && url.pathname.endsWith('.js')) scripts.add(url.pathname);
    });
    await act();
    let bytes = 0;
    for (const script of scripts) bytes += gzipSync(await readFile(path.join(dist, script)), { level: 9 }).length;
    return bytes;
  };
  try {
    const linked: number[] = [];
    const baseline: number[] = [];
    const pasted: number[] = [];
    let linkedJsBytes = 0;
    let linkedJsBytesBeforeVerdict = 0;
    let pastedJsBytes = 0;
    const jsonLinked: number[] = [];
    const jsonPasted: number[] = [];
    let jsonLinkedJsBytes = 0;
    let dataIntegrityChunkBytes = 0;
    for (let i = 0; i < runs; i += 1) {
      const page = await browser.newPage();
      linkedJsBytes = await jsLoaded(page, async () => {
        await page.goto(`${server.origin}/${badgePaths.verifyPage}?id=${id}`);
        const { verdict } = await settled(page);
        linked.push(verdict);
        const early = await page.evaluate(
          (before) => performance.getEntriesByType('resource').filter((e) => e.startTime <= before).map((e) => new URL(e.name)).filter((u) => u.origin === location.origin && u.pathname.endsWith('.js')).map((u) => u.pathname),
          verdict,
        );
        linkedJsBytesBeforeVerdict = 0;
        for (const script of new Set(early)) linkedJsBytesBeforeVerdict += gzipSync(await readFile(path.join(dist, script)), { level: 9 }).length;
        // Whatever the page loads after the verdict (the endorsement line) is counted in linkedJsBytes too.
        await page.waitForFunction(() => document.querySelector('[data-endorsements="pending"]') === null, undefined, { timeout: 10_000 }).catch(() => undefined);
      });
      await page.close();

      const floor = await browser.newPage();
      await floor.goto(`${server.origin}/baseline/?id=${id}`);
      baseline.push((await settled(floor)).verdict);
      await floor.close();

      const paste = await browser.newPage();
      pastedJsBytes = await jsLoaded(paste, async () => {
        await paste.goto(`${server.origin}/${badgePaths.verifyPage}`);
        await paste.getByLabel('Credential', { exact: true }).fill(token);
        await paste.getByRole('button', { name: 'Verify' }).click();
        const { start, verdict } = await settled(paste);
        pasted.push(verdict - start);
      });
      await paste.close();

      const diPage = await browser.newPage();
      jsonLinkedJsBytes = await jsLoaded(diPage, async () => {
        await diPage.goto(`${server.origin}/${badgePaths.verifyPage}?url=${encodeURIComponent(jsonUrl)}`);
        jsonLinked.push((await settled(diPage)).verdict);
      });
      await diPage.close();

      const diPaste = await browser.newPage();
      await diPaste.goto(`${server.origin}/${badgePaths.verifyPage}`);
      await diPaste.getByLabel('Credential', { exact: true }).fill(json);
      await diPaste.getByRole('button', { name: 'Verify' }).click();
      const diMarks = await settled(diPaste);
      jsonPasted.push(diMarks.verdict - diMarks.start);
      const chunks = await diPaste.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => /data-integrity[^/]*\.js$/.test(p)));
      dataIntegrityChunkBytes = 0;
      for (const chunk of new Set(chunks)) dataIntegrityChunkBytes += gzipSync(await readFile(path.join(dist, chunk)), { level: 9 }).length;
      await diPaste.close();
    }
    return {
      linkedJsBytes,
      linkedJsBytesBeforeVerdict,
      pastedJsBytes,
      linkedMs: median(linked),
      baselineMs: median(baseline),
      pastedMs: median(pasted),
      jsonLinkedJsBytes,
      jsonLinkedMs: median(jsonLinked),
      jsonPastedMs: median(jsonPasted),
      dataIntegrityChunkBytes,
      runs,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** The metrics as table rows. */
export function verifyRows(m: VerifyMetrics): [string, string][] {
  return [
    ['Verify page JavaScript loaded for a JWT badge, gzipped, bytes (?id= / pasted; 15 KB = 15,360)', `${m.linkedJsBytes.toLocaleString('en')} / ${m.pastedJsBytes.toLocaleString('en')}`],
    ['Of which requested before the verdict was shown (?id=; an endorsement line loads the rest after it)', `${m.linkedJsBytesBeforeVerdict.toLocaleString('en')}`],
    [`Load to verdict on /verify/?id= (median of ${m.runs}, localhost)`, `${m.linkedMs.toFixed(0)} ms`],
    [`Baseline: the same page fetching the same four files and verifying nothing (median of ${m.runs})`, `${m.baselineMs.toFixed(0)} ms`],
    ['Ratio: load to verdict / baseline', `${(m.linkedMs / m.baselineMs).toFixed(2)}x`],
    [`Verify pressed to verdict, pasted token (median of ${m.runs}, localhost)`, `${m.pastedMs.toFixed(0)} ms`],
    ['Verify page JavaScript loaded for a credential JSON (Data Integrity), gzipped, bytes / of which the Data Integrity chunk', `${m.jsonLinkedJsBytes.toLocaleString('en')} / ${m.dataIntegrityChunkBytes.toLocaleString('en')}`],
    [`Load to verdict on /verify/?url=<credential .json> (median of ${m.runs}, localhost)`, `${m.jsonLinkedMs.toFixed(0)} ms`],
    [`Verify pressed to verdict, pasted credential JSON (median of ${m.runs}, localhost)`, `${m.jsonPastedMs.toFixed(0)} ms`],
  ];
}

export interface DataIntegrityComparison {
  /** Medians in milliseconds, this build and the other: load to verdict on ?url=<.json>, and pasted .json to verdict. */
  linked: [number, number];
  pasted: [number, number];
  pairs: number;
}

/**
 * The Data Integrity path of two builds, alternated in one browser (which goes first alternates
 * too), so both meet the same machine: on this disk and these two cores, milliseconds measured in
 * separate runs move more than most changes. Each build verifies its own credential `id` (each
 * build signs with its own key). Used by `npm run bench:verify -- --compare <other dist>`.
 */
export async function compareDataIntegrity(dist: string, other: string, id: string, pairs = 25): Promise<DataIntegrityComparison> {
  const builds = [dist, other];
  const servers = await Promise.all(builds.map((d) => serve(d)));
  const jsons = await Promise.all(builds.map((d) => readFile(path.join(d, badgePaths.credentialJson(id)), 'utf8')));
  const browser = await launchChromium();
  const linked: [number[], number[]] = [[], []];
  const pasted: [number[], number[]] = [[], []];
  try {
    for (let i = 0; i < pairs; i += 1) {
      for (const b of i % 2 === 0 ? [0, 1] : [1, 0]) {
        const jsonUrl = (JSON.parse(jsons[b]!) as { id: string }).id;
        const page = await browser.newPage();
        await page.goto(`${servers[b]!.origin}/${badgePaths.verifyPage}?url=${encodeURIComponent(jsonUrl)}`);
        linked[b as 0 | 1].push((await settled(page)).verdict);
        await page.close();
        const paste = await browser.newPage();
        await paste.goto(`${servers[b]!.origin}/${badgePaths.verifyPage}`);
        await paste.getByLabel('Credential', { exact: true }).fill(jsons[b]!);
        await paste.getByRole('button', { name: 'Verify' }).click();
        const { start, verdict } = await settled(paste);
        pasted[b as 0 | 1].push(verdict - start);
        await paste.close();
      }
    }
    return { linked: [median(linked[0]), median(linked[1])], pasted: [median(pasted[0]), median(pasted[1])], pairs };
  } finally {
    await browser.close();
    await Promise.all(servers.map((s) => s.close()));
  }
}
