// The pure parts of the student's path: when a milestone happens in words, which contact is named
// when the settings have none, and the FAQ's order.
import { describe, expect, it } from 'vitest';
import { mediaContact, phoneHref, programContact } from '../../src/lib/site/contacts.ts';
import { contactSchema } from '../../src/schemas/settings.ts';
import { milestoneOf, whenText } from '../../src/lib/site/edition.ts';
import { faqByTopic } from '../../src/lib/site/faq.ts';
import type { Faq } from '../../src/schemas/faq.ts';

describe('a milestone in words', () => {
  it('says the day, the day and Kingston time, a span, or the note', () => {
    expect(whenText({ label: 'x', kind: 'other', virtual: false, date: '2022-03-04' })).toBe('Friday, March 4, 2022');
    expect(whenText({ label: 'x', kind: 'other', virtual: false, date: '2027-03-15', time: '18:30' })).toBe('Monday, March 15, 2027, 6:30 p.m. (Kingston time)');
    expect(whenText({ label: 'x', kind: 'other', virtual: false, date: '2022-02-01', endDate: '2022-02-04' })).toBe('February 1, 2022 to February 4, 2022');
    expect(whenText({ label: 'x', kind: 'other', virtual: false, dateNote: 'While you prepare your proposal' })).toBe('While you prepare your proposal');
    // A time and an endDate: from that time on the first day to the end of the last (as the .ics has it).
    expect(whenText({ label: 'x', kind: 'other', virtual: false, date: '2027-02-01', endDate: '2027-02-28', time: '09:00' })).toBe(
      'Monday, February 1, 2027, 9 a.m. (Kingston time) to the end of Sunday, February 28, 2027',
    );
    expect(whenText({ label: 'x', kind: 'other', virtual: false, date: '2027-02-01', endDate: '2027-02-01', time: '18:00' })).toBe('Monday, February 1, 2027, 6 p.m. (Kingston time) to the end of the day');
  });

  it('finds the first milestone of a kind, and none when the year has not published it', () => {
    const timeline = [
      { label: 'Sign-up', kind: 'registration-deadline' as const, virtual: false, date: '2022-01-28' },
      { label: 'Final', kind: 'final-event' as const, virtual: true, date: '2022-03-04' },
    ];
    expect(milestoneOf({ timeline }, 'final-event')?.label).toBe('Final');
    expect(milestoneOf({ timeline }, 'submission-deadline')).toBeUndefined();
  });
});

describe('contacts', () => {
  const base = { siteName: "Mayor's Innovation Challenge", contactEmail: 'mic@cityofkingston.ca', organization: { name: 'City of Kingston', url: 'https://www.cityofkingston.ca/' } };
  it('dials a phone number written with an extension, keeping the extension apart', () => {
    expect(phoneHref('613-546-4291 ext. 1234')).toBe('tel:+16135464291;ext=1234');
    expect(phoneHref('(613) 546-4291')).toBe('tel:+16135464291');
    expect(phoneHref('+44 20 7946 0958')).toBe('tel:+442079460958');
  });

  it('refuses a phone number that cannot be dialled, with an example', () => {
    const contact = { name: 'Jane Doe', organization: 'City of Kingston', email: 'jdoe@cityofkingston.ca' };
    expect(contactSchema.parse({ ...contact, phone: ' 613-546-4291 ext. 1234 ' }).phone).toBe('613-546-4291 ext. 1234');
    for (const phone of ['546-4291', 'call the front desk', '613-546-42']) {
      const parsed = contactSchema.safeParse({ ...contact, phone });
      expect(parsed.success, phone).toBe(false);
      expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message]), phone).toEqual([
        ['phone', 'Expected a phone number that can be dialled, with its area code, e.g. 613-546-4291 or 613-546-4291 ext. 1234 (add +<country code> for a number outside Canada).'],
      ]);
    }
  });

  it('names the settings’ contacts, or the general address when there are none', () => {
    const jane = { name: 'Jane Doe', organization: 'City of Kingston', email: 'jdoe@cityofkingston.ca', placeholder: false };
    const media = { name: 'Sam Roe', organization: 'City of Kingston', email: 'media@cityofkingston.ca', placeholder: false };
    expect(programContact({ ...base, contacts: { program: jane, media } })).toBe(jane);
    expect(mediaContact({ ...base, contacts: { program: jane, media } })).toBe(media);
    expect(programContact(base)).toEqual({ name: "Mayor's Innovation Challenge team", organization: 'City of Kingston', email: 'mic@cityofkingston.ca', placeholder: false });
  });
});

describe('the FAQ', () => {
  const q = (question: string, topic: Faq['topic'], order = 100) => ({ data: { question, topic, order, placeholder: false } });
  it('groups by topic in the schema’s order, then by position and question, leaving out empty topics', () => {
    const groups = faqByTopic([q('Z?', 'Your credential'), q('B?', 'Taking part in the Challenge', 2), q('A?', 'Taking part in the Challenge', 2), q('C?', 'Taking part in the Challenge', 1)]);
    expect(groups.map((g) => [g.topic, g.entries.map((e) => e.data.question)])).toEqual([
      ['Taking part in the Challenge', ['C?', 'A?', 'B?']],
      ['Your credential', ['Z?']],
    ]);
    expect(faqByTopic([q('Z?', 'Your credential')], ['Earning the micro-credential'])).toEqual([]);
  });
});
