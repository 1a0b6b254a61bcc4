/**
 * Step 1 for text that starts like JSON: a credential object, an Open Badges 2.0 assertion (named,
 * not misread), or a wrapper some tools put around the token ({"jwt": "…"}).
 */
import { isRecord, parseJson } from './json.ts';
import { JWS } from './steps/header.ts';
import type { ReadInput } from './types.ts';

function isOb2(json: Record<string, unknown>): boolean {
  const context = JSON.stringify(json['@context'] ?? '');
  return context.includes('w3id.org/openbadges/v2') || context.includes('w3id.org/openbadges/v1') || ('badge' in json && 'recipient' in json && 'verify' in json);
}

/**
 * The most credential JSON may weigh: a badge credential is about 5 KB, and JSON-LD work (for a Data
 * Integrity proof) grows faster than its input, so anything larger is refused before it is parsed.
 */
export const MAX_JSON_CREDENTIAL_BYTES = 64 * 1024;

export function classifyJson(trimmed: string, form: ReadInput['form']): ReadInput {
  // UTF-8 is at most 3 bytes per UTF-16 unit: count the bytes only when the text could be too long.
  if (trimmed.length > MAX_JSON_CREDENTIAL_BYTES / 3 && new TextEncoder().encode(trimmed).length > MAX_JSON_CREDENTIAL_BYTES) {
    return { kind: 'unreadable', code: 'ERR_INPUT_TOO_LARGE', detail: `This JSON is over ${MAX_JSON_CREDENTIAL_BYTES / 1024} KB, far more than any badge credential needs (a few KB). It was not read.`, form };
  }
  const parsed = parseJson(trimmed);
  if (!parsed.ok) {
    return parsed.reason === 'depth'
      ? { kind: 'unreadable', code: 'ERR_INPUT_TOO_DEEP', detail: 'This JSON nests deeper than any credential does. It was not read.', form }
      : { kind: 'unreadable', code: 'ERR_INPUT_BAD_JSON', detail: 'This looks like JSON but is not valid JSON.', form };
  }
  const json = parsed.value;
  if (!isRecord(json)) return { kind: 'unreadable', code: 'ERR_INPUT_BAD_JSON', detail: 'The JSON is not a credential object.', form };
  if (isOb2(json)) return { kind: 'ob2', form };
  for (const key of ['jwt', 'credential', 'vc']) {
    const value = json[key];
    if (typeof value === 'string' && JWS.test(value.trim())) return { kind: 'jws', token: value.trim(), form: form === 'unknown' ? 'token' : form };
  }
  return { kind: 'json', credential: json, form: form === 'unknown' ? 'json' : form };
}
