/**
 * The revocation file of a revoked credential (badgePaths.credentialRevocation): when it was revoked
 * and, only when the award marks its reason public (`revokedReasonPublic`), why. Written by the
 * issuing run for revoked credentials only; read by this site's verifiers (verify/revocation.ts)
 * after the signed status list has said "revoked". The status list holds one bit and decides the
 * verdict; this file, which is not signed, only dates it for people.
 */
import type { BadgeUrls } from './urls.ts';

export interface RevocationRecord {
  /** The credential it is about (its JSON address, the credential's `id`): a file under another name is not read. */
  credential: string;
  /** The day it was revoked, YYYY-MM-DD. */
  revokedDate: string;
  /** Why, only when the award marks the reason public. */
  reason?: string;
}

export function revocationRecord(
  urls: BadgeUrls,
  award: { credentialId: string; revokedDate: string; revokedReason?: string | undefined; revokedReasonPublic?: boolean | undefined },
): RevocationRecord {
  return {
    credential: urls.credentialJson(award.credentialId),
    revokedDate: award.revokedDate,
    // Never published unless the award says so: a reason is often about a person.
    ...(award.revokedReasonPublic === true && award.revokedReason ? { reason: award.revokedReason } : {}),
  };
}
