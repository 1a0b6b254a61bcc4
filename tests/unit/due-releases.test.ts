// The hourly schedule's question, "has a release come due since the last deploy?", across both
// daylight-saving changes in Kingston, at the edges of its window, and as a property tied to what the
// build shows (isPublished). Releases are made by the release schema, as the script reads them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueReleases, kingstonLabel, utcLabel } from '../../src/lib/dates/schedule-due.ts';
import { isPublished, kingstonDayStart, kingstonInstant, visibleFrom, type Schedulable } from '../../src/lib/dates/schedule.ts';
import { releaseSchema, type Release } from '../../src/schemas/release.ts';

/** A release as the schema returns it from front matter: `publishAt` is Kingston wall-clock time. */
function release(date: string, publishAt?: string, draft = false): Release {
  return releaseSchema.parse({
    title: `Release of ${publishAt ?? date}`,
    date,
    category: 'Releases',
    summary: 'A release for the due check.',
    draft,
    ...(publishAt === undefined ? {} : { publishAt }),
  });
}

const t = (iso: string) => new Date(iso);
const HOUR = 60 * 60 * 1000;
/** The instants (UTC ISO) of the releases due in (since, now]. */
const due = (releases: Release[], since: string | undefined, now: string) =>
  dueReleases(releases, since === undefined ? undefined : t(since), t(now)).releases.map(({ at }) => at?.toISOString());

describe('spring forward (the hour skipped)', () => {
  // 14 March 2027: at 02:00 EST (07:00Z) the clocks show 03:00 EDT. 02:30 does not exist; it is 03:30 EDT.
  const r = release('2027-03-14', '2027-03-14T02:30');

  it('reads the skipped 02:30 as 03:30 EDT, 07:30Z', () => {
    expect(r.publishAt).toBe('2027-03-14T07:30:00.000Z');
    expect(kingstonLabel(t(r.publishAt!))).toBe('2027-03-14 03:30 EDT');
  });

  it('is due in the hourly windows that hold 07:30Z, and in no other', () => {
    // An hour either side of the change: 01:30 EST (06:30Z) to 04:30 EDT (08:30Z).
    expect(due([r], '2027-03-14T06:30:00Z', '2027-03-14T08:30:00Z')).toEqual(['2027-03-14T07:30:00.000Z']);
    // Hourly runs on the hour (UTC): 06:00-07:00Z straddles the change but ends before 03:30 EDT.
    expect(due([r], '2027-03-14T06:00:00Z', '2027-03-14T07:00:00Z')).toEqual([]);
    expect(due([r], '2027-03-14T07:00:00Z', '2027-03-14T08:00:00Z')).toEqual(['2027-03-14T07:30:00.000Z']);
    expect(due([r], '2027-03-14T08:00:00Z', '2027-03-14T09:00:00Z')).toEqual([]);
    // Read as 02:30 EST (07:30Z) it would be the same; read as 02:30 EDT (06:30Z) it would be early.
    expect(due([r], '2027-03-14T06:00:00Z', '2027-03-14T07:29:59.999Z')).toEqual([]);
  });

  it('2026 too: 8 March, 02:30 is 03:30 EDT (07:30Z)', () => {
    const r26 = release('2026-03-08', '2026-03-08T02:30');
    expect(r26.publishAt).toBe('2026-03-08T07:30:00.000Z');
    expect(due([r26], '2026-03-08T06:30:00Z', '2026-03-08T08:30:00Z')).toEqual(['2026-03-08T07:30:00.000Z']);
    expect(due([r26], '2026-03-08T05:30:00Z', '2026-03-08T07:29:00Z')).toEqual([]);
    expect(due([r26], '2026-03-08T07:30:00Z', '2026-03-08T08:30:00Z')).toEqual([]);
  });
});

describe('fall back (the hour repeated)', () => {
  // 7 November 2027: at 02:00 EDT (06:00Z) the clocks show 01:00 EST again. 01:30 is the first one, EDT.
  const r = release('2027-11-07', '2027-11-07T01:30');

  it('reads the repeated 01:30 as the first, 01:30 EDT, 05:30Z', () => {
    expect(r.publishAt).toBe('2027-11-07T05:30:00.000Z');
    expect(kingstonLabel(t(r.publishAt!))).toBe('2027-11-07 01:30 EDT');
    // The second 01:30 is EST: the label tells them apart.
    expect(kingstonLabel(t('2027-11-07T06:30:00Z'))).toBe('2027-11-07 01:30 EST');
  });

  it('is due in the window that holds the first 01:30, not in the one that holds the second', () => {
    // An hour either side of the change: 01:00 EDT (05:00Z) to 01:00 EST (06:00Z), then 02:00 EST (07:00Z).
    expect(due([r], '2027-11-07T04:30:00Z', '2027-11-07T06:30:00Z')).toEqual(['2027-11-07T05:30:00.000Z']);
    expect(due([r], '2027-11-07T05:00:00Z', '2027-11-07T06:00:00Z')).toEqual(['2027-11-07T05:30:00.000Z']);
    expect(due([r], '2027-11-07T06:00:00Z', '2027-11-07T07:00:00Z')).toEqual([]);
    expect(due([r], '2027-11-07T04:00:00Z', '2027-11-07T05:00:00Z')).toEqual([]);
  });

  it('2026 too: 1 November, 01:30 is 01:30 EDT (05:30Z)', () => {
    const r26 = release('2026-11-01', '2026-11-01T01:30');
    expect(r26.publishAt).toBe('2026-11-01T05:30:00.000Z');
    expect(due([r26], '2026-11-01T04:30:00Z', '2026-11-01T06:30:00Z')).toEqual(['2026-11-01T05:30:00.000Z']);
    expect(due([r26], '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z')).toEqual([]);
    expect(due([r26], '2026-11-01T04:30:00Z', '2026-11-01T05:29:59.999Z')).toEqual([]);
  });
});

describe('a date without a time (00:00 Kingston)', () => {
  const cases = [
    ['2027-01-15', '2027-01-15T05:00:00.000Z'], // winter, EST
    ['2027-07-15', '2027-07-15T04:00:00.000Z'], // summer, EDT
    ['2027-03-14', '2027-03-14T05:00:00.000Z'], // the day clocks go forward: still EST at midnight
    ['2027-11-07', '2027-11-07T04:00:00.000Z'], // the day clocks go back: still EDT at midnight
    ['2026-03-08', '2026-03-08T05:00:00.000Z'],
    ['2026-11-01', '2026-11-01T04:00:00.000Z'],
  ] as const;

  it.each(cases)('%s is due exactly at %s, not a millisecond before', (date, instant) => {
    const r = release(date);
    const at = Date.parse(instant);
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(due([r], iso(at - HOUR), iso(at))).toEqual([instant]);
    expect(due([r], iso(at - HOUR), iso(at - 1))).toEqual([]);
    expect(due([r], iso(at - 1), iso(at + HOUR))).toEqual([instant]);
    expect(due([r], iso(at), iso(at + HOUR))).toEqual([]);
  });
});

describe('the window (since, now]', () => {
  const r = release('2027-05-01', '2027-05-01T09:00'); // 13:00Z

  it('leaves out a release whose instant is `since`, and takes one whose instant is `now`', () => {
    expect(due([r], '2027-05-01T13:00:00Z', '2027-05-01T14:00:00Z')).toEqual([]);
    expect(due([r], '2027-05-01T12:00:00Z', '2027-05-01T13:00:00Z')).toEqual(['2027-05-01T13:00:00.000Z']);
    expect(dueReleases([r], t('2027-05-01T12:00:00Z'), t('2027-05-01T13:00:00Z')).due).toBe(true);
    expect(dueReleases([r], t('2027-05-01T13:00:00Z'), t('2027-05-01T14:00:00Z')).due).toBe(false);
  });

  it('is empty when `since` is not before `now`', () => {
    expect(dueReleases([r], t('2027-05-01T14:00:00Z'), t('2027-05-01T12:00:00Z'))).toMatchObject({ due: false, releases: [] });
    expect(dueReleases([r], t('2027-05-01T13:00:00Z'), t('2027-05-01T13:00:00Z'))).toMatchObject({ due: false, releases: [] });
  });

  it('lists what came due in the order it came, and leaves out what was already there or is still to come', () => {
    const early = release('2027-05-01', '2027-05-01T08:00'); // 12:00Z: before the window
    const first = release('2027-05-01', '2027-05-01T09:15');
    const second = release('2027-05-01', '2027-05-01T09:45');
    const later = release('2027-05-01', '2027-05-01T11:00'); // 15:00Z: after it
    const report = dueReleases([later, second, early, first], t('2027-05-01T13:00:00Z'), t('2027-05-01T14:00:00Z'));
    expect(report.releases.map(({ release: x }) => x)).toEqual([first, second]);
    expect(report.next).toEqual({ at: t('2027-05-01T15:00:00Z'), releases: [later] });
  });

  it('refuses an invalid date rather than answer', () => {
    expect(() => dueReleases([r], new Date(Number.NaN), t('2027-05-01T14:00:00Z'))).toThrow(/valid dates/);
    expect(() => dueReleases([r], undefined, new Date('not a date'))).toThrow(/valid dates/);
  });
});

describe('what holds a release back', () => {
  it('never makes a draft due, nor counts it as next', () => {
    const draft = release('2027-05-01', '2027-05-01T09:00', true);
    expect(due([draft], '2027-04-30T00:00:00Z', '2027-05-02T00:00:00Z')).toEqual([]);
    expect(due([draft], undefined, '2027-05-02T00:00:00Z')).toEqual([]);
    expect(dueReleases([draft], t('2027-04-01T00:00:00Z'), t('2027-04-02T00:00:00Z')).next).toBeUndefined();
    expect(visibleFrom(draft)).toBe(Infinity);
  });

  it('waits for the later of `date` and `publishAt`: a future date holds back an earlier publishAt', () => {
    // Dated 10 June (00:00 EDT = 04:00Z), "publish at" 1 June 09:00: it appears on 10 June.
    const r = release('2027-06-10', '2027-06-01T09:00');
    expect(due([r], '2027-06-01T12:00:00Z', '2027-06-01T14:00:00Z')).toEqual([]);
    expect(due([r], '2027-06-10T03:00:00Z', '2027-06-10T04:00:00Z')).toEqual(['2027-06-10T04:00:00.000Z']);
    expect(dueReleases([r], t('2027-06-01T12:00:00Z'), t('2027-06-01T14:00:00Z')).next?.at).toEqual(t('2027-06-10T04:00:00Z'));
    // And the other way round: a publishAt later in its own day wins over the day's start.
    const s = release('2027-06-10', '2027-06-10T09:00');
    expect(due([s], '2027-06-10T03:00:00Z', '2027-06-10T05:00:00Z')).toEqual([]);
    expect(due([s], '2027-06-10T12:00:00Z', '2027-06-10T13:00:00Z')).toEqual(['2027-06-10T13:00:00.000Z']);
  });
});

describe('no deploy on record (`since` undefined)', () => {
  it('is always due, and lists what the site shows now', () => {
    const out = release('2027-01-01');
    const scheduled = release('2027-06-01', '2027-06-01T09:00');
    const report = dueReleases([scheduled, out, release('2027-01-02', undefined, true)], undefined, t('2027-03-01T00:00:00Z'));
    expect(report.due).toBe(true);
    expect(report.releases).toEqual([{ release: out, at: t('2027-01-01T05:00:00Z') }]);
    expect(report.next).toEqual({ at: t('2027-06-01T13:00:00Z'), releases: [scheduled] });
    // Even with nothing on the site: what the site shows is unknown, so build.
    expect(dueReleases([], undefined, t('2027-03-01T00:00:00Z'))).toEqual({ due: true, releases: [], next: undefined });
  });

  it('lists a release nothing holds back (no date, no publishAt: outside the schema) with no instant', () => {
    expect(dueReleases([{ draft: false }], undefined, t('2027-03-01T00:00:00Z')).releases).toEqual([{ release: { draft: false }, at: undefined }]);
    expect(dueReleases([{ draft: false }], t('2027-02-01T00:00:00Z'), t('2027-03-01T00:00:00Z')).releases).toEqual([]);
  });
});

describe('labels', () => {
  it('writes UTC without milliseconds when there are none, and Kingston time with its zone', () => {
    expect(utcLabel(t('2027-03-14T06:00:00Z'))).toBe('2027-03-14T06:00:00Z');
    expect(utcLabel(t('2027-03-14T06:00:00.250Z'))).toBe('2027-03-14T06:00:00.250Z');
    expect(kingstonLabel(t('2027-01-15T05:00:00Z'))).toBe('2027-01-15 00:00 EST');
    expect(kingstonLabel(t('2027-07-15T04:00:00Z'))).toBe('2027-07-15 00:00 EDT');
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties. Times run from 2026 to 2028, so every draw is near a release and crosses clock changes.

const FROM = Date.parse('2026-01-01T00:00:00Z');
const TO = Date.parse('2028-12-31T00:00:00Z');
const pad = (n: number) => String(n).padStart(2, '0');
/** A Kingston calendar day, often one the clocks change on. */
const day = fc.oneof(
  fc.constantFrom('2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07', '2028-03-12', '2028-11-05'),
  fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms).toISOString().slice(0, 10)),
);
/** A Kingston wall-clock time, often in the hour skipped or repeated. */
const wallClock = fc.tuple(day, fc.oneof(fc.constantFrom(1, 2, 3), fc.integer({ min: 0, max: 23 })), fc.integer({ min: 0, max: 59 })).map(([d, h, m]) => `${d}T${pad(h)}:${pad(m)}`);
const arbitraryRelease = fc
  .record({ date: day, publishAt: fc.option(wallClock, { nil: undefined }), draft: fc.boolean() })
  .map(({ date, publishAt, draft }) => release(date, publishAt, draft));

/** An instant near the given ones (exactly, a millisecond or an hour either side) or anywhere in range. */
const near = (instants: number[]) =>
  fc.oneof(
    fc.integer({ min: FROM, max: TO }),
    fc.tuple(fc.constantFrom(...instants.filter(Number.isFinite), FROM), fc.constantFrom(0, 1, -1, HOUR, -HOUR)).map(([x, d]) => x + d),
  );

describe('properties', () => {
  it('a release is due in (since, now] exactly when the build at `now` shows it and the build at `since` did not', () => {
    const scenario = fc.array(arbitraryRelease, { minLength: 1, maxLength: 6 }).chain((releases) => {
      const instants = releases.map(visibleFrom);
      return fc.tuple(fc.constant(releases), near(instants), near(instants)).filter(([, a, b]) => a !== b);
    });
    fc.assert(
      fc.property(scenario, ([releases, a, b]) => {
        const since = new Date(Math.min(a, b));
        const now = new Date(Math.max(a, b));
        const report = dueReleases(releases, since, now);
        const expected = releases.filter((r) => isPublished(r, now) && !isPublished(r, since));
        expect(new Set(report.releases.map(({ release: r }) => r))).toEqual(new Set(expected));
        expect(report.releases).toHaveLength(expected.length);
        expect(report.due).toBe(expected.length > 0);
        // Each instant is the release's own, inside the window.
        for (const { release: r, at } of report.releases) {
          expect(at!.getTime()).toBe(visibleFrom(r));
          expect(isPublished(r, at!) && !isPublished(r, new Date(at!.getTime() - 1))).toBe(true);
        }
        // Next: the earliest instant still to come, and every release that comes then.
        const later = releases.filter((r) => !isPublished(r, now) && Number.isFinite(visibleFrom(r)));
        const first = Math.min(...later.map(visibleFrom));
        expect(report.next?.at.getTime()).toBe(later.length === 0 ? undefined : first);
        expect(report.next?.releases ?? []).toEqual(later.filter((r) => visibleFrom(r) === first));
      }),
      { numRuns: 1000 },
    );
  });

  it('isPublished answers as it did before visibleFrom (the previous code, kept here) for every valid time', () => {
    // isPublished as it was written before this change (src/lib/dates/schedule.ts, issue 27).
    const before = (r: Schedulable, now: Date) => {
      if (r.draft) return false;
      const dayStart = r.date === undefined ? undefined : kingstonDayStart(r.date);
      if (dayStart && dayStart.getTime() > now.getTime()) return false;
      return r.publishAt === undefined || Date.parse(r.publishAt) <= now.getTime();
    };
    // Also releases outside the schema: no date, a date that is not a day, a publishAt that is not an instant.
    const loose: fc.Arbitrary<Schedulable> = fc.record({
      draft: fc.boolean(),
      date: fc.option(fc.oneof(day, fc.constantFrom('2027-02-30', 'soon')), { nil: undefined }),
      publishAt: fc.option(fc.oneof(wallClock.map((w) => kingstonInstant(w)!.toISOString()), fc.constant('not a time')), { nil: undefined }),
    });
    const scenario = fc.oneof(arbitraryRelease, loose).chain((r) => fc.tuple(fc.constant(r), near([visibleFrom(r)])));
    fc.assert(
      fc.property(scenario, ([r, now]) => {
        expect(isPublished(r, new Date(now))).toBe(before(r, new Date(now)));
      }),
      { numRuns: 2000 },
    );
  });
});
