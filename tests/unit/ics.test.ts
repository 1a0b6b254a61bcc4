// The "Add to calendar" file of a Challenge year, read back with ical.js (a maintained iCalendar
// parser, as a calendar app would import it): Kingston times right on both sides of the clock changes.
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { editionCalendar } from '../../src/lib/site/calendar.ts';
import type { Milestone } from '../../src/schemas/edition.ts';

const m = (fields: Partial<Milestone> & Pick<Milestone, 'label'>): Milestone => ({ kind: 'other', virtual: false, ...fields });

const EDITION = {
  year: 2027,
  timeline: [
    m({ label: 'Sign-up closes', kind: 'registration-deadline', date: '2027-02-01' }),
    m({ label: 'Training', kind: 'micro-credential-training', date: '2027-03-01', endDate: '2027-03-05', virtual: true }),
    m({ label: 'Workshop before the clocks change', date: '2027-03-13', time: '18:00', location: 'City Hall, 216 Ontario Street' }),
    m({ label: 'Workshop after the clocks change', date: '2027-03-15', time: '18:00' }),
    m({ label: 'Videos due', kind: 'submission-deadline', date: '2027-11-06', time: '18:00' }),
    m({ label: 'Final event', kind: 'final-event', date: '2027-11-08', time: '18:00', virtual: true }),
    m({ label: 'Mentoring', dateNote: 'While you prepare your proposal' }),
  ],
};
const OPTIONS = { siteName: "Mayor's Innovation Challenge", pageUrl: new URL('https://innovation.example.ca/challenge/2027/') };

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  // As a calendar app does: the file's own VTIMEZONE defines its TZID, not the machine's zone database.
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  return { calendar, events, bySummary: (label: string) => events.find((e) => e.summary.endsWith(`: ${label}`))! };
}

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
  ICAL.TimezoneService.reset();
});

describe('a Challenge year as an .ics file', () => {
  it('puts timed milestones at their Kingston time on either side of both clock changes', () => {
    const { bySummary } = parse(editionCalendar(EDITION, OPTIONS));
    const instant = (label: string) => bySummary(label).startDate.toJSDate().toISOString();
    expect(instant('Workshop before the clocks change')).toBe('2027-03-13T23:00:00.000Z'); // EST, UTC-5
    expect(instant('Workshop after the clocks change')).toBe('2027-03-15T22:00:00.000Z'); // EDT, UTC-4
    expect(instant('Videos due')).toBe('2027-11-06T22:00:00.000Z'); // still EDT
    expect(instant('Final event')).toBe('2027-11-08T23:00:00.000Z'); // EST again
    expect(bySummary('Final event').startDate.zone.tzid).toBe('America/Toronto');
  });

  it('makes date-only milestones all-day events, the last day included', () => {
    const { bySummary } = parse(editionCalendar(EDITION, OPTIONS));
    const signUp = bySummary('Sign-up closes');
    expect(signUp.startDate.isDate).toBe(true);
    expect(signUp.startDate.toString()).toBe('2027-02-01');
    expect(signUp.endDate.toString()).toBe('2027-02-02');
    const training = bySummary('Training');
    expect(training.startDate.isDate).toBe(true);
    // DTEND is exclusive: a training that ends on March 5 ends at the start of March 6.
    expect([training.startDate.toString(), training.endDate.toString()]).toEqual(['2027-03-01', '2027-03-06']);
    expect(training.location).toBe('Online');
  });

  it('runs a timed milestone with an endDate from its time on the first day to the end of the last, across the March clock change', () => {
    const timeline = [
      m({ label: 'Bootcamp', date: '2027-03-10', time: '09:00', endDate: '2027-03-20' }),
      m({ label: 'Hack night', date: '2027-03-16', time: '18:00', endDate: '2027-03-16' }),
    ];
    const { bySummary } = parse(editionCalendar({ year: 2027, timeline }, OPTIONS));
    const camp = bySummary('Bootcamp');
    expect(camp.startDate.isDate).toBe(false);
    expect([camp.startDate.toString(), camp.endDate.toString()]).toEqual(['2027-03-10T09:00:00', '2027-03-21T00:00:00']);
    expect(camp.endDate.zone.tzid).toBe('America/Toronto');
    expect(camp.startDate.toJSDate().toISOString()).toBe('2027-03-10T14:00:00.000Z'); // EST, UTC-5
    expect(camp.endDate.toJSDate().toISOString()).toBe('2027-03-21T04:00:00.000Z'); // Kingston midnight in EDT, UTC-4
    const night = bySummary('Hack night');
    expect([night.startDate.toString(), night.endDate.toString()]).toEqual(['2027-03-16T18:00:00', '2027-03-17T00:00:00']);
  });

  it('lists every dated milestone once and leaves out those without a day', () => {
    const { events, bySummary } = parse(editionCalendar(EDITION, OPTIONS));
    expect(events).toHaveLength(6);
    expect(events.some((e) => e.summary.includes('Mentoring'))).toBe(false);
    expect(bySummary('Workshop before the clocks change').location).toBe('City Hall, 216 Ontario Street');
    expect(bySummary('Videos due').summary).toBe("Mayor's Innovation Challenge 2027: Videos due");
  });

  it('carries the America/Toronto VTIMEZONE and a UTC DTSTAMP', () => {
    const text = editionCalendar(EDITION, OPTIONS);
    const { calendar, events } = parse(text);
    expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['America/Toronto']);
    expect(text).toMatch(/^DTSTART;TZID=America\/Toronto:20270313T180000\r$/m);
    for (const event of events) expect(event.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2027-01-01T00:00:00Z');
  });

  it('is the same bytes on every build, whatever the zone of the machine that builds it', () => {
    const first = editionCalendar(EDITION, OPTIONS);
    process.env.TZ = 'Asia/Kolkata';
    expect(editionCalendar(EDITION, OPTIONS)).toBe(first);
    process.env.TZ = 'America/Vancouver';
    expect(editionCalendar(EDITION, OPTIONS)).toBe(first);
  });

  it('keeps each event’s UID when its date or label is corrected, so a re-import moves it', () => {
    const uids = (edition: typeof EDITION) => parse(editionCalendar(edition, OPTIONS)).events.map((e) => e.uid);
    const before = uids(EDITION);
    expect(new Set(before).size).toBe(before.length);
    const corrected = { ...EDITION, timeline: EDITION.timeline.map((x) => (x.kind === 'final-event' ? { ...x, label: 'The final', date: '2027-11-09' } : x)) };
    expect(uids(corrected)).toEqual(before);
    expect(before).toContain('mic-2027-final-event-1@innovation.example.ca');
  });
});
