/**
 * Plain-language wording of verification results for employers (an HR reader): what the verdict
 * means and what each step checked. Shared by the verify page, the offline file, the credential
 * pages and the CLI, so they all say the same.
 */
import type { CheckId, VerificationResult, Verdict } from './types.ts';

export const VERDICT_TEXT: Record<Verdict, { title: string; meaning: string }> = {
  valid: { title: 'Genuine and current', meaning: 'This credential was issued by this site’s issuer, has not been changed, and still stands.' },
  invalid: { title: 'Not genuine', meaning: 'Do not rely on it: it has been altered, or it is not a correctly issued credential.' },
  revoked: { title: 'Revoked', meaning: 'It was issued here, but the issuer has withdrawn it. It no longer stands.' },
  suspended: { title: 'Suspended', meaning: 'It was issued here, but the issuer has suspended it for now.' },
  expired: { title: 'Expired', meaning: 'It was issued here, but its validity period has ended.' },
  'not-yet-valid': { title: 'Not yet valid', meaning: 'It was issued here, but its validity period has not started.' },
  'unknown-issuer': {
    title: 'Issuer not established',
    meaning: 'It was not signed with one of this site’s keys, so this site cannot vouch for who issued it.',
  },
  'recipient-mismatch': {
    title: 'Genuine, but not issued to this email',
    meaning: 'It is genuine, but it was not issued to the email address you entered. Ask the candidate which address they used.',
  },
  'status-unknown': {
    title: 'Signature genuine, but revocation could not be checked',
    meaning: 'It was issued here and has not been changed, but whether it has since been revoked or suspended is not known. Check again online, or ask the issuer.',
  },
  'not-found': {
    title: 'Not issued here',
    meaning: 'This site has no credential with this id: it was never issued here. Check the link or id with the candidate; a copied link may be cut short.',
  },
  error: { title: 'Could not be read', meaning: 'Nothing was verified: check that you gave the whole credential or the right file.' },
};

/** Why revocation could not be checked, in a few words, by the status step's code. */
const STATUS_UNKNOWN_BECAUSE: Record<string, string> = {
  WARN_STATUS_OFFLINE: 'offline',
  WARN_STATUS_UNAVAILABLE: 'the list could not be reached',
  WARN_STATUS_STALE: 'the list is out of date',
  WARN_STATUS_UNVERIFIED: 'the list is not signed by this issuer',
  WARN_STATUS_MALFORMED: 'the list is damaged',
  WARN_STATUS_UNSUPPORTED: 'an unknown status method',
};

/** The headline and its explanation for a result: the verdict's, made precise where the log says more. */
export function headline(result: Pick<VerificationResult, 'verdict' | 'checks'>): { title: string; meaning: string } {
  const text = VERDICT_TEXT[result.verdict];
  if (result.verdict === 'status-unknown') {
    const because = STATUS_UNKNOWN_BECAUSE[result.checks.find((c) => c.id === 'status')?.code ?? ''];
    return because ? { title: `${text.title} (${because})`, meaning: text.meaning } : text;
  }
  return text;
}

export const CHECK_NAMES: Record<CheckId, string> = {
  input: 'Credential read',
  header: 'Signature method',
  key: 'Issuer’s key',
  signature: 'Signature',
  claims: 'Consistency',
  shape: 'Open Badges 3.0 format',
  dates: 'Validity dates',
  status: 'Revocation',
  recipient: 'Recipient',
  endorsement: 'Partner endorsements',
};

export const STATUS_WORDS = { pass: 'Passed', fail: 'Failed', warn: 'Warning', skip: 'Not checked' } as const;

/**
 * The recipient's name as the issuer signed it in, or '': an OB 3.0 IdentityObject of identityType
 * "name" that is not hashed (this site adds one only with the earner's consent). Trust it only as far
 * as the verdict trusts the credential.
 */
export function signedName(credential: Record<string, unknown>): string {
  const ids = (credential.credentialSubject as { identifier?: { identityType?: unknown; hashed?: unknown; identityHash?: unknown }[] } | undefined)?.identifier;
  const name = Array.isArray(ids) ? ids.find((i) => i?.identityType === 'name' && i.hashed === false)?.identityHash : undefined;
  return typeof name === 'string' ? name.slice(0, 200) : '';
}
