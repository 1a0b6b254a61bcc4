/**
 * Step 1: what was handed in. A compact JWS, credential JSON, a baked PNG or SVG carrying either, or
 * the address of one of this site's credential files (the page, .jwt, .json, .png or .svg: what a
 * candidate's share email links to; the verify link printed on certificates; a bare credential id),
 * which is fetched from this site. An address is taken as people paste it: in angle brackets or
 * quotes, with the sentence's full stop after it. Open Badges 2.0 forms are
 * recognised and named rather than misread. Over 2 MB (before or after inflating) is refused unread.
 */
import { badgeUrls, CREDENTIAL_ID_PATTERN, credentialAddress } from '../ob3/urls.ts';
import { decodeUtf8, MAX_INPUT_BYTES } from './bytes.ts';
import type { Net } from './net.ts';
import { JWS } from './steps/header.ts';
import { classifyJson } from './input-json.ts';
import type { InputForm, JudgedInput, ReadInput } from './types.ts';

export { MAX_INPUT_BYTES };
export type { InputForm, ReadInput };

const noCredential = (form: 'png' | 'svg'): ReadInput => ({
  kind: 'unreadable',
  code: 'ERR_INPUT_NO_CREDENTIAL',
  detail: `This ${form.toUpperCase()} image has no Open Badges credential baked into it.`,
  form,
});

/** True when the bytes start with the PNG signature. */
const isPng = (bytes: Uint8Array) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b);

/**
 * What a text is. `depth` counts images inside images: a badge is at most a PNG carrying an SVG
 * carrying a token, so anything nested deeper is refused (each level would read the text again).
 */
export async function classifyText(text: string, form: InputForm, depth = 0): Promise<ReadInput> {
  const trimmed = text.trim();
  const compact = trimmed.replace(/\s+/g, '');
  if (JWS.test(compact)) return { kind: 'jws', token: compact, form: form === 'unknown' ? 'token' : form };
  // The SVG and PNG readers load only when an image is given, so a page verifying a token never downloads them.
  if (trimmed.startsWith('{')) return classifyJson(trimmed, form);
  if ((trimmed.startsWith('<') || trimmed.includes('<svg')) && depth < 2) {
    const { readSvgCredential } = await import('./svg.ts');
    const svg = readSvgCredential(trimmed);
    if (svg.kind === 'ob2') return { kind: 'ob2', form: 'svg' };
    if (svg.kind === 'none') return noCredential('svg');
    return classifyText(svg.text, 'svg', depth + 1);
  }
  return {
    kind: 'unreadable',
    code: 'ERR_INPUT_UNRECOGNISED',
    detail: 'Not a credential: paste the badge token or its link, or choose the badge image.',
    form,
  };
}

/** Reads bytes or text handed in (no network). */
export async function readInput(input: string | Uint8Array): Promise<ReadInput> {
  const size = typeof input === 'string' ? (input.length > MAX_INPUT_BYTES ? Infinity : new TextEncoder().encode(input).length) : input.length;
  if (size > MAX_INPUT_BYTES) {
    return { kind: 'unreadable', code: 'ERR_INPUT_TOO_LARGE', detail: 'Over 2 MB, more than any badge needs: not read.', form: 'unknown' };
  }
  if (typeof input !== 'string' && isPng(input)) {
    const { readPngCredential } = await import('./png.ts');
    const png = await readPngCredential(input);
    if (png.kind === 'ob2') return { kind: 'ob2', form: 'png' };
    if (png.kind === 'none') return noCredential('png');
    if (png.kind === 'broken') return { kind: 'unreadable', code: 'ERR_INPUT_BAD_PNG', detail: png.detail, form: 'png' };
    if (png.kind === 'too-large') return { kind: 'unreadable', code: 'ERR_INPUT_TOO_LARGE', detail: png.detail, form: 'png' };
    return classifyText(png.text, 'png', 1);
  }
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  if (!text.trim()) return { kind: 'unreadable', code: 'ERR_INPUT_EMPTY', detail: 'Nothing to verify.', form: 'unknown' };
  return classifyText(text, 'unknown');
}

/**
 * What mail clients, chat apps and sentences put around a link: <…>, quotes, brackets, and the
 * punctuation after it. None of this site's credential addresses or ids ends in one of these.
 */
const OPENERS = /^[<("'\[\u2018\u201c\u00ab]+/;
const CLOSERS = /[>)"'\].,;:!?\u2019\u201d\u00bb]+$/;

/**
 * A pasted web address, if the input is one (one line, http or https, unwrapped as above); a bare
 * credential id (a UUID, as printed on certificates) is the address of that credential on this site.
 */
export function addressIn(input: string | Uint8Array, siteOrigin: string): string | undefined {
  if (typeof input !== 'string' || input.length > 2048) return undefined;
  const text = input.trim().replace(OPENERS, '').replace(CLOSERS, '');
  if (CREDENTIAL_ID_PATTERN.test(text.toLowerCase())) return badgeUrls(siteOrigin).credentialJwt(text.toLowerCase());
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
 * `fetching` is called with the address as that credential is requested, so the caller can ask for
 * what it will need next (this site's status lists, the Data Integrity code for a .json) meanwhile.
 */
export async function resolveInput(input: string | Uint8Array, net: Net, siteOrigin: string, fetching?: (address: string) => void): Promise<{ read: ReadInput; judged: JudgedInput }> {
  const url = addressIn(input, siteOrigin);
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
          ? `${url} is a page of this site, not a credential: paste the credential’s link (from the certificate’s “Verify at” line or the share email) or its id.`
          : `${url} is on another site, which is not contacted. Download the badge there and choose the file here.`,
        form: 'unknown',
      },
      judged: { form: 'unknown', url },
    };
  }
  try {
    const bytes = net.get(address.fetch);
    fetching?.(address.fetch);
    const read = await readInput(await bytes);
    return { read, judged: { form: read.form, url: address.fetch } };
  } catch (error) {
    const cause = (error as { code?: string }).code;
    if (cause === 'ERR_NOT_FOUND') {
      return {
        read: { kind: 'unreadable', code: 'ERR_INPUT_NOT_FOUND', detail: `This site has no credential with the id ${address.id}: it was never issued here.`, form: 'unknown' },
        judged: { form: 'unknown', url: address.fetch },
      };
    }
    return {
      read: {
        kind: 'unreadable',
        code: 'ERR_INPUT_FETCH',
        detail:
          cause === 'ERR_OFFLINE'
            ? `${url} cannot be fetched offline: open the link in a browser, download the badge image there and choose the file here.`
            : `${url} could not be fetched (${cause ?? 'network error'}): check the connection and try again, or download the badge image from the link and choose the file here.`,
        form: 'unknown',
      },
      judged: { form: 'unknown', url: address.fetch },
    };
  }
}
