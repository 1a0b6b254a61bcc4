// Scheduled releases: Kingston wall-clock times as instants, across daylight saving, and the build's clock.
import { describe, expect, it } from 'vitest';
import { buildTime, isPublished, kingstonInstant } from '../../src/lib/schedule.ts';
import { releaseSchema } from '../../src/schemas/release.ts';

describe('scheduling', () => {
  it('reads Kingston wall-clock time in winter and in summer, and refuses what is not a time', () => {
    expect(kingstonInstant('2026-12-01T09:00')?.toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(kingstonInstant('2026-07-01T09:00')?.toISOString()).toBe('2026-07-01T13:00:00.000Z');
    // The morning clocks go forward (8 March 2026) and back (1 November 2026).
    expect(kingstonInstant('2026-03-08T12:00')?.toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(kingstonInstant('2026-11-01T12:00')?.toISOString()).toBe('2026-11-01T17:00:00.000Z');
    for (const bad of ['2026-02-30T09:00', '2026-12-01 09:00', '2026-12-01T25:00', 'tomorrow']) expect(kingstonInstant(bad), bad).toBeUndefined();
  });

  it('keeps a release off the site until its time, and drafts always', () => {
    const now = new Date('2026-12-01T14:00:00Z');
    expect(isPublished({ draft: false }, now)).toBe(true);
    expect(isPublished({ draft: false, publishAt: '2026-12-01T14:00:00.000Z' }, now)).toBe(true);
    expect(isPublished({ draft: false, publishAt: '2026-12-01T14:00:01.000Z' }, now)).toBe(false);
    expect(isPublished({ draft: true, publishAt: '2026-01-01T00:00:00.000Z' }, now)).toBe(false);
  });

  it('takes the build clock from SITE_BUILD_TIME, and says what to write when it is not a time', () => {
    expect(buildTime({ SITE_BUILD_TIME: '2026-12-01T09:00:00-05:00' }).toISOString()).toBe('2026-12-01T14:00:00.000Z');
    expect(Math.abs(buildTime({}).getTime() - Date.now())).toBeLessThan(1000);
    expect(() => buildTime({ SITE_BUILD_TIME: 'soon' })).toThrow('SITE_BUILD_TIME "soon" is not a date-time; write it as e.g. 2026-12-01T09:00:00-05:00');
  });

  it('checks publishAt in release files, with an example', () => {
    const base = { title: 'T', date: '2026-12-01', category: 'Releases', summary: 'S.' };
    expect(releaseSchema.parse({ ...base, publishAt: '2026-12-01T09:00' }).publishAt).toBe('2026-12-01T14:00:00.000Z');
    const bad = releaseSchema.safeParse({ ...base, publishAt: '1 December, 9 a.m.' });
    expect(bad.error?.issues[0]?.message).toBe('"1 December, 9 a.m." is not a date and time. Write it in Kingston time as YYYY-MM-DDTHH:MM, for example 2026-12-01T09:00.');
  });
});
