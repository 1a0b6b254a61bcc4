// The pure parts of the student's path: when a milestone happens in words, which contact is named
// when the settings have none, and the FAQ's order.
import { describe, expect, it } from 'vitest';
import { mediaContact, programContact } from '../../src/lib/contacts.ts';
import { milestoneOf, whenText } from '../../src/lib/edition.ts';
import { faqByTopic } from '../../src/lib/faq.ts';
import type { Faq } from '../../src/schemas/faq.ts';

describe('a milestone in words', () => {
  it('says the day, the day and Kingston time, a span, or the note', () => {
    expect(whenText({ label: 'x', kind: 'other', virtual: false, date: '2022-03-04' })).toBe('Friday, March 4, 2022');
    expect(whenText({ label: 'x', kind: 'other', virtual: false, date: '2027-03-15', time: '18:30' })).toBe('Monday, March 15, 2027, 6:30 p.m. (Kingston time)');
    expect(whenText({ label: 'x', kind: 'other', virtual: false, date: '2022-02-01', endDate: '2022-02-04' })).toBe('February 1, 2022 to February 4, 2022');
    expect(whenText({ label: 'x', kind: 'other', virtual: false, dateNote: 'While you prepare your proposal' })).toBe('While you prepare your proposal');
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
