/**
 * Dates as credentials must write them: an XML Schema dateTimeStamp (VC Data Model 2.0 §4.9 for
 * validFrom and validUntil; Open Badges 3.0 for awardedDate), that is a dateTime with its time zone,
 * such as 2022-03-04T00:00:00Z. Anything else is not a date, whatever Date.parse would make of it.
 */

// Year (four digits, as Date.parse reads them), month, day, time, fraction, zone (Z or ±hh:mm up to 14:00).
const DATE_TIME_STAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/** True when `value` is a dateTimeStamp naming a real moment (no 31 April, no 25:00, no +15:00 zone). */
export function isDateTimeStamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_TIME_STAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days || minute > 59 || second > 59) return false;
  // 24:00:00 is the end of the day in XML Schema; nothing else past 23.
  if (hour > 24 || (hour === 24 && (minute !== 0 || second !== 0 || /\.\d*[1-9]/.test(value)))) return false;
  if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59 || (Number(m[8]) === 14 && Number(m[9]) !== 0))) return false;
  return !Number.isNaN(Date.parse(value));
}
