/** The shape of a verification result: a log of named steps a page can show one by one. */

/** The steps, in the order they run. Every result lists all of them, each exactly once. */
export const CHECK_IDS = ['input', 'header', 'key', 'signature', 'claims', 'shape', 'dates', 'status', 'recipient', 'endorsement'] as const;
export type CheckId = (typeof CHECK_IDS)[number];
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/**
 * The project's own codes, stable across library upgrades: callers switch on these, never on
 * `detail`. A library's own code (jose's ERR_JWS_SIGNATURE_VERIFICATION_FAILED, say) is kept as
 * `cause`, so a jose upgrade can never change a code.
 */
export type CheckCode =
  // Every step
  | 'OK'
  | 'NOT_REACHED' // an earlier step failed, so this one did not run
  | 'NOT_REQUESTED' // the caller did not ask for it (no date, no email, status off)
  // input
  | 'OK_JSON_SIGNED_COPY'
  | 'OK_EMBEDDED_PROOF'
  | 'ERR_INPUT_EMPTY'
  | 'ERR_INPUT_TOO_LARGE'
  | 'ERR_INPUT_TOO_DEEP'
  | 'ERR_INPUT_BAD_JSON'
  | 'ERR_INPUT_UNRECOGNISED'
  | 'ERR_INPUT_NO_CREDENTIAL'
  | 'ERR_INPUT_BAD_PNG'
  | 'ERR_INPUT_OB2'
  | 'ERR_INPUT_FOREIGN_URL'
  | 'ERR_INPUT_FETCH'
  | 'ERR_INPUT_NOT_FOUND' // an address of this site's credentials that this site answers 404 for: never issued here
  | 'ERR_JSON_DIFFERS'
  | 'ERR_UNSIGNED_JSON'
  | 'ERR_PROOF_UNSUPPORTED'
  | 'ERR_PROOF_PURPOSE'
  | 'ERR_PROOF_MALFORMED'
  | 'ERR_JSONLD'
  | 'ERR_CREDENTIAL_FORM' // Data Integrity: not in the one spelling its pinned contexts give it
  | 'ERR_INTERNAL'
  // header
  | 'ERR_JWS_NOT_CANONICAL'
  | 'ERR_HEADER_UNREADABLE'
  | 'ERR_ALG_NOT_ALLOWED'
  | 'ERR_HEADER_MEMBERS'
  | 'ERR_HEADER_PRIVATE_KEY'
  // key
  | 'ERR_KEY_NOT_FOUND'
  | 'ERR_KEY_MISSING'
  | 'ERR_KEY_INVALID'
  | 'WARN_KEY_NOT_TRUSTED'
  | 'WARN_KEY_FOREIGN'
  | 'WARN_KEYS_UNAVAILABLE'
  // signature
  | 'ERR_SIGNATURE_MISMATCH'
  // claims
  | 'ERR_PAYLOAD_NOT_JSON'
  | 'ERR_CLAIMS_MISMATCH'
  | 'ERR_ISSUER_MISMATCH'
  // shape
  | 'ERR_SHAPE'
  // dates
  | 'ERR_EXPIRED'
  | 'ERR_NOT_YET_VALID'
  // status
  | 'REVOKED'
  | 'SUSPENDED'
  | 'NO_STATUS'
  | 'NOT_CHECKED_FOREIGN'
  | 'ERR_STATUS_ENTRY'
  | 'WARN_STATUS_OFFLINE'
  | 'WARN_STATUS_UNAVAILABLE'
  | 'WARN_STATUS_UNVERIFIED'
  | 'WARN_STATUS_STALE'
  | 'WARN_STATUS_MALFORMED'
  | 'WARN_STATUS_UNSUPPORTED'
  // recipient
  | 'ERR_RECIPIENT_MISMATCH'
  // endorsement: never a verdict (a partner's endorsement says nothing about whether the credential is genuine)
  | 'NO_ENDORSEMENTS' // skip: the credential embeds none
  | 'ENDORSEMENTS_PENDING' // skip: left for checkEndorsements() (the verify page shows the verdict first)
  | 'ENDORSEMENTS_NOT_VOUCHED' // skip: not this site's credential, so nothing vouches for the endorsements it carries
  | 'ENDORSEMENT_INVALID' // fail: an embedded endorsement is not a sound endorsement of this micro-credential
  | 'ENDORSEMENT_KEY_UNKNOWN'; // warn: signed with a key this site did not record, so not checked

export interface Check {
  id: CheckId;
  status: CheckStatus;
  code: CheckCode;
  /** One sentence for people. */
  detail: string;
  /** The underlying library's or network's own code, when there is one (for logs, never for logic). */
  cause?: string;
}

/**
 * Every verdict, in order of precedence: the headline is the first that any step calls for, so a
 * result is never better than its weakest link (see verdict.ts).
 */
export const VERDICTS = [
  'error',
  'not-found',
  'invalid',
  'unknown-issuer',
  'revoked',
  'suspended',
  'expired',
  'not-yet-valid',
  'recipient-mismatch',
  'status-unknown',
  'valid',
] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What was judged: which form the credential came in, and from where. */
export interface JudgedInput {
  form: 'token' | 'json' | 'png' | 'svg' | 'unknown';
  /** The address it was fetched from, when it was (a pasted URL, ?id=, ?url=). */
  url?: string;
}

/** The form a credential came in (src/lib/verify/input.ts re-exports it for its users). */
export type InputForm = JudgedInput['form'];

/**
 * What step 1 read from the input (input.ts, input-json.ts): here rather than in input.ts, so that
 * input-json.ts, which input.ts imports, need not import input.ts back (no import loop).
 */
export type ReadInput =
  | { kind: 'jws'; token: string; form: InputForm }
  | { kind: 'json'; credential: Record<string, unknown>; form: InputForm }
  | { kind: 'ob2'; form: InputForm }
  | { kind: 'unreadable'; code: CheckCode; detail: string; form: InputForm };

export interface VerificationResult {
  verdict: Verdict;
  /** One entry per step, in CHECK_IDS order. */
  checks: Check[];
  /** What was judged. */
  input: JudgedInput;
  /** The credential as signed, when the token could be read. */
  credential?: Record<string, unknown>;
  /** When this site revoked it (and why, if published): only for a revoked credential of this site, read online. */
  revocation?: RevocationFacts;
  /** Each endorsement embedded in its Achievement, as the endorsement step judged it (in the credential's order). */
  endorsements?: EndorsementFacts[];
}

/** One embedded endorsement as the endorsement step judged it: what it says only when it checked out. */
export interface EndorsementFacts {
  status: 'pass' | 'fail' | 'warn';
  /** One sentence for people: who signed it, or why it does not count. */
  detail: string;
  /** The endorser's name, comment and date (YYYY-MM-DD): only for one that passed. */
  partner?: string;
  comment?: string;
  date?: string;
}

/** What this site publishes about a revocation (verify/revocation.ts): not signed, so never part of the verdict. */
export interface RevocationFacts {
  /** YYYY-MM-DD. */
  date: string;
  /** Only when the issuer marked the reason public. */
  reason?: string;
}
