// The verification core never hangs, throws or fails internally, whatever it is given (random and
// adversarial bytes, PNG, SVG, JSON and token-shaped text), in Node. The same property runs in
// Chromium in tests/e2e/verify-core-browser.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/lib/verify/verify.ts';
import { buildCorpus } from '../support/corpus.ts';
import { fuzz, type FuzzSeeds } from '../support/fuzz.ts';

let seeds: FuzzSeeds;

beforeAll(async () => {
  const corpus = await buildCorpus();
  const token = corpus.tokens.valid!;
  seeds = { corpus, token, credential: JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) };
});

describe('verification core under random input (Node)', () => {
  it('always answers with a verdict and ten steps, within the time budget, and never fails internally', async () => {
    expect(await fuzz(seeds, verify, 1_000)).toBeUndefined();
  });
});
