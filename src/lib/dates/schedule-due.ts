/**
 * Whether a scheduled release has come due: the question the deploy workflow's hourly schedule asks
 * before it spends a build (`npm run releases:due`, scripts/due-releases.ts). The site only changes on
 * the hour when a release's time has come since the last deploy, so most hours need no build.
 *
 * Pure (no Node imports), and built on schedule.ts `visibleFrom`, the rule `isPublished` applies, so a
 * release is due in (since, now] exactly when the build at `now` shows it and the build at `since` did
 * not: the two can never disagree (tests/unit/due-releases.test.ts checks that as a property).
 */
import { KINGSTON_TIME_ZONE, visibleFrom, type Schedulable } from './schedule.ts';

/** A release with the first instant it is on the site. */
export interface TimedRelease<R> {
  release: R;
  /**
   * The later of its `publishAt` and 00:00 Kingston on its `date`. Undefined only when neither holds
   * it back (no `date` and no `publishAt`: the release schema requires a date, so never for a file).
   */
  at: Date | undefined;
}

export interface DueReport<R> {
  /**
   * True when the site as of `now` differs from the site as of `since` in its releases: at least one
   * became visible in (since, now]. Always true when `since` is undefined (no deploy on record: what
   * the site shows is unknown, so build rather than guess).
   */
  due: boolean;
  /**
   * With `since`: the releases that became visible in (since, now], i.e. whose instant is after
   * `since` and at or before `now`. Without it: every release on the site at `now`. Drafts never.
   * In order of their instants (ties in the order given).
   */
  releases: TimedRelease<R>[];
  /** The first instant after `now` at which a release goes on the site, and every release it brings; undefined when none is scheduled. */
  next: { at: Date; releases: R[] } | undefined;
}

/**
 * What became visible between the last deploy's clock (`since`) and `now`, and what comes next.
 * A window with `since` at or after `now` is empty. A release taken off the site again (made a
 * draft, or rescheduled later) is not "due": that change arrives with its own commit, which deploys.
 */
export function dueReleases<R extends Schedulable>(releases: readonly R[], since: Date | undefined, now: Date): DueReport<R> {
  const end = now.getTime();
  const start = since === undefined ? -Infinity : since.getTime();
  if (Number.isNaN(end) || Number.isNaN(start)) throw new Error('dueReleases: `since` and `now` must be valid dates.');
  const timed = releases.map((release) => ({ release, from: visibleFrom(release) }));
  // `from` is +Infinity for a draft, so `from <= end` leaves drafts out; -Infinity (nothing holds it
  // back) is never after a real `since`, and is on the site when there is no `since`.
  const inWindow = timed
    .filter(({ from }) => (since === undefined || from > start) && from <= end)
    .map((entry, index) => ({ ...entry, index }))
    .sort((a, b) => a.from - b.from || a.index - b.index)
    .map(({ release, from }) => ({ release, at: Number.isFinite(from) ? new Date(from) : undefined }));
  const upcoming = timed.filter(({ from }) => from > end && Number.isFinite(from));
  const first = Math.min(...upcoming.map(({ from }) => from));
  return {
    due: since === undefined || inWindow.length > 0,
    releases: inWindow,
    next: upcoming.length === 0 ? undefined : { at: new Date(first), releases: upcoming.filter(({ from }) => from === first).map(({ release }) => release) },
  };
}

const label = new Intl.DateTimeFormat('en-CA', {
  timeZone: KINGSTON_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/**
 * An instant as Kingston's clock shows it, with the zone in force: "2027-03-14 03:30 EDT". The zone's
 * name tells the two 01:30s of a November night apart (EDT, then EST).
 */
export function kingstonLabel(instant: Date): string {
  const p = Object.fromEntries(label.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** An instant in UTC as an ISO string, without milliseconds when it has none: "2027-03-14T06:00:00Z". */
export function utcLabel(instant: Date): string {
  return instant.toISOString().replace(/\.000Z$/, 'Z');
}
