/**
 * Signs JWS payloads with the issuer key, fast enough for thousands of awards:
 * - a signature cache keyed by (header + payload, key thumbprint), so a rebuild signs only what is new
 *   or changed (RS256 is deterministic, so a cached signature is byte-identical to a fresh one);
 * - the rest spread over worker threads, one per core;
 * - a progress callback for long runs.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CompactSign } from 'jose';
import type { SigningKey } from './keys-fs.ts';

export interface SignRequest {
  /** The protected header as it will be encoded (exact JSON text). */
  header: string;
  /** The payload as it will be encoded (exact JSON text). */
  payload: string;
}

export interface SignReport {
  tokens: string[];
  /** Signatures made in this run. */
  signed: number;
  /** Signatures reused from the cache. */
  reused: number;
}

/** Below this many signatures, starting workers costs more than it saves. */
const WORKER_THRESHOLD = 200;
const BATCH = 250;
const CACHE_FILE = 'signatures-v1.json';

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function cacheKey(request: SignRequest, key: SigningKey): string {
  return createHash('sha256').update(key.thumbprint).update('\n').update(request.header).update('.').update(request.payload).digest('base64url');
}

async function readCache(dir: string): Promise<Map<string, string>> {
  const file = path.join(dir, CACHE_FILE);
  if (!existsSync(file)) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(await readFile(file, 'utf8')) as Record<string, string>));
  } catch {
    return new Map(); // A damaged cache only costs time: everything is signed again.
  }
}

async function writeCache(dir: string, entries: Map<string, string>) {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, CACHE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(Object.fromEntries(entries)));
  await rename(temporary, file);
}

async function signHere(requests: SignRequest[], key: SigningKey, progress: (n: number) => void): Promise<string[]> {
  const encoder = new TextEncoder();
  const tokens: string[] = [];
  for (const request of requests) {
    const header = JSON.parse(request.header) as { alg: string };
    tokens.push(await new CompactSign(encoder.encode(request.payload)).setProtectedHeader(header).sign(key.privateKey));
    progress(1);
  }
  return tokens;
}

async function signInWorkers(requests: SignRequest[], key: SigningKey, progress: (n: number) => void): Promise<string[]> {
  const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const count = Math.max(1, Math.min(availableParallelism(), Math.ceil(requests.length / BATCH)));
  const workers = Array.from(
    { length: count },
    () => new Worker(new URL('./sign-worker.ts', import.meta.url), { workerData: { pem, alg: key.alg } }),
  );
  const tokens: string[] = new Array(requests.length);
  let next = 0;
  let received = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= requests.length) return resolve();
              const start = next;
              const slice = requests.slice(start, start + BATCH);
              next += slice.length;
              worker.postMessage({ id: start, headers: slice.map((r) => r.header), payloads: slice.map((r) => r.payload) });
            };
            worker.on('message', ({ id, tokens: signed }: { id: number; tokens: string[] }) => {
              signed.forEach((token, i) => (tokens[id + i] = token));
              received += signed.length;
              progress(signed.length);
              send();
            });
            worker.once('error', reject);
            // A worker that stops without an error would otherwise leave the build waiting for ever.
            worker.once('exit', (code) => {
              if (received < requests.length) reject(new Error(`A signing worker stopped (exit code ${code}) before the signing finished.`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return tokens;
}

export async function signAll(
  requests: SignRequest[],
  key: SigningKey,
  options: { cacheDir: string; useCache?: boolean; onProgress?: (done: number, total: number) => void },
): Promise<SignReport> {
  const cache = options.useCache === false ? new Map<string, string>() : await readCache(options.cacheDir);
  const keys = requests.map((r) => cacheKey(r, key));
  const tokens: string[] = new Array(requests.length);
  const missing: number[] = [];
  keys.forEach((k, i) => {
    const signature = cache.get(k);
    if (signature) tokens[i] = `${b64url(requests[i]!.header)}.${b64url(requests[i]!.payload)}.${signature}`;
    else missing.push(i);
  });

  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.(done, missing.length);
  };
  const toSign = missing.map((i) => requests[i]!);
  const fresh = toSign.length >= WORKER_THRESHOLD ? await signInWorkers(toSign, key, progress) : await signHere(toSign, key, progress);
  missing.forEach((i, n) => (tokens[i] = fresh[n]!));

  // Keep only what this build used, so the cache never grows with deleted awards or retired keys.
  const used = new Map<string, string>();
  keys.forEach((k, i) => used.set(k, tokens[i]!.slice(tokens[i]!.lastIndexOf('.') + 1)));
  await writeCache(options.cacheDir, used);
  return { tokens, signed: toSign.length, reused: requests.length - toSign.length };
}
