// Bundled by esbuild for the browser: the corpus runner, the random-input property and the real
// verification core, on window.
import { verify } from '../../src/lib/verify/verify.ts';
import { runCorpus, type Corpus } from './corpus-runner.ts';
import { fuzz, type FuzzSeeds } from './fuzz.ts';

const on = globalThis as unknown as {
  runCorpus: (corpus: Corpus) => ReturnType<typeof runCorpus>;
  fuzz: (seeds: FuzzSeeds, numRuns: number) => ReturnType<typeof fuzz>;
};
on.runCorpus = (corpus) => runCorpus(corpus, verify);
on.fuzz = (seeds, numRuns) => fuzz(seeds, verify, numRuns);
