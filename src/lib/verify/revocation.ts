/**
 * When (and, if the issuer published it, why) a credential of this site was revoked, from the file
 * this site publishes beside each revoked credential (ob3/revocation.ts). Read only after the signed
 * status list has said "revoked", and only from this site: the file is not signed, so it never changes
 * the verdict, it only dates it. Anything unexpected in it (another credential, a date that is not a
 * day, a missing file, offline) gives no facts rather than wrong ones.
 */
import type { RevocationRecord } from '../ob3/revocation.ts';
import { credentialAddress, type BadgeUrls } from '../ob3/urls.ts';
import { decodeUtf8 } from './bytes.ts';
import { isRecord, parseJson } from './json.ts';
import type { Net } from './net.ts';
import type { RevocationFacts } from './types.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function revocationFacts(vc: Record<string, unknown>, net: Net, urls: BadgeUrls): Promise<RevocationFacts | undefined> {
  const address = typeof vc.id === 'string' ? credentialAddress(vc.id, urls.origin) : undefined;
  if (!address || !net.online) return undefined;
  let parsed;
  try {
    parsed = parseJson(decodeUtf8(await net.get(urls.credentialRevocation(address.id))));
  } catch {
    return undefined;
  }
  if (!parsed.ok || !isRecord(parsed.value)) return undefined;
  const record = parsed.value as Partial<Record<keyof RevocationRecord, unknown>>;
  if (record.credential !== urls.credentialJson(address.id) && record.credential !== vc.id) return undefined;
  if (typeof record.revokedDate !== 'string' || !DAY.test(record.revokedDate) || Number.isNaN(Date.parse(record.revokedDate))) return undefined;
  const reason = typeof record.reason === 'string' && record.reason.trim() ? record.reason.trim().slice(0, 500) : undefined;
  return { date: record.revokedDate, ...(reason ? { reason } : {}) };
}
