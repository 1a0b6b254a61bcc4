/**
 * Step 10, endorsement: each EndorsementCredential embedded in the credential's Achievement
 * (OB 3.0 `endorsement`), checked as a credential of its own by the same Data Integrity code as
 * credentials (verifyEmbeddedProof: its one spelling, one eddsa-rdfc-2022 proof, its key, the
 * proof), then what makes it an endorsement of this micro-credential: its types, its issuer is the
 * key's controller, its subject is the Achievement it is embedded in, and its dates. Loaded only for
 * a credential with endorsements, so a JWT badge without any never downloads the Data Integrity
 * chunk. The build runs the same check on every file of content/endorsements/ (endorsements-fs.ts).
 *
 * Its key, contacting no one but this site: a did:key holds the key itself; a partner's did:web key
 * is the one this site recorded for that partner and publishes (badgePaths.endorsementKeys).
 * The step never changes the verdict: its codes call for none (verdict.ts).
 */
import type { BadgeUrls } from '../../ob3/urls.ts';
import { endorsementView, type EndorsementView } from '../../ob3/endorsement.ts';
import { isDateTimeStamp } from '../dates.ts';
import { asArray, isRecord } from '../json.ts';
import type { KeyResolver } from '../keys.ts';
import { decodeUtf8 } from '../bytes.ts';
import { achievementIdOf } from '../endorsements.ts';
import { parseJson } from '../json.ts';
import type { Net } from '../net.ts';
import type { Check, CheckCode, EndorsementFacts } from '../types.ts';
import { check } from './check.ts';
import { issuerIdOf } from './claims.ts';
import { verifyEmbeddedProof } from './data-integrity.ts';

export interface EndorsementOutcome {
  status: 'pass' | 'fail' | 'warn';
  code: Extract<CheckCode, 'OK' | 'ENDORSEMENT_INVALID' | 'ENDORSEMENT_KEY_UNKNOWN'>;
  /** One sentence: why it failed, or who signed it. */
  detail: string;
  /** The underlying step's code (ERR_SIGNATURE_MISMATCH, ERR_CREDENTIAL_FORM...), for logs and tests. */
  cause?: string;
  /** What pages show, read from the verified document only. */
  view?: EndorsementView;
  /** The issuer's DID, once the proof verified. */
  issuer?: string;
}

const failed = (detail: string, cause?: string): EndorsementOutcome => ({ status: 'fail', code: 'ENDORSEMENT_INVALID', detail, ...(cause ? { cause } : {}) });

/** Whether `list` (a type, or a list of them) holds every one of `wanted`. */
const hasTypes = (list: unknown, ...wanted: string[]) => wanted.every((t) => asArray(list).includes(t));

/**
 * Checks one embedded endorsement of the Achievement `achievementId`. `known`: endorsement keys
 * vouched for by verificationMethod (Multikey), i.e. the partner did:web keys this site recorded.
 */
export async function checkEndorsement(
  json: unknown,
  expect: { achievementId: string; now: Date },
  urls: BadgeUrls,
  keys: KeyResolver,
  known: Record<string, string> = {},
): Promise<EndorsementOutcome> {
  if (!isRecord(json)) return failed('It is not a JSON object.');
  const proved = await verifyEmbeddedProof(json, urls, keys, known);
  if (!proved.document) {
    const last = proved.checks.at(-1) as Check;
    if (last.code === 'WARN_KEY_FOREIGN' || last.code === 'WARN_KEYS_UNAVAILABLE') {
      return { status: 'warn', code: 'ENDORSEMENT_KEY_UNKNOWN', detail: `Its key is not one this site recorded for an endorser, so its signature could not be checked: ${last.detail}`, cause: last.code };
    }
    return failed(last.detail.replace(/^This credential/, 'It'), last.code);
  }
  const document = proved.document;
  const issuer = issuerIdOf(document);
  if (!hasTypes(document.type, 'VerifiableCredential', 'EndorsementCredential')) return failed('It is not an EndorsementCredential.', 'ERR_SHAPE');
  if (typeof issuer !== 'string' || issuer !== proved.controller) return failed(`Its issuer (${String(issuer).slice(0, 120)}) is not the controller of the key that signed it.`, 'ERR_ISSUER_MISMATCH');
  if (issuer === urls.did) return failed('It names this site as its endorser: an endorsement comes from a partner, never from the issuer.', 'ERR_ISSUER_MISMATCH');
  // A did:key has one key, whose id is the key itself: any other fragment names a method that does not exist.
  if (issuer.startsWith('did:key:') && methodOf(json) !== `${issuer}#${issuer.slice('did:key:'.length)}`) return failed('Its proof names a key its did:key does not have.', 'ERR_KEY_NOT_FOUND');
  const subject = document.credentialSubject;
  if (!isRecord(subject) || !hasTypes(subject.type, 'EndorsementSubject')) return failed('Its subject is not an EndorsementSubject.', 'ERR_SHAPE');
  if (subject.id !== expect.achievementId) {
    return failed(`It endorses ${String(subject.id).slice(0, 160)}, not this micro-credential (${expect.achievementId}).`, 'ERR_SUBJECT_MISMATCH');
  }
  if (subject.endorsementComment !== undefined && typeof subject.endorsementComment !== 'string') return failed('Its comment is not text.', 'ERR_SHAPE');
  if (typeof document.name !== 'string' || !isRecord(document.issuer) || typeof document.issuer.name !== 'string') return failed('It has no name, or its endorser has none.', 'ERR_SHAPE');
  if (!isDateTimeStamp(document.validFrom)) return failed('Its validFrom is not a date and time.', 'ERR_SHAPE');
  if (Date.parse(document.validFrom) > expect.now.getTime()) return failed(`It is dated ${document.validFrom}, after now: an endorsement is signed before it is published.`, 'ERR_NOT_YET_VALID');
  if (document.validUntil !== undefined) {
    if (!isDateTimeStamp(document.validUntil)) return failed('Its validUntil is not a date and time.', 'ERR_SHAPE');
    if (Date.parse(document.validUntil) <= expect.now.getTime()) return failed(`It expired on ${document.validUntil.slice(0, 10)}.`, 'ERR_EXPIRED');
  }
  const view = endorsementView(document);
  const how = issuer.startsWith('did:key:') ? 'its own key (a did:key)' : `the key this site recorded for ${issuer.slice('did:web:'.length, 120)}`;
  return { status: 'pass', code: 'OK', detail: `Endorsed by ${view.partner.slice(0, 120)}: signed with ${how}, unchanged since.`, view, issuer };
}

/** At most this many endorsements are checked in one credential (each costs a canonicalisation). */
export const MAX_ENDORSEMENTS = 10;

/**
 * The partner did:web keys this site recorded (badgePaths.endorsementKeys, written by the build from
 * content/partners/), by verificationMethod: fetched from this site only, and only when an
 * endorsement names a did:web key. Undefined when the file cannot be had (offline).
 */
async function recordedKeys(net: Net, urls: BadgeUrls): Promise<Record<string, string> | undefined> {
  try {
    const parsed = parseJson(decodeUtf8(await net.get(urls.endorsementKeys)));
    if (!parsed.ok || !isRecord(parsed.value)) return undefined;
    const out: Record<string, string> = {};
    for (const entry of asArray(parsed.value.verificationMethod)) {
      if (isRecord(entry) && typeof entry.id === 'string' && typeof entry.publicKeyMultibase === 'string' && entry.id.startsWith('did:web:')) out[entry.id] = entry.publicKeyMultibase;
    }
    return out;
  } catch {
    return undefined;
  }
}

const methodOf = (json: unknown): unknown => {
  const proof = isRecord(json) ? asArray(json.proof)[0] : undefined;
  return isRecord(proof) ? proof.verificationMethod : undefined;
};

/** Step 10: every embedded endorsement, one check for the line and the facts of each. */
export async function endorsementStep(
  vc: Record<string, unknown>,
  endorsed: unknown[],
  context: { urls: BadgeUrls; net: Net; keys: KeyResolver; now: Date; known?: Record<string, string> | undefined },
): Promise<{ check: Check; facts: EndorsementFacts[] }> {
  const { urls, net, keys, now } = context;
  const achievementId = achievementIdOf(vc) ?? '';
  const needsRecorded = endorsed.some((e) => {
    const method = methodOf(e);
    return typeof method === 'string' && method.startsWith('did:web:') && !method.startsWith(`${urls.did}#`);
  });
  const recorded = needsRecorded ? await recordedKeys(net, urls) : undefined;
  // A partner's did:web key comes only from this site's record (or, for a caller such as the build, the partner files).
  const known = { ...(context.known ?? {}), ...(recorded ?? {}) };
  const outcomes = await Promise.all(
    endorsed.slice(0, MAX_ENDORSEMENTS).map((e) => checkEndorsement(e, { achievementId, now }, urls, keys, known)),
  );
  if (endorsed.length > MAX_ENDORSEMENTS) outcomes.push(failed(`It carries ${endorsed.length} endorsements; only the first ${MAX_ENDORSEMENTS} were checked.`));
  const facts: EndorsementFacts[] = outcomes.map((o) => ({
    status: o.status,
    detail: o.detail,
    ...(o.view ? { partner: o.view.partner, date: o.view.date, ...(o.view.comment !== undefined ? { comment: o.view.comment } : {}) } : {}),
  }));
  const bad = outcomes.find((o) => o.status === 'fail') ?? outcomes.find((o) => o.status === 'warn');
  const count = `${outcomes.length} endorsement${outcomes.length === 1 ? '' : 's'}`;
  if (bad) {
    const which = outcomes.length === 1 ? 'Its endorsement' : `One of its ${count}`;
    const line = `${which} ${bad.status === 'fail' ? 'does not check out' : 'could not be checked'} (this does not change the verdict on the credential): ${bad.detail}`;
    return { check: check('endorsement', bad.status, bad.code, line, bad.cause), facts };
  }
  const names = outcomes.map((o) => o.view!.partner.slice(0, 80)).join(', ');
  return { check: check('endorsement', 'pass', 'OK', outcomes.length === 1 ? outcomes[0]!.detail : `Endorsed by ${names}: each signed with its endorser's key, unchanged since.`), facts };
}
