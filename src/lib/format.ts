/**
 * Formatting shared by pages: dates as people in Kingston read them, and URL pieces.
 * Dates in content are calendar days (YYYY-MM-DD) with no time zone, so they are formatted in UTC
 * to come out as the same day everywhere.
 */

const LONG = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const WITH_WEEKDAY = new Intl.DateTimeFormat('en-CA', {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});

function asUtcDate(isoDay: string): Date {
  const date = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a YYYY-MM-DD date: ${isoDay}`);
  return date;
}

/** "January 25, 2022" (or "Friday, March 4, 2022" with `weekday`). */
export function formatDate(isoDay: string, options: { weekday?: boolean } = {}): string {
  return (options.weekday ? WITH_WEEKDAY : LONG).format(asUtcDate(isoDay));
}

/** "March 1 to 4, 2022", "February 28 to March 4, 2022" or "December 30, 2021 to January 2, 2022". */
export function formatDateRange(start: string, end: string): string {
  if (start === end) return formatDate(start);
  const a = asUtcDate(start);
  const b = asUtcDate(end);
  const month = (d: Date) => d.toLocaleString('en-CA', { month: 'long', timeZone: 'UTC' });
  if (a.getUTCFullYear() !== b.getUTCFullYear()) return `${formatDate(start)} to ${formatDate(end)}`;
  if (a.getUTCMonth() === b.getUTCMonth()) {
    return `${month(a)} ${a.getUTCDate()} to ${b.getUTCDate()}, ${b.getUTCFullYear()}`;
  }
  return `${month(a)} ${a.getUTCDate()} to ${month(b)} ${b.getUTCDate()}, ${b.getUTCFullYear()}`;
}

/** "18:30" -> "6:30 p.m.", the Canadian Press style the City uses. */
export function formatTime(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const suffix = h < 12 ? 'a.m.' : 'p.m.';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return m === 0 ? `${hour} ${suffix}` : `${hour}:${String(m).padStart(2, '0')} ${suffix}`;
}

/** Lower-case, hyphenated form of a label for URLs: "Media advisories" -> "media-advisories". */
export function slugify(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
