// The hourly run's first step, run as deploy.yml writes it (bash -e, real jq), against a stand-in for
// `gh` that answers "List workflow runs for a workflow" as GitHub documents it (filters head_sha,
// branch, event, status; newest created first; per_page) from the runs a scenario describes. It decides
// whether the hourly run may go on (main's latest commit has passed a push or manual run, and no such
// run is under way) and from when releases count as due. GitHub itself is not reachable here. jq is
// Debian's (`apt-get install -y jq`); missing, these tests fail in CI and skip loudly elsewhere.
// Also the Cloudflare deploy's check step, run the same way with hostile project names.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repo } from '../support/build.ts';

const hasJq = spawnSync('jq', ['--version']).status === 0;
if (!hasJq) {
  const message = 'jq not found: the tests of the hourly run\'s first step cannot run. Install it with "sudo apt-get install -y jq".';
  if (process.env.CI && !['false', '0'].includes(process.env.CI)) throw new Error(message);
  console.warn(`\n${'!'.repeat(100)}\n!! SKIPPING. ${message}\n${'!'.repeat(100)}\n`);
}

interface Run {
  id: number;
  event: 'push' | 'workflow_dispatch' | 'schedule';
  status: 'completed' | 'in_progress' | 'queued';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  head_sha: string;
  head_branch: string;
  created_at: string;
  run_started_at: string;
}

const workflow = parse(readFileSync(path.join(repo, '.github/workflows/deploy.yml'), 'utf8')) as {
  jobs: Record<string, { steps: { id?: string; run?: string }[] }>;
};
const script = workflow.jobs.due!.steps.find((s) => s.id === 'runs')!.run!;

/** `gh api <path> --jq <filter>` from runs.json; `gh run cancel <id>` is recorded. */
const FAKE_GH = `#!/usr/bin/env node
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const args = process.argv.slice(2);
const dir = process.env.FAKE_GH_DIR;
if (args[0] === 'run' && args[1] === 'cancel') { fs.appendFileSync(dir + '/cancelled', args[2] + '\\n'); process.exit(0); }
if (args[0] !== 'api') { console.error('unexpected gh ' + args.join(' ')); process.exit(3); }
if (fs.existsSync(dir + '/fail-api')) { console.error('HTTP 502: Bad Gateway'); process.exit(1); }
const q = new URL(args[1], 'https://api.github.com/').searchParams;
const jq = args[args.indexOf('--jq') + 1];
let runs = JSON.parse(fs.readFileSync(dir + '/runs.json', 'utf8'));
runs = runs.filter((r) => (!q.get('branch') || r.head_branch === q.get('branch'))
  && (!q.get('head_sha') || r.head_sha === q.get('head_sha'))
  && (!q.get('event') || r.event === q.get('event'))
  && (!q.get('status') || r.status === q.get('status') || r.conclusion === q.get('status')));
runs.sort((a, b) => b.created_at.localeCompare(a.created_at));
runs = runs.slice(0, Number(q.get('per_page') || 30));
process.stdout.write(execFileSync('jq', ['-r', jq], { input: JSON.stringify({ total_count: runs.length, workflow_runs: runs }) }));
`;

function firstStep(head: string, runs: Run[], options: { failApi?: boolean } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mic-gh-'));
  writeFileSync(path.join(dir, 'gh'), FAKE_GH);
  // The step sleeps after cancelling (the cancellation ends a real job); here it must not wait.
  writeFileSync(path.join(dir, 'sleep'), '#!/bin/sh\nexit 0\n');
  for (const tool of ['gh', 'sleep']) chmodSync(path.join(dir, tool), 0o755);
  writeFileSync(path.join(dir, 'runs.json'), JSON.stringify(runs));
  if (options.failApi) writeFileSync(path.join(dir, 'fail-api'), '');
  const output = path.join(dir, 'output');
  writeFileSync(output, '');
  const result = spawnSync('bash', ['-e', '-c', script], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, FAKE_GH_DIR: dir, GITHUB_OUTPUT: output, GITHUB_REPOSITORY: 'city/innovation', GITHUB_RUN_ID: '999', GITHUB_SHA: head, GH_TOKEN: 'x' },
    timeout: 20_000,
  });
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  const cancelled = existsSync(path.join(dir, 'cancelled')) ? readFileSync(path.join(dir, 'cancelled'), 'utf8') : '';
  return { status: result.status, out: `${result.stdout}\n${result.stderr}`, outputs, cancelled };
}

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const run = (id: number, event: Run['event'], conclusion: Run['conclusion'], sha: string, at: string): Run => ({
  id,
  event,
  status: conclusion === null ? 'in_progress' : 'completed',
  conclusion,
  head_sha: sha,
  head_branch: 'main',
  created_at: at,
  run_started_at: at,
});

describe.skipIf(!hasJq)("The hourly run's first step (deploy.yml, due job)", () => {
  it('goes on when main\'s latest commit passed its push run, with `since` the latest successful run\'s start', () => {
    const r = firstStep(C2, [run(1, 'push', 'success', C1, '2026-12-06T09:00:00Z'), run(2, 'push', 'success', C2, '2026-12-06T10:00:00Z'), run(3, 'schedule', 'success', C2, '2026-12-06T11:07:00Z')]);
    expect(r.status, r.out).toBe(0);
    expect(r.outputs).toEqual({ since: '2026-12-06T11:07:00Z' });
    expect(r.cancelled).toBe('');
  });

  it('goes on when a manual run tested and deployed the commit after its push run failed', () => {
    const r = firstStep(C2, [run(1, 'push', 'success', C1, '2026-12-06T09:00:00Z'), run(2, 'push', 'failure', C2, '2026-12-06T10:00:00Z'), run(3, 'workflow_dispatch', 'success', C2, '2026-12-06T10:30:00Z')]);
    expect(r.status, r.out).toBe(0);
    expect(r.outputs.since).toBe('2026-12-06T10:30:00Z');
  });

  // The rollback a hostile review found: building the last push-tested commit (C1) would put it back over
  // the C2 that is live (deployed, then its smoke test failed; or deployed by a manual run).
  it('waits (cancels its run) while main\'s latest commit has not passed, never building an older one', () => {
    const r = firstStep(C2, [run(1, 'push', 'success', C1, '2026-12-06T09:00:00Z'), run(2, 'push', 'failure', C2, '2026-12-06T10:00:00Z')]);
    expect(r.status).not.toBe(0);
    expect(r.cancelled).toBe('999\n');
    expect(r.outputs).toEqual({});
    expect(r.out).toContain(`Main's latest commit (${C2}) has not passed a push or manual run`);
  });

  it('waits while a push or manual run is under way, even when the latest commit passed; a running hourly run is no reason', () => {
    const passed = [run(1, 'push', 'success', C2, '2026-12-06T09:00:00Z')];
    expect(firstStep(C2, [...passed, run(2, 'workflow_dispatch', null, C1, '2026-12-06T10:00:00Z')]).cancelled).toBe('999\n');
    expect(firstStep(C2, [...passed, run(2, 'push', null, C2, '2026-12-06T10:00:00Z')]).cancelled).toBe('999\n');
    const other = firstStep(C2, [...passed, run(2, 'schedule', null, C2, '2026-12-06T10:07:00Z')]);
    expect(other.cancelled).toBe('');
    expect(other.status, other.out).toBe(0);
  });

  it('waits on the first run ever (nothing has passed), and stops on a failed API call without a guess', () => {
    expect(firstStep(C1, []).cancelled).toBe('999\n');
    const r = firstStep(C2, [run(1, 'push', 'success', C2, '2026-12-06T09:00:00Z')], { failApi: true });
    expect(r.status).not.toBe(0);
    expect(r.outputs).toEqual({});
    expect(r.cancelled).toBe('');
  });
});

// The Cloudflare Pages project name reaches Wrangler's command line (the wrangler-action `command`
// input), so its check step must refuse anything but a project name before that.
describe("The Cloudflare deploy's check step (deploy.yml)", () => {
  const steps = (parse(readFileSync(path.join(repo, '.github/workflows/deploy.yml'), 'utf8')) as { jobs: Record<string, { steps: { id?: string; run?: string }[] }> }).jobs['deploy-cloudflare-pages']!.steps;
  const check = steps.find((s) => s.id === 'well-known')!.run!;
  const runCheck = (project: string, withFiles = true) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mic-cf-'));
    if (withFiles) {
      spawnSync('mkdir', ['-p', path.join(dir, 'dist/.well-known')]);
      for (const file of ['did.json', 'jwks.json']) writeFileSync(path.join(dir, 'dist/.well-known', file), '{}');
    }
    return spawnSync('bash', ['-e', '-c', check], { cwd: dir, encoding: 'utf8', env: { ...process.env, PROJECT: project } });
  };

  it('passes a Pages project name, and refuses one that would add arguments, or a missing .well-known', () => {
    expect(runCheck('mayors-innovation-challenge').status).toBe(0);
    for (const hostile of ['', 'site --branch=preview', 'site;rm', '--help', 'Site']) {
      const r = runCheck(hostile);
      expect(r.status, hostile).not.toBe(0);
      expect(r.stdout, hostile).toContain('CLOUDFLARE_PAGES_PROJECT');
    }
    const missing = runCheck('mayors-innovation-challenge', false);
    expect(missing.status).not.toBe(0);
    expect(missing.stdout).toContain('dist/.well-known/did.json is missing or empty: not deploying.');
  });
});
