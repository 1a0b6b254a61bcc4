/**
 * npm run bench:issue -- [--awards 10000] [--alg RS256|ES256] [--bits 3072]
 *
 * Measures issuing at scale on this machine, with synthetic awards held in memory (content/ is
 * never touched) and a throwaway key: a cold run (empty signature cache), a rebuild with nothing
 * changed, and a rebuild after one new award. Prints a table; asserts nothing.
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkContent } from '../src/lib/content/check-fs.ts';
import type { CheckedEntry } from '../src/lib/content/integrity.ts';
import { issueBadges, issueContent, type IssueInput } from '../src/lib/issue/issue-fs.ts';
import { publicJwkOf } from '../src/lib/issue/keys-fs.ts';
import type { Award } from '../src/schemas/award.ts';

const { values } = parseArgs({
  options: { awards: { type: 'string', default: '10000' }, alg: { type: 'string', default: 'RS256' }, bits: { type: 'string', default: '3072' } },
});
const count = Number(values.awards);
const alg = values.alg.toUpperCase();
if (!Number.isInteger(count) || count < 1 || count > 131_072) throw new Error('--awards must be a whole number from 1 to 131072');

const content = await checkContent(process.cwd());
const { achievements, settings } = issueContent(content.entries);
const achievement = achievements[0]!;

function syntheticAward(n: number): CheckedEntry<Award> {
  const salt = randomBytes(16).toString('hex');
  return {
    collection: 'awards',
    id: `bench-${n}`,
    file: `content/awards/bench-${n}.yaml`,
    data: {
      credentialId: randomUUID(),
      subjectId: `urn:uuid:${randomUUID()}`,
      achievement: achievement.id,
      ...(n % 2 === 0 ? { recipientName: `Benchmark Recipient ${n}`, publishName: true } : { publishName: false }),
      identifier: [{ type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: `sha256$${createHash('sha256').update(`r${n}@example.org${salt}`).digest('hex')}`, salt }],
      awardedDate: '2026-03-06',
      evidence: [],
      statusIndex: n,
      revoked: n % 50 === 1,
      suspended: false,
      sample: true,
    },
  };
}

const privateKey =
  alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    : generateKeyPairSync('rsa', { modulusLength: Number(values.bits) }).privateKey;
const diKey = generateKeyPairSync('ed25519').privateKey;
const tmp = await mkdtemp(path.join(os.tmpdir(), 'mic-bench-'));
const input: IssueInput = {
  root: tmp,
  origin: 'https://bench.example.org',
  production: true,
  secret: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  diSecret: diKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  cacheDir: path.join(tmp, 'cache'),
  publicDir: path.join(process.cwd(), 'public'),
  awards: Array.from({ length: count }, (_, n) => syntheticAward(n)),
  achievements: [achievement],
  settings,
  keys: [
    { name: 'bench', jwk: publicJwkOf(privateKey) },
    { name: 'bench-di', jwk: publicJwkOf(diKey) },
  ],
  log: (message) => {
    if (message.startsWith('signed ')) process.stderr.write(`  ${message}\r`);
  },
};

async function run(label: string) {
  const started = performance.now();
  const result = await issueBadges(input);
  const ms = performance.now() - started;
  return { label, ms, signed: result.signed, reused: result.reused };
}

const rows = [await run('cold (empty cache)'), await run('rebuild, nothing changed')];
input.awards = [...input.awards, syntheticAward(count)];
rows.push(await run('rebuild after one new award'));
await rm(tmp, { recursive: true, force: true });

const cores = os.availableParallelism();
console.log(`\nIssuing ${count} awards, ${alg}${alg === 'RS256' ? ` ${values.bits}-bit` : ''}, ${cores} cores, Node ${process.version}`);
console.log('| run | time | signed | reused from cache |');
console.log('| :-- | --: | --: | --: |');
for (const r of rows) console.log(`| ${r.label} | ${(r.ms / 1000).toFixed(2)} s | ${r.signed} | ${r.reused} |`);
console.log('\nEach run includes building the credentials, the status lists, the self-check of every token, and reading/writing the cache.');
