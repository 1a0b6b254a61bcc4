/**
 * Kingston time (America/Toronto, daylight saving included) and the build's clock. Every date and
 * time an editor writes is Kingston's: a release's `publishAt` is a Kingston wall-clock time, its
 * `date` a Kingston calendar day, and SITE_BUILD_TIME without a zone is read in Kingston too.
 *
 * A release is left out of every page, list, feed, search index and sitemap until a build at or
 * after both its `publishAt` (if any) and the start (00:00 Kingston) of its publication date, so a
 * page never shows a release dated in the future. The deploy workflow rebuilds every hour so it
 * appears on time, once schedule-due.ts (npm run releases:due) says one has come due since the last
 * deploy. The build's clock is now, or SITE_BUILD_TIME to build the site as of another moment (tests,
 * previews).
 *
 * Clock changes: a wall-clock time that does not exist (the hour skipped when clocks go forward,
 * e.g. 02:30 on 8 March 2026) is moved forward by the hour skipped (03:30 EDT); a time that happens
 * twice (the hour repeated when clocks go back, e.g. 01:30 on 1 November 2026) is the first of the
 * two (01:30 EDT). This is what Temporal and java.time call "compatible"; it never schedules
 * anything earlier than the editor's clock would show it.
 */
export const KINGSTON_TIME_ZONE = 'America/Toronto';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: KINGSTON_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Kingston's calendar fields at an instant, as two-digit strings (year four). */
function fieldsAt(instant: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

/** Kingston's offset from UTC at an instant, in milliseconds (-5 h in winter, -4 h in summer). */
function offsetAt(instant: number): number {
  const p = fieldsAt(instant);
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - Math.floor(instant / 1000) * 1000;
}

const DAY = 24 * 60 * 60 * 1000;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant of a Kingston wall-clock time "YYYY-MM-DDTHH:MM" (seconds ":SS" allowed), or
 * undefined when it is not one. Skipped and repeated times as the module comment says.
 */
export function kingstonInstant(local: string): Date | undefined {
  const match = WALL_CLOCK.exec(local);
  if (!match) return undefined;
  const [y, mo, d, h, mi, s = 0] = match.slice(1).map((x) => (x === undefined ? 0 : Number(x))) as [number, number, number, number, number, number];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  // The wall-clock fields read as if they were UTC; the real instant is that minus Kingston's offset.
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const probe = new Date(wall);
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  // Kingston changes its clock at most twice a year, so the offsets a day either side are the only
  // candidates. An offset fits when the instant it gives really shows this wall-clock time.
  const before = offsetAt(wall - DAY);
  const after = offsetAt(wall + DAY);
  const fitting = [before, after].map((offset) => wall - offset).filter((instant) => wall - offsetAt(instant) === instant);
  // Both fit in the repeated hour: the earlier. None fits in the skipped hour: read it with the
  // offset in force before the change, which lands the same distance after the change.
  return new Date(fitting.length > 0 ? Math.min(...fitting) : wall - before);
}

/** The calendar day in Kingston at an instant, YYYY-MM-DD: "today" for an award or a revocation made now. */
export function kingstonDay(instant: Date = new Date()): string {
  const p = fieldsAt(instant.getTime());
  return `${p.year}-${p.month}-${p.day}`;
}

/** The Kingston wall-clock time at an instant, YYYY-MM-DDTHH:MM: "now" for a "Publish at" picker. */
export function kingstonWallClock(instant: Date = new Date()): string {
  const p = fieldsAt(instant.getTime());
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The first instant of a Kingston calendar day (00:00; Kingston never changes its clock at midnight). */
export function kingstonDayStart(day: string): Date | undefined {
  return kingstonInstant(`${day}T00:00`);
}

const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const UNZONED_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The instant an ISO date-time with a zone (Z or ±hh:mm) names, when it is a real date (V8's parser
 * rolls 30 February over to March); undefined otherwise, and for a time without a zone.
 */
export function zonedInstant(value: string): Date | undefined {
  if (!ZONED.test(value)) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  // The written day and time must exist: read them back in the zone written.
  const zone = /(?:Z|([+-])(\d{2}):(\d{2}))$/i.exec(value)!;
  const offset = zone[1] ? (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3])) * 60_000 : 0;
  const local = new Date(time + offset).toISOString();
  return local.slice(0, 16) === value.slice(0, 16).toUpperCase() ? new Date(time) : undefined;
}

/**
 * The build's clock: SITE_BUILD_TIME when set, else now. With a zone (Z or ±hh:mm) it is that
 * instant; without one (YYYY-MM-DDTHH:MM, seconds allowed, or a bare YYYY-MM-DD for 00:00) it is
 * Kingston time, like every other time an editor writes.
 */
export function buildTime(env: Record<string, string | undefined> = process.env): Date {
  const value = env.SITE_BUILD_TIME?.trim();
  if (!value) return new Date();
  const time = zonedInstant(value) ?? (UNZONED_DAY.test(value) ? kingstonDayStart(value) : kingstonInstant(value));
  if (!time) {
    throw new Error(`SITE_BUILD_TIME "${value}" is not a date-time; write it in Kingston time as e.g. 2026-12-01T09:00, or with a zone as e.g. 2026-12-01T14:00:00Z, or leave it unset to build as of now.`);
  }
  return time;
}

/** What isPublished reads of a release: its data as the schema returns it (src/schemas/release.ts). */
export interface Schedulable {
  draft: boolean;
  /** The publication date, a Kingston calendar day YYYY-MM-DD. */
  date?: string | undefined;
  /** The scheduled instant, as the schema returns it (UTC ISO). */
  publishAt?: string | undefined;
}

/**
 * The first instant a release is on the site, in milliseconds since 1970: the later of its scheduled
 * time (`publishAt`) and the start (00:00 Kingston) of its publication date. -Infinity when neither
 * holds it back; +Infinity when it is never on the site (a draft, or a `publishAt` that is not an
 * instant). This is THE rule: isPublished and the hourly due check (schedule-due.ts) both read it, so
 * what the build shows and what the schedule rebuilds for can never disagree.
 */
export function visibleFrom(release: Schedulable): number {
  if (release.draft) return Infinity;
  // A `date` that is not a calendar day holds nothing back (the schema never lets one through).
  const dayStart = release.date === undefined ? -Infinity : (kingstonDayStart(release.date)?.getTime() ?? -Infinity);
  if (release.publishAt === undefined) return dayStart;
  const at = Date.parse(release.publishAt);
  return Number.isNaN(at) ? Infinity : Math.max(dayStart, at);
}

/**
 * True when a release is on the site at `now`: not a draft, its publication date has begun in
 * Kingston, and its scheduled time (if any) has come. A future date alone schedules the release
 * for 00:00 Kingston time that day, so no page shows a release dated in the future.
 */
export function isPublished(release: Schedulable, now: Date): boolean {
  return visibleFrom(release) <= now.getTime();
}
