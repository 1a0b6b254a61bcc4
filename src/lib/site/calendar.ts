/**
 * A Challenge year's key dates as an iCalendar file (RFC 5545), for "Add to calendar": every milestone
 * that has a day. Built with ical-generator; the America/Toronto VTIMEZONE comes from
 * timezones-ical-library, so a calendar app shows Kingston times right on either side of a clock change.
 *
 * The file is byte-stable between builds of the same content: UIDs and DTSTAMP come from the data,
 * never from the clock (a calendar app re-importing it then updates events instead of duplicating them).
 */
import { ICalCalendar } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Edition, Milestone } from '../../schemas/edition.ts';

export const KINGSTON_TZ = 'America/Toronto';

/** The day after a YYYY-MM-DD day: an all-day event's DTEND is exclusive, content's endDate inclusive. */
function nextDay(isoDay: string): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** The VTIMEZONE block of a zone; timezones-ical-library returns [block, TZID line]. */
function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) ? (block[0] ?? null) : null;
}

export interface CalendarOptions {
  /** The site's name, which titles the calendar and starts each event's summary. */
  siteName: string;
  /** The year's page: each event links to it, and its host makes the UIDs globally unique. */
  pageUrl: URL;
}

/**
 * The UID of a milestone: its kind and its position among milestones of that kind, so it survives a
 * corrected date, label or time (the app then moves the event rather than adding a second one).
 */
function uids(edition: Pick<Edition, 'year' | 'timeline'>, host: string): string[] {
  const seen = new Map<Milestone['kind'], number>();
  return edition.timeline.map((m) => {
    const n = (seen.get(m.kind) ?? 0) + 1;
    seen.set(m.kind, n);
    return `mic-${edition.year}-${m.kind}-${n}@${host}`;
  });
}

/** The .ics text of an edition's dated milestones (milestones without a day are left out). */
export function editionCalendar(edition: Pick<Edition, 'year' | 'timeline'>, options: CalendarOptions): string {
  const calendar = new ICalCalendar({
    prodId: { company: options.siteName, product: 'Key dates', language: 'EN' },
    name: `${options.siteName} ${edition.year}: key dates`,
  });
  // name: null: the calendar itself has no zone, so DTSTAMP stays in UTC as RFC 5545 requires; the
  // generator still writes a VTIMEZONE for the zone each timed event names.
  calendar.timezone({ name: null, generator: vtimezone });
  // A fixed stamp per year: the content does not record when it was last revised, and the build's
  // clock would make every build a different file.
  const stamp = new Date(Date.UTC(edition.year, 0, 1));
  const ids = uids(edition, options.pageUrl.host);
  edition.timeline.forEach((m, index) => {
    if (!m.date) return;
    const common = {
      id: ids[index]!,
      stamp,
      summary: `${options.siteName} ${edition.year}: ${m.label}`,
      url: options.pageUrl.href,
      ...(m.description ? { description: m.description } : {}),
      ...(m.virtual ? { location: 'Online' } : m.location ? { location: m.location } : {}),
    };
    if (m.time) {
      // A wall-clock time with a TZID: ical-generator writes the digits given, in the zone named. (A
      // time in the hour skipped in March comes out an hour later, the moment the site means by it.)
      // With an endDate it starts at that time on `date` and runs to the end of `endDate` (as whenText
      // says it on the year page): DTEND is the midnight that ends that day, in Kingston, so a span
      // across a clock change still ends at local midnight.
      const end = m.endDate ? { end: `${nextDay(m.endDate)}T00:00:00` } : {};
      calendar.createEvent({ ...common, start: `${m.date}T${m.time}:00`, ...end, timezone: KINGSTON_TZ });
    } else {
      calendar.createEvent({ ...common, allDay: true, start: m.date, end: nextDay(m.endDate ?? m.date) });
    }
  });
  return calendar.toString();
}
