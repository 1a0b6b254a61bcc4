/**
 * The verdict, computed in one place from the step log. Each code a step can report calls for a
 * verdict (or none); the headline is the one of highest precedence among them (VERDICTS, in
 * types.ts), so a result is never better than its weakest link:
 *
 *   error > invalid > unknown-issuer > revoked > suspended > expired > not-yet-valid
 *         > recipient-mismatch > status-unknown > valid
 *
 * A revoked credential whose email does not match is "revoked"; a genuine one whose revocation
 * could not be checked is "status-unknown", never "valid". Used by the verify page, the offline
 * file, the CLI (whose exit code follows it: EXIT_CODES) and the credential pages' self-check.
 */
import { VERDICTS, type Check, type CheckCode, type Verdict } from './types.ts';

/** The verdict each code calls for; codes not listed call for none (they are passes or skips). */
const CALLS_FOR: Partial<Record<CheckCode, Verdict>> = {
  ERR_INPUT_EMPTY: 'error',
  ERR_INPUT_TOO_LARGE: 'error',
  ERR_INPUT_TOO_DEEP: 'error',
  ERR_INPUT_BAD_JSON: 'error',
  ERR_INPUT_UNRECOGNISED: 'error',
  ERR_INPUT_NO_CREDENTIAL: 'error',
  ERR_INPUT_BAD_PNG: 'error',
  ERR_INPUT_OB2: 'error',
  ERR_INPUT_FOREIGN_URL: 'error',
  ERR_INPUT_FETCH: 'error',
  ERR_INTERNAL: 'error',
  ERR_JSON_DIFFERS: 'invalid',
  ERR_UNSIGNED_JSON: 'invalid',
  ERR_PROOF_UNSUPPORTED: 'invalid',
  ERR_JWS_NOT_CANONICAL: 'invalid',
  ERR_HEADER_UNREADABLE: 'invalid',
  ERR_ALG_NOT_ALLOWED: 'invalid',
  ERR_HEADER_MEMBERS: 'invalid',
  ERR_HEADER_PRIVATE_KEY: 'invalid',
  ERR_KEY_INVALID: 'invalid',
  ERR_KEY_NOT_FOUND: 'unknown-issuer',
  ERR_KEY_MISSING: 'unknown-issuer',
  WARN_KEY_NOT_TRUSTED: 'unknown-issuer',
  WARN_KEY_FOREIGN: 'unknown-issuer',
  WARN_KEYS_UNAVAILABLE: 'unknown-issuer',
  ERR_SIGNATURE_MISMATCH: 'invalid',
  ERR_PAYLOAD_NOT_JSON: 'invalid',
  ERR_CLAIMS_MISMATCH: 'invalid',
  ERR_ISSUER_MISMATCH: 'invalid',
  ERR_SHAPE: 'invalid',
  ERR_STATUS_ENTRY: 'invalid',
  REVOKED: 'revoked',
  SUSPENDED: 'suspended',
  ERR_EXPIRED: 'expired',
  ERR_NOT_YET_VALID: 'not-yet-valid',
  ERR_RECIPIENT_MISMATCH: 'recipient-mismatch',
  WARN_STATUS_OFFLINE: 'status-unknown',
  WARN_STATUS_UNAVAILABLE: 'status-unknown',
  WARN_STATUS_UNVERIFIED: 'status-unknown',
  WARN_STATUS_STALE: 'status-unknown',
  WARN_STATUS_MALFORMED: 'status-unknown',
  WARN_STATUS_UNSUPPORTED: 'status-unknown',
};

/** The verdict a code calls for, if any. */
export const verdictCalledFor = (code: CheckCode): Verdict | undefined => CALLS_FOR[code];

/** The headline verdict of a step log: the highest-precedence verdict any of its codes calls for. */
export function verdictOf(checks: readonly Check[]): Verdict {
  let rank = VERDICTS.indexOf('valid');
  for (const check of checks) {
    const called = CALLS_FOR[check.code];
    if (called !== undefined) rank = Math.min(rank, VERDICTS.indexOf(called));
  }
  return VERDICTS[rank]!;
}

/**
 * `npm run verify` exit codes, one per verdict: 0 only for valid, 2 for unreadable input, and a
 * code of its own for every other verdict, so a script can tell them apart (README, "Verifying badges").
 */
export const EXIT_CODES: Record<Verdict, number> = {
  valid: 0,
  invalid: 1,
  error: 2,
  'unknown-issuer': 3,
  revoked: 4,
  suspended: 5,
  expired: 6,
  'not-yet-valid': 7,
  'recipient-mismatch': 8,
  'status-unknown': 9,
};
