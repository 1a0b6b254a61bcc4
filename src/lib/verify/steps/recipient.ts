/**
 * Step 9, recipient: the email address the candidate gave matches one of the credential's hashed
 * email identifiers (it is normalised as the import tool and the CMS did, hashed here, never sent).
 */
import { emailForms } from '../../../schemas/email.ts';
import { sha256Hex } from '../bytes.ts';
import { asArray, isRecord } from '../json.ts';
import type { Check } from '../types.ts';
import { check } from './check.ts';

export async function recipientStep(vc: Record<string, unknown>, email: string | undefined): Promise<Check> {
  if (email === undefined || !email.trim()) return check('recipient', 'skip', 'NOT_REQUESTED', 'No email address was given to compare.');
  // (verify.ts loads this module only when an address is given, and says the same itself otherwise.)
  const forms = emailForms(email);
  const subject = isRecord(vc.credentialSubject) ? vc.credentialSubject : {};
  let match = false;
  for (const identity of asArray(subject.identifier).slice(0, 20)) {
    if (!isRecord(identity) || identity.identityType !== 'emailAddress' || typeof identity.identityHash !== 'string') continue;
    const expected = identity.identityHash.toLowerCase();
    const salt = typeof identity.salt === 'string' ? identity.salt : '';
    for (const form of forms) {
      if (identity.hashed === false ? emailForms(expected).includes(form) : expected === `sha256$${await sha256Hex(form + salt)}`) match = true;
    }
  }
  return match
    ? check('recipient', 'pass', 'OK', 'It was issued to the email address you entered.')
    : check('recipient', 'fail', 'ERR_RECIPIENT_MISMATCH', 'It was not issued to the email address you entered.');
}
