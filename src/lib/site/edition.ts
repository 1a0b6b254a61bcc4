/** Pure helpers that turn an edition's data into what the public reads first. */
import type { Edition, Milestone } from '../../schemas/edition.ts';
import { formatDate, formatTime } from '../dates/format.ts';

const STATUS_TEXT: Record<Edition['status'], (year: number) => string> = {
  upcoming: (year) => `The ${year} Challenge opens soon`,
  open: (year) => `The ${year} Challenge is open for entries`,
  judging: (year) => `Entries to the ${year} Challenge are being judged`,
  closed: (year) => `The ${year} Challenge has closed`,
};

/** One sentence on where the edition stands, e.g. "The 2022 Challenge has closed". */
export function statusText(edition: Pick<Edition, 'status' | 'year'>): string {
  return STATUS_TEXT[edition.status](edition.year);
}

/** The final event, if the timeline has one. */
export function finalEventOf(edition: Pick<Edition, 'timeline'>): Milestone | undefined {
  return edition.timeline.find((m) => m.kind === 'final-event');
}

/** Whether a micro-credential can be earned now, from the editions that offer it, in a reader's words. */
export interface Earnability {
  /** True while an edition that offers it is open for entries or about to open. */
  now: boolean;
  /** One or two sentences for the page, e.g. "The last intake was the 2022 Challenge. The next…". */
  text: string;
  /** The edition the text is about, if any. */
  year?: number;
}

export function earnability(
  achievement: { slug: string; active: boolean },
  editions: readonly Pick<Edition, 'year' | 'status' | 'achievement' | 'timeline'>[],
): Earnability {
  if (!achievement.active) return { now: false, text: 'No longer awarded. Credentials already issued remain valid.' };
  const offering = editions.filter((e) => e.achievement === achievement.slug).sort((a, b) => b.year - a.year);
  const open = offering.find((e) => e.status === 'open');
  if (open) {
    const deadline = open.timeline.find((m) => m.kind === 'registration-deadline' && m.date);
    return { now: true, year: open.year, text: `Offered with the ${open.year} Challenge${deadline?.date ? `; sign up by ${formatDate(deadline.date)}` : ''}.` };
  }
  const upcoming = offering.find((e) => e.status === 'upcoming');
  if (upcoming) return { now: true, year: upcoming.year, text: `The next intake is the ${upcoming.year} Challenge, which opens soon; its dates are on the Challenge page.` };
  const last = offering[0];
  if (!last) return { now: false, text: 'No Challenge year offers it yet. New intakes are announced in the news.' };
  return {
    now: false,
    year: last.year,
    text: `The last intake was the ${last.year} Challenge${last.status === 'judging' ? ', whose entries are being judged' : ''}. The next intake will be announced in the news.`,
  };
}


/** The first milestone of a kind (the sign-up deadline, the video deadline…), if the timeline has one. */
export function milestoneOf(edition: Pick<Edition, 'timeline'>, kind: Milestone['kind']): Milestone | undefined {
  return edition.timeline.find((m) => m.kind === kind);
}

/**
 * When a milestone happens, in words: "Friday, March 4, 2022, 6 p.m. (Kingston time)", "March 1, 2022
 * to March 3, 2022", or its date note. Undefined when it has neither a date nor a note. A time with an
 * endDate means it starts at that time on the first day and runs to the end of the last (the calendar
 * file says the same: src/lib/site/calendar.ts).
 */
export function whenText(m: Milestone): string | undefined {
  if (!m.date) return m.dateNote;
  if (m.time) {
    const start = `${formatDate(m.date, { weekday: true })}, ${formatTime(m.time)} (Kingston time)`;
    if (m.endDate === m.date) return `${start} to the end of the day`;
    return m.endDate ? `${start} to the end of ${formatDate(m.endDate, { weekday: true })}` : start;
  }
  if (m.endDate) return `${formatDate(m.date)} to ${formatDate(m.endDate)}`;
  return formatDate(m.date, { weekday: true });
}

/** Whether the year's calendar file would hold anything: only milestones with a day go in it. */
export function hasDatedMilestones(edition: Pick<Edition, 'timeline'>): boolean {
  return edition.timeline.some((m) => m.date !== undefined);
}

/** The address of a year's calendar file (src/pages/challenge/[year]/calendar.ics.ts). */
export function calendarHref(year: number): string {
  return `/challenge/${year}/calendar.ics`;
}

/**
 * The edition a micro-credential's how-to-earn page takes its dates and registration link from: the one
 * earnability() speaks about (open, else upcoming, else the last), so the two pages never disagree.
 */
export function editionForEarning<E extends Pick<Edition, 'year'>>(earn: Earnability, editions: readonly E[]): E | undefined {
  return earn.year === undefined ? undefined : editions.find((e) => e.year === earn.year);
}
