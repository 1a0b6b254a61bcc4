// Issuing real credentials in tests, from the real content, with the committed TEST-ONLY key.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkContent } from '../../src/lib/content/check-fs.ts';
import type { CheckedEntry } from '../../src/lib/content/integrity.ts';
import { issueBadges, issueContent, type IssueInput } from '../../src/lib/issue/issue-fs.ts';
import type { Award } from '../../src/schemas/award.ts';
import type { PublicJwk } from '../../src/schemas/signing-key.ts';
import { afterAll } from 'vitest';
import { repo } from './build.ts';

const keys = path.join(repo, 'tests/fixtures/keys');
export const TEST_ONLY_RS256 = {
  name: 'test-only-rs256',
  pem: readFileSync(path.join(keys, 'test-only-rs256.pem'), 'utf8'),
  jwk: JSON.parse(readFileSync(path.join(keys, 'test-only-rs256.public.json'), 'utf8')) as PublicJwk,
};
export const TEST_ONLY_ES256 = {
  name: 'test-only-es256',
  pem: readFileSync(path.join(keys, 'test-only-es256.pem'), 'utf8'),
  jwk: JSON.parse(readFileSync(path.join(keys, 'test-only-es256.public.json'), 'utf8')) as PublicJwk,
};
export const TEST_ONLY_ED25519 = {
  name: 'test-only-ed25519',
  pem: readFileSync(path.join(keys, 'test-only-ed25519.pem'), 'utf8'),
  jwk: JSON.parse(readFileSync(path.join(keys, 'test-only-ed25519.public.json'), 'utf8')) as PublicJwk,
};
export const ORIGIN = 'https://badges.example.org';

/** Temporary folders made for a test file, removed when its tests are done. */
const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Inputs for issueBadges: the repository's content, the test-only RS256 key, fresh temp folders. */
export async function issueInput(overrides: Partial<IssueInput> = {}): Promise<IssueInput> {
  const content = await checkContent(repo);
  if (content.problems.length > 0) throw new Error('content/ is invalid');
  const tmp = await tempDir('mic-issue-');
  return {
    root: tmp,
    origin: ORIGIN,
    production: true,
    secret: TEST_ONLY_RS256.pem,
    diSecret: TEST_ONLY_ED25519.pem,
    cacheDir: path.join(tmp, 'cache'),
    publicDir: path.join(repo, 'public'),
    ...issueContent(content.entries),
    keys: [
      { name: TEST_ONLY_RS256.name, jwk: TEST_ONLY_RS256.jwk },
      { name: TEST_ONLY_ED25519.name, jwk: TEST_ONLY_ED25519.jwk },
    ],
    ...overrides,
  };
}

export const issue = async (overrides: Partial<IssueInput> = {}) => issueBadges(await issueInput(overrides));

/** A copy of an award with fresh ids, as a second import would write it. */
export function anotherAward(award: CheckedEntry<Award>, n: number): CheckedEntry<Award> {
  const hex = n.toString(16).padStart(12, '0');
  return {
    ...award,
    id: `extra-${n}`,
    file: `content/awards/extra-${n}.yaml`,
    data: {
      ...award.data,
      credentialId: `00000000-0000-4000-8000-${hex}`,
      subjectId: `urn:uuid:11111111-0000-4000-8000-${hex}`,
      statusIndex: 100_000 + n,
      revoked: false,
      suspended: false,
      matchKey: undefined as unknown as string,
    },
  };
}
