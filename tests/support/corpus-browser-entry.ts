// Bundled by esbuild for the browser: the corpus runner and the real verification core, on window.
import { verify } from '../../src/lib/verify/verify.ts';
import { runCorpus, type Corpus } from './corpus-runner.ts';

(globalThis as unknown as { runCorpus: (corpus: Corpus) => ReturnType<typeof runCorpus> }).runCorpus = (corpus) => runCorpus(corpus, verify);
