/**
 * Where a credential carries endorsements (OB 3.0: the Achievement's `endorsement` list). In the
 * main chunk, so only a credential that has some loads the endorsement step and its Data Integrity
 * code (steps/endorsement.ts).
 */
import { asArray, isRecord } from './json.ts';

/** The endorsements embedded in a credential's Achievement, as written (unchecked). */
export function embeddedEndorsements(vc: Record<string, unknown>): unknown[] {
  const subject = vc.credentialSubject;
  const achievement = isRecord(subject) ? subject.achievement : undefined;
  return isRecord(achievement) ? asArray(achievement.endorsement) : [];
}

/** The id of the Achievement a credential is of: what its endorsements must endorse. */
export function achievementIdOf(vc: Record<string, unknown>): string | undefined {
  const subject = vc.credentialSubject;
  const achievement = isRecord(subject) ? subject.achievement : undefined;
  return isRecord(achievement) && typeof achievement.id === 'string' ? achievement.id : undefined;
}
