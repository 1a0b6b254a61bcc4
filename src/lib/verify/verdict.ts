/**
 * The verdict, computed in one place from the step log. Each code a step can report calls for a
 * verdict (or none); the headline is the one of highest precedence among them (VERDICTS, in
 * types.ts), so a result is never better than its weakest link:
 *
 *   error > not-found > invalid > unknown-issuer > revoked > suspended > expired > not-yet-valid
 *         > recipient-mismatch > status-unknown > valid
 *
 * A revoked credential whose email does not match is "revoked"; a genuine one whose revocation
 * could not be checked is "status-unknown", never "valid". Used by the verify page, the offline
 * file, the CLI (whose exit code follows it: EXIT_CODES) and the credential pages' self-check.
 */
import { VERDICTS, type Check, type CheckCode, type Verdict } from './types.ts';

/** The codes that call for each verdict; codes not listed call for none (they are passes or skips). */
const CALLED_BY: Partial<Record<Verdict, CheckCode[]>> = {
  error: [
    'ERR_INPUT_EMPTY',
    'ERR_INPUT_TOO_LARGE',
    'ERR_INPUT_TOO_DEEP',
    'ERR_INPUT_BAD_JSON',
    'ERR_INPUT_UNRECOGNISED',
    'ERR_INPUT_NO_CREDENTIAL',
    'ERR_INPUT_BAD_PNG',
    'ERR_INPUT_OB2',
    'ERR_INPUT_FOREIGN_URL',
    'ERR_INPUT_FETCH',
    'ERR_INTERNAL',
  ],
  'not-found': ['ERR_INPUT_NOT_FOUND'],
  invalid: [
    'ERR_JSON_DIFFERS',
    'ERR_UNSIGNED_JSON',
    'ERR_PROOF_UNSUPPORTED',
    'ERR_PROOF_PURPOSE',
    'ERR_PROOF_MALFORMED',
    'ERR_JSONLD',
    'ERR_CREDENTIAL_FORM',
    'ERR_JWS_NOT_CANONICAL',
    'ERR_HEADER_UNREADABLE',
    'ERR_ALG_NOT_ALLOWED',
    'ERR_HEADER_MEMBERS',
    'ERR_HEADER_PRIVATE_KEY',
    'ERR_KEY_INVALID',
    'ERR_SIGNATURE_MISMATCH',
    'ERR_PAYLOAD_NOT_JSON',
    'ERR_CLAIMS_MISMATCH',
    'ERR_ISSUER_MISMATCH',
    'ERR_SHAPE',
    'ERR_STATUS_ENTRY',
  ],
  'unknown-issuer': ['ERR_KEY_NOT_FOUND', 'ERR_KEY_MISSING', 'WARN_KEY_NOT_TRUSTED', 'WARN_KEY_FOREIGN', 'WARN_KEYS_UNAVAILABLE'],
  revoked: ['REVOKED'],
  suspended: ['SUSPENDED'],
  expired: ['ERR_EXPIRED'],
  'not-yet-valid': ['ERR_NOT_YET_VALID'],
  'recipient-mismatch': ['ERR_RECIPIENT_MISMATCH'],
  'status-unknown': ['WARN_STATUS_OFFLINE', 'WARN_STATUS_UNAVAILABLE', 'WARN_STATUS_UNVERIFIED', 'WARN_STATUS_STALE', 'WARN_STATUS_MALFORMED', 'WARN_STATUS_UNSUPPORTED'],
};
const CALLS_FOR = new Map<CheckCode, Verdict>(Object.entries(CALLED_BY).flatMap(([verdict, codes]) => codes.map((code) => [code, verdict as Verdict] as const)));

/** The verdict a code calls for, if any. */
export const verdictCalledFor = (code: CheckCode): Verdict | undefined => CALLS_FOR.get(code);

/** The headline verdict of a step log: the highest-precedence verdict any of its codes calls for. */
export function verdictOf(checks: readonly Check[]): Verdict {
  let rank = VERDICTS.indexOf('valid');
  for (const check of checks) {
    const called = CALLS_FOR.get(check.code);
    if (called !== undefined) rank = Math.min(rank, VERDICTS.indexOf(called));
  }
  return VERDICTS[rank]!;
}

/**
 * `npm run verify` exit codes, one per verdict: 0 only for valid, 2 for unreadable input, 10 for an
 * address of this site that has no credential (never issued here), and a
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
  'not-found': 10,
};
