/** Step 7, dates: validFrom has come and validUntil has not passed, at the moment given. */
import type { Check } from '../types.ts';
import { check } from './check.ts';

export function datesStep(vc: Record<string, unknown>, now: Date | undefined): Check {
  if (!now) return check('dates', 'skip', 'NOT_REQUESTED', 'Dates not checked.');
  // The shape step has held each of these to a dateTimeStamp; the same fields are read here.
  const from = String('validFrom' in vc ? vc.validFrom : vc.issuanceDate);
  const until = 'validUntil' in vc ? vc.validUntil : vc.expirationDate;
  // Judged on the whole text, shown trimmed (a date is never longer; the text is the credential's, not ours).
  const [start, end] = [from.slice(0, 40), typeof until === 'string' ? until.slice(0, 40) : undefined];
  if (Date.parse(from) > now.getTime()) return check('dates', 'fail', 'ERR_NOT_YET_VALID', `It is not valid until ${start}.`);
  if (typeof until === 'string' && Date.parse(until) <= now.getTime()) return check('dates', 'fail', 'ERR_EXPIRED', `It expired on ${end}.`);
  return check('dates', 'pass', 'OK', end !== undefined ? `Valid from ${start} until ${end}.` : `Valid since ${start}; it does not expire.`);
}
