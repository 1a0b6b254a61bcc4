/**
 * Worker thread of pool-fs.ts: hosts one IssueShard and answers the main thread's requests (sign a
 * batch, publish, hand back files). Runs directly on Node (type stripping), outside Vite.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IssueShard, type CredentialJob, type ShardSetup } from './shard.ts';

type Request =
  | { id: number; type: 'sign'; jobs: CredentialJob[] }
  | { id: number; type: 'publish'; outDir: string; templates: Record<string, string>; nonce: string }
  | { id: number; type: 'files' };

const shard = new IssueShard(workerData as ShardSetup);

parentPort!.on('message', async (request: Request) => {
  try {
    const result =
      request.type === 'sign'
        ? await shard.sign(request.jobs)
        : request.type === 'publish'
          ? shard.publish(request.outDir, request.templates, request.nonce)
          : shard.files();
    parentPort!.postMessage({ id: request.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: (error as Error).stack ?? String(error) });
  }
});
