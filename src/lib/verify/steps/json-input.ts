/**
 * Step 1 for credential JSON without an embedded proof (JSON with one goes to data-integrity.ts).
 * Such a copy of one of this site's credentials (its proof removed, or saved before the .json files
 * carried one) is checked against its signed twin, the .jwt beside it, fetched from this site and
 * compared field by field, so an edited copy is caught. Any other JSON without a signature proves
 * nothing about its issuer.
 */
import { credentialAddress, type BadgeUrls } from '../../ob3/urls.ts';
import { base64urlToBytes, decodeUtf8 } from '../bytes.ts';
import { isRecord, parseJson } from '../json.ts';
import type { Net } from '../net.ts';
import { readInput } from '../input.ts';
import type { Check } from '../types.ts';
import { check } from './check.ts';
import { credentialOfPayload, JWT_CLAIMS } from './claims.ts';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isRecord(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  return value;
}

/** Compares credential JSON with the signed payload, ignoring the JWT claims the payload adds. */
function sameCredential(json: Record<string, unknown>, signed: Record<string, unknown>): boolean {
  const strip = (o: Record<string, unknown>) => JSON.stringify(canonical(Object.fromEntries(Object.entries(o).filter(([k]) => !JWT_CLAIMS.includes(k) && k !== 'proof'))));
  return strip(json) === strip(signed);
}

/** The payload of a compact JWS as a credential, unverified (only to compare; the signature is checked next). */
function payloadOf(token: string): Record<string, unknown> | undefined {
  try {
    const parsed = parseJson(decodeUtf8(base64urlToBytes(token.split('.')[1]!)));
    return parsed.ok ? credentialOfPayload(parsed.value) : undefined;
  } catch {
    return undefined;
  }
}

export async function jsonInputStep(json: Record<string, unknown>, net: Net, urls: BadgeUrls): Promise<{ check: Check; token?: string }> {
  const address = typeof json.id === 'string' && json.id.endsWith('.json') ? credentialAddress(json.id, urls.origin) : undefined;
  if (!address) {
    return { check: check('input', 'fail', 'ERR_UNSIGNED_JSON', 'This is credential JSON with no signature, so nothing proves who issued it. Ask for the badge token (.jwt) or the badge image.') };
  }
  const twin = await net
    .get(urls.credentialJwt(address.id))
    .then((bytes) => readInput(decodeUtf8(bytes).trim()))
    .catch(() => undefined);
  if (twin?.kind !== 'jws') {
    return {
      check: check('input', 'fail', 'ERR_INPUT_FETCH', `This is credential JSON from this site, which carries no signature itself, and its signed copy could not be fetched${net.online ? '' : ' offline'}. Paste the .jwt or choose the badge image instead.`),
    };
  }
  const signed = payloadOf(twin.token);
  if (!signed || !sameCredential(json, signed)) {
    return { check: check('input', 'fail', 'ERR_JSON_DIFFERS', 'The JSON you gave differs from the credential this site signed: it has been edited.') };
  }
  return { check: check('input', 'pass', 'OK_JSON_SIGNED_COPY', 'Read credential JSON and fetched its signed copy from this site.'), token: twin.token };
}
