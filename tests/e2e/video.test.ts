// Videos in releases and on winner cards (src/components/VideoEmbed.astro), built from a copy of the
// project that holds a release with a YouTube video and a winner with a Vimeo one: the page shows a
// facade and asks nothing of YouTube or Vimeo until Play is pressed; then the player's frame is
// made, and the page's Content-Security-Policy lets it in (and nothing else). The machine has no
// internet: requests off the site are recorded and aborted, never sent.
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile } from '../../src/lib/content/check-file.ts';
import { collectionSpecs } from '../../src/schemas/collections.ts';
import { copyProject, runBuild } from '../support/build.ts';
import { hasChromium, launch } from '../support/chromium.ts';
import { serve, type RunningServer } from '../../scripts/static-server.ts';

const YOUTUBE_ID = 'dQw4w9WgXcQ';
const VIMEO_ID = '76979871';
const RELEASE_TITLE = 'How the 2022 finalists made their proposal videos';
const RELEASE_VIDEO = 'Three finalists explain their proposals';
const WINNER_VIDEO = 'Sample Team A presents its proposal';

const RELEASE = `---
title: ${RELEASE_TITLE}
date: 2022-02-01
category: Announcements
summary: Finalists of the 2022 Challenge show how they made a three-minute proposal video.
video:
  # As YouTube's Share button gives it.
  url: https://youtu.be/${YOUTUBE_ID}?si=Bq3xK9pLm2Nw7QrT
  title: ${RELEASE_VIDEO}
---

Each proposal is a two- to three-minute video.
`;

interface Recorder {
  requests: string[];
  violations: string[];
}

/** Records every request and every CSP violation; requests to other sites are aborted, as the machine has no internet. */
async function record(page: Page, origin: string): Promise<Recorder> {
  const recorder: Recorder = { requests: [], violations: [] };
  page.on('request', (request) => recorder.requests.push(request.url()));
  await page.route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort('internetdisconnected')));
  await page.exposeFunction('__cspReport', (text: string) => recorder.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspReport: (t: string) => void }).__cspReport(`${e.violatedDirective} blocked ${e.blockedURI}`),
    );
  });
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) recorder.violations.push(m.text());
  });
  return recorder;
}

const offSite = (recorder: Recorder, origin: string) => recorder.requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'));

describe.skipIf(!hasChromium)('a video in a release and on a winner card', () => {
  let root: string;
  let server: RunningServer;
  let browser: Browser;
  let dist: string;

  beforeAll(async () => {
    root = await copyProject();
    await writeFile(path.join(root, 'content/releases/2022-02-01-proposal-videos.md'), RELEASE);
    await appendFile(path.join(root, 'content/winners/sample-2022-first-place.yaml'), `video:\n  url: https://vimeo.com/${VIMEO_ID}\n  title: ${WINNER_VIDEO}\n`);
    dist = path.join(root, 'dist');
    const built = runBuild(root);
    if (built.status !== 0) throw new Error(`The copy with videos did not build:\n${built.output}`);
    server = await serve(dist);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('shows a facade on the release page and asks nothing of YouTube until Play is pressed (with the keyboard)', async () => {
    const page = await browser.newPage();
    const recorder = await record(page, server.origin);
    await page.goto(`${server.origin}/news/2022-02-01-proposal-videos/`);
    const play = page.getByRole('button', { name: `Play video: ${RELEASE_VIDEO}` });
    await expect.poll(() => play.isVisible(), { timeout: 10_000 }).toBe(true);
    const facade = page.locator('[data-video-embed]');
    expect(await facade.innerText()).toContain(RELEASE_VIDEO);
    expect(await facade.innerText()).toContain('Playing loads the video from YouTube.');
    // The link's name ends with the video's title (hidden on screen, where the box shows it).
    expect(await page.getByRole('link', { name: new RegExp(`^Watch on YouTube\\s?: ${RELEASE_VIDEO}$`) }).getAttribute('href')).toBe(`https://www.youtube.com/watch?v=${YOUTUBE_ID}`);
    expect(await page.locator('iframe').count()).toBe(0);
    // A styled box (the site's brand colour), not a bare button: the component's stylesheet loaded.
    expect(await page.locator('.video-embed__stage').evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    await page.waitForLoadState('networkidle');
    expect(offSite(recorder, server.origin)).toEqual([]);

    await play.focus();
    await page.keyboard.press('Enter');
    const frame = page.locator('[data-video-embed] iframe');
    await expect.poll(() => frame.count(), { timeout: 10_000 }).toBe(1);
    expect(await frame.getAttribute('src')).toBe(`https://www.youtube-nocookie.com/embed/${YOUTUBE_ID}?autoplay=1`);
    expect(await frame.getAttribute('title')).toBe(RELEASE_VIDEO);
    expect(await frame.getAttribute('allow')).toBe('autoplay; fullscreen; picture-in-picture; encrypted-media');
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox');
    // The player was asked for (and aborted here), so the CSP let the frame load: a blocked frame makes no request.
    await expect.poll(() => offSite(recorder, server.origin), { timeout: 10_000 }).toEqual([`https://www.youtube-nocookie.com/embed/${YOUTUBE_ID}?autoplay=1`]);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME');
    expect(recorder.violations).toEqual([]);

    // The policy lets in only the two players: YouTube's own (cookie-setting) host is refused.
    await page.evaluate(() => {
      const other = document.createElement('iframe');
      other.src = 'https://www.youtube.com/embed/dQw4w9WgXcQ';
      document.body.append(other);
    });
    await expect.poll(() => recorder.violations.join('\n'), { timeout: 10_000 }).toMatch(/frame-src blocked https:\/\/www\.youtube\.com/);
  });

  it('plays a winner’s Vimeo video on the winners page the same way', async () => {
    const page = await browser.newPage();
    const recorder = await record(page, server.origin);
    await page.goto(`${server.origin}/winners/`);
    await page.waitForLoadState('networkidle');
    expect(await page.getByText('Playing loads the video from Vimeo.').count()).toBe(1);
    expect(offSite(recorder, server.origin)).toEqual([]);
    await page.getByRole('button', { name: `Play video: ${WINNER_VIDEO}` }).click();
    const frame = page.locator('[data-video-embed] iframe');
    await expect.poll(() => frame.getAttribute('src'), { timeout: 10_000 }).toBe(`https://player.vimeo.com/video/${VIMEO_ID}?autoplay=1&dnt=1`);
    await expect.poll(() => offSite(recorder, server.origin), { timeout: 10_000 }).toEqual([`https://player.vimeo.com/video/${VIMEO_ID}?autoplay=1&dnt=1`]);
    expect(recorder.violations).toEqual([]);
  });

  it('lets frames from the players only into pages that have a video', async () => {
    const csp = async (file: string) => /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(await readFile(path.join(dist, file), 'utf8'))?.[1];
    const players = 'frame-src https://www.youtube-nocookie.com https://player.vimeo.com;';
    for (const file of ['news/2022-02-01-proposal-videos/index.html', 'winners/index.html', 'challenge/2022/index.html']) {
      expect(await csp(file), file).toContain(players);
      expect(await csp(file), file).not.toContain('unsafe-inline');
    }
    for (const file of ['index.html', 'news/index.html', 'news/2022-01-25-mayors-innovation-challenge-adds-micro-credentials/index.html', '404.html']) {
      expect(await csp(file), file).not.toContain('frame-src');
    }
    // The header policy sent with every page names no frame source, so it cannot contradict the page's own.
    expect(await readFile(path.join(dist, '_headers'), 'utf8')).not.toContain('frame-src');
  });

  it('has no WCAG A/AA violation around the facade (axe-core, light, dark and narrow)', async () => {
    const axe = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const found: string[] = [];
    for (const options of [{ colorScheme: 'light' as const }, { colorScheme: 'dark' as const }, { colorScheme: 'light' as const, viewport: { width: 375, height: 812 } }]) {
      // axe is injected as an inline script, which the page's CSP rightly forbids (see tests/e2e/accessibility.test.ts).
      const page = await browser.newPage({ ...options, bypassCSP: true });
      for (const url of ['/news/2022-02-01-proposal-videos/', '/winners/']) {
        await page.goto(`${server.origin}${url}`);
        await page.addScriptTag({ content: axe });
        const violations = await page.evaluate(async () => {
          const result = await (window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
          });
          return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        found.push(...violations.map((v) => `${options.colorScheme}${'viewport' in options ? ' narrow' : ''} ${url} ${v}`));
      }
      await page.close();
    }
    expect(found).toEqual([]);
  });

  it('keeps its space before "so" on the 404 page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/no-such-page/`);
    // The program contact: its name as the mail link, then its address (and, for a placeholder, its label).
    const name = await page.locator('main a[href^="mailto:"]').innerText();
    const text = await page.locator('main').innerText();
    expect(text).toContain(`please tell ${name} (`);
    expect(text).toMatch(/\) so we can fix it\./);
  });
});

describe('an embed pasted into the text of a release', () => {
  it('is refused by the content check, which points to the Video field', () => {
    // What YouTube's Share > Embed gives, pasted into the body.
    const text = `${RELEASE.trimEnd()}\n\n<iframe width="560" height="315" src="https://www.youtube.com/embed/${YOUTUBE_ID}?si=Bq3xK9pLm2Nw7QrT" title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe>\n`;
    const file = 'content/releases/2022-02-01-proposal-videos.md';
    const { problems } = checkFile(file, text, 'markdown', collectionSpecs.releases.schema);
    expect(problems.map((p) => `${p.line} ${p.field}: ${p.message}`)).toEqual([
      '14 body: The text embeds another page (<iframe>). Releases and pages cannot embed other sites: remove it. To show a YouTube or Vimeo video in a release, paste its link into the Video field (under Photo) instead; elsewhere, link to the video or page.',
    ]);
  });
});
