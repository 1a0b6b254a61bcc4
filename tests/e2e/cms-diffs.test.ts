// Reviewable CMS saves, in Chromium against the real decap-server writing into a throwaway copy of the
// project made a Git repository: an editor who changes one date sees a one-line `git diff`, in a YAML
// file (a Challenge year's timeline) and in a release's front matter, whose Markdown body stays
// byte-identical even after the editor has typed in the body editor.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll, git } from '../support/build.ts';
import { hasChromium } from '../support/chromium.ts';
import { editor, startCms, type RunningCms } from '../support/cms.ts';

const RELEASE = '2022-01-25-mayors-innovation-challenge-adds-micro-credentials';

describe.skipIf(!hasChromium)('CMS saves change only what the editor changed', () => {
  let cms: RunningCms;
  let root: string;
  let page: Page;
  let open: (route: string) => Promise<void>;
  let publish: () => Promise<void>;

  beforeAll(async () => {
    // The content as committed once built: every save is judged by `git diff` against it.
    cms = await startCms(undefined, (copy) => commitAll(copy));
    ({ root, page } = cms);
    ({ open, publish } = editor(cms.page, cms.admin, cms.errors));
  });
  afterAll(async () => {
    await cms?.close();
  });

  /** The lines `git diff` shows removed and added in the copy, for one file. */
  function diffLines(file: string): string[] {
    return git(root, 'diff', '--no-color', '-U0', '--', file)
      .split('\n')
      .filter((line) => /^[-+]/.test(line) && !/^(---|\+\+\+) /.test(line));
  }

  it('changing one date of a Challenge year’s timeline changes one line of its YAML file', async () => {
    const file = 'content/editions/2022.yaml';
    await open('#/collections/editions/entries/2022');
    // The first timeline item: "Micro-credential sign-up closes", 2022-01-28.
    await page.locator('[class*=listControlItem]').first().locator('button').first().click();
    await page.locator('input[id^="date-field"]:visible').first().fill('2022-01-31');
    await publish();
    await expect.poll(() => diffLines(file), { timeout: 10_000 }).toEqual(['-    date: 2022-01-28', '+    date: 2022-01-31']);
    expect(git(root, 'diff', '--numstat', '--', file).trim()).toBe(`1\t1\t${file}`);
    // Nothing else in the repository moved.
    expect(git(root, 'status', '--porcelain', '--untracked-files=all', '--', 'content', 'public').trim()).toBe(`M ${file}`);
    git(root, 'commit', '-qam', 'Timeline date');
  });

  it('changing a release’s date changes one front-matter line and leaves its Markdown body byte-identical', async () => {
    const file = `content/releases/${RELEASE}.md`;
    const before = await readFile(path.join(root, file), 'utf8');
    const bodyOf = (text: string) => text.slice(text.indexOf('\n---\n', 4) + 5);
    await open(`#/collections/releases/entries/${RELEASE}`);
    await page.getByLabel(/^Publication date/).fill('2022-01-26');
    // A letter typed in the body editor and deleted again: Decap's editor then hands back the
    // whole body re-written from its own tree (`*` bullets, wrapped lines joined).
    // The caret put at the very end of the text by the page itself, as a click there would: keys that
    // move the caret (End, Ctrl+End) race Decap's editor, which on a busy machine puts it back where
    // the last click was between two keystrokes (seen: another letter deleted).
    const body = page.locator('[contenteditable="true"]').first();
    await body.click();
    await body.evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      range.collapse(false);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    await page.waitForTimeout(300);
    await page.keyboard.type('x');
    await page.keyboard.press('Backspace');
    await publish();
    await expect.poll(() => diffLines(file), { timeout: 10_000 }).toEqual(['-date: 2022-01-25', '+date: 2022-01-26']);
    expect(bodyOf(await readFile(path.join(root, file), 'utf8'))).toBe(bodyOf(before));
    git(root, 'commit', '-qam', 'Release date');
  });

  it('typing in one paragraph of a release changes that paragraph only: bullets and wrapping elsewhere stay as written', async () => {
    const file = `content/releases/${RELEASE}.md`;
    const before = await readFile(path.join(root, file), 'utf8');
    const paragraph = before.split('\n\n').find((block) => block.includes('every student entrepreneur taking part'))!;
    await open(`#/collections/releases/entries/${RELEASE}`);
    await page.locator('[contenteditable="true"]').getByText(/every student entrepreneur taking part/).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Updated today.');
    await publish();
    await expect.poll(() => diffLines(file).some((line) => line.startsWith('+') && line.includes('Updated today.')), { timeout: 10_000 }).toBe(true);
    const removed = diffLines(file).filter((line) => line.startsWith('-')).map((line) => line.slice(1));
    expect(removed.length).toBeGreaterThan(0);
    for (const line of removed) expect(paragraph.split('\n')).toContain(line);
    // Everything before and after that paragraph is byte for byte as it was: `-` bullets, wrapping, blank lines.
    const after = await readFile(path.join(root, file), 'utf8');
    const at = before.indexOf(paragraph);
    expect(after.startsWith(before.slice(0, at))).toBe(true);
    expect(after.endsWith(before.slice(at + paragraph.length))).toBe(true);
    expect(after).toContain('\n- it can be implemented in the city');
  });
});
