/** Step 6, shape: the credential has every field an Open Badges 3.0 credential needs. */
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
  if (typeof (vc.validFrom ?? vc.issuanceDate) !== 'string' || Number.isNaN(Date.parse(String(vc.validFrom ?? vc.issuanceDate)))) {
    problems.push('validFrom is not a date.');
  }
  return problems;
}

export function shapeStep(vc: Record<string, unknown>): Check {
  const problems = shapeProblems(vc);
  return problems.length > 0 ? check('shape', 'fail', 'ERR_SHAPE', problems.join(' ')) : check('shape', 'pass', 'OK', 'It is a complete Open Badges 3.0 credential.');
}
