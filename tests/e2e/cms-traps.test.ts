// The CMS's traps, walked as an editor against the real decap-server on a throwaway copy of the
// project: a picture an entry uses cannot be deleted (the entries are named), the media library lists
// no dot-files; a too-long title is counted and refused in words (not "API_ERROR"); a save with a
// missing field brings that field into view with the cursor in it; a second release with the same
// title and date is refused instead of saved as "…-1"; switching "Revoked" off says at once that a
// revocation is final; lists are newest first and mark drafts and scheduled releases; HTML the
// page would not keep (an iframe, an event handler, a meta refresh, a javascript: link) is refused at
// save with its reason, so the preview never differs from the page.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_FOLDER, PUBLIC_FOLDER } from '../../cms/config.ts';
import { hasChromium } from '../support/chromium.ts';
import { editor, startCms, waitFor, type RunningCms } from '../support/cms.ts';

describe.skipIf(!hasChromium)('Decap CMS traps', () => {
  let cms: RunningCms;
  let ui: ReturnType<typeof editor>;
  const releases = () => path.join(cms.root, 'content/releases');
  const media = (name: string) => path.join(cms.root, MEDIA_FOLDER, name);

  /** A release file like the existing one, with other front matter. */
  async function writeRelease(slug: string, frontMatter: string, body = 'Text of the release.') {
    await writeFile(path.join(releases(), `${slug}.md`), `---\n${frontMatter}\ncategory: Announcements\nsummary: A short summary.\n---\n\n${body}\n`);
  }

  beforeAll(async () => {
    cms = await startCms();
    ui = editor(cms.page, cms.admin, cms.errors);
  });
  afterAll(async () => {
    await cms?.close();
  });

  it('refuses to delete a picture that releases use, naming each release and field; deletes an unused one; lists no dot-files', async () => {
    const { page } = cms;
    const png = async (colour: string) => sharp({ create: { width: 30, height: 20, channels: 3, background: colour } }).png().toBuffer();
    await writeFile(media('in-use.png'), await png('#2a6f97'));
    await writeFile(media('unused.png'), await png('#ffd166'));
    await writeFile(media('.gitkeep'), '');
    await writeRelease('2026-10-01-harbour-photo', `title: Harbour photo release\ndate: 2026-10-01\nhero:\n  src: ${PUBLIC_FOLDER}/in-use.png\n  alt: The harbour\n  credit: City of Kingston`);
    // Used only in a body's Markdown, and written with an escaped space-free path: found by parsing, not by text.
    await writeRelease('2026-10-02-body-photo', 'title: Body photo release\ndate: 2026-10-02', `Before.\n\n![The same harbour](${PUBLIC_FOLDER}/in-use.png "Harbour")\n\nAfter.`);

    await page.goto('about:blank');
    await page.goto(`${cms.admin}#/collections/releases`);
    await page.getByRole('link', { name: 'News releases', exact: true }).waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: 'Media' }).or(page.getByRole('button', { name: 'Media' })).first().click();
    await page.getByText('in-use.png', { exact: true }).waitFor();
    expect(await page.getByText('.gitkeep').count(), 'dot-files are not listed').toBe(0);

    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.getByText('in-use.png', { exact: true }).click();
    await page.getByRole('button', { name: 'Delete selected' }).click();
    const panel = page.locator('#mic-save-problems');
    await panel.waitFor({ timeout: 20_000 });
    const message = (await panel.textContent()) ?? '';
    expect(message).toContain('Not deleted: this picture is in use');
    expect(message).toContain('“in-use.png” is used by');
    expect(message).toContain('News releases: Harbour photo release (Photo › Image)');
    expect(message).toContain('News releases: Body photo release (Body)');
    expect(existsSync(media('in-use.png'))).toBe(true);
    await page.getByRole('button', { name: 'Dismiss' }).click();

    await page.getByText('unused.png', { exact: true }).click();
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await waitFor(async () => (existsSync(media('unused.png')) ? undefined : true), 'the unused picture to be deleted');
    expect(await panel.count()).toBe(0);
    expect(existsSync(media('in-use.png'))).toBe(true);
    page.removeAllListeners('dialog');
  });

  it('counts a title as it is typed, and refuses a 354-character one in words instead of "API_ERROR"', async () => {
    const { page } = cms;
    await ui.open('#/collections/releases/new');
    const title = 'Kingston council approves a very long headline '.repeat(8).slice(0, 354);
    await ui.field('Title').fill('Short title');
    await page.getByText('11 of 200 characters').waitFor();
    await ui.field('Title').fill(title);
    await page.getByText('354 characters: 154 too many. Keep it to 200 or fewer, so it can name the file.').waitFor();
    await ui.field('Publication date').fill('2026-11-02');
    await ui.select('Category', 'Announce', 'Announcements');
    await ui.field('Summary').fill('A summary.');
    const before = await readdir(releases());
    await ui.startPublish();
    await page.getByText(/Shorten the title to 200 characters or fewer/i).first().waitFor();
    await page.waitForTimeout(1000);
    expect(await page.getByText(/API_ERROR|Unknown error/).count()).toBe(0);
    expect(await readdir(releases())).toEqual(before);
  });

  it('brings a missing required field into view, with the cursor in it', async () => {
    const { page } = cms;
    await ui.open('#/collections/releases/new');
    await ui.field('Publication date').fill('2026-11-03');
    await ui.select('Category', 'Announce', 'Announcements');
    await ui.field('Summary').fill('A summary.');
    // The editor works at the bottom of the form: the empty Title is scrolled out of view.
    await page.locator('[contenteditable="true"]').last().click();
    await page.keyboard.type('The body.');
    await page.locator('[contenteditable="true"]').last().scrollIntoViewIfNeeded();
    const title = page.getByRole('textbox', { name: 'Title', exact: true });
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('*')) if (el.scrollHeight > el.clientHeight + 10) el.scrollTop = el.scrollHeight;
    });
    expect(await title.evaluate((el) => el.getBoundingClientRect().bottom < 0 || el.getBoundingClientRect().top > innerHeight)).toBe(true);
    await ui.startPublish();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^title-field/);
    const box = await title.evaluate((el) => ({ top: el.getBoundingClientRect().top, bottom: el.getBoundingClientRect().bottom, height: innerHeight }));
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(box.height);
  });

  it('refuses a second release with the same title and date instead of saving it as "…-1"', async () => {
    const { page } = cms;
    await writeRelease('2026-09-01-harbour-reopens', 'title: Harbour reopens\ndate: 2026-09-01');
    await ui.open('#/collections/releases/new');
    await ui.field('Title').fill('Harbour reopens');
    await ui.field('Publication date').fill('2026-09-01');
    await ui.select('Category', 'Announce', 'Announcements');
    await ui.field('Summary').fill('A summary.');
    await page.locator('[contenteditable="true"]').last().click();
    await page.keyboard.type('Another body.');
    const message = await ui.refusedSave();
    expect(message).toContain('A release with this title and publication date already exists (content/releases/2026-09-01-harbour-reopens.md)');
    expect((await readdir(releases())).filter((f) => f.startsWith('2026-09-01-harbour-reopens'))).toEqual(['2026-09-01-harbour-reopens.md']);
  });

  it('says at once that a revocation is final when Revoked is switched off, and says it first at save', async () => {
    const { page } = cms;
    const awards = path.join(cms.root, 'content/awards');
    const template = await readFile(path.join(awards, 'innovation-skills-2022-03-04-6c4635d2.yaml'), 'utf8');
    const id = randomUUID();
    const slug = `innovation-skills-2022-03-04-${id.slice(0, 8)}`;
    const text = template
      .replace(/credentialId: .*/, `credentialId: ${id}`)
      .replace(/subjectId: .*/, `subjectId: urn:uuid:${randomUUID()}`)
      .replace(/statusIndex: .*/, 'statusIndex: 4343')
      .replace('sample: true\n', 'sample: true\nrevoked: true\nrevokedReason: Awarded in error.\nrevokedDate: 2026-11-21\n');
    await writeFile(path.join(awards, `${slug}.yaml`), text);
    await ui.open(`#/collections/awards/entries/${slug}`);
    await ui.field('Revoked').click();
    const panel = page.locator('#mic-save-problems');
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.textContent()).toMatch(/^Revocation is final.*Revoked: This credential was revoked, and a revocation is final: turn Revoked back on/);
    // Switched on again: the warning goes.
    await ui.field('Revoked').click();
    await expect.poll(() => panel.count()).toBe(0);
    // Off again and saved with the reason and date still there: finality first, no advice to remove them.
    await ui.field('Revoked').click();
    await panel.waitFor();
    const message = await ui.refusedSave();
    expect(message).toMatch(/^Not saved: fix these fields firstRevoked: This credential was revoked, and a revocation is final/);
    expect(message).not.toMatch(/is set but|Remove them/);
    expect(await readFile(path.join(awards, `${slug}.yaml`), 'utf8')).toBe(text);
  });

  it('lists releases newest first, marking drafts and scheduled ones; their previews say so instead of "Published"', async () => {
    const { page } = cms;
    await writeRelease('2026-12-01-council-draft', 'title: Council draft\ndate: 2026-12-01\ndraft: true');
    await writeRelease('2026-12-02-scheduled-news', 'title: Scheduled news\ndate: 2026-12-02\npublishAt: 2099-01-01T09:00');
    await page.goto('about:blank');
    await page.goto(`${cms.admin}#/collections/releases`);
    const scheduled = page.getByText('2026-12-02: Scheduled news (Announcements) · Scheduled for 2099-01-01');
    await scheduled.waitFor({ timeout: 20_000 });
    await page.getByText('2026-12-01: Council draft (Announcements) · Draft').waitFor();
    const dates = await page.locator('a[href*="#/collections/releases/entries/"]').evaluateAll((links) => links.map((a) => /^(\d{4}-\d{2}-\d{2}):/.exec(a.textContent?.trim() ?? '')?.[1] ?? ''));
    expect(dates.length).toBeGreaterThan(3);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0]).toBe('2026-12-02');

    await ui.open('#/collections/releases/entries/2026-12-02-scheduled-news');
    const preview = page.locator('iframe').first().contentFrame();
    await preview.getByText('Scheduled for January 1, 2099, 9 a.m. (Kingston time)').waitFor();
    expect(await preview.getByText(/^Published/).count()).toBe(0);
    await ui.open('#/collections/releases/entries/2026-12-01-council-draft');
    await page.locator('iframe').first().contentFrame().getByText('Draft: not published.', { exact: false }).waitFor();
  });

  it('refuses at save, with each reason, a body with an iframe, an event handler, a meta refresh and a javascript: link; nothing is written', async () => {
    const { page } = cms;
    await ui.open('#/collections/releases/new');
    await ui.field('Title').fill('Release with raw HTML');
    await ui.field('Publication date').fill('2026-11-05');
    await ui.select('Category', 'Announce', 'Announcements');
    await ui.field('Summary').fill('A summary.');
    await page.locator('[contenteditable="true"]').last().click();
    await page.keyboard.insertText(
      [
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
        '',
        '<p onclick="alert(1)">Click me</p>',
        '',
        '<meta http-equiv="refresh" content="30; url=https://example.org/">',
        '',
        '<a href="javascript:alert(1)">a link</a>',
      ].join('\n'),
    );
    const message = await ui.refusedSave();
    expect(message).toMatch(/<iframe>[^]*Video field/);
    expect(message).toContain('The <p> element has an event handler (onclick). Releases and pages cannot run script: remove the onclick attribute.');
    expect(message).toMatch(/<meta>/);
    expect(message).toContain('The href of <a> runs script (javascript:). Releases and pages cannot run script: link to a web address instead.');
    expect(existsSync(path.join(releases(), '2026-11-05-release-with-raw-html.md'))).toBe(false);
    // While the text was in the editor, the admin page's own policy refused its inline handler: that
    // refusal is expected here, and nothing else may be in the log.
    const refusedHandlers = cms.errors.filter((e) => e.startsWith('CSP: Executing inline event handler'));
    expect(cms.errors.length - refusedHandlers.length, cms.errors.join('\n')).toBe(0);
    cms.errors.splice(0, cms.errors.length);
  });

  it('opens a Markdown body in Markdown mode, so pasted Markdown is published as Markdown', async () => {
    const { page } = cms;
    await ui.open('#/collections/releases/new');
    await ui.field('Title').fill('Markdown mode release');
    await ui.field('Publication date').fill('2026-11-04');
    await ui.select('Category', 'Announce', 'Announcements');
    await ui.field('Summary').fill('A summary.');
    await page.getByText('Paste Markdown in Markdown mode (the default)', { exact: false }).waitFor();
    await page.locator('[contenteditable="true"]').last().click();
    // As pasted: inserted in one piece, with no keystrokes for the editor to interpret.
    await page.keyboard.insertText('Read the **full report** and [the summary](https://www.cityofkingston.ca/).');
    await ui.publish();
    const file = path.join(releases(), '2026-11-04-markdown-mode-release.md');
    const text = await waitFor(async () => (existsSync(file) ? readFile(file, 'utf8') : undefined), 'the release file');
    // In Rich Text mode the same text is kept as typed: \*\*full report\*\* and a bracketed link.
    expect(text).toContain('Read the **full report** and [the summary](https://www.cityofkingston.ca/).');
  });

  it('shows options and list headings in words, and no "(optional)" on a photo’s alt text', async () => {
    const { page } = cms;
    await ui.open('#/collections/editions/entries/2022');
    expect(await page.getByText(/^\d+ key dates$/).count()).toBe(1);
    expect(await page.getByText(/timeline \(key dates\)/i).count()).toBe(0);
    await page.locator('[class*=listControlItem]').first().locator('button').first().click();
    await page.getByText('Final event', { exact: true }).or(page.getByText('Registration deadline', { exact: true })).first().waitFor();
    expect(await page.getByText(/^(final-event|registration-deadline)$/).count()).toBe(0);
    await page.getByText('Closed', { exact: true }).first().waitFor();

    await ui.open(`#/collections/releases/entries/2026-10-01-harbour-photo`);
    await page.getByLabel('Alt text', { exact: true }).waitFor();
    await page.getByLabel('Photo credit', { exact: true }).waitFor();
    expect(await page.getByLabel('Alt text (optional)', { exact: true }).count()).toBe(0);
    // Fields that really are optional keep the word.
    await page.getByLabel('Publish at (Kingston time) (optional)', { exact: true }).waitFor();
    expect(cms.errors).toEqual([]);
  });
});
