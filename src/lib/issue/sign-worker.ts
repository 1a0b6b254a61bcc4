/**
 * Worker thread of sign-fs.ts: signs a batch of JWS payloads with jose and posts the compact tokens
 * back. Runs directly on Node (type stripping), outside Vite, so it imports only jose and node:*.
 */
import { createPrivateKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { CompactSign } from 'jose';

interface Batch {
  id: number;
  headers: string[];
  payloads: string[];
}

const { pem, alg } = workerData as { pem: string; alg: string };
const key = createPrivateKey(pem);
const encoder = new TextEncoder();

parentPort!.on('message', async (batch: Batch) => {
  const tokens: string[] = [];
  for (let i = 0; i < batch.payloads.length; i += 1) {
    const header = JSON.parse(batch.headers[i]!) as { alg: string };
    tokens.push(await new CompactSign(encoder.encode(batch.payloads[i]!)).setProtectedHeader({ ...header, alg }).sign(key));
  }
  parentPort!.postMessage({ id: batch.id, tokens });
});
