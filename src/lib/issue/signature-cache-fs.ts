/**
 * The signature cache, so a rebuild signs only what is new or changed: signatures by a hash of the
 * key's thumbprint, the protected header and the payload. RS256 is deterministic, so a cached
 * signature is byte-identical to a fresh one; every cached signature is verified before use anyway
 * (shard.ts), so a damaged cache costs time, never a wrong file.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

const CACHE_FILE = 'signatures-v1.json';

export function cacheKey(thumbprint: string, header: string, payload: string): string {
  return createHash('sha256').update(thumbprint).update('\n').update(header).update('.').update(payload).digest('base64url');
}

export async function readSignatureCache(dir: string): Promise<Map<string, string>> {
  const file = path.join(dir, CACHE_FILE);
  if (!existsSync(file)) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(await readFile(file, 'utf8')) as Record<string, string>));
  } catch {
    return new Map(); // A damaged cache only costs time: everything is signed again.
  }
}

/** Replaces the cache with what this build used, so it never grows with deleted awards or retired keys. */
export async function writeSignatureCache(dir: string, entries: Map<string, string>) {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, CACHE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(Object.fromEntries(entries)));
  await rename(temporary, file);
}
