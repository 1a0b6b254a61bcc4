/**
 * npm run bench -- [--awards 1000] [--write] [--verbose] [--dir /tmp]
 *
 * Measures the whole site at scale on this machine, in a temporary copy of the project with that many
 * synthetic awards (content/ is never touched) and a throwaway production key:
 *   - cold full build (content check, signing, baking, Astro pages, Pagefind) and its peak memory;
 *   - rebuild after adding one award (how many signatures it made);
 *   - the verify page's JavaScript, gzipped, and the time from page load to verdict in Chromium;
 *   - a baseline in the same run: a bare Astro build of as many equally sized static pages, plus the
 *     same cryptography done directly with the reference libraries on all cores: node:crypto RS256
 *     signing of as many payloads, and jsonld.js RDFC-1.0 canonicalisation plus node:crypto Ed25519
 *     signing of as many credentials (the Data Integrity proofs); and the ratios project / baseline.
 * Prints a table; with --write also records it in BENCHMARKS.md. Asserts nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { publicJwkOf } from '../src/lib/issue/keys-fs.ts';
import { LAUNCH_SITE, launchReadyContent } from './launch-ready.ts';
import { syntheticAwardYaml, takenSlots } from './synthetic-awards.ts';
import { badgePaths } from '../src/lib/ob3/urls.ts';
import { verifyMetrics, verifyRows } from './verify-metrics.ts';

const { values } = parseArgs({
  options: {
    awards: { type: 'string', default: '1000' },
    write: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    // Where the copies are built: the system's temporary folder, or e.g. /dev/shm to take the disk out.
    dir: { type: 'string', default: os.tmpdir() },
  },
});
const workDir = path.resolve(values.dir);
/** The file system the builds write to (ext4, tmpfs…): with 10,000 awards a build writes 60,000 files. */
const fileSystem = (() => {
  try {
    return execFileSync('df', ['--output=fstype', workDir]).toString().trim().split('\n').pop()!.trim();
  } catch {
    return 'unknown file system';
  }
})();
const count = Number(values.awards);
const repo = process.cwd();
// A production build's launch check refuses example names, samples and placeholders: the copy is made
// launch-ready as the City's would be (scripts/launch-ready.ts), under a real-looking origin.
const SITE = LAUNCH_SITE;
const cores = os.availableParallelism();

function timed(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  // Each measurement starts with the disk's write-back done, so none pays for the one before it.
  spawnSync('sync');
  // GNU time reports the peak resident memory of the whole process tree's largest member.
  const useTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const result = spawnSync(useTime ? '/usr/bin/time' : command, useTime ? ['-f', 'MAXRSS_KB=%M', command, ...args] : args, {
    cwd: options.cwd,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${output.slice(-4000)}`);
  const rss = /MAXRSS_KB=(\d+)/.exec(output)?.[1];
  return { seconds, output, peakMb: rss ? Number(rss) / 1024 : undefined };
}

/**
 * Commits everything in the copy: a production build reads the award history from Git (and refuses
 * outside a checkout), so the benchmark builds a checkout whose awards are committed, as a deployment does.
 */
function commitCopy(root: string, message: string) {
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-C', root, '-c', 'user.name=Benchmark', '-c', 'user.email=bench@example.org', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  };
  if (!existsSync(path.join(root, '.git'))) git('init', '-q', '-b', 'main');
  git('add', '-A', '--', ':!node_modules');
  git('commit', '-q', '-m', message);
}

/** Status slots already taken by the real awards in the copy; synthetic awards skip them. */
const taken = new Set<number>();
let nextSlot = 0;
function freeSlot(): number {
  while (taken.has(nextSlot)) nextSlot += 1;
  taken.add(nextSlot);
  return nextSlot;
}

const awardYaml = (n: number, achievement: string) => syntheticAwardYaml(n, { achievement, statusIndex: freeSlot(), sample: false });

async function projectCopy(): Promise<string> {
  const root = await mkdtemp(path.join(workDir, 'mic-bench-'));
  for (const entry of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'cms', 'content', 'public', 'scripts', 'src']) {
    await cp(path.join(repo, entry), path.join(root, entry), { recursive: true });
  }
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

async function bareAstro(pages: number, bytes: number): Promise<string> {
  const root = await mkdtemp(path.join(workDir, 'mic-baseline-'));
  await writeFile(path.join(root, 'package.json'), '{"type":"module","private":true}');
  await writeFile(path.join(root, 'astro.config.mjs'), "import { defineConfig } from 'astro/config';\nexport default defineConfig({ site: 'https://baseline.example.org' });\n");
  await mkdir(path.join(root, 'src/pages'), { recursive: true });
  await writeFile(
    path.join(root, 'src/pages/[id].astro'),
    `---\nexport function getStaticPaths() { return Array.from({ length: ${pages} }, (_, i) => ({ params: { id: String(i) } })); }\nconst { id } = Astro.params;\nconst filler = 'x'.repeat(${bytes});\n---\n<html lang="en"><head><title>Page {id}</title></head><body><main><h1>Page {id}</h1><p>{filler}</p></main></body></html>\n`,
  );
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

/** Raw RS256 signing of `n` payloads of `size` bytes with node:crypto on every core. */
async function rawSigning(n: number, size: number): Promise<number> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const source = `const { parentPort, workerData } = require('node:worker_threads'); const { sign, createPrivateKey } = require('node:crypto');
const key = createPrivateKey(workerData.pem); const payload = Buffer.alloc(workerData.size, 120);
for (let i = 0; i < workerData.n; i++) sign('sha256', payload, key); parentPort.postMessage('done');`;
  const started = performance.now();
  const per = Math.ceil(n / cores);
  await Promise.all(
    Array.from({ length: cores }, (_, i) => new Promise<void>((resolve, reject) => {
      const worker = new Worker(source, { eval: true, workerData: { pem, size, n: Math.max(0, Math.min(per, n - i * per)) } });
      worker.once('message', () => void worker.terminate().then(() => resolve()));
      worker.once('error', reject);
    })),
  );
  void sign; // the workers use node:crypto's sign; imported here only to document it
  return (performance.now() - started) / 1000;
}


/**
 * The Data Integrity part of the baseline: `n` of the built credentials (their proofs removed)
 * canonicalised with jsonld.js (RDFC-1.0, the pinned contexts, safe mode) and signed with Ed25519,
 * on every core, with nothing of the project's own issuing code.
 */
async function rawProofs(n: number, credentials: string[]): Promise<number> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const worker = path.join(await mkdtemp(path.join(os.tmpdir(), 'mic-proofs-')), 'worker.ts');
  await writeFile(
    worker,
    `import { parentPort, workerData } from 'node:worker_threads';
import { createHash, createPrivateKey, sign } from 'node:crypto';
import jsonld from '${path.join(repo, 'node_modules/jsonld/lib/index.js')}';
import { pinnedLoader } from '${path.join(repo, 'src/lib/data-integrity/contexts.ts')}';
const key = createPrivateKey(workerData.pem);
const documentLoader = pinnedLoader();
const hash = async (doc) => createHash('sha256').update(await jsonld.canonize(doc, { algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true })).digest();
for (let i = 0; i < workerData.n; i++) {
  const doc = JSON.parse(workerData.credentials[i % workerData.credentials.length]);
  const options = { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'did:web:baseline.example.org#k', proofPurpose: 'assertionMethod', '@context': doc['@context'] };
  sign(null, Buffer.concat([await hash(options), await hash({ ...doc, name: doc.name + i })]), key);
}
parentPort.postMessage('done');`,
  );
  const started = performance.now();
  const per = Math.ceil(n / cores);
  await Promise.all(
    Array.from({ length: cores }, (_, i) => new Promise<void>((resolve, reject) => {
      const thread = new Worker(worker, { workerData: { pem, credentials, n: Math.max(0, Math.min(per, n - i * per)) } });
      thread.once('message', () => void thread.terminate().then(() => resolve()));
      thread.once('error', reject);
    })),
  );
  await rm(path.dirname(worker), { recursive: true, force: true });
  return (performance.now() - started) / 1000;
}

/** Seconds to create `n` files of `bytes` each in a fresh folder under `dir`: how fast this disk takes small files right now. */
async function fileProbe(dir: string, n: number, bytes: number): Promise<number> {
  const probe = await mkdtemp(path.join(dir, 'mic-probe-'));
  const body = Buffer.alloc(bytes, 120);
  spawnSync('sync');
  const started = performance.now();
  for (let i = 0; i < n; i += 1) writeFileSync(path.join(probe, `${i}.html`), body);
  const seconds = (performance.now() - started) / 1000;
  await rm(probe, { recursive: true, force: true });
  return seconds;
}

// --- The project at scale -------------------------------------------------------------------
const probeSeconds = await fileProbe(workDir, 10_000, 14 * 1024);
const root = await projectCopy();
await launchReadyContent(root, { awards: 'as-real' });
for (const slot of takenSlots(await Promise.all((await readdir(path.join(root, 'content/awards'))).map((f) => readFile(path.join(root, 'content/awards', f), 'utf8'))))) taken.add(slot);
const privateKey = generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey;
await writeFile(path.join(root, 'content/keys/bench.json'), JSON.stringify(publicJwkOf(privateKey)));
const diKey = generateKeyPairSync('ed25519').privateKey;
await writeFile(path.join(root, 'content/keys/bench-di.json'), JSON.stringify(publicJwkOf(diKey)));
for (let n = 0; n < count; n += 1) await writeFile(path.join(root, `content/awards/bench-${String(n).padStart(6, '0')}.yaml`), awardYaml(n, 'innovation-skills'));
commitCopy(root, `${count} synthetic awards`);
const env = {
  SITE_URL: SITE,
  BADGE_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  BADGE_DI_KEY: diKey.export({ type: 'pkcs8', format: 'pem' }) as string,
};
await rm(path.join(repo, 'node_modules/.cache/mic-badges'), { recursive: true, force: true });

console.log(`Building the site with ${count} awards (cold)…`);
const cold = timed(process.execPath, ['scripts/build.ts', '--production'], { cwd: root, env });
if (values.verbose) console.log(cold.output.split('\n').filter((line) => /\[(build|mic:|content)|Completed|built in|Signed|Published|Search index/.test(line) && !/├─|└─|WARN/.test(line)).join('\n'));
await writeFile(path.join(root, 'content/awards/bench-new.yaml'), awardYaml(count + 1, 'innovation-skills'));
commitCopy(root, 'One more award');
console.log('Rebuilding after one new award…');
const warm = timed(process.execPath, ['scripts/build.ts', '--production'], { cwd: root, env });
if (values.verbose) console.log(warm.output.split('\n').filter((line) => /\[(build|mic:|content)|Completed|built in|Signed|Published|Search index/.test(line) && !/├─|└─|WARN/.test(line)).join('\n'));
const signedOnRebuild = /Signed (\d+) and reused (\d+)/.exec(warm.output);
const provedOnRebuild = /made (\d+) and reused (\d+) Data Integrity/.exec(warm.output);

const dist = path.join(root, 'dist');
const pages = (await readdir(path.join(dist, badgePaths.credentials), { withFileTypes: true })).filter((e) => e.isDirectory() && e.name !== 'cards');
const samplePage = await readFile(path.join(dist, badgePaths.credentialPageFile(pages[0]!.name)));
console.log('Timing the verify page in Chromium…');
const verifyPage = verifyRows(await verifyMetrics(dist, pages[0]!.name));

// --- Baseline ----------------------------------------------------------------------------------
console.log('Baseline: bare Astro build and raw signing…');
const bare = await bareAstro(count, samplePage.length);
const bareBuild = timed(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], { cwd: bare });
const payload = (await readFile(path.join(dist, badgePaths.credentialJwt(pages[0]!.name)), 'utf8')).split('.')[1]!.length;
const signSeconds = await rawSigning(count, payload);
const someCredentials = await Promise.all(
  pages.slice(0, 50).map(async (p) => {
    const { proof: _proof, ...credential } = JSON.parse(await readFile(path.join(dist, badgePaths.credentialJson(p.name)), 'utf8'));
    return JSON.stringify(credential);
  }),
);
const proofSeconds = await rawProofs(count, someCredentials);
const baseline = bareBuild.seconds + signSeconds + proofSeconds;
await rm(bare, { recursive: true, force: true });
await rm(root, { recursive: true, force: true });

const rows = [
  ['Cold full build (check, sign, bake, pages, search index)', `${cold.seconds.toFixed(1)} s`],
  ['Peak memory of the build', cold.peakMb ? `${cold.peakMb.toFixed(0)} MB` : 'n/a'],
  [
    'Rebuild after one new award',
    `${warm.seconds.toFixed(1)} s, signed ${signedOnRebuild?.[1] ?? '?'} (reused ${signedOnRebuild?.[2] ?? '?'}), proved ${provedOnRebuild?.[1] ?? '?'} (reused ${provedOnRebuild?.[2] ?? '?'})`,
  ],
  ['File system check: 10,000 files of 14 KB written, before the builds', `${probeSeconds.toFixed(1)} s`],
  ...verifyPage,
  ['Baseline: bare Astro build of as many pages', `${bareBuild.seconds.toFixed(1)} s`],
  ['Baseline: raw RS256 signing on all cores', `${signSeconds.toFixed(1)} s`],
  ['Baseline: jsonld.js canonicalisation + Ed25519 of as many credentials on all cores', `${proofSeconds.toFixed(1)} s`],
  ['Baseline total', `${baseline.toFixed(1)} s`],
  ['Ratio: cold build / baseline', `${(cold.seconds / baseline).toFixed(2)}x`],
];
const table = [`| ${count} awards, ${cores} cores, ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, builds on ${fileSystem} | |`, '| :-- | --: |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
console.log(`\n${table}\n`);

if (values.write) {
  const file = path.join(repo, 'BENCHMARKS.md');
  const before = existsSync(file) ? await readFile(file, 'utf8') : '# Benchmarks\n\nMeasured with `npm run bench -- --awards N --write` (see scripts/bench.ts). Targets on the 2-core machine: full build with 10,000 awards <= 1.3x the baseline; a rebuild after one new award signs exactly one credential; verify-page JavaScript for a JWT badge <= 15 KB gzipped; verdict <= 200 ms after load on localhost.\n';
  const date = execFileSync('date', ['-u', '+%Y-%m-%d']).toString().trim();
  await writeFile(file, `${before.trimEnd()}\n\n### ${count} awards, ${date}\n\n${table}\n`);
  console.log('Recorded in BENCHMARKS.md.');
}
