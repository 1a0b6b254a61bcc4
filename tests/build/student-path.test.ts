// The student's path as the built pages say it: a year's "How to take part", the "How to earn and claim"
// page, the FAQ and the named contacts, and the year's calendar file. Facts come from the data they
// belong to: a copy of the project with another completion rule, an open year and a real contact
// shows the pages follow it.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ICAL from 'ical.js';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { completionStatement } from '../../src/lib/ob3/assessment.ts';
import { achievementSchema } from '../../src/schemas/achievement.ts';
import { copyProject, repo, runBuild } from '../support/build.ts';

const dist = inject('builtSite');
const page = async (root: string, urlPath: string): Promise<HTMLElement> => parse(await readFile(path.join(root, urlPath, 'index.html'), 'utf8'));
/** Text as a reader gets it: tags gone, runs of white space one space. */
const words = (el: HTMLElement | null) => (el?.text ?? '').replace(/\s+/g, ' ').trim();
/** The key facts of a definition list, "term: description" each. */
const facts = (el: HTMLElement | null) => (el?.querySelectorAll('dt') ?? []).map((dt) => `${words(dt)}: ${words(dt.nextElementSibling)}`);
const events = (ics: string) => new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));

describe('the student path on the built site (2022 closed, placeholder contacts)', () => {
  it('says how to take part in 2022, and that the video deadline and prizes were not published, naming whom to ask', async () => {
    const year = await page(dist, 'challenge/2022');
    const section = year.querySelector('section.take-part');
    expect(words(section?.querySelector('h2') ?? null)).toBe('How to take part in 2022');
    const ask = 'Not published for 2022: ask Program contact (to be named) (innovation-challenge@example.org) (placeholder, not a real contact).';
    expect(facts(section)).toEqual([
      'Register: Registration for 2022 has closed.',
      'Micro-credential sign-up closes: Friday, January 28, 2022',
      `Video deadline: ${ask}`,
      "Mayor's Innovation Challenge Virtual Event: Friday, March 4, 2022",
      `Prizes and recognition: ${ask}`,
      'Micro-credential: Participants could earn the Innovation Skills Micro-credential: how to earn and claim it.',
      'Questions: Program contact (to be named) (innovation-challenge@example.org) (placeholder, not a real contact)',
    ]);
    expect(section!.querySelector('a[href^="mailto:"]')?.getAttribute('href')).toBe('mailto:innovation-challenge@example.org');
    const calendar = section!.querySelector('a[href="/challenge/2022/calendar.ics"]');
    expect(calendar?.getAttribute('download')).toBe('mayors-innovation-challenge-2022.ics');
    expect(section!.querySelector('a[href="/micro-credentials/innovation-skills/how-to-earn/"]')).not.toBeNull();
  });

  it('publishes the 2022 key dates as an all-day calendar', async () => {
    const list = events(await readFile(path.join(dist, 'challenge/2022/calendar.ics'), 'utf8'));
    expect(list.map((e) => [e.summary, e.startDate.toString(), e.startDate.isDate])).toEqual([
      ["Mayor's Innovation Challenge 2022: Micro-credential sign-up closes", '2022-01-28', true],
      ["Mayor's Innovation Challenge 2022: Mayor's Innovation Challenge Virtual Event", '2022-03-04', true],
    ]);
  });

  it('walks a student from signing up to the certificate, with the pass mark of the completion rule', async () => {
    const rule = achievementSchema.parse(parseYaml(await readFile(path.join(repo, 'content/achievements/innovation-skills.yaml'), 'utf8')));
    const how = await page(dist, 'micro-credentials/innovation-skills/how-to-earn');
    const main = how.querySelector('main')!;
    expect(words(main.querySelector('h1'))).toBe('How to earn and claim the Innovation Skills Micro-credential');
    expect(main.querySelectorAll('ol.steps > li > h2').map(words)).toEqual([
      'Sign up',
      'Do the training in onQ',
      'How it is assessed',
      'Watch for the email with your link',
      'Your credential page',
      'Add it to LinkedIn',
      'Keep it in a digital wallet',
      'Print your certificate',
    ]);
    const steps = main.querySelectorAll('ol.steps > li');
    expect(facts(steps[0]!)).toContain('Sign-up deadline (2022): Friday, January 28, 2022');
    expect(facts(steps[1]!)).toContain('Learning time: 20 hours');
    expect(facts(steps[2]!)).toEqual(['Pass mark: at least 70 %', `What counts: ${completionStatement(rule)}`]);
    expect(words(steps[3]!)).toContain('No email, or lost it? Write to Program contact (to be named) (innovation-challenge@example.org) (placeholder, not a real contact).');
    // The earning topics of the FAQ, the unconfirmed answer labelled.
    const cost = main.querySelector('#faq-does-it-cost-anything');
    expect(words(cost?.querySelector('h4') ?? null)).toBe('Does the micro-credential cost anything?');
    expect(words(cost?.querySelector('.tag') ?? null)).toBe('To be confirmed before launch');
    expect(main.querySelector('#faq-who-can-take-part')).toBeNull();
    expect(main.querySelector('.contact a[href="mailto:innovation-challenge@example.org"]')).not.toBeNull();
  });

  it('links the how-to-earn page from the micro-credential, about and home pages', async () => {
    for (const urlPath of ['micro-credentials/innovation-skills', 'about-micro-credentials', '', 'challenge/2022', 'sitemap']) {
      expect((await page(dist, urlPath)).querySelector('main a[href="/micro-credentials/innovation-skills/how-to-earn/"]'), urlPath || '/').not.toBeNull();
    }
  });

  it('lists every question on /faq/ by topic, and names the contacts in the footer and on the 404 page', async () => {
    const faq = await page(dist, 'faq');
    expect(faq.querySelectorAll('main h2').map(words)).toEqual(['Taking part in the Challenge', 'Earning the micro-credential', 'Your credential', 'Another question?']);
    expect(words(faq.querySelector('#faq-are-there-prizes'))).toContain('To be confirmed before launch');
    const footer = words((await page(dist, 'faq')).querySelector('footer'));
    expect(footer).toContain('Questions: Program contact (to be named) (innovation-challenge@example.org) (placeholder, not a real contact)');
    expect(footer).toContain('For media: Media contact (to be named) (media@example.org) (placeholder, not a real contact)');
    const notFound = parse(await readFile(path.join(dist, '404.html'), 'utf8'));
    expect(words(notFound.querySelector('main'))).toContain('please tell Program contact (to be named) (innovation-challenge@example.org) (placeholder, not a real contact) so we can fix it.');
  });
});

describe('an open year with a video deadline, prizes, a real contact and another pass mark (a copy of the project)', () => {
  let out: string;
  let root: string;
  beforeAll(async () => {
    root = await copyProject();
    const edit = async (file: string, change: (data: Record<string, unknown>) => void) => {
      const full = path.join(root, file);
      const data = parseYaml(await readFile(full, 'utf8')) as Record<string, unknown>;
      change(data);
      await writeFile(full, stringify(data));
    };
    await edit('content/achievements/innovation-skills.yaml', (a) => {
      a.completion = { gradeItem: 'Final pitch', minimumPercent: 80 };
    });
    await edit('content/editions/2022.yaml', (e) => {
      e.status = 'open';
      e.howToEnter = { instructions: 'Register with the form.', registrationUrl: 'https://forms.example.org/mic-2022' };
      e.recognition = ['First place: a meeting with the Mayor'];
      const timeline = e.timeline as Record<string, unknown>[];
      timeline.splice(2, 0, { label: 'Videos due', kind: 'submission-deadline', date: '2022-03-01', time: '17:00' });
      // The final event runs from an evening to the end of a later day, across the March clock change (March 13, 2022).
      Object.assign(timeline.find((m) => m.kind === 'final-event')!, { label: 'Pitch weekend', date: '2022-03-11', time: '18:00', endDate: '2022-03-14' });
    });
    await edit('content/settings/site.yaml', (s) => {
      (s.contacts as Record<string, unknown>).program = { name: 'Jane Doe', title: 'Program coordinator', organization: 'City of Kingston', email: 'jdoe@cityofkingston.ca', phone: '613-546-4291 ext. 1234' };
    });
    const { status, output } = runBuild(root);
    if (status !== 0) throw new Error(output);
    out = path.join(root, 'dist');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('states the new pass mark, the registration link and the real contact, unlabelled', async () => {
    const main = (await page(out, 'micro-credentials/innovation-skills/how-to-earn')).querySelector('main')!;
    const steps = main.querySelectorAll('ol.steps > li');
    expect(facts(steps[2]!)).toEqual(['Pass mark: at least 80 %', 'What counts: Completion is a grade of at least 80 % in the onQ grade item “Final pitch”.']);
    expect(steps[0]!.querySelector('a.button')?.getAttribute('href')).toBe('https://forms.example.org/mic-2022');
    expect(words(main)).toContain('Write to Jane Doe (jdoe@cityofkingston.ca).');
    expect(words(main)).not.toContain('placeholder, not a real contact');
  });

  it('gives the video deadline and prizes on the year page and in its calendar, in Kingston time', async () => {
    const section = (await page(out, 'challenge/2022')).querySelector('section.take-part');
    expect(facts(section)).toEqual(
      expect.arrayContaining([
        'Register: Register for the 2022 Challenge',
        'Videos due: Tuesday, March 1, 2022, 5 p.m. (Kingston time)',
        'Prizes and recognition: First place: a meeting with the Mayor',
        'Questions: Jane Doe (jdoe@cityofkingston.ca)',
      ]),
    );
    const due = events(await readFile(path.join(out, 'challenge/2022/calendar.ics'), 'utf8')).find((e) => e.summary.endsWith('Videos due'))!;
    // ical.js resolves the TZID only with the zone registered: read the file's own VTIMEZONE.
    expect(due.startDate.toString()).toBe('2022-03-01T17:00:00');
    expect(due.startDate.zone.tzid).toBe('America/Toronto');
  });

  it('shows a phone number as written, its link dialling the number with the extension kept apart', async () => {
    const links = (await page(out, 'faq')).querySelectorAll('main .contact a[href^="tel:"]');
    expect(links.map((a) => [a.getAttribute('href'), words(a)])).toEqual([['tel:+16135464291;ext=1234', '613-546-4291 ext. 1234']]);
  });

  it('gives a timed milestone with an end date from its start time to the end of its last day, on the page and in the calendar', async () => {
    const section = (await page(out, 'challenge/2022')).querySelector('section.take-part');
    expect(facts(section)).toContain('Pitch weekend: Friday, March 11, 2022, 6 p.m. (Kingston time) to the end of Monday, March 14, 2022');
    const ics = await readFile(path.join(out, 'challenge/2022/calendar.ics'), 'utf8');
    const calendar = new ICAL.Component(ICAL.parse(ics));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    try {
      const pitch = events(ics).find((e) => e.summary.endsWith('Pitch weekend'))!;
      expect([pitch.startDate.toJSDate().toISOString(), pitch.endDate.toJSDate().toISOString()]).toEqual(['2022-03-11T23:00:00.000Z', '2022-03-15T04:00:00.000Z']);
    } finally {
      ICAL.TimezoneService.reset();
    }
  });
});
