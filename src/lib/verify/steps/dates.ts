/** Step 7, dates: validFrom has come and validUntil has not passed, at the moment given. */
import type { Check } from '../types.ts';
import { check } from './check.ts';

export function datesStep(vc: Record<string, unknown>, now: Date | undefined): Check {
  if (!now) return check('dates', 'skip', 'NOT_REQUESTED', 'Dates were not checked.');
  const from = String(vc.validFrom ?? vc.issuanceDate);
  const until = vc.validUntil ?? vc.expirationDate;
  if (Date.parse(from) > now.getTime()) return check('dates', 'fail', 'ERR_NOT_YET_VALID', `It is not valid until ${from.slice(0, 40)}.`);
  if (typeof until === 'string' && Date.parse(until) <= now.getTime()) return check('dates', 'fail', 'ERR_EXPIRED', `It expired on ${until.slice(0, 40)}.`);
  return check('dates', 'pass', 'OK', typeof until === 'string' ? `Valid from ${from.slice(0, 40)} until ${until.slice(0, 40)}.` : `Valid since ${from.slice(0, 40)}; it does not expire.`);
}
