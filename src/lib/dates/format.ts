/**
 * Formatting shared by pages: dates as people in Kingston read them, and URL pieces.
 * Dates in content are calendar days (YYYY-MM-DD) with no time zone, so they are formatted in UTC
 * to come out as the same day everywhere.
 */
import { longDate } from './long-date.ts';
import { kingstonInstant } from './schedule.ts';

const WITH_WEEKDAY = new Intl.DateTimeFormat('en-CA', {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});

function asUtcDate(isoDay: string): Date {
  const date = new Date(`${isoDay}T00:00:00Z`);
  // Date quietly rolls 2022-02-30 over to March 2; a day that does not round-trip is not a day.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== isoDay) {
    throw new RangeError(`Not a YYYY-MM-DD date: ${isoDay}`);
  }
  return date;
}

/** "January 25, 2022" (or "Friday, March 4, 2022" with `weekday`). */
export function formatDate(isoDay: string, options: { weekday?: boolean } = {}): string {
  const date = asUtcDate(isoDay);
  return options.weekday ? WITH_WEEKDAY.format(date) : longDate(date);
}

/** "18:30" -> "6:30 p.m.", "12:00" -> "noon": Canadian Press style. */
export function formatTime(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  if (m === 0 && h === 12) return 'noon';
  if (m === 0 && h === 0) return 'midnight';
  const suffix = h < 12 ? 'a.m.' : 'p.m.';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return m === 0 ? `${hour} ${suffix}` : `${hour}:${String(m).padStart(2, '0')} ${suffix}`;
}

/**
 * The UTC offset in Kingston (America/Toronto) at a local day and time: "-05:00" in winter, "-04:00" in
 * summer, and on the days the clocks change the offset of that very time, read as src/lib/dates/schedule.ts
 * reads wall-clock times (the skipped hour on the old offset, the repeated hour the first).
 */
export function kingstonOffset(isoDay: string, time = '12:00'): string {
  const instant = kingstonInstant(`${isoDay}T${time}`);
  if (!instant) return '+00:00';
  const minutes = Math.round((Date.parse(`${isoDay}T${time}:00Z`) - instant.getTime()) / 60_000);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A local Kingston day and time as an ISO 8601 timestamp with its offset, for datetime attributes and JSON-LD. */
export function kingstonDateTime(isoDay: string, time: string): string {
  return `${isoDay}T${time}:00${kingstonOffset(isoDay, time)}`;
}

export { slugify } from '../../schemas/shared.ts';
