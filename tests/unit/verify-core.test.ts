// The verification core in Node against the tamper corpus (the same cases run in Chromium in
// tests/e2e/verify-core-browser.test.ts), plus mutation properties with fast-check.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { badgeUrls } from '../../src/lib/ob3/urls.ts';
import { verify } from '../../src/lib/verify/verify.ts';
import { buildCorpus } from '../support/corpus.ts';
import { mismatches, runCorpus, type Corpus } from '../support/corpus-runner.ts';

let corpus: Corpus & { tokens: Record<string, string> };

beforeAll(async () => {
  corpus = await buildCorpus();
});

describe('verification core (Node)', () => {
  it('gives every corpus case its expected verdict and code', async () => {
    const outcomes = await runCorpus(corpus, verify);
    const failures = corpus.cases.flatMap((c, i) => mismatches(c, outcomes[i]!).map((m) => `${c.name}: ${m}`));
    expect(failures).toEqual([]);
  });

  it('reports every step it took, in order, with stable ids', async () => {
    const [valid] = await runCorpus({ ...corpus, cases: [corpus.cases[1]!] }, verify);
    expect(valid!.checks.map((c) => [c.id, c.status])).toEqual([
      ['input', 'pass'],
      ['header', 'pass'],
      ['key', 'pass'],
      ['signature', 'pass'],
      ['claims', 'pass'],
      ['shape', 'pass'],
      ['dates', 'pass'],
      ['status', 'pass'],
      ['recipient', 'pass'],
      ['endorsement', 'skip'],
    ]);
  });

  it('asks for this site’s status lists together with a credential fetched by its address, not after it', async () => {
    const urls = badgeUrls(corpus.siteOrigin);
    const address = urls.credentialJwt('0b6a5c1e-3f2d-4e8a-9c7b-1d2e3f4a5b6c');
    const asked: string[] = [];
    let askedBeforeAnswer: string[] = [];
    const fetch = async (url: string) => {
      asked.push(url);
      if (url === address) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        askedBeforeAnswer = [...asked];
        return new Response(corpus.tokens.valid);
      }
      return new Response(corpus.files[url] ?? '', { status: corpus.files[url] ? 200 : 404 });
    };
    const result = await verify(address, { siteOrigin: corpus.siteOrigin, fetch, now: new Date(corpus.now) });
    expect(result.verdict).toBe('valid');
    expect(askedBeforeAnswer).toEqual(expect.arrayContaining([urls.jwks, address, urls.statusList('revocation'), urls.statusList('suspension')]));
    // Each file once, however many steps need it.
    expect(asked.toSorted()).toEqual([...new Set(asked)].toSorted());
  });

  it('never verifies a token with any single character changed', async () => {
    const valid = corpus.tokens.valid!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    const fetch = async (url: string) => (corpus.files[url] === undefined ? new Response('', { status: 404 }) : new Response(corpus.files[url]));
    await fc.assert(
      fc.asyncProperty(fc.nat(valid.length - 1), fc.constantFrom(...alphabet), async (position, replacement) => {
        fc.pre(valid[position] !== replacement);
        const mutated = valid.slice(0, position) + replacement + valid.slice(position + 1);
        const result = await verify(mutated, { siteOrigin: corpus.siteOrigin, fetch, now: new Date(corpus.now) });
        expect(result.verdict).not.toBe('valid');
      }),
      { numRuns: 300 },
    );
  });

  it('never verifies a token with a segment dropped, duplicated or swapped', async () => {
    const [h, p, s] = corpus.tokens.valid!.split('.') as [string, string, string];
    const fetch = async (url: string) => new Response(corpus.files[url] ?? '', { status: corpus.files[url] ? 200 : 404 });
    const variants = [`${h}.${p}`, `${h}.${p}.`, `${p}.${h}.${s}`, `${h}.${h}.${s}`, `${h}.${p}.${p}`, `${h}..${s}`, `.${p}.${s}`, `${h}.${p}.${s}.${s}`];
    for (const variant of variants) {
      expect((await verify(variant, { siteOrigin: corpus.siteOrigin, fetch })).verdict, variant.slice(0, 30)).not.toBe('valid');
    }
  });
});
