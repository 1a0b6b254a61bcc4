/**
 * Scheduled releases: Kingston wall-clock times (America/Toronto, daylight saving included) turned
 * into instants, and the build's clock. A release whose `publishAt` is after the build's clock is
 * left out of every page, list, feed, search index and sitemap until a build at or after that
 * time: the deploy workflow rebuilds every hour so it appears on time. The build's clock is now, or
 * SITE_BUILD_TIME (an ISO date-time) to build the site as of another moment (tests, previews).
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

/** Kingston's offset from UTC at an instant, in milliseconds (-5 h in winter, -4 h in summer). */
function offsetAt(instant: number): number {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - Math.floor(instant / 1000) * 1000;
}

/** The instant of a Kingston wall-clock time "YYYY-MM-DDTHH:MM", or undefined when it is not one. */
export function kingstonInstant(local: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return undefined;
  const [y, mo, d, h, mi] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const probe = new Date(wall);
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
  // The offset at the guess, then again at the result (they differ only around a clock change).
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant);
  return new Date(instant);
}

/** The calendar day in Kingston at an instant, YYYY-MM-DD: "today" for an award or a revocation made now. */
export function kingstonDay(instant: Date = new Date()): string {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** The build's clock: SITE_BUILD_TIME when set (an ISO date-time), else now. */
export function buildTime(env: Record<string, string | undefined> = process.env): Date {
  const value = env.SITE_BUILD_TIME?.trim();
  if (!value) return new Date();
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new Error(`SITE_BUILD_TIME "${value}" is not a date-time; write it as e.g. 2026-12-01T09:00:00-05:00, or leave it unset to build as of now.`);
  return new Date(time);
}

/** True when a release is on the site at `now`: not a draft, and its scheduled time (if any) has come. */
export function isPublished(release: { draft: boolean; publishAt?: string | undefined }, now: Date): boolean {
  return !release.draft && (release.publishAt === undefined || Date.parse(release.publishAt) <= now.getTime());
}
