/**
 * A status list as JSON with a Data Integrity proof (the form wallets and other verifiers read),
 * held to the same rule as a credential with such a proof: only the one spelling its pinned contexts
 * give it is read (compact-form.ts), its one proof must verify with one of this site's keys, and then
 * its bits are read exactly as the JWT list's are (readListCredential). The build's self-check reads
 * the lists it publishes this way; a verify page never loads this module (it reads the JWT twin).
 */
import type { BadgeUrls, StatusPurpose } from '../../ob3/urls.ts';
import type { KeyResolver } from '../keys.ts';
import { verifyEmbeddedProof } from './data-integrity.ts';
import { problem, readListCredential, type ReadList } from './status.ts';

export async function readStatusListJson(json: Record<string, unknown>, purpose: StatusPurpose, ctx: { urls: BadgeUrls; keys: KeyResolver; now: Date }): Promise<ReadList> {
  const proved = await verifyEmbeddedProof(json, ctx.urls, ctx.keys);
  const failed = proved.checks.find((c) => c.status !== 'pass');
  if (!proved.document || !proved.ours) {
    return failed?.id === 'input' || failed?.id === 'header'
      ? problem('WARN_STATUS_MALFORMED', `is not a list this verifier reads (${failed.detail})`, failed.code)
      : problem('WARN_STATUS_UNVERIFIED', "is not proved with this site's keys", failed?.code);
  }
  return readListCredential(proved.document, purpose, ctx);
}
