// Decap CMS in Chromium against the real decap-server, writing into a throwaway copy of the project
// (never this checkout), as communications and program staff use it: upload a photo to a release and
// see it on the built page; set and clear optional fields in every collection and still build; an
// invalid edit is refused with a message that stays and names the form's label; awards cannot be
// deleted and never get a taken status slot, and a revocation, however it is written, is never undone;
// the email field never stores a partial address.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CmsCollection, CmsField } from 'decap-cms-core';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmsCollections } from '../../cms/collections.ts';
import { runBuild } from '../support/build.ts';
import { hasChromium } from '../support/chromium.ts';
import { editor, startCms, waitFor, type RunningCms } from '../support/cms.ts';
import { phonePhoto } from '../../scripts/phone-photo.ts';
import { serve } from '../../scripts/static-server.ts';

/** An existing entry of each collection, opened to set and clear its optional fields. */
const EXISTING: Record<string, string> = {
  releases: '2022-01-25-mayors-innovation-challenge-adds-micro-credentials',
  editions: '2022',
  winners: 'sample-2022-finalist',
  achievements: 'innovation-skills',
  partners: 'ddqic',
  pages: 'accessibility',
  faq: 'does-it-cost-anything',
  guides: 'how-to-earn',
  awards: 'innovation-skills-2022-03-04-801eced2',
  settings: 'site',
};
const TYPED: Record<string, string> = { string: 'Temporary text', text: 'Temporary text', number: '5', 'kingston-date': '2022-01-30' };

/** Optional fields that take typed text (string, text, number, date), outside lists, with a label used once in the form. */
function clearableFields(collection: CmsCollection): { label: string; widget: string }[] {
  const fields = (collection.fields ?? collection.files?.[0]?.fields ?? []) as CmsField[];
  const found: { label: string; widget: string; required: boolean }[] = [];
  const walk = (list: CmsField[]) => {
    for (const field of list) {
      const f = field as CmsField & { fields?: CmsField[]; required?: boolean; widget?: string };
      found.push({ label: String(f.label ?? f.name), widget: String(f.widget ?? 'string'), required: f.required !== false });
      if (f.widget === 'object' && f.fields) walk(f.fields);
    }
  };
  walk(fields);
  const count = (label: string) => found.filter((f) => f.label === label).length;
  return found.filter((f) => !f.required && f.widget in TYPED && count(f.label) === 1).map(({ label, widget }) => ({ label, widget }));
}

describe.skipIf(!hasChromium)('Decap CMS', () => {
  let cms: RunningCms;
  let root: string;
  let browser: Browser;
  let page: Page;
  let admin: string;
  let errors: string[];
  let ui: ReturnType<typeof editor>;
  const awardsDir = () => path.join(root, 'content/awards');

  beforeAll(async () => {
    cms = await startCms();
    ({ root, browser, page, admin, errors } = cms);
    ui = editor(page, admin, errors);
  });
  afterAll(async () => {
    await cms?.close();
  });

  const publishButton = () => ui.publishButton();
  const startPublish = () => ui.startPublish();
  const publish = () => ui.publish();
  /** A save the CMS refused: its message, which must still be there after Decap's toast is gone. */
  const refusedSave = () => ui.refusedSave();
  /** Opens an admin route with a fresh page load, so no draft of the previous entry lingers. */
  const open = (route: string) => ui.open(route);
  /** A field by its label; Decap adds " (optional)" to the labels of optional fields. */
  const field = (label: string) => ui.field(label);
  const select = (label: string, typed: string, option: string) => ui.select(label, typed, option);

  it('starts with Decap accepting the configuration, and has a control for every widget of every form', async () => {
    expect(await page.getByText('Error loading the CMS configuration').count()).toBe(0);
    for (const collection of ['releases', 'editions', 'winners', 'achievements', 'partners', 'pages', 'awards']) {
      await open(`#/collections/${collection}/new`);
      expect(await page.getByText(/No control for widget/).count(), collection).toBe(0);
    }
    await open('#/collections/settings/entries/site');
    expect(await page.getByText(/No control for widget/).count(), 'settings').toBe(0);
  });

  it('lists every collection with summaries an editor can read', async () => {
    await page.goto('about:blank');
    await page.goto(`${admin}#/collections/releases`);
    await page.getByRole('link', { name: 'News releases', exact: true }).waitFor({ timeout: 20_000 });
    for (const name of ['News releases', 'Challenge years', 'Winners', 'Micro-credentials', 'Partners', 'Pages', 'Awarded credentials', 'Site settings']) {
      await expect(page.getByRole('link', { name, exact: true }).count(), name).resolves.toBe(1);
    }
    await page.goto(`${admin}#/collections/editions`);
    await page.getByText('2022: Ideas that make Kingston a better place to live, work and play (closed)').waitFor();
    await page.goto(`${admin}#/collections/awards`);
    // Names are kept only with consent: the list tells awards apart by date, credential and id.
    await page.getByText('2022-03-04: name not published (innovation-skills, b3935368…) · revoked').waitFor();
    await page.getByText('2022-03-04: Sample Recipient One (innovation-skills, 6c4635d2…)').waitFor();
    expect(await page.getByText(/\)true|\)false/).count()).toBe(0);
  });

  it('collapsed list items show their text, and View Live opens the entry’s own page', async () => {
    await open('#/collections/editions/entries/2022');
    await page.getByText("Students at Kingston's major post-secondary institutions.").first().waitFor();
    expect(await page.locator('[class*=NestedObjectLabel]').filter({ hasText: /^Eligibility$/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /View Live/ }).getAttribute('href')).toBe(`${new URL(admin).origin}/challenge/2022/`);
    await open(`#/collections/releases/entries/${EXISTING.releases}`);
    expect(await page.getByRole('link', { name: /View Live/ }).getAttribute('href')).toBe(`${new URL(admin).origin}/news/${EXISTING.releases}/`);
  });

  it('refuses an SVG upload and uploads a photo to a new release, written as the build reads it', async () => {
    await open('#/collections/releases/new');
    expect(await page.getByRole('button', { name: 'Insert from URL' }).count(), 'no outside images').toBe(0);
    await field('Title').fill('Budget consultation opens');
    await field('Publication date').fill('2026-11-20');
    await select('Category', 'Announce', 'Announcements');
    await field('Summary').fill('Residents can comment on the draft budget until December.');

    await page.getByRole('button', { name: 'Choose an image' }).first().click();
    const input = page.locator('input[type="file"]');
    await input.waitFor({ state: 'attached' });
    expect(await input.getAttribute('accept')).not.toContain('svg');
    const svg = path.join(root, 'drawing.svg');
    await writeFile(svg, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await input.setInputFiles(svg);
    await expect.poll(() => page.locator('#mic-save-problems').textContent()).toMatch(/drawing\.svg.*SVG drawing.*Export it as PNG/);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    // A file named like a photo is judged by its bytes.
    const notes = path.join(root, 'notes.jpg');
    await writeFile(notes, 'Meeting notes, not a picture.');
    await input.setInputFiles(notes);
    await expect.poll(() => page.locator('#mic-save-problems').textContent()).toContain('“notes.jpg” is named .jpg but is not a JPEG picture.');
    await page.getByRole('button', { name: 'Dismiss' }).click();

    const photo = path.join(root, 'market-square.jpg');
    // As a phone writes it: 4 MB, 4032x3024 stored sideways with EXIF orientation 6, GPS position.
    await writeFile(photo, await phonePhoto());
    await input.setInputFiles(photo);
    await page.getByText('market-square.jpg').first().waitFor();
    await page.getByRole('button', { name: 'Choose selected' }).click();
    await field('Alt text').fill('Market Square in front of City Hall');
    await field('Photo credit').fill('City of Kingston');
    // The preview looks like the release page: the photo, its credit and the date as the site writes it.
    const preview = page.locator('iframe').first().contentFrame();
    await preview.getByText('Photo: City of Kingston').waitFor();
    await preview.getByText('Published November 20, 2026').waitFor();
    await expect.poll(() => preview.locator('img[alt="Market Square in front of City Hall"]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(3024);
    await page.locator('[contenteditable="true"]').first().click();
    await page.keyboard.type('The consultation runs online.');
    await publish();

    const file = path.join(root, 'content/releases/2026-11-20-budget-consultation-opens.md');
    const text = await waitFor(async () => (existsSync(file) ? readFile(file, 'utf8') : undefined), 'the release file');
    expect(text).toMatch(/^---\ntitle: Budget consultation opens\ndate: 2026-11-20\ncategory: Announcements\n/);
    expect(text).toContain('src: /uploads/market-square.jpg');
    expect(text).toContain('alt: Market Square in front of City Hall');
    expect(text).toContain('The consultation runs online.');
    expect(existsSync(path.join(root, 'content/uploads/market-square.jpg'))).toBe(true);
    expect(existsSync(path.join(root, 'content/uploads/drawing.svg'))).toBe(false);
    expect(existsSync(path.join(root, 'content/uploads/notes.jpg'))).toBe(false);
  });

  it('uploads a photo from the Media tab, straight into content/uploads/', async () => {
    await page.goto('about:blank');
    await page.goto(`${admin}#/collections/releases`);
    await page.getByRole('link', { name: 'News releases', exact: true }).waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: 'Media' }).or(page.getByRole('button', { name: 'Media' })).first().click();
    const photo = path.join(root, 'library-photo.png');
    await writeFile(photo, await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ffd166' } }).png().toBuffer());
    await page.locator('input[type="file"]').setInputFiles(photo);
    await waitFor(async () => (existsSync(path.join(root, 'content/uploads/library-photo.png')) ? true : undefined), 'the uploaded file');
    await expect.poll(() => page.locator('img[src^="blob:"], img[src*="library-photo"]').first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(40);
    await rm(path.join(root, 'content/uploads/library-photo.png'));
  });

  it('refuses an invalid edit with a message that stays, names the form’s label and marks the field; nothing is written', async () => {
    const file = path.join(root, 'content/editions/2022.yaml');
    const before = await readFile(file, 'utf8');
    await open('#/collections/editions/entries/2022');
    await page.locator('[class*=listControlItem]').first().locator('button').first().click();
    await page.locator('input[id^=endDate]:visible').first().fill('2022-01-02');
    const message = await refusedSave();
    expect(message).toContain('Key dates › item 1 › Last day: “Last day” 2022-01-02 is before the first day (2022-01-28)');
    expect(message).not.toMatch(/timeline\.0|endDate/);
    await page.waitForTimeout(7000); // Decap's toast is gone by now; the message is not
    await expect(page.locator('#mic-save-problems').isVisible()).resolves.toBe(true);
    expect(await page.locator('input[id^=endDate][aria-invalid="true"]').count()).toBe(1);
    expect(await readFile(file, 'utf8')).toBe(before);
    // From the keyboard: the panel has focus, "Go to field" lands in the field, Escape closes the panel.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('mic-save-problems');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^endDate-field/);
    await page.locator('#mic-save-problems').focus();
    await page.keyboard.press('Escape');
    expect(await page.locator('#mic-save-problems').count()).toBe(0);
  });

  it('refuses Decap’s Duplicate of an entry whose file name it would have to change', async () => {
    await open('#/collections/editions/entries/2022');
    await page.getByRole('button', { name: /^Published$/ }).click();
    await page.getByText('Duplicate', { exact: true }).click();
    await page.getByRole('button', { name: 'Publish', exact: true }).waitFor();
    const message = await refusedSave();
    expect(message).toContain('content/editions/2022.yaml already exists. To change it, open it from the list');
    expect((await readdir(path.join(root, 'content/editions'))).sort()).toEqual(['2022.yaml']);
  });

  for (const collection of cmsCollections()) {
    it(`sets and clears every optional field of ${collection.name}, and writes no empty values`, async () => {
      const id = EXISTING[collection.name]!;
      await open(`#/collections/${collection.name}/entries/${id}`);
      const fields = clearableFields(collection);
      for (const { label, widget } of fields) {
        const control = page.getByLabel(`${label} (optional)`, { exact: true });
        // Fields already filled stay as they are: clearing those could break a rule that ties them to another field.
        if (!(await control.isVisible()) || (await control.inputValue()) !== '') continue;
        // A date-and-time field (a release's "Publish at") takes a time as well.
        await control.fill(widget === 'kingston-date' && (await control.getAttribute('type')) === 'datetime-local' ? '2022-01-30T09:00' : TYPED[widget]!);
        await control.fill('');
      }
      if (collection.name === 'releases') {
        // An image chosen and removed again leaves an empty Photo object behind in Decap: never written.
        await page.getByRole('button', { name: 'Choose an image' }).first().click();
        await page.getByText('market-square.jpg').first().click();
        await page.getByRole('button', { name: 'Choose selected' }).click();
        await page.getByRole('button', { name: 'Remove image' }).click();
      }
      if (collection.name === 'editions') {
        // The issue's own example: a timeline item's Last day, set and cleared.
        await page.locator('[class*=listControlItem]').first().locator('button').first().click();
        const lastDay = page.locator('input[id^=endDate]:visible').first();
        await lastDay.fill('2022-01-30');
        await lastDay.fill('');
      }
      // Decap offers Publish only when the form differs from the file.
      if ((await publishButton().count()) > 0 && (await publishButton().isEnabled())) await publish();
      const folder = collection.folder ?? 'content/settings';
      const name = (await readdir(path.join(root, folder))).find((f) => f.startsWith(`${id}.`))!;
      const text = await readFile(path.join(root, folder, name), 'utf8');
      expect(text, `${folder}/${name}`).not.toMatch(/: ?(""|''|\{\}|null)\s*$/m);
      if (collection.name === 'releases') expect(text).not.toMatch(/^hero:/m);
    });
  }

  it('creates an award named like the import’s, with a salted hash of a complete email only, and a name only with consent', async () => {
    await open('#/collections/awards/new');
    await field('Recipient name').fill('New Sample Person');
    const email = field('Recipient email');
    await email.fill('New.Person@Example.org');
    await page.getByText('Hashed. Only the hash and its salt will be saved').waitFor();
    // Deleting letters leaves an incomplete address: its hash is never stored, and the save is refused at the field.
    await email.fill('New.Person@Exam');
    await page.getByText('That is not a complete email address yet.').waitFor();
    await select('Micro-credential', 'Innovation', 'Innovation Skills Micro-credential');
    await field('Date awarded').fill('2026-11-20');
    const before = new Set(await readdir(awardsDir()));
    await startPublish();
    await page.getByText('“New.Person@Exam” is not a complete email address.', { exact: false }).first().waitFor();
    expect(await readdir(awardsDir())).toHaveLength(before.size);

    await email.fill('');
    await startPublish();
    await page.getByText('Type the recipient’s email address.').first().waitFor();
    expect(await readdir(awardsDir())).toHaveLength(before.size);

    await email.fill('New.Person@Example.org');
    await page.getByText('Hashed. Only the hash and its salt will be saved').waitFor();
    // A name without consent is refused, in the form's words.
    expect(await refusedSave()).toContain('A name is kept only with the recipient’s consent: remove “Recipient name”, or set “Publish the name” on');
    expect(await readdir(awardsDir())).toHaveLength(before.size);
    await field('Publish the name').click();
    await publish();
    const added = await waitFor(async () => (await readdir(awardsDir())).find((f) => !before.has(f)), 'the award file');
    const text = await readFile(path.join(awardsDir(), added), 'utf8');
    const credentialId = /credentialId: ([0-9a-f-]{36})/.exec(text)?.[1];
    expect(added).toBe(`innovation-skills-2026-11-20-${credentialId!.slice(0, 8)}.yaml`);
    const hash = /identityHash: sha256\$([0-9a-f]{64})/.exec(text)?.[1];
    const salt = /salt: ([0-9a-f]{32})/.exec(text)?.[1];
    // The same normalisation and hash the import tool and the verifier use: trimmed, lower-cased, plus salt.
    expect(hash).toBe(createHash('sha256').update(`new.person@example.org${salt}`).digest('hex'));
    expect(text).not.toMatch(/@|example\.org/i);
    expect(text).toMatch(/^publishName: true\nrecipientName: New Sample Person$/m);
    // Once saved, the form shows the earner's page, to copy into a message.
    await open(`#/collections/awards/entries/${added.replace(/\.yaml$/, '')}`);
    const link = page.getByRole('link', { name: `${new URL(admin).origin}/credentials/${credentialId}/`, exact: true });
    await link.waitFor();
    expect(await page.getByRole('button', { name: 'Copy link' }).count()).toBe(1);
  });

  it('offers no delete for awards, and gives a new award a free status slot even when nearly all are taken', async () => {
    await open(`#/collections/awards/entries/${EXISTING.awards}`);
    expect(await page.getByRole('button', { name: 'Delete entry' }).count()).toBe(0);
    for (const [collection, id] of [['editions', '2022'], ['achievements', 'innovation-skills'], ['partners', 'ddqic']]) {
      await open(`#/collections/${collection}/entries/${id}`);
      expect(await page.getByRole('button', { name: 'Delete entry' }).count(), `${collection}: others point at it`).toBe(0);
    }
    await open(`#/collections/releases/entries/${EXISTING.releases}`);
    expect(await page.getByRole('button', { name: 'Delete entry' }).count(), 'releases keep delete').toBe(1);

    // Slots 0 to 299 taken (besides the real awards'), and the generator forced to its lowest draw:
    // a picker that ignored taken slots would choose slot 0.
    const template = await readFile(path.join(awardsDir(), `${EXISTING.awards}.yaml`), 'utf8');
    const filler = async (slot: number) =>
      writeFile(
        path.join(awardsDir(), `filler-${slot}.yaml`),
        template.replace(/credentialId: .*/, `credentialId: ${randomUUID()}`).replace(/subjectId: .*/, `subjectId: urn:uuid:${randomUUID()}`).replace(/statusIndex: .*/, `statusIndex: ${slot}`),
      );
    for (let slot = 0; slot < 300; slot += 1) await filler(slot);
    await page.addInitScript(() => {
      const real = crypto.getRandomValues.bind(crypto);
      crypto.getRandomValues = (<T extends ArrayBufferView | null>(array: T): T => (array instanceof Uint32Array && array.length === 1 ? (array.fill(0) as unknown as T) : real(array as never))) as typeof crypto.getRandomValues;
    });
    await open('#/collections/awards/new');
    const slotField = field('Status list slot');
    await expect.poll(() => slotField.inputValue(), { timeout: 15_000 }).toBe('300');

    // Someone else takes slot 300 before this award is saved (an import, another editor): caught before save.
    await filler(300);
    await field('Recipient email').fill('slot.test@example.org');
    await page.getByText('Hashed. Only the hash and its salt will be saved').waitFor();
    await select('Micro-credential', 'Innovation', 'Innovation Skills Micro-credential');
    await field('Date awarded').fill('2026-11-21');
    const before = (await readdir(awardsDir())).length;
    const message = await refusedSave();
    expect(message).toMatch(/Status list slot.*“Status list slot” 300 is already used by content\/awards\/filler-300\.yaml.*Choose another free slot/);
    expect(await readdir(awardsDir())).toHaveLength(before);
    await page.getByRole('button', { name: 'Choose another free slot' }).click();
    await expect.poll(() => slotField.inputValue(), { timeout: 15_000 }).toBe('301');
    await publish();
    for (const name of await readdir(awardsDir())) if (name.startsWith('filler-')) await rm(path.join(awardsDir(), name));
    const saved = (await readdir(awardsDir())).filter((f) => f.startsWith('innovation-skills-2026-11-21-'));
    expect(saved).toHaveLength(1);
    expect(await readFile(path.join(awardsDir(), saved[0]!), 'utf8')).toContain('statusIndex: 301');
  });

  it('revokes an award', async () => {
    await open(`#/collections/awards/entries/${EXISTING.awards}`);
    await field('Revoked').click();
    await field('Reason for revoking').fill('Awarded in error.');
    await field('Date revoked').fill('2026-11-21');
    await publish();
    const file = path.join(awardsDir(), `${EXISTING.awards}.yaml`);
    const text = await waitFor(async () => {
      const t = await readFile(file, 'utf8');
      return t.includes('revoked: true') ? t : undefined;
    }, 'the revoked award');
    expect(text).toContain('revokedReason: Awarded in error.');

    // A revocation is final: turning it off again is refused and the file keeps it.
    await open(`#/collections/awards/entries/${EXISTING.awards}`);
    await field('Revoked').click();
    await field('Reason for revoking').fill('');
    await field('Date revoked').fill('');
    expect(await refusedSave()).toContain('Revoked: This credential was revoked, and a revocation is final');
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('keeps a revocation written by hand as `revoked: True  # ticket 12`, as the build reads it', async () => {
    // A hand edit the build publishes as a revocation (YAML 1.2 core schema): undoing it is refused too.
    const id = randomUUID();
    const slug = `innovation-skills-2022-03-04-${id.slice(0, 8)}`;
    const file = path.join(awardsDir(), `${slug}.yaml`);
    const template = await readFile(path.join(awardsDir(), 'innovation-skills-2022-03-04-6c4635d2.yaml'), 'utf8');
    const text = template
      .replace(/credentialId: .*/, `credentialId: ${id}`)
      .replace(/subjectId: .*/, `subjectId: urn:uuid:${randomUUID()}`)
      .replace(/statusIndex: .*/, 'statusIndex: 4242')
      .replace('sample: true\n', 'sample: true\nrevoked: True  # ticket 12\n"revokedReason": Awarded in error.\nrevokedDate: 2026-11-21\n');
    await writeFile(file, text);
    await open(`#/collections/awards/entries/${slug}`);
    await field('Revoked').click();
    await field('Reason for revoking').fill('');
    await field('Date revoked').fill('');
    expect(await refusedSave()).toContain('Revoked: This credential was revoked, and a revocation is final: turn Revoked back on. To award it again, create a new award.');
    expect(await readFile(file, 'utf8')).toBe(text);
    await rm(file);
  });

  it('wrote files the build accepts: the release shows its photo with alt text and credit', async () => {
    const built = runBuild(root);
    expect(built.status, built.output).toBe(0);
    const html = await readFile(path.join(root, 'dist/news/2026-11-20-budget-consultation-opens/index.html'), 'utf8');
    // Drawn through astro:assets (tests/e2e/photos.test.ts has the details); the cleaned copy keeps the old address.
    expect(html).toMatch(/<picture><source srcset="\/_astro\/market-square\.[^"]+\.avif [^"]*" type="image\/avif"[^>]*>.*<img src="\/_astro\/market-square\.[^"]+" [^>]*alt="Market Square in front of City Hall"/);
    expect(html).toContain('Photo: City of Kingston');
    expect(existsSync(path.join(root, 'dist/uploads/market-square.jpg'))).toBe(true);
    // And it shows in a browser under the public pages' own policy.
    const published = await serve(path.join(root, 'dist'));
    const reader = await browser.newPage();
    await reader.goto(`${published.origin}/news/2026-11-20-budget-consultation-opens/`);
    // Upright and at most 720 px tall (540x720), and the version fetched is the one for that width.
    const hero = reader.locator('img[alt="Market Square in front of City Hall"]');
    expect([await hero.getAttribute('width'), await hero.getAttribute('height')]).toEqual(['540', '720']);
    await expect.poll(() => hero.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(540);
    expect(await hero.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\/_astro\/market-square\.[^/]+\.avif$/);
    await reader.close();
    await published.close();
    expect(errors).toEqual([]);
  });
});
