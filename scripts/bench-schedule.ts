/**
 * npm run bench:schedule -- [--tests-seconds 1056] [--runner-setup-seconds 30] [--write]
 *
 * What the deploy workflow costs in GitHub Actions minutes a month (README, "Minutes a month"),
 * from what this machine measures in one run, on a launch-ready copy of the project (content/ is
 * never touched; a throwaway production key):
 *   - the hourly check when nothing is due: `npm run releases:due` (what the due job runs);
 *   - the hourly run when a release is due: the production build (`npm run build -- --production`),
 *     which the build job runs without the tests;
 * and, given with --tests-seconds (the full suite takes about 17 minutes here, so it is measured by
 * its own run, e.g. CI's "CI passed in N s", not again by this script), what a push run adds.
 * GitHub bills each job of a private repository rounded up to the whole minute ("Viewing job
 * execution time", docs.github.com), so the model counts jobs. What a GitHub runner spends before the
 * first command (checkout, Node, the node_modules cache) cannot be measured here: it is the
 * --runner-setup-seconds parameter, printed beside the result. Asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LAUNCH_SITE, makeLaunchReady } from './launch-ready.ts';

const { values } = parseArgs({
  options: {
    'tests-seconds': { type: 'string' },
    'runner-setup-seconds': { type: 'string', default: '30' },
    write: { type: 'boolean', default: false },
  },
});
const repo = process.cwd();
const setup = Number(values['runner-setup-seconds']);
const testsSeconds = values['tests-seconds'] === undefined ? undefined : Number(values['tests-seconds']);
if (!Number.isFinite(setup) || (testsSeconds !== undefined && !Number.isFinite(testsSeconds))) {
  console.error('--tests-seconds and --runner-setup-seconds take a number of seconds.');
  process.exit(2);
}

function run(args: string[], cwd: string, env: Record<string, string> = {}): number {
  spawnSync('sync');
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', ...env }, maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${`${result.stdout}\n${result.stderr}`.slice(-4000)}`);
  return seconds;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const root = await mkdtemp(path.join(os.tmpdir(), 'mic-bench-schedule-'));
try {
  for (const entry of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'cms', 'content', 'public', 'scripts', 'src']) {
    await cp(path.join(repo, entry), path.join(root, entry), { recursive: true });
  }
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  const ready = await makeLaunchReady(root, { awards: 'as-real' });
  // A production build reads the award history from Git, as in a checkout.
  const git = (...args: string[]) => spawnSync('git', ['-C', root, '-c', 'user.name=Benchmark', '-c', 'user.email=bench@example.org', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A', '--', ':!node_modules');
  git('commit', '-q', '-m', 'Launch-ready copy');

  const since = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  const checks = Array.from({ length: 5 }, () => run(['scripts/due-releases.ts', '--since', since], root));
  const check = median(checks);
  // Cold, as on a fresh runner: no signature cache (node_modules/.cache/mic-badges) from an earlier build.
  const builds: number[] = [];
  for (let i = 0; i < 2; i += 1) {
    await rm(path.join(repo, 'node_modules/.cache/mic-badges'), { recursive: true, force: true });
    builds.push(run(['scripts/build.ts', '--production'], root, ready.env));
  }
  const build = median(builds);

  // Jobs of each kind of run, each billed as whole minutes.
  const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));
  const hoursAMonth = 24 * 30;
  const idle = minutes(setup + check);
  const smoke = minutes(setup + 30);
  const deploy = 1;
  const dueRun = minutes(setup + check) + minutes(setup + build) + deploy + smoke;
  const before = testsSeconds === undefined ? undefined : hoursAMonth * (minutes(setup + testsSeconds + build) + deploy);
  const pushRun = testsSeconds === undefined ? undefined : minutes(setup + testsSeconds + build) + deploy + smoke;
  const rows = [
    `| The hourly check, nothing due (\`npm run releases:due\`, median of 5) | ${check.toFixed(1)} s | 1 job: ${idle} min |`,
    `| The hourly run, a release due: production build without the tests (cold, median of 2) | ${build.toFixed(1)} s | 4 jobs (check, build, deploy, smoke): ${dueRun} min |`,
    ...(pushRun === undefined ? [] : [`| A push run: the full suite (${testsSeconds} s, given) + the production build | ${(testsSeconds! + build).toFixed(0)} s | 3 jobs (build with tests, deploy, smoke): ${pushRun} min |`]),
  ];
  const month = hoursAMonth * idle;
  const summary = [
    `Hourly checks, a 30-day month with nothing due: ${hoursAMonth} x ${idle} = ${month} min; each release that comes due adds ${dueRun - idle} min${pushRun === undefined ? '' : `; each push ${pushRun} min`}.`,
    ...(before === undefined ? [] : [`Before issue 27 every hourly run ran the full suite and the build: ${hoursAMonth} x ${minutes(setup + testsSeconds! + build) + deploy} = ${before} min a month.`]),
    `GitHub-side set-up per job taken as ${setup} s (not measurable here: --runner-setup-seconds); this machine: ${os.availableParallelism()} cores, like GitHub's standard runner for private repositories.`,
  ];
  const table = ['| What | Measured here | Billed (GitHub, whole minutes a job) |', '| :-- | --: | :-- |', ...rows].join('\n');
  console.log(`${table}\n\n${summary.join('\n')}`);
  if (values.write) {
    const file = path.join(repo, 'BENCHMARKS.md');
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    const day = new Date().toISOString().slice(0, 10);
    writeFileSync(file, `${existing.trimEnd()}\n\n### Deploy workflow minutes, ${day} (issue 27: the hourly run; launch-ready copy, ${LAUNCH_SITE})\n\n${table}\n\n${summary.map((s) => `- ${s}`).join('\n')}\n`);
    console.log('Written to BENCHMARKS.md.');
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
