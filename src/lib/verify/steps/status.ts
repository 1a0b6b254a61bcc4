/**
 * Step 8, status: whether the issuer has revoked or suspended it, from its signed Bitstring status
 * lists. Fail-safe: every list is read, a revocation found wins over any failure of another list,
 * and anything that cannot be established is said ("status unknown"), never read as "not revoked".
 *
 * A list counts only if it is a BitstringStatusListCredential signed by one of this site's keys
 * (the same key resolver as credentials: pinned keys are honoured and nothing is fetched for them),
 * issued by this site's issuer, with the expected statusPurpose, at least 131,072 entries, and
 * within its validity period. A credential of this site whose status entry is malformed (an index
 * that is not a base-10 integer string in range, say) is a malformed credential: invalid.
 */
import type { BadgeUrls, StatusPurpose } from '../../ob3/urls.ts';
import { decodeUtf8 } from '../bytes.ts';
import { isDateTimeStamp } from '../dates.ts';
import { asArray, isRecord, parseJson } from '../json.ts';
import type { KeyResolver } from '../keys.ts';
import type { Net } from '../net.ts';
import { decodeStatusList, MIN_STATUS_LIST_ENTRIES, readStatusBit } from '../status-list.ts';
import type { Check, CheckCode } from '../types.ts';
import { causeOf, check } from './check.ts';
import { issuerIdOf, credentialOfPayload } from './claims.ts';
import { headerStep } from './header.ts';
import { signatureStep } from './signature.ts';

export interface StatusContext {
  urls: BadgeUrls;
  net: Net;
  keys: KeyResolver;
  /** The moment the lists' validity is judged at. */
  now: Date;
}

/** Why a list does not count, as the status step reports it. */
export interface ListProblem {
  code: Extract<CheckCode, `WARN_STATUS_${string}`>;
  reason: string;
  cause?: string | undefined;
}

export type ReadList = { ok: true; bits: Uint8Array } | ({ ok: false } & ListProblem);

export const problem = (code: ListProblem['code'], reason: string, cause?: string): ReadList => ({ ok: false, code, reason, cause });
const INDEX = /^(?:0|[1-9][0-9]{0,9})$/;

/** Reads a status list token: the bitstring, if the list counts (see the module comment), else why not. */
export async function readStatusList(token: string, purpose: StatusPurpose, ctx: Omit<StatusContext, 'net'>): Promise<ReadList> {
  const header = headerStep(token);
  if (!header.header || !header.alg) return problem('WARN_STATUS_MALFORMED', 'is not a signed list', header.check.code);
  const resolved = await ctx.keys.resolve(header.header);
  if (resolved.kind !== 'found' || !resolved.ours) return problem('WARN_STATUS_UNVERIFIED', "is not signed with this site's keys", resolved.kind);
  const signature = await signatureStep(token, resolved.key, header.alg);
  if (!signature.payload) return problem('WARN_STATUS_UNVERIFIED', 'has a signature that does not match', signature.check.cause);
  const parsed = parseJson(decodeUtf8(signature.payload));
  const list = parsed.ok ? credentialOfPayload(parsed.value) : undefined;
  return list ? readListCredential(list, purpose, ctx) : problem('WARN_STATUS_MALFORMED', 'is not a Bitstring status list');
}

/**
 * The bits of a status list credential whose signature or proof has verified with one of this site's
 * keys (the JWT list above; the Data Integrity list in status-list-json.ts): if it is a Bitstring
 * status list of this site's issuer, for `purpose`, within its validity period, long enough.
 */
export async function readListCredential(list: Record<string, unknown>, purpose: StatusPurpose, ctx: Pick<StatusContext, 'urls' | 'now'>): Promise<ReadList> {
  if (!asArray(list.type).includes('BitstringStatusListCredential')) return problem('WARN_STATUS_MALFORMED', 'is not a Bitstring status list');
  if (issuerIdOf(list) !== ctx.urls.did) return problem('WARN_STATUS_UNVERIFIED', "is not from this site's issuer");
  // Dates are dates: a list's period that cannot be read is never read as "no period".
  if (['validFrom', 'validUntil'].some((field) => field in list && !isDateTimeStamp(list[field]))) return problem('WARN_STATUS_MALFORMED', 'has a validity date that is not a date');
  const now = ctx.now.getTime();
  const from = typeof list.validFrom === 'string' ? Date.parse(list.validFrom) : typeof list.nbf === 'number' ? list.nbf * 1000 : undefined;
  const until = typeof list.validUntil === 'string' ? Date.parse(list.validUntil) : typeof list.exp === 'number' ? list.exp * 1000 : undefined;
  if ((from !== undefined && !(from <= now)) || (until !== undefined && !(until > now))) return problem('WARN_STATUS_STALE', 'is out of date');
  const subject = list.credentialSubject;
  if (!isRecord(subject) || subject.statusPurpose !== purpose) return problem('WARN_STATUS_MALFORMED', `is not a ${purpose} list`);
  if (typeof subject.encodedList !== 'string') return problem('WARN_STATUS_MALFORMED', 'has no encodedList');
  let bits: Uint8Array;
  try {
    bits = await decodeStatusList(subject.encodedList);
  } catch (error) {
    return problem('WARN_STATUS_MALFORMED', 'cannot be decoded', causeOf(error));
  }
  if (bits.length * 8 < MIN_STATUS_LIST_ENTRIES) return problem('WARN_STATUS_MALFORMED', `has fewer than ${MIN_STATUS_LIST_ENTRIES} entries`);
  return { ok: true, bits };
}

interface ListToRead {
  purpose: StatusPurpose;
  url: string;
  index: number;
}

/** A list fetched and read (signature, issuer, purpose, dates, size), once per verification. */
export type ListReader = (purpose: StatusPurpose, url: string) => Promise<ReadList>;

/**
 * Fetches and reads each list at most once. The verifier starts this site's lists as soon as it
 * knows the credential is this site's, so their signatures are checked while the credential's is,
 * and the status step finds them read.
 */
export function createListReader(ctx: StatusContext): ListReader {
  const reads = new Map<string, Promise<ReadList>>();
  const readOne = async (purpose: StatusPurpose, url: string): Promise<ReadList> => {
    let token: string;
    try {
      token = decodeUtf8(await ctx.net.get(url)).trim();
    } catch (error) {
      const cause = causeOf(error);
      return cause === 'ERR_OFFLINE'
        ? problem('WARN_STATUS_OFFLINE', 'cannot be read offline', cause)
        : problem('WARN_STATUS_UNAVAILABLE', 'could not be fetched', cause);
    }
    return readStatusList(token, purpose, ctx);
  };
  return (purpose, url) => {
    const key = `${purpose} ${url}`;
    let read = reads.get(key);
    if (!read) reads.set(key, (read = readOne(purpose, url)));
    return read;
  };
}

type Outcome = { list: ListToRead; state: 'set' | 'clear' } | { list: ListToRead; state: 'unknown'; problem: ListProblem } | { list: ListToRead; state: 'out-of-range' };

async function outcomeOf(list: ListToRead, read: ListReader): Promise<Outcome> {
  const bits = await read(list.purpose, list.url);
  if (!bits.ok) return { list, state: 'unknown', problem: bits };
  if (list.index >= bits.bits.length * 8) return { list, state: 'out-of-range' };
  return { list, state: readStatusBit(bits.bits, list.index) === 1 ? 'set' : 'clear' };
}

const PURPOSES: readonly string[] = ['revocation', 'suspension'] satisfies StatusPurpose[];

export async function statusStep(vc: Record<string, unknown>, ours: boolean, read: ListReader, urls: BadgeUrls, requested: boolean): Promise<Check> {
  if (!requested) return check('status', 'skip', 'NOT_REQUESTED', 'Revocation was not checked.');
  if (!ours) return check('status', 'skip', 'NOT_CHECKED_FOREIGN', "Not checked: it is not from this site's issuer, and no other site is contacted.");
  const raw = vc.credentialStatus;
  if (raw === undefined) return check('status', 'skip', 'NO_STATUS', 'It has no revocation list.');
  const entries = asArray(raw);
  const malformed = (why: string) => check('status', 'fail', 'ERR_STATUS_ENTRY', `Its status entry is malformed: ${why}.`);
  if (entries.length === 0 || !entries.every(isRecord)) return malformed('not a status entry');

  const lists: ListToRead[] = [];
  let unsupported = false;
  for (const raw of entries as Record<string, unknown>[]) {
    // A type is often written as a one-item list (the same signed RDF): read both spellings alike,
    // so re-spelling an entry can never turn "revoked" into "unknown". (The spelling check refuses
    // other single values written as lists.)
    const entry = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) && v.length === 1 ? v[0] : v]));
    if (entry.type !== 'BitstringStatusListEntry' || typeof entry.statusPurpose !== 'string' || !PURPOSES.includes(entry.statusPurpose)) {
      unsupported = true;
      continue;
    }
    if (typeof entry.statusListCredential !== 'string') return malformed('no statusListCredential');
    if (typeof entry.statusListIndex !== 'string' || !INDEX.test(entry.statusListIndex)) return malformed('statusListIndex is not a number in digits');
    const purpose = entry.statusPurpose as StatusPurpose;
    const index = Number(entry.statusListIndex);
    // Credentials name this site's JSON list (Data Integrity, for every verifier); its JWT twin,
    // beside it with the same bits, is the one read here (lighter to check).
    const own = entry.statusListCredential === urls.statusListJson(purpose) || entry.statusListCredential === urls.statusList(purpose);
    lists.push({ purpose, url: own ? urls.statusList(purpose) : entry.statusListCredential, index });
    // This site publishes its suspension list beside the revocation list, at the same index
    // (Open Badges allows one credentialStatus entry; see README, "Awarding badges").
    if (purpose === 'revocation' && own && !lists.some((l) => l.purpose === 'suspension')) {
      lists.push({ purpose: 'suspension', url: urls.statusList('suspension'), index });
    }
  }

  // Every list is read, whatever the others say.
  const outcomes = await Promise.all(lists.map((list) => outcomeOf(list, read)));
  if (outcomes.some((o) => o.state === 'out-of-range')) return malformed('statusListIndex is outside the list');
  const unknown = outcomes.filter((o): o is Extract<Outcome, { state: 'unknown' }> => o.state === 'unknown');
  const unknownText = unknown.map((o) => `the ${o.list.purpose} list ${o.problem.reason}`).join('; ');
  const firstCause = unknown[0]?.problem.cause;
  if (outcomes.some((o) => o.state === 'set' && o.list.purpose === 'revocation')) {
    return check('status', 'fail', 'REVOKED', 'The issuer has revoked it: it no longer stands.');
  }
  if (outcomes.some((o) => o.state === 'set' && o.list.purpose === 'suspension')) {
    return check('status', 'fail', 'SUSPENDED', `The issuer has suspended it for now${unknown.length > 0 ? ` (and ${unknownText})` : ''}.`, firstCause);
  }
  if (unknown.length > 0) {
    return check('status', 'warn', unknown[0]!.problem.code, `Revocation is not known: ${unknownText}.`, firstCause);
  }
  if (unsupported || lists.length === 0) return check('status', 'warn', 'WARN_STATUS_UNSUPPORTED', 'Its status uses a method this verifier does not read.');
  return check('status', 'pass', 'OK', 'The issuer has not revoked or suspended it.');
}
