/**
 * Spreads the per-credential work of a build (shard.ts: build, sign, self-check, bake, write) over
 * worker threads, one per core, so it runs beside Astro's own build instead of before it. Small runs
 * (under WORKER_THRESHOLD credentials) stay on the main thread, where starting workers would cost
 * more than it saves.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { IssueShard, type CredentialJob, type ShardSetup, type SignOutcome } from './shard.ts';

/** Below this many credentials, workers cost more than they save. */
export const WORKER_THRESHOLD = 200;
const BATCH = 250;

type File = [relative: string, body: string | Uint8Array];

export interface IssuePool {
  /** Signs (or reuses) and self-checks every job; `onProgress` gets jobs done so far. */
  sign(jobs: CredentialJob[], onProgress?: (done: number) => void): Promise<SignOutcome>;
  /** Writes every credential's files and page into `outDir` (templates' tokens use `nonce`); returns the number of files. */
  publish(outDir: string, templates: Record<string, string>, nonce: string): Promise<number>;
  /** Every credential's files, in memory (astro dev, tests). */
  files(): Promise<File[]>;
  close(): Promise<void>;
}

function inlinePool(setup: ShardSetup): IssuePool {
  const shard = new IssueShard(setup);
  return {
    sign: async (jobs, onProgress) => {
      const outcome = await shard.sign(jobs);
      onProgress?.(jobs.length);
      return outcome;
    },
    publish: async (outDir, templates, nonce) => shard.publish(outDir, templates, nonce),
    files: async () => shard.files(),
    close: async () => {},
  };
}

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/** A worker hosting one shard. It only keeps the process alive while it has a request to answer. */
class ShardWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #next = 0;
  #failed: Error | undefined;

  constructor(setup: ShardSetup) {
    this.#worker = new Worker(new URL('./issue-worker.ts', import.meta.url), { workerData: setup });
    this.#worker.unref();
    this.#worker.on('message', ({ id, result, error }: Reply) => {
      const request = this.#pending.get(id);
      if (!request) return;
      this.#pending.delete(id);
      if (this.#pending.size === 0) this.#worker.unref();
      if (error !== undefined) request.reject(new Error(error));
      else request.resolve(result);
    });
    const fail = (error: Error) => {
      this.#failed = error;
      for (const request of this.#pending.values()) request.reject(error);
      this.#pending.clear();
    };
    this.#worker.once('error', fail);
    // A worker that stops without an error would otherwise leave the build waiting for ever.
    this.#worker.once('exit', (code) => fail(new Error(`An issuing worker stopped (exit code ${code}) before its work was done.`)));
  }

  request<T>(message: Record<string, unknown>): Promise<T> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#next++;
    this.#worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  async terminate() {
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }
}

function workerPool(setup: ShardSetup, size: number): IssuePool {
  const workers = Array.from({ length: size }, () => new ShardWorker(setup));
  const everyWorker = <T>(message: Record<string, unknown>) => Promise.all(workers.map((w) => w.request<T>(message)));
  return {
    sign: async (jobs, onProgress) => {
      const outcomes: SignOutcome[] = [];
      let next = 0;
      let done = 0;
      // Batches go to whichever worker is free, so a slow one never holds the others up.
      await Promise.all(
        workers.map(async (worker) => {
          while (next < jobs.length) {
            const start = next;
            const batch = jobs.slice(start, start + BATCH);
            next += batch.length;
            outcomes[start / BATCH] = await worker.request<SignOutcome>({ type: 'sign', jobs: batch });
            done += batch.length;
            onProgress?.(done);
          }
        }),
      );
      return {
        keys: outcomes.flatMap((o) => o.keys),
        signatures: outcomes.flatMap((o) => o.signatures),
        proofKeys: outcomes.flatMap((o) => o.proofKeys),
        proofs: outcomes.flatMap((o) => o.proofs),
        signed: outcomes.reduce((n, o) => n + o.signed, 0),
        proved: outcomes.reduce((n, o) => n + o.proved, 0),
        replaced: outcomes.reduce((n, o) => n + o.replaced, 0),
        failures: outcomes.flatMap((o) => o.failures),
      };
    },
    publish: async (outDir, templates, nonce) => (await everyWorker<number>({ type: 'publish', outDir, templates, nonce })).reduce((a, b) => a + b, 0),
    files: async () => (await everyWorker<File[]>({ type: 'files' })).flat(),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** A pool sized for `count` credentials: one worker per core, or the main thread for small runs. */
export function createPool(setup: ShardSetup, count: number): IssuePool {
  if (count < WORKER_THRESHOLD) return inlinePool(setup);
  return workerPool(setup, Math.max(1, Math.min(availableParallelism(), Math.ceil(count / BATCH))));
}
