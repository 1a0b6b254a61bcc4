/**
 * Step 1 for text that starts like JSON: a credential object, an Open Badges 2.0 assertion (named,
 * not misread), or a wrapper some tools put around the token ({"jwt": "…"}).
 */
import type { ReadInput } from './input.ts';
import { isRecord, parseJson } from './json.ts';
import { JWS } from './steps/header.ts';

function isOb2(json: Record<string, unknown>): boolean {
  const context = JSON.stringify(json['@context'] ?? '');
  return context.includes('w3id.org/openbadges/v2') || context.includes('w3id.org/openbadges/v1') || ('badge' in json && 'recipient' in json && 'verify' in json);
}

export function classifyJson(trimmed: string, form: ReadInput['form']): ReadInput {
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
