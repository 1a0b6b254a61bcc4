/**
 * Step 1: what was handed in. A compact JWS, credential JSON, a baked PNG or SVG carrying either, or
 * the address of one of this site's credential files (the page, .jwt, .json, .png or .svg: what a
 * candidate's share email links to), which is fetched from this site. Open Badges 2.0 forms are
 * recognised and named rather than misread. Over 2 MB (before or after inflating) is refused unread.
 */
import { credentialAddress } from '../ob3/urls.ts';
import { decodeUtf8, MAX_INPUT_BYTES } from './bytes.ts';
import { isRecord, parseJson } from './json.ts';
import type { Net } from './net.ts';
import { isPng, readPngCredential } from './png.ts';
import { readSvgCredential } from './svg.ts';
import type { CheckCode, JudgedInput } from './types.ts';

export { MAX_INPUT_BYTES };
const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export type InputForm = JudgedInput['form'];

export type ReadInput =
  | { kind: 'jws'; token: string; form: InputForm }
  | { kind: 'json'; credential: Record<string, unknown>; form: InputForm }
  | { kind: 'ob2'; form: InputForm }
  | { kind: 'unreadable'; code: CheckCode; detail: string; form: InputForm };

function isOb2(json: Record<string, unknown>): boolean {
  const context = JSON.stringify(json['@context'] ?? '');
  return context.includes('w3id.org/openbadges/v2') || context.includes('w3id.org/openbadges/v1') || ('badge' in json && 'recipient' in json && 'verify' in json);
}

function classifyText(text: string, form: InputForm): ReadInput {
  const trimmed = text.trim();
  const compact = trimmed.replace(/\s+/g, '');
  if (JWS.test(compact)) return { kind: 'jws', token: compact, form: form === 'unknown' ? 'token' : form };
  if (trimmed.startsWith('{')) {
    const parsed = parseJson(trimmed);
    if (!parsed.ok) {
      return parsed.reason === 'depth'
        ? { kind: 'unreadable', code: 'ERR_INPUT_TOO_DEEP', detail: 'This JSON nests deeper than any credential does. It was not read.', form }
        : { kind: 'unreadable', code: 'ERR_INPUT_BAD_JSON', detail: 'This looks like JSON but is not valid JSON.', form };
    }
    const json = parsed.value;
    if (!isRecord(json)) return { kind: 'unreadable', code: 'ERR_INPUT_BAD_JSON', detail: 'The JSON is not a credential object.', form };
    if (isOb2(json)) return { kind: 'ob2', form };
    // Some tools wrap the token: {"jwt": "…"} or {"credential": "…"}.
    for (const key of ['jwt', 'credential', 'vc']) {
      const value = json[key];
      if (typeof value === 'string' && JWS.test(value.trim())) return { kind: 'jws', token: value.trim(), form: form === 'unknown' ? 'token' : form };
    }
    return { kind: 'json', credential: json, form: form === 'unknown' ? 'json' : form };
  }
  if (trimmed.startsWith('<') || trimmed.includes('<svg')) {
    const svg = readSvgCredential(trimmed);
    if (svg.kind === 'ob2') return { kind: 'ob2', form: 'svg' };
    if (svg.kind === 'none') return { kind: 'unreadable', code: 'ERR_INPUT_NO_CREDENTIAL', detail: 'This SVG image has no Open Badges credential baked into it.', form: 'svg' };
    return classifyText(svg.text, 'svg');
  }
  return {
    kind: 'unreadable',
    code: 'ERR_INPUT_UNRECOGNISED',
    detail: 'This is not a credential: paste the badge token (three parts separated by dots), its JSON or its address, or choose the badge image.',
    form,
  };
}

/** Reads bytes or text handed in (no network). */
export async function readInput(input: string | Uint8Array): Promise<ReadInput> {
  const size = typeof input === 'string' ? (input.length > MAX_INPUT_BYTES ? Infinity : new TextEncoder().encode(input).length) : input.length;
  if (size > MAX_INPUT_BYTES) {
    return { kind: 'unreadable', code: 'ERR_INPUT_TOO_LARGE', detail: 'The input is larger than 2 MB, more than any badge needs. It was not read.', form: 'unknown' };
  }
  if (typeof input !== 'string' && isPng(input)) {
    const png = await readPngCredential(input);
    if (png.kind === 'ob2') return { kind: 'ob2', form: 'png' };
    if (png.kind === 'none') return { kind: 'unreadable', code: 'ERR_INPUT_NO_CREDENTIAL', detail: 'This PNG image has no Open Badges credential baked into it.', form: 'png' };
    if (png.kind === 'broken') return { kind: 'unreadable', code: 'ERR_INPUT_BAD_PNG', detail: png.detail, form: 'png' };
    if (png.kind === 'too-large') return { kind: 'unreadable', code: 'ERR_INPUT_TOO_LARGE', detail: png.detail, form: 'png' };
    return classifyText(png.text, 'png');
  }
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  if (!text.trim()) return { kind: 'unreadable', code: 'ERR_INPUT_EMPTY', detail: 'Nothing to verify: paste a credential or choose a file.', form: 'unknown' };
  return classifyText(text, 'unknown');
}

/** A pasted web address, if the input is one (one line, http or https). */
function addressIn(input: string | Uint8Array): string | undefined {
  if (typeof input !== 'string' || input.length > 2048) return undefined;
  const text = input.trim();
  if (!/^https?:\/\/\S+$/i.test(text)) return undefined;
  try {
    return new URL(text).href;
  } catch {
    return undefined;
  }
}

/**
 * Step 1 with addresses: a pasted address of one of this site's credentials is fetched from this
 * site (a page address means its .jwt); any other address is refused without contacting it.
 */
export async function resolveInput(input: string | Uint8Array, net: Net, siteOrigin: string): Promise<{ read: ReadInput; judged: JudgedInput }> {
  const url = addressIn(input);
  if (url === undefined) {
    const read = await readInput(input);
    return { read, judged: { form: read.form } };
  }
  const address = credentialAddress(url, siteOrigin);
  if (!address) {
    const own = net.isOwn(url);
    return {
      read: {
        kind: 'unreadable',
        code: own ? 'ERR_INPUT_UNRECOGNISED' : 'ERR_INPUT_FOREIGN_URL',
        detail: own
          ? `${url} is not the address of a credential. Paste the link to the credential's page, or the badge itself.`
          : `${url} is on another site, and this verifier contacts no one but ${new URL(siteOrigin).host}. Download the badge from that address and choose the file here.`,
        form: 'unknown',
      },
      judged: { form: 'unknown', url },
    };
  }
  try {
    const read = await readInput(await net.get(address.fetch));
    return { read, judged: { form: read.form, url: address.fetch } };
  } catch (error) {
    const cause = (error as { code?: string }).code;
    return {
      read: {
        kind: 'unreadable',
        code: 'ERR_INPUT_FETCH',
        detail:
          cause === 'ERR_OFFLINE'
            ? `${url} cannot be fetched without a network. Ask the holder for the badge file or token and paste it here.`
            : `The credential at ${url} could not be fetched (${cause ?? 'network error'}). Check the address, or ask the holder for the badge file or token.`,
        form: 'unknown',
      },
      judged: { form: 'unknown', url: address.fetch },
    };
  }
}
