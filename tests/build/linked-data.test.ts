// Every JSON-LD document the built site publishes (credentials, the issuer profile, the status lists,
// the DID document) expands in JSON-LD safe mode with the pinned contexts only: no term or type is
// undefined, and no context is fetched (the loader knows only the pinned ones).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import jsonld from 'jsonld';
import { describe, expect, inject, it } from 'vitest';
import { pinnedLoader, UnpinnedContextError } from '../../src/lib/data-integrity/contexts.ts';
import { badgePaths } from '../../src/lib/ob3/urls.ts';

const dist = inject('builtSite');

async function documents(): Promise<string[]> {
  const credentials = (await readdir(path.join(dist, badgePaths.credentials))).filter((f) => f.endsWith('.json')).map((f) => `${badgePaths.credentials}/${f}`);
  const lists = (await readdir(path.join(dist, badgePaths.status))).filter((f) => f.endsWith('.json')).map((f) => `${badgePaths.status}/${f}`);
  return [...credentials, ...lists, badgePaths.issuer, badgePaths.didDocument];
}

describe('published JSON-LD', () => {
  it('expands in safe mode with the pinned contexts, every document of every kind', async () => {
    const files = await documents();
    expect(files.filter((f) => f.startsWith('credentials/')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith('status/')).length).toBe(2);
    const problems: string[] = [];
    for (const file of files) {
      const document = JSON.parse(await readFile(path.join(dist, file), 'utf8'));
      try {
        const expanded = await jsonld.expand(document, { documentLoader: pinnedLoader(), safe: true });
        if (expanded.length === 0) problems.push(`${file}: expands to nothing`);
      } catch (error) {
        problems.push(`${file}: ${(error as Error).message} ${JSON.stringify((error as { details?: unknown }).details ?? '').slice(0, 300)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('would refuse a document with a term its contexts do not define, and never fetches a context', async () => {
    const issuer = JSON.parse(await readFile(path.join(dist, badgePaths.issuer), 'utf8'));
    // The Profile context has no @vocab: an unknown type is caught in safe mode.
    await expect(jsonld.expand({ ...issuer, type: ['Profile', 'MadeUpType'], '@context': ['https://www.w3.org/ns/did/v1'] }, { documentLoader: pinnedLoader(), safe: true })).rejects.toThrow();
    await expect(jsonld.expand({ ...issuer, '@context': [...issuer['@context'], 'https://attacker.example/context.jsonld'] }, { documentLoader: pinnedLoader(), safe: true })).rejects.toSatisfy(
      (error: unknown) => JSON.stringify(error).includes('attacker.example') || error instanceof UnpinnedContextError,
    );
  });
});
