/**
 * A revocation written into an award file: `revoked: true`, the reason (always a double-quoted YAML
 * string, so a colon, a "#" or a leading dash in it stays text) and the day. The file is edited as a
 * YAML document, not as lines, so its comments and field order stay, and the result is read back by
 * the build's own file check before it is returned: what `npm run awards:revoke` writes always builds.
 * A credential is revoked once: a second revocation is refused, naming the first.
 */
import { parseDocument, Scalar } from 'yaml';
import { checkFile } from '../content/check-file.ts';
import { awardSchema } from '../../schemas/award.ts';

export class RevokeError extends Error {}

/**
 * Why a reason cannot be recorded, or undefined. Reasons stay in the repository and its history for
 * good: never an email address (the file keeps the earner's address only as a hash), never empty once
 * invisible characters are set aside.
 */
export function reasonProblem(reason: string): string | undefined {
  if (!reason.replace(/[\s\p{Cf}]/gu, '')) return 'the reason is empty';
  if (/[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/.test(reason)) return 'the reason holds an email address; it is kept in the repository for good, so write it without one (a ticket number, say)';
  return undefined;
}

export function revokeAwardText(file: string, text: string, reason: string, day: string): string {
  const before = checkFile(file, text, 'data', awardSchema);
  if (!before.data) {
    throw new RevokeError(`${file} has problems of its own, so it was not changed:\n${before.problems.map((p) => `  ${p.field ? `${p.field}: ` : ''}${p.message}`).join('\n')}\nFix them first (npm run build names them too).`);
  }
  const award = before.data;
  if (award.revoked) {
    throw new RevokeError(`${file} was already revoked on ${award.revokedDate} ("${award.revokedReason}"). A credential is revoked once, for good; nothing was changed.`);
  }
  const why = reason.trim();
  const problem = reasonProblem(why);
  if (problem) throw new RevokeError(`--reason: ${problem}. Say why the credential is revoked (kept in the award file, never published).`);
  if (day < award.awardedDate) throw new RevokeError(`The revocation date ${day} is before the award date ${award.awardedDate}.`);

  const doc = parseDocument(text);
  doc.set('revoked', true);
  const quoted = new Scalar(why);
  quoted.type = Scalar.QUOTE_DOUBLE;
  doc.set('revokedReason', quoted);
  doc.set('revokedDate', day);
  const after = doc.toString({ lineWidth: 0 });
  const check = checkFile(file, after, 'data', awardSchema);
  if (!check.data?.revoked || check.data.revokedReason !== why || check.data.revokedDate !== day) {
    throw new RevokeError(`The revocation of ${file} did not read back as written, so nothing was changed: ${check.problems.map((p) => p.message).join(' ') || 'the fields differ'}. Tell the developers.`);
  }
  return after;
}
