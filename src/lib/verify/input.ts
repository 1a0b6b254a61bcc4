/**
 * Step 1: what was handed in. A compact JWS, credential JSON, or a baked PNG or SVG carrying either;
 * Open Badges 2.0 forms are recognised and named rather than misread. Over 2 MB is refused unread.
 */
import { decodeUtf8 } from './bytes.ts';
import { isPng, readPngCredential } from './png.ts';
import { readSvgCredential } from './svg.ts';

export const MAX_INPUT_BYTES = 2 * 1024 * 1024;
const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export type InputForm = 'token' | 'json' | 'png' | 'svg';

export type ReadInput =
  | { kind: 'jws'; token: string; form: InputForm }
  | { kind: 'json'; credential: Record<string, unknown>; form: InputForm }
  | { kind: 'ob2'; form: InputForm }
  | { kind: 'unreadable'; code: string; detail: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isOb2(json: Record<string, unknown>): boolean {
  const context = JSON.stringify(json['@context'] ?? '');
  return context.includes('w3id.org/openbadges/v2') || context.includes('w3id.org/openbadges/v1') || ('badge' in json && 'recipient' in json && 'verify' in json);
}

function classifyText(text: string, form: InputForm): ReadInput {
  const trimmed = text.trim();
  if (JWS.test(trimmed.replace(/\s+/g, ''))) return { kind: 'jws', token: trimmed.replace(/\s+/g, ''), form };
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      return { kind: 'unreadable', code: 'ERR_INPUT_BAD_JSON', detail: 'This looks like JSON but is not valid JSON.' };
    }
    if (!isRecord(json)) return { kind: 'unreadable', code: 'ERR_INPUT_BAD_JSON', detail: 'The JSON is not a credential object.' };
    if (isOb2(json)) return { kind: 'ob2', form };
    // Some tools wrap the token: {"jwt": "…"} or {"credential": "…"}.
    for (const key of ['jwt', 'credential', 'vc']) {
      const value = json[key];
      if (typeof value === 'string' && JWS.test(value.trim())) return { kind: 'jws', token: value.trim(), form };
    }
    return { kind: 'json', credential: json, form };
  }
  if (trimmed.startsWith('<') || trimmed.includes('<svg')) {
    const svg = readSvgCredential(trimmed);
    if (svg.kind === 'ob2') return { kind: 'ob2', form: 'svg' };
    if (svg.kind === 'none') return { kind: 'unreadable', code: 'ERR_INPUT_NO_CREDENTIAL', detail: 'This SVG image has no Open Badges credential baked into it.' };
    return classifyText(svg.text, 'svg');
  }
  return {
    kind: 'unreadable',
    code: 'ERR_INPUT_UNRECOGNISED',
    detail: 'This is not a credential: paste the badge token (three parts separated by dots) or its JSON, or choose the badge image.',
  };
}

export async function readInput(input: string | Uint8Array): Promise<ReadInput> {
  const size = typeof input === 'string' ? (input.length > MAX_INPUT_BYTES ? Infinity : new TextEncoder().encode(input).length) : input.length;
  if (size > MAX_INPUT_BYTES) {
    return { kind: 'unreadable', code: 'ERR_INPUT_TOO_LARGE', detail: 'The input is larger than 2 MB, more than any badge needs. It was not read.' };
  }
  if (typeof input !== 'string' && isPng(input)) {
    const png = await readPngCredential(input);
    if (png.kind === 'ob2') return { kind: 'ob2', form: 'png' };
    if (png.kind === 'none') return { kind: 'unreadable', code: 'ERR_INPUT_NO_CREDENTIAL', detail: 'This PNG image has no Open Badges credential baked into it.' };
    if (png.kind === 'broken') return { kind: 'unreadable', code: 'ERR_INPUT_BAD_PNG', detail: png.detail };
    return classifyText(png.text, 'png');
  }
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  if (!text.trim()) return { kind: 'unreadable', code: 'ERR_INPUT_EMPTY', detail: 'Nothing to verify: paste a credential or choose a file.' };
  return classifyText(text, 'token');
}
