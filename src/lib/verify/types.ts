/** The shape of a verification result: a log of named steps a page can show one by one. */

export type CheckId = 'input' | 'header' | 'key' | 'signature' | 'claims' | 'shape' | 'dates' | 'status' | 'recipient';
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface Check {
  id: CheckId;
  status: CheckStatus;
  /** Stable machine code, e.g. ERR_JWS_SIGNATURE_INVALID; callers switch on this, never on `detail`. */
  code: string;
  /** One sentence for people. */
  detail: string;
}

export type Verdict =
  | 'valid'
  | 'invalid'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'not-yet-valid'
  | 'unknown-issuer'
  | 'error';

export interface VerificationResult {
  verdict: Verdict;
  checks: Check[];
  /** The credential as signed, when the token could be read. */
  credential?: Record<string, unknown>;
}
