/**
 * "January 25, 2022": the long date as en-CA writes it, of the UTC day of a time. Written out rather
 * than through Intl.DateTimeFormat, whose first use in a page costs 30 to 40 ms of the main thread
 * here (ICU loading), which the verify page would otherwise spend before its verdict. Held to Intl's
 * output by tests/unit/format-and-paging.test.ts.
 */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The long date of `time` (milliseconds since 1970, or a Date), in UTC; '' for an invalid time. */
export function longDate(time: number | Date): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return '';
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}
