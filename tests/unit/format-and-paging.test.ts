import { describe, expect, it } from 'vitest';
import { finalEventOf, statusText } from '../../src/lib/site/edition.ts';
import { formatDate, formatTime, kingstonDateTime, kingstonOffset, slugify } from '../../src/lib/dates/format.ts';
import { longDate } from '../../src/lib/dates/long-date.ts';
import { paginate } from '../../src/lib/site/paginate.ts';
import { decodeEntities, excerptParts } from '../../src/lib/search/excerpt.ts';
import type { Edition } from '../../src/schemas/edition.ts';

describe('dates and times as the site prints them', () => {
  it('prints calendar days without shifting them by the time zone', () => {
    expect(formatDate('2022-01-25')).toBe('January 25, 2022');
    expect(formatDate('2022-03-04', { weekday: true })).toBe('Friday, March 4, 2022');
  });
  it('writes the long date exactly as Intl does for en-CA, on every day of a leap year and across centuries', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    const days = Array.from({ length: 366 }, (_, i) => Date.UTC(2028, 0, 1 + i, 23, 59));
    for (const time of [...days, Date.UTC(1999, 11, 31), Date.UTC(2000, 1, 29), Date.UTC(2100, 0, 1, 0, 0, 1), Date.UTC(9999, 11, 31)]) {
      expect(longDate(time)).toBe(intl.format(time));
    }
    expect(longDate(new Date('2026-12-01T04:59:59Z'))).toBe('December 1, 2026');
    expect(longDate(Number.NaN)).toBe('');
  });
  it('refuses days that do not exist instead of rolling them over', () => {
    expect(() => formatDate('2022-02-30')).toThrow('Not a YYYY-MM-DD date: 2022-02-30');
  });
  it('knows Kingston switches between EST and EDT', () => {
    expect(kingstonOffset('2027-03-05', '18:30')).toBe('-05:00');
    expect(kingstonOffset('2027-07-05', '18:30')).toBe('-04:00');
    expect(kingstonDateTime('2027-03-05', '18:30')).toBe('2027-03-05T18:30:00-05:00');
  });
  it('prints times in Canadian Press style', () => {
    expect(formatTime('18:30')).toBe('6:30 p.m.');
    expect(formatTime('09:00')).toBe('9 a.m.');
    expect(formatTime('12:00')).toBe('noon');
    expect(formatTime('00:00')).toBe('midnight');
    expect(formatTime('12:30')).toBe('12:30 p.m.');
    expect(formatTime('00:15')).toBe('12:15 a.m.');
  });
  it('slugifies category labels', () => {
    expect(slugify('Media advisories')).toBe('media-advisories');
    expect(slugify('  Déclarations & Statements ')).toBe('declarations-statements');
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 23 }, (_, i) => i + 1);
  it('splits into pages with the site URL scheme and prev/next links', () => {
    const pages = paginate(items, 10, '/news/');
    expect(pages.map((p) => [p.url, p.items.length, p.prevUrl, p.nextUrl])).toEqual([
      ['/news/', 10, undefined, '/news/page/2/'],
      ['/news/page/2/', 10, '/news/', '/news/page/3/'],
      ['/news/page/3/', 3, '/news/page/2/', undefined],
    ]);
    expect(pages[2]?.items).toEqual([21, 22, 23]);
  });
  it('keeps one empty page for an empty list and rejects bad arguments', () => {
    expect(paginate([], 10, '/news/')).toEqual([{ number: 1, total: 1, items: [], url: '/news/' }]);
    expect(() => paginate(items, 0, '/news/')).toThrow('Page size must be a positive integer, got 0');
    expect(() => paginate(items, 10, '/news')).toThrow('Base URL must end in "/", got /news');
  });
});

describe('edition helpers', () => {
  const edition = {
    year: 2027,
    status: 'open',
    timeline: [
      { label: 'Sign-up closes', kind: 'registration-deadline', date: '2027-01-29', virtual: false },
      { label: 'Training', kind: 'micro-credential-training', dateNote: 'While you prepare', virtual: true },
      { label: 'Final', kind: 'final-event', date: '2027-03-05', virtual: true },
    ],
  } as Pick<Edition, 'year' | 'status' | 'timeline'>;
  it('words the status for the public', () => {
    expect(statusText(edition)).toBe('The 2027 Challenge is open for entries');
    expect(statusText({ year: 2022, status: 'closed' })).toBe('The 2022 Challenge has closed');
  });
  it('finds the final event', () => {
    expect(finalEventOf(edition)?.label).toBe('Final');
    expect(finalEventOf({ timeline: edition.timeline.slice(0, 2) })).toBeUndefined();
  });
});

describe('search excerpts', () => {
  it('splits marks from text and decodes entities, so no index HTML reaches the page', () => {
    expect(excerptParts('Earn a <mark>micro-credential</mark> &amp; present &lt;b&gt;live&lt;/b&gt;')).toEqual([
      { text: 'Earn a ', mark: false },
      { text: 'micro-credential', mark: true },
      { text: ' & present <b>live</b>', mark: false },
    ]);
  });
  it('drops tags other than mark instead of rendering them', () => {
    expect(excerptParts('<img src=x onerror=alert(1)>Hi <mark><i>there</i></mark>')).toEqual([
      { text: 'Hi ', mark: false },
      { text: 'there', mark: true },
    ]);
    expect(decodeEntities('&#39;&#x27;&quot;&nbsp;&unknown;')).toBe(`''"\u00a0&unknown;`);
  });
});
