/** Step 6, shape: the credential has every field an Open Badges 3.0 credential needs. */
import { isDateTimeStamp } from '../dates.ts';
import { asArray, isRecord } from '../json.ts';
import type { Check } from '../types.ts';
import { check } from './check.ts';

/** Problems with the OB 3.0 shape, one sentence each; empty when the shape is right. */
export function shapeProblems(vc: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const context = asArray(vc['@context']);
  if (context[0] !== 'https://www.w3.org/ns/credentials/v2' && context[0] !== 'https://www.w3.org/2018/credentials/v1') {
    problems.push('@context is not the W3C credentials context.');
  }
  if (!context.some((c) => typeof c === 'string' && /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$/.test(c))) {
    problems.push('@context lacks the Open Badges 3.0 context.');
  }
  const types = asArray(vc.type);
  if (!types.includes('VerifiableCredential') || !(types.includes('OpenBadgeCredential') || types.includes('AchievementCredential'))) {
    problems.push('type is not OpenBadgeCredential.');
  }
  if (typeof vc.id !== 'string') problems.push('It has no id.');
  const issuer = vc.issuer;
  if (!(typeof issuer === 'string' || (isRecord(issuer) && typeof issuer.id === 'string'))) problems.push('The issuer has no id.');
  const subject = vc.credentialSubject;
  if (!isRecord(subject)) {
    problems.push('It has no credentialSubject.');
  } else {
    if (typeof subject.id !== 'string' && asArray(subject.identifier).length === 0) {
      problems.push('credentialSubject has no id or identifier.');
    }
    const achievement = subject.achievement;
    if (!isRecord(achievement) || typeof achievement.id !== 'string' || typeof achievement.name !== 'string') {
      problems.push('The achievement is missing or incomplete.');
    }
  }
  // Dates are dates (XML Schema dateTimeStamp): a value that is not one is never read as "no date".
  // VC 2.0 names validFrom and validUntil; the VC 1.1 form some JWTs carry names issuanceDate and expirationDate.
  const from = 'validFrom' in vc ? 'validFrom' : 'issuanceDate';
  if (!isDateTimeStamp(vc[from])) problems.push(`${from} is not a date and time with its time zone.`);
  for (const field of ['validUntil', 'expirationDate', 'awardedDate']) {
    if (field in vc && !isDateTimeStamp(vc[field])) problems.push(`${field} is not a date and time with its time zone.`);
  }
  return problems;
}

export function shapeStep(vc: Record<string, unknown>): Check {
  const problems = shapeProblems(vc);
  return problems.length > 0 ? check('shape', 'fail', 'ERR_SHAPE', problems.join(' ')) : check('shape', 'pass', 'OK', 'It is a complete Open Badges 3.0 credential.');
}
