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
  expect: { verdict: Verdict; check?: CheckId; status?: string; code?: string | RegExp };
}

export interface Corpus {
  siteOrigin: string;
  now: string;
  /** Files this site (and an attacker's site) serve, by absolute URL. */
  files: Record<string, string>;
  cases: CorpusCase[];
}

export interface CaseOutcome {
  name: string;
  verdict: Verdict;
  checks: VerificationResult['checks'];
  polluted: boolean;
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export async function runCorpus(
  corpus: Corpus,
  verify: (input: string | Uint8Array, options: VerifyOptions) => Promise<VerificationResult>,
): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  for (const c of corpus.cases) {
    const fetch = async (url: string) => {
      if (c.blocked?.some((prefix) => url.startsWith(prefix))) throw new TypeError('Failed to fetch');
      const body = corpus.files[url];
      return body === undefined ? new Response('not found', { status: 404 }) : new Response(body);
    };
    const input = typeof c.input === 'string' ? c.input : fromBase64(c.input.base64);
    const result = await verify(input, { siteOrigin: corpus.siteOrigin, fetch, now: new Date(corpus.now), email: c.email });
    outcomes.push({ name: c.name, verdict: result.verdict, checks: result.checks, polluted: ({} as Record<string, unknown>).polluted !== undefined });
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
  if (outcome.polluted) problems.push('Object.prototype was polluted');
  return problems;
}
