// What staff edit of the student path, in Decap CMS against the real decap-server on a throwaway copy of
// the project: a new FAQ question, the words of the how-to-earn page, and the named contacts in the
// site settings; each written as the build reads it, and the built pages show it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runBuild } from '../support/build.ts';
import { hasChromium } from '../support/chromium.ts';
import { editor, startCms, type RunningCms } from '../support/cms.ts';

describe.skipIf(!hasChromium)('the student path in the CMS', () => {
  let cms: RunningCms;
  let ui: ReturnType<typeof editor>;
  beforeAll(async () => {
    cms = await startCms();
    ui = editor(cms.page, cms.admin, cms.errors);
  });
  afterAll(async () => {
    await cms?.close();
  });

  it('adds a question to the FAQ, with its topic, as a Markdown file', async () => {
    const { page } = cms;
    await ui.open('#/collections/faq/new');
    await ui.field('Question').fill('Can a team have members from different institutions?');
    await ui.select('Topic', 'Taking', 'Taking part in the Challenge');
    await ui.field('Position').fill('5');
    await page.locator('[data-slate-editor="true"], textarea').last().fill('Yes. Say so when you register.');
    await ui.publish();
    const text = await readFile(path.join(cms.root, 'content/faq/can-a-team-have-members-from-different-institutions.md'), 'utf8');
    expect(text).toMatch(/^question: Can a team have members from different institutions\?$/m);
    expect(text).toMatch(/^topic: Taking part in the Challenge$/m);
    expect(text.trimEnd().endsWith('Yes. Say so when you register.')).toBe(true);
    expect(cms.errors).toEqual([]);
  });

  it('edits the words of the how-to-earn page and names a real program contact', async () => {
    await ui.open('#/collections/guides/entries/how-to-earn');
    await ui.field('Intro').fill('Sign up, train in onQ, and claim a credential that is yours.');
    await ui.publish();
    const guide = parseYaml(await readFile(path.join(cms.root, 'content/guides/how-to-earn.yaml'), 'utf8')) as { intro: string; register: { heading: string } };
    expect(guide.intro).toBe('Sign up, train in onQ, and claim a credential that is yours.');
    expect(guide.register.heading).toBe('Sign up');

    await ui.open('#/collections/settings/entries/site');
    await ui.field('Program contact name').fill('Jane Doe');
    await ui.field('Program contact email').fill('jdoe@cityofkingston.ca');
    await ui.publish();
    const settings = parseYaml(await readFile(path.join(cms.root, 'content/settings/site.yaml'), 'utf8')) as { contacts: { program: { name: string; placeholder: boolean } } };
    expect(settings.contacts.program.name).toBe('Jane Doe');
    expect(cms.errors).toEqual([]);

    const built = runBuild(cms.root);
    expect(built.status, built.output).toBe(0);
    const how = parse(await readFile(path.join(cms.root, 'dist/micro-credentials/innovation-skills/how-to-earn/index.html'), 'utf8'));
    expect(how.querySelector('.lede')?.text).toBe('Sign up, train in onQ, and claim a credential that is yours.');
    expect(how.querySelector('.contact strong')?.text).toBe('Jane Doe');
    const faq = parse(await readFile(path.join(cms.root, 'dist/faq/index.html'), 'utf8'));
    expect(faq.querySelector('#faq-can-a-team-have-members-from-different-institutions h3')?.text).toBe('Can a team have members from different institutions?');
  });
});
