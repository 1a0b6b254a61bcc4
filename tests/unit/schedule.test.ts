// Kingston time: wall-clock times as instants across both daylight-saving changes, the build's
// clock (SITE_BUILD_TIME with and without a zone), and when a release goes on the site.
import { describe, expect, it } from 'vitest';
import { buildTime, isPublished, kingstonDay, kingstonInstant, kingstonWallClock } from '../../src/lib/dates/schedule.ts';
import { releaseSchema } from '../../src/schemas/release.ts';
import { inputValue, kingstonNow } from '../../cms/widgets/kingston-date.ts';
import { kingstonDateTime } from '../../src/lib/dates/format.ts';

const at = (local: string) => kingstonInstant(local)?.toISOString();

describe('Kingston wall-clock time', () => {
  it('reads Kingston wall-clock time in winter and in summer, and refuses what is not a time', () => {
    expect(at('2026-12-01T09:00')).toBe('2026-12-01T14:00:00.000Z');
    expect(at('2026-07-01T09:00')).toBe('2026-07-01T13:00:00.000Z');
    expect(at('2026-07-01T09:00:30')).toBe('2026-07-01T13:00:30.000Z');
    // The days clocks go forward (8 March 2026) and back (1 November 2026), away from the change.
    expect(at('2026-03-08T12:00')).toBe('2026-03-08T16:00:00.000Z');
    expect(at('2026-11-01T12:00')).toBe('2026-11-01T17:00:00.000Z');
    for (const bad of ['2026-02-30T09:00', '2026-12-01 09:00', '2026-12-01T25:00', '2026-12-01T09:60', '2026-12-01T09:00:60', '2026-12-01', 'tomorrow']) expect(kingstonInstant(bad), bad).toBeUndefined();
  });

  it('moves a time in the hour skipped in spring forward by that hour', () => {
    // 8 March 2026: at 02:00 EST the clocks show 03:00 EDT (07:00 UTC).
    expect(at('2026-03-08T01:59')).toBe('2026-03-08T06:59:00.000Z');
    expect(at('2026-03-08T02:00')).toBe('2026-03-08T07:00:00.000Z');
    expect(at('2026-03-08T02:30')).toBe('2026-03-08T07:30:00.000Z');
    expect(kingstonWallClock(new Date('2026-03-08T07:30:00Z'))).toBe('2026-03-08T03:30');
    expect(at('2026-03-08T03:00')).toBe('2026-03-08T07:00:00.000Z');
  });

  it('takes the first of the hour repeated in the fall', () => {
    // 1 November 2026: at 02:00 EDT the clocks show 01:00 EST again (06:00 UTC).
    expect(at('2026-11-01T00:59')).toBe('2026-11-01T04:59:00.000Z');
    expect(at('2026-11-01T01:00')).toBe('2026-11-01T05:00:00.000Z');
    expect(at('2026-11-01T01:30')).toBe('2026-11-01T05:30:00.000Z');
    expect(at('2026-11-01T01:59')).toBe('2026-11-01T05:59:00.000Z');
    expect(at('2026-11-01T02:00')).toBe('2026-11-01T07:00:00.000Z');
  });

  it('says which day and time it is in Kingston, whatever the zone of the machine', () => {
    // 21:30 in Kingston is already the next day in UTC (and in Tokyo).
    expect(kingstonDay(new Date('2026-12-21T02:30:00Z'))).toBe('2026-12-20');
    expect(kingstonWallClock(new Date('2026-12-21T02:30:00Z'))).toBe('2026-12-20T21:30');
    expect(kingstonDay(new Date('2026-07-21T01:30:00Z'))).toBe('2026-07-20');
    // Both 01:30s of 1 November.
    expect(kingstonWallClock(new Date('2026-11-01T05:30:00Z'))).toBe('2026-11-01T01:30');
    expect(kingstonWallClock(new Date('2026-11-01T06:30:00Z'))).toBe('2026-11-01T01:30');
  });
});

describe('event times on pages (datetime attributes, JSON-LD)', () => {
  it('writes the offset in force at that very time on the days the clocks change', () => {
    expect(kingstonDateTime('2026-03-07', '18:30')).toBe('2026-03-07T18:30:00-05:00');
    // Early on 8 March: before the change, then after it (the old reading took the offset at that time in UTC).
    expect(kingstonDateTime('2026-03-08', '01:30')).toBe('2026-03-08T01:30:00-05:00');
    expect(kingstonDateTime('2026-03-08', '03:30')).toBe('2026-03-08T03:30:00-04:00');
    expect(kingstonDateTime('2026-03-08', '18:30')).toBe('2026-03-08T18:30:00-04:00');
    // 1 November: the repeated 01:30 is the first (daylight time); 03:30 is standard time.
    expect(kingstonDateTime('2026-11-01', '01:30')).toBe('2026-11-01T01:30:00-04:00');
    expect(kingstonDateTime('2026-11-01', '03:30')).toBe('2026-11-01T03:30:00-05:00');
    expect(kingstonDateTime('2026-11-01', '18:30')).toBe('2026-11-01T18:30:00-05:00');
  });
});

describe('the build clock', () => {
  const built = (value: string) => buildTime({ SITE_BUILD_TIME: value }).toISOString();

  it('reads SITE_BUILD_TIME without a zone as Kingston time', () => {
    expect(built('2026-12-20T09:00')).toBe('2026-12-20T14:00:00.000Z');
    expect(built('2026-12-20T09:00:00')).toBe('2026-12-20T14:00:00.000Z');
    expect(built(' 2026-07-20T09:00 ')).toBe('2026-07-20T13:00:00.000Z');
    // A bare date is the start of that day in Kingston.
    expect(built('2026-12-20')).toBe('2026-12-20T05:00:00.000Z');
    expect(built('2026-07-20')).toBe('2026-07-20T04:00:00.000Z');
    // Across the clock changes, as kingstonInstant reads them.
    expect(built('2026-03-08T02:30')).toBe('2026-03-08T07:30:00.000Z');
    expect(built('2026-11-01T01:30')).toBe('2026-11-01T05:30:00.000Z');
  });

  it('reads SITE_BUILD_TIME with a zone as the instant it names', () => {
    expect(built('2026-12-01T09:00:00-05:00')).toBe('2026-12-01T14:00:00.000Z');
    expect(built('2026-12-20T09:00Z')).toBe('2026-12-20T09:00:00.000Z');
    expect(built('2026-12-20T09:00:00.250+09:00')).toBe('2026-12-20T00:00:00.250Z');
    expect(Math.abs(buildTime({}).getTime() - Date.now())).toBeLessThan(1000);
    expect(Math.abs(buildTime({ SITE_BUILD_TIME: ' ' }).getTime() - Date.now())).toBeLessThan(1000);
  });

  it('refuses anything else and says what to write', () => {
    const message = (value: string) =>
      `SITE_BUILD_TIME "${value}" is not a date-time; write it in Kingston time as e.g. 2026-12-01T09:00, or with a zone as e.g. 2026-12-01T14:00:00Z, or leave it unset to build as of now.`;
    // Date.parse would take the last three (the middle two as other days); a build as of a guessed moment is worse than none.
    for (const bad of ['soon', '2026-02-30T09:00Z', '2026-12-20T24:00Z', 'December 20, 2026', '2026-12-20 09:00', '2026-12-20T09']) {
      expect(() => buildTime({ SITE_BUILD_TIME: bad }), bad).toThrow(message(bad));
    }
  });
});

describe('when a release is on the site', () => {
  it('keeps a release off the site until its time, and drafts always', () => {
    const now = new Date('2026-12-01T14:00:00Z');
    expect(isPublished({ draft: false }, now)).toBe(true);
    expect(isPublished({ draft: false, publishAt: '2026-12-01T14:00:00.000Z' }, now)).toBe(true);
    expect(isPublished({ draft: false, publishAt: '2026-12-01T14:00:01.000Z' }, now)).toBe(false);
    expect(isPublished({ draft: true, publishAt: '2026-01-01T00:00:00.000Z' }, now)).toBe(false);
    expect(isPublished({ draft: true, date: '2026-01-01' }, now)).toBe(false);
  });

  it('schedules a release with a future date and no "Publish at" for 00:00 Kingston time that day', () => {
    const release = { draft: false, date: '2026-12-20' };
    // 23:59 on the 19th in Kingston is already the 20th in UTC: still off.
    expect(isPublished(release, new Date('2026-12-20T04:59:59Z'))).toBe(false);
    expect(isPublished(release, new Date('2026-12-20T05:00:00Z'))).toBe(true);
    // In summer midnight is an hour earlier in UTC.
    expect(isPublished({ draft: false, date: '2026-07-20' }, new Date('2026-07-20T03:59:59Z'))).toBe(false);
    expect(isPublished({ draft: false, date: '2026-07-20' }, new Date('2026-07-20T04:00:00Z'))).toBe(true);
    // On the days of the clock changes, midnight is still on the old offset.
    expect(isPublished({ draft: false, date: '2026-03-08' }, new Date('2026-03-08T04:59:59Z'))).toBe(false);
    expect(isPublished({ draft: false, date: '2026-03-08' }, new Date('2026-03-08T05:00:00Z'))).toBe(true);
    expect(isPublished({ draft: false, date: '2026-11-01' }, new Date('2026-11-01T03:59:59Z'))).toBe(false);
    expect(isPublished({ draft: false, date: '2026-11-01' }, new Date('2026-11-01T04:00:00Z'))).toBe(true);
    // The day after each change, on the new offset.
    expect(isPublished({ draft: false, date: '2026-03-09' }, new Date('2026-03-09T03:59:59Z'))).toBe(false);
    expect(isPublished({ draft: false, date: '2026-11-02' }, new Date('2026-11-02T04:59:59Z'))).toBe(false);
    expect(isPublished({ draft: false, date: '2026-11-02' }, new Date('2026-11-02T05:00:00Z'))).toBe(true);
  });

  it('waits for the later of the date and "Publish at", so no page shows a date still to come', () => {
    const release = { draft: false, date: '2026-12-20', publishAt: '2026-12-19T14:00:00.000Z' };
    expect(isPublished(release, new Date('2026-12-19T15:00:00Z'))).toBe(false);
    expect(isPublished(release, new Date('2026-12-20T05:00:00Z'))).toBe(true);
    // A "Publish at" later on the day of the date holds it until then.
    const later = { draft: false, date: '2026-12-20', publishAt: '2026-12-20T14:00:00.000Z' };
    expect(isPublished(later, new Date('2026-12-20T13:59:59Z'))).toBe(false);
    expect(isPublished(later, new Date('2026-12-20T14:00:00Z'))).toBe(true);
    // A past date with a future "Publish at" (an embargoed announcement dated earlier) waits for the time.
    expect(isPublished({ draft: false, date: '2026-12-01', publishAt: '2026-12-20T14:00:00.000Z' }, new Date('2026-12-10T00:00:00Z'))).toBe(false);
  });

  it('reads a release file the way the build does', () => {
    const base = { title: 'T', category: 'Releases', summary: 'S.' };
    const release = releaseSchema.parse({ ...base, date: '2026-12-20' });
    expect(isPublished(release, new Date('2026-12-20T04:59:59Z'))).toBe(false);
    expect(isPublished(release, buildTime({ SITE_BUILD_TIME: '2026-12-20T00:00' }))).toBe(true);
    // An unquoted YAML date arrives as a Date at UTC midnight and is still that Kingston day.
    const fromYaml = releaseSchema.parse({ ...base, date: new Date('2026-12-20T00:00:00Z') });
    expect(isPublished(fromYaml, buildTime({ SITE_BUILD_TIME: '2026-12-19T23:59' }))).toBe(false);
    expect(isPublished(fromYaml, buildTime({ SITE_BUILD_TIME: '2026-12-20T00:00' }))).toBe(true);
  });

  it('checks publishAt in release files, with an example', () => {
    const base = { title: 'T', date: '2026-12-01', category: 'Releases', summary: 'S.' };
    expect(releaseSchema.parse({ ...base, publishAt: '2026-12-01T09:00' }).publishAt).toBe('2026-12-01T14:00:00.000Z');
    expect(releaseSchema.parse({ ...base, publishAt: '2026-03-08T02:30' }).publishAt).toBe('2026-03-08T07:30:00.000Z');
    const bad = releaseSchema.safeParse({ ...base, publishAt: '1 December, 9 a.m.' });
    expect(bad.error?.issues[0]?.message).toBe('"1 December, 9 a.m." is not a date and time. Write it in Kingston time as YYYY-MM-DDTHH:MM, for example 2026-12-01T09:00.');
  });
});

describe('the CMS date widget', () => {
  it('fills Today and Now from Kingston’s clock', () => {
    // 21:30 on the 20th in Kingston: the 21st in UTC and in Tokyo.
    const evening = new Date('2026-12-21T02:30:00Z');
    expect(kingstonNow(false, evening)).toBe('2026-12-20');
    expect(kingstonNow(true, evening)).toBe('2026-12-20T21:30');
    // Summer time, and the first minutes after the clocks go forward.
    expect(kingstonNow(true, new Date('2026-07-21T01:30:00Z'))).toBe('2026-07-20T21:30');
    expect(kingstonNow(true, new Date('2026-03-08T07:05:00Z'))).toBe('2026-03-08T03:05');
  });

  it('shows what a file holds as the input takes it, and flags what it cannot show', () => {
    expect(inputValue(undefined, false)).toBe('');
    expect(inputValue('2026-12-20', false)).toBe('2026-12-20');
    // An unquoted YAML date is a Date at UTC midnight: the day written, not the day before in Kingston.
    expect(inputValue(new Date('2026-12-20T00:00:00Z'), false)).toBe('2026-12-20');
    expect(inputValue('2026-12-20T21:30', true)).toBe('2026-12-20T21:30');
    expect(inputValue('2026-12-20T21:30:00', true)).toBe('2026-12-20T21:30');
    // A time with a zone (or a YAML timestamp) is shown as Kingston's wall clock.
    expect(inputValue('2026-12-21T02:30:00Z', true)).toBe('2026-12-20T21:30');
    expect(inputValue(new Date('2026-12-21T02:30:00Z'), true)).toBe('2026-12-20T21:30');
    for (const [bad, withTime] of [['20 December', false], ['2026-12-20', true], ['2026-12-20T21:30', false], [42, false]] as const) {
      expect(inputValue(bad, withTime), String(bad)).toBeUndefined();
    }
  });
});
