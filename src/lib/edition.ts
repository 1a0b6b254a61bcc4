/** Pure helpers that turn an edition's data into what the public reads first. */
import type { Edition, Milestone } from '../schemas/edition.ts';

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
