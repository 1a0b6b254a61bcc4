import { describe, expect, it } from 'vitest';
import { finalEventOf, statusText, upcomingMilestones } from '../../src/lib/edition.ts';
import { formatDate, formatDateRange, formatTime, slugify } from '../../src/lib/format.ts';
import { paginate } from '../../src/lib/paginate.ts';
import { decodeEntities, excerptParts } from '../../src/lib/search/excerpt.ts';
import type { Edition } from '../../src/schemas/edition.ts';

describe('dates and times as the site prints them', () => {
  it('prints calendar days without shifting them by the time zone', () => {
    expect(formatDate('2022-01-25')).toBe('January 25, 2022');
    expect(formatDate('2022-03-04', { weekday: true })).toBe('Friday, March 4, 2022');
  });
  it('prints ranges compactly', () => {
    expect(formatDateRange('2027-02-01', '2027-02-26')).toBe('February 1 to 26, 2027');
    expect(formatDateRange('2027-02-22', '2027-03-05')).toBe('February 22 to March 5, 2027');
    expect(formatDateRange('2026-12-30', '2027-01-02')).toBe('December 30, 2026 to January 2, 2027');
    expect(formatDateRange('2027-02-01', '2027-02-01')).toBe('February 1, 2027');
  });
  it('prints times in Canadian Press style', () => {
    expect(formatTime('18:30')).toBe('6:30 p.m.');
    expect(formatTime('09:00')).toBe('9 a.m.');
    expect(formatTime('12:00')).toBe('12 p.m.');
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
  it('finds the final event and what is still ahead', () => {
    expect(finalEventOf(edition)?.label).toBe('Final');
    expect(upcomingMilestones(edition, '2027-02-01').map((m) => m.label)).toEqual(['Training', 'Final']);
    expect(upcomingMilestones({ ...edition, status: 'closed' }, '2027-02-01').map((m) => m.label)).toEqual(['Final']);
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
