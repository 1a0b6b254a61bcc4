/**
 * npm run bench:history -- [--awards 2000] [--commits 4] [--runs 5] [--against <rev>] [--loose]
 *
 * What the award history check (src/lib/issue/award-history-fs.ts) costs every production build, on
 * a synthetic repository in the temporary folder: `--awards` made-up award files added over
 * `--commits` commits, then one commit that revokes 1 in 100 and one that edits 1 in 10, its objects
 * packed as a clone's are (--loose leaves them as separate files, as a working repository has many). Times
 * readAwardHistory as it is now against the version of award-history-fs.ts at `--against` (default:
 * the commit before src/lib/content/award-version.ts was added, when the history read diff lines),
 * the two alternated in one process, and prints the medians and their ratio, and how much of the new
 * one is parsing. Asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readAwardVersion } from '../src/lib/content/award-version.ts';
import { readAwardHistory } from '../src/lib/issue/award-history-fs.ts';
import { syntheticAwardYaml } from './synthetic-awards.ts';

const { values } = parseArgs({
  options: {
    awards: { type: 'string', default: '2000' },
    commits: { type: 'string', default: '4' },
    runs: { type: 'string', default: '5' },
    against: { type: 'string' },
    loose: { type: 'boolean', default: false },
  },
});
const awards = Number(values.awards);
const commits = Number(values.commits);
const runs = Number(values.runs);
const here = path.resolve(import.meta.dirname, '..');
const gitIn = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', maxBuffer: 1024 ** 3 });

const against = gitIn(here, 'rev-parse', '--verify', values.against ?? `${gitIn(here, 'log', '--diff-filter=A', '--format=%H', '--', 'src/lib/content/award-version.ts').trim().split('\n').pop()}^`).trim();
const work = await mkdtemp(path.join(os.tmpdir(), 'mic-bench-history-'));
try {
  // The previous reader, as it was committed (it imports types only, so it runs from anywhere).
  const oldFile = path.join(work, 'award-history-old.ts');
  await writeFile(oldFile, gitIn(here, 'show', `${against}:src/lib/issue/award-history-fs.ts`));
  const old = (await import(oldFile)) as { readAwardHistory: typeof readAwardHistory };

  const root = path.join(work, 'repo');
  const dir = path.join(root, 'content/awards');
  await mkdir(dir, { recursive: true });
  gitIn(root, 'init', '-q', '-b', 'main');
  const texts: string[] = [];
  const name = (n: number) => path.join(dir, `innovation-skills-2026-03-06-${String(n).padStart(8, '0')}.yaml`);
  for (let c = 0; c < commits; c += 1) {
    for (let n = c; n < awards; n += commits) {
      texts[n] = syntheticAwardYaml(n, { achievement: 'innovation-skills', statusIndex: n });
      await writeFile(name(n), texts[n]!);
    }
    gitIn(root, 'add', '-A');
    gitIn(root, 'commit', '-q', '-m', `Awards, part ${c + 1}`);
  }
  for (let n = 0; n < awards; n += 100) await writeFile(name(n), `${texts[n]}revoked: true\nrevokedReason: Benchmark.\nrevokedDate: 2026-04-01\n`);
  gitIn(root, 'commit', '-q', '-am', 'Revoke 1 in 100');
  for (let n = 5; n < awards; n += 10) await writeFile(name(n), texts[n]!.replace('awardedDate: 2026-03-06', 'awardedDate: 2026-03-07'));
  gitIn(root, 'commit', '-q', '-am', 'Edit 1 in 10');
  if (!values.loose) gitIn(root, 'repack', '-adq');

  const time = (read: typeof readAwardHistory) => {
    const start = performance.now();
    const history = read(root);
    const ms = performance.now() - start;
    if (!history.available) throw new Error(history.reason);
    return { ms, revoked: [...history.files.values()].filter((f) => f.revokedIn !== undefined).length };
  };
  const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  const oldRuns: number[] = [];
  const newRuns: number[] = [];
  let revoked = { old: 0, new: 0 };
  time(old.readAwardHistory);
  time(readAwardHistory);
  for (let run = 0; run < runs; run += 1) {
    const a = time(old.readAwardHistory);
    const b = time(readAwardHistory);
    oldRuns.push(a.ms);
    newRuns.push(b.ms);
    revoked = { old: a.revoked, new: b.revoked };
  }
  // The parsing alone: every distinct version once, as readAwardHistory reads it.
  const blobs = gitIn(root, 'rev-list', '--objects', '--all', '--', 'content/awards').split('\n').filter((l) => l.includes('content/awards/')).map((l) => l.split(' ')[0]!);
  const versions = blobs.map((blob) => gitIn(root, 'cat-file', 'blob', blob));
  const parseStart = performance.now();
  for (const text of versions) readAwardVersion('bench.yaml', text);
  const parseMs = performance.now() - parseStart;

  const [oldMs, newMs] = [median(oldRuns), median(newRuns)];
  console.log(`Award history, ${awards} awards, ${versions.length} versions in ${commits + 2} commits (${values.loose ? 'loose objects' : 'packed'}), median of ${runs} runs (Node ${process.version}, ${os.cpus().length} cores):`);
  console.log('| reader | time | revoked files found |');
  console.log('| --- | --- | --- |');
  console.log(`| diff lines (${against.slice(0, 12)}) | ${oldMs.toFixed(0)} ms | ${revoked.old} |`);
  console.log(`| parsed versions (now) | ${newMs.toFixed(0)} ms | ${revoked.new} |`);
  console.log(`| of which parsing | ${parseMs.toFixed(0)} ms | |`);
  console.log(`Ratio now / before: ${(newMs / oldMs).toFixed(2)}`);
} finally {
  await rm(work, { recursive: true, force: true });
}
