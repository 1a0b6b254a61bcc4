// Calls to action follow the edition's status: on a closed edition no page offers what cannot be done
// (the built site: 2022 is closed); on an open one, registering and earning the micro-credential are offered.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyProject, runBuild } from '../support/build.ts';

const dist = inject('builtSite');
const page = async (root: string, urlPath: string): Promise<HTMLElement> => parse(await readFile(path.join(root, urlPath, 'index.html'), 'utf8'));
const actions = (doc: HTMLElement) => doc.querySelectorAll('main a.button').map((a) => [a.text.trim(), a.getAttribute('href')]);

describe('a closed edition (the built site)', () => {
  it('offers the winners and a way to hear about the next Challenge, never registering or earning the micro-credential now', async () => {
    const home = await page(dist, '');
    expect(actions(home)).toEqual([
      ['See the 2022 winners', '/winners/'],
      ['Get notified about the next Challenge', expect.stringMatching(/^mailto:[^?]+\?subject=Tell%20me%20about%20the%20next%20/)],
    ]);
    const text = home.querySelector('main')!.text;
    expect(text).not.toMatch(/Earn the micro-credential|Register for|Earn a micro-credential while you compete/);
    expect(text).toContain('Not open at the moment. The last intake was the 2022 Challenge. The next intake will be announced in the news.');
    expect(text).toContain('(also by RSS), or ask to be told by email.');
    const badge = await page(dist, 'micro-credentials/innovation-skills');
    expect(badge.querySelector('.earnable')?.text.trim()).toBe('Cannot be earned at the moment. The last intake was the 2022 Challenge. The next intake will be announced in the news.');
    for (const urlPath of ['', 'challenge', 'challenge/2022', 'micro-credentials', 'micro-credentials/innovation-skills', 'winners']) {
      expect((await page(dist, urlPath)).querySelector('main')!.text, urlPath || '/').not.toMatch(/Register for the|Earn the micro-credential/);
    }
  });
});

describe('an open edition', () => {
  let root: string;
  beforeAll(async () => {
    root = await copyProject();
    const file = path.join(root, 'content/editions/2022.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('status: closed', 'status: open').replace(/howToEnter:\n(  .*\n)+/, (block) => `${block}  registrationUrl: https://forms.example.org/mic-2022\n`));
    const { status, output } = runBuild(root);
    if (status !== 0) throw new Error(output);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('offers registration and the micro-credential, with its sign-up date', async () => {
    const home = await page(path.join(root, 'dist'), '');
    // The hero's two, then How to enter's own registration button.
    expect(actions(home)).toEqual([
      ['Register for the 2022 Challenge', 'https://forms.example.org/mic-2022'],
      ['Earn the micro-credential', '/micro-credentials/innovation-skills/'],
      ['Register for the 2022 Challenge', 'https://forms.example.org/mic-2022'],
    ]);
    expect(home.querySelector('main')!.text).toContain('Earn a micro-credential while you compete');
    const badge = await page(path.join(root, 'dist'), 'micro-credentials/innovation-skills');
    expect(badge.querySelector('.earnable')?.text.trim()).toBe('Can be earned now. Offered with the 2022 Challenge; sign up by January 28, 2022.');
  });
});
