/**
 * Step 3, key: which key signed it, and whether that key is one of this site's (its provenance).
 * Resolved by the one key resolver (keys.ts), which never contacts another site.
 */
import type { JWK } from 'jose';
import type { KeyResolver } from '../keys.ts';
import type { Check } from '../types.ts';
import { check } from './check.ts';

export async function keyStep(header: Record<string, unknown>, keys: KeyResolver): Promise<{ check: Check; key?: JWK; ours: boolean }> {
  const resolved = await keys.resolve(header);
  switch (resolved.kind) {
    case 'missing':
      return { check: check('key', 'fail', 'ERR_KEY_MISSING', 'The token names no signing key.'), ours: false };
    case 'invalid':
      return { check: check('key', 'fail', 'ERR_KEY_INVALID', 'The signing key is not a valid public key.'), ours: false };
    case 'not-found':
      return {
        check: check('key', 'fail', 'ERR_KEY_NOT_FOUND', `The signing key ${resolved.kid.slice(0, 200)} could not be found${resolved.cause === 'offline' ? ' offline' : ''}.`, resolved.cause),
        ours: false,
      };
    case 'foreign': {
      let host = resolved.kid;
      try {
        host = new URL(resolved.kid).host;
      } catch {
        // The kid is shown as it is.
      }
      return {
        check: check('key', 'warn', 'WARN_KEY_FOREIGN', `Its signing key is on another site (${host.slice(0, 100)}), which is not contacted.`),
        ours: false,
      };
    }
    case 'found': {
      if (resolved.ours) return { check: check('key', 'pass', 'OK', "Signed with one of this site's keys."), key: resolved.key, ours: true };
      const published = await keys.trusted();
      return {
        check: published
          ? check('key', 'warn', 'WARN_KEY_NOT_TRUSTED', "The signing key is not one of this site's: who signed it is not known.")
          : check('key', 'warn', 'WARN_KEYS_UNAVAILABLE', "This site's keys could not be loaded."),
        key: resolved.key,
        ours: false,
      };
    }
  }
}
