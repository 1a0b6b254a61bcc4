// Runs the verification corpus with whatever `verify` it is given: imported in Node, bundled in Chromium.
// No node:* here, so the browser runs exactly this file.
import type { VerifyOptions } from '../../src/lib/verify/verify.ts';
import type { CheckId, VerificationResult, Verdict } from '../../src/lib/verify/types.ts';

export interface CorpusCase {
  name: string;
  /** Text to verify, or bytes as base64 (images). */
  input: string | { base64: string };
  email?: string;
  /** URL prefixes that cannot be reached (the request fails as a network error would). */
  blocked?: string[];
  /** URL prefixes that never answer (the verifier's time limit must end the wait). */
  stalled?: string[];
  /** Files served differently in this case, by absolute URL. */
  serve?: Record<string, string>;
  /** No network at all (as the offline file opened from disk). */
  offline?: boolean;
  /** The site's published keys pinned, as the offline file and a pinned CLI have them. */
  pinned?: boolean;
  /** Data Integrity keys supplied by the caller, by verificationMethod (VerifyOptions.knownKeys). */
  knownKeys?: Record<string, string>;
  /** URL prefixes that must not be requested at all (a third party that would learn of the check). */
  neverRequest?: string[];
  expect: { verdict: Verdict; check?: CheckId; status?: string; code?: string | RegExp; judged?: string };
}

export interface Corpus {
  siteOrigin: string;
  now: string;
  /** Files this site (and an attacker's site) serve, by absolute URL; binary ones as base64 with a "base64:" prefix. */
  files: Record<string, string>;
  cases: CorpusCase[];
}

export interface CaseOutcome {
  name: string;
  verdict: Verdict;
  checks: VerificationResult['checks'];
  judged: VerificationResult['input'];
  requested: string[];
  /** Requests for anything but this site's files (there must be none). */
  foreign: string[];
  polluted: boolean;
  ms: number;
}

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The time limit the corpus gives each request, so a stalled one ends quickly. */
export const CORPUS_TIMEOUT_MS = 300;

export async function runCorpus(
  corpus: Corpus,
  verify: (input: string | Uint8Array, options: VerifyOptions) => Promise<VerificationResult>,
): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  const jwks = JSON.parse(corpus.files[`${corpus.siteOrigin}/.well-known/jwks.json`] ?? '{"keys":[]}');
  for (const c of corpus.cases) {
    const requested: string[] = [];
    const fetch = async (url: string, init?: { signal?: AbortSignal }) => {
      requested.push(url);
      if (c.blocked?.some((prefix) => url.startsWith(prefix))) throw new TypeError('Failed to fetch');
      // A server that never answers: only the verifier's time limit ends the wait, as with a real fetch.
      if (c.stalled?.some((prefix) => url.startsWith(prefix))) {
        return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
      }
      const body = c.serve?.[url] ?? corpus.files[url];
      if (body === undefined) return new Response('not found', { status: 404 });
      return new Response(body.startsWith('base64:') ? fromBase64(body.slice(7)) : body);
    };
    const input = typeof c.input === 'string' ? c.input : fromBase64(c.input.base64);
    const started = performance.now();
    const result = await verify(input, {
      siteOrigin: corpus.siteOrigin,
      fetch: c.offline ? undefined : fetch,
      ...(c.pinned ? { trustedKeys: jwks } : {}),
      timeoutMs: CORPUS_TIMEOUT_MS,
      now: new Date(corpus.now),
      email: c.email,
      ...(c.knownKeys ? { knownKeys: c.knownKeys } : {}),
    });
    outcomes.push({
      name: c.name,
      verdict: result.verdict,
      checks: result.checks,
      judged: result.input,
      requested,
      foreign: requested.filter((url) => !url.startsWith(`${corpus.siteOrigin}/`)),
      polluted: ({} as Record<string, unknown>).polluted !== undefined,
      ms: performance.now() - started,
    });
  }
  return outcomes;
}

/** Differences between an outcome and what its case expects; empty when it matches. */
export function mismatches(c: CorpusCase, outcome: CaseOutcome): string[] {
  const problems: string[] = [];
  if (outcome.verdict !== c.expect.verdict) problems.push(`verdict ${outcome.verdict}, expected ${c.expect.verdict}`);
  if (c.expect.check) {
    const check = outcome.checks.find((k) => k.id === c.expect.check);
    if (!check) problems.push(`no ${c.expect.check} check`);
    else {
      if (c.expect.status && check.status !== c.expect.status) problems.push(`${check.id} ${check.status}, expected ${c.expect.status}`);
      const code = c.expect.code;
      if (code && !(typeof code === 'string' ? check.code === code : code.test(check.code))) problems.push(`${check.id} code ${check.code}, expected ${String(code)}`);
    }
  }
  if (c.expect.judged !== undefined && outcome.judged.url !== c.expect.judged) problems.push(`judged ${outcome.judged.url}, expected ${c.expect.judged}`);
  // Every result lists the ten steps, once each, in order.
  const ids = outcome.checks.map((k) => k.id).join(',');
  if (ids !== 'input,header,key,signature,claims,shape,dates,status,recipient,endorsement') problems.push(`steps ${ids}`);
  for (const prefix of c.neverRequest ?? []) {
    const leaked = outcome.requested.filter((url) => url.startsWith(prefix));
    if (leaked.length > 0) problems.push(`requested ${leaked.join(', ')}`);
  }
  if (outcome.foreign.length > 0) problems.push(`requested another site: ${outcome.foreign.join(', ')}`);
  if (outcome.polluted) problems.push('Object.prototype was polluted');
  // Nothing may keep an employer waiting: a stalled request ends at the time limit.
  if (outcome.ms > 2_000) problems.push(`took ${Math.round(outcome.ms)} ms`);
  return problems;
}
