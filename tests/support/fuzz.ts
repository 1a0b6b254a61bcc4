// Properties of the verification core over random and adversarial input (bytes, PNG, SVG, JSON,
// token-shaped text): it always answers, with a verdict of the shared set, the ten steps in order,
// no internal failure, within a time budget. No node:* here: the same file runs in Node (imported)
// and in Chromium (bundled by esbuild).
import fc from 'fast-check';
import type { VerificationResult } from '../../src/lib/verify/types.ts';
import type { VerifyOptions } from '../../src/lib/verify/verify.ts';
import type { Corpus } from './corpus-runner.ts';

/** What one verify() may take on this machine, whatever it is given (network stalls end at the corpus time limit). */
export const TIME_BUDGET_MS = 1_500;
const STEPS = 'input,header,key,signature,claims,shape,dates,status,recipient,endorsement';
const VERDICTS = ['error', 'not-found', 'invalid', 'unknown-issuer', 'revoked', 'suspended', 'expired', 'not-yet-valid', 'recipient-mismatch', 'status-unknown', 'valid'];

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};
const u32 = (n: number) => Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** PNG-shaped bytes: the signature, then chunks of any type, with honest or lying lengths and iTXt bodies of any shape. */
function pngs(token: string): fc.Arbitrary<Uint8Array> {
  const itxt = fc
    .tuple(fc.constantFrom('openbadgecredential', 'openbadges', 'x'), fc.constantFrom(0, 1, 2), fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.constant(ascii(token))))
    .map(([keyword, flag, text]) => concat([ascii(keyword), Uint8Array.of(0, flag, 0), ascii('en'), Uint8Array.of(0, 0), text]));
  const chunk = fc
    .tuple(fc.constantFrom('IHDR', 'iTXt', 'tEXt', 'zTXt', 'IDAT', 'IEND', 'zzzz'), fc.oneof(itxt, fc.uint8Array({ maxLength: 300 })), fc.option(fc.nat(), { freq: 4 }))
    .map(([type, data, lie]) => concat([u32(lie ?? data.length), ascii(type), data, u32(0)]));
  return fc.array(chunk, { maxLength: 8 }).map((chunks) => concat([PNG_SIGNATURE, ...chunks]));
}

/** SVG-shaped text assembled from the pieces a reader has to get right (tags, quotes, CDATA, references). */
function svgs(token: string): fc.Arbitrary<string> {
  const pieces = [
    '<svg xmlns="http://www.w3.org/2000/svg" ',
    'xmlns:ob="https://purl.imsglobal.org/ob/v3p0" ',
    "xmlns:openbadges='https://purl.imsglobal.org/ob/v3p0/' ",
    '>',
    '<ob:credential',
    '<openbadges:credential ',
    ' verify="',
    " verify='",
    '"',
    "'",
    '/>',
    '</ob:credential>',
    '<![CDATA[',
    ']]>',
    '&#',
    '&#x',
    '110000;',
    '99999999999;',
    '65;',
    '&amp;',
    '&lt;',
    token,
    token.slice(0, 40),
    '</svg>',
    ' ',
    '\n',
  ];
  const reference = fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 12n }).map((n) => `&#${n};`),
    fc.bigInt({ min: 0n, max: 16n ** 9n }).map((n) => `&#x${n.toString(16)};`),
  );
  const piece = fc.oneof(fc.constantFrom(...pieces), reference, fc.string({ maxLength: 8 }));
  const freeForm = fc.array(piece, { maxLength: 120 }).map((parts) => parts.join(''));
  // A well-formed credential element whose value is made of the same pieces.
  const element = fc
    .tuple(fc.array(fc.oneof(reference, piece), { maxLength: 40 }), fc.boolean())
    .map(([parts, inBody]) =>
      inBody
        ? `<svg xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential>${parts.join('')}</ob:credential></svg>`
        : `<svg xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential verify="${parts.join('').replace(/"/g, '')}"/></svg>`,
    );
  return fc.oneof(freeForm, element);
}

/** JSON, random or deeply nested, and credential JSON with parts replaced by random values. */
function jsons(credential: Record<string, unknown>): fc.Arbitrary<string> {
  const nested = fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`);
  const mutated = fc
    .tuple(fc.constantFrom(...Object.keys(credential)), fc.jsonValue({ maxDepth: 4 }))
    .map(([key, value]) => JSON.stringify({ ...credential, [key]: value }));
  return fc.oneof(fc.json({ maxDepth: 6 }), nested, mutated);
}

/** Token-shaped text: three (or two, or four) base64url parts, random or taken from a real token. */
function tokens(token: string): fc.Arbitrary<string> {
  const part = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{0,300}$/), fc.constantFrom(...token.split('.')));
  return fc.array(part, { minLength: 2, maxLength: 4 }).map((parts) => parts.join('.'));
}

export interface FuzzSeeds {
  corpus: Corpus;
  token: string;
  credential: Record<string, unknown>;
}

export function inputs(seeds: FuzzSeeds): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.string({ maxLength: 400 }), pngs(seeds.token), svgs(seeds.token), jsons(seeds.credential), tokens(seeds.token));
}

/** Why a result breaks the properties, or undefined. */
export function brokenBy(result: VerificationResult, ms: number): string | undefined {
  if (!VERDICTS.includes(result.verdict)) return `verdict ${String(result.verdict)}`;
  if (result.checks.map((c) => c.id).join(',') !== STEPS) return `steps ${result.checks.map((c) => c.id).join(',')}`;
  const internal = result.checks.find((c) => c.code === 'ERR_INTERNAL');
  if (internal) return `internal failure (${internal.cause})`;
  if (ms > TIME_BUDGET_MS) return `took ${Math.round(ms)} ms`;
  return undefined;
}

/** Runs the property; resolves to the counterexample's description, or undefined when it holds. */
export async function fuzz(
  seeds: FuzzSeeds,
  verify: (input: string | Uint8Array, options: VerifyOptions) => Promise<VerificationResult>,
  numRuns: number,
  seed?: number,
): Promise<string | undefined> {
  const fetch = async (url: string) => {
    const body = seeds.corpus.files[url];
    return body === undefined || body.startsWith('base64:') ? new Response('not found', { status: 404 }) : new Response(body);
  };
  const report = await fc.check(
    fc.asyncProperty(inputs(seeds), async (input) => {
      const started = performance.now();
      let result: VerificationResult;
      try {
        result = await verify(input, { siteOrigin: seeds.corpus.siteOrigin, fetch, now: new Date(seeds.corpus.now), timeoutMs: 300, email: 'pat.sample@example.org' });
      } catch (error) {
        throw new Error(`verify() threw: ${String(error)}`);
      }
      const broken = brokenBy(result, performance.now() - started);
      if (broken) throw new Error(broken);
    }),
    { numRuns, ...(seed === undefined ? {} : { seed }) },
  );
  if (!report.failed) return undefined;
  const example = report.counterexample?.[0];
  const shown = typeof example === 'string' ? JSON.stringify(example.slice(0, 300)) : example ? `${example.length} bytes` : '';
  return `${report.errorInstance instanceof Error ? report.errorInstance.message : String(report.errorInstance)} for ${shown} (seed ${report.seed}, path ${report.counterexamplePath})`;
}
