// The publish check of the deploy (npm run publish-guard): a public repository that holds real awards
// is never published from, and the workflow runs the check, with GitHub's answer, before anything is
// built or uploaded. Award files are written here by scenario; nothing is read from content/.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkPublish } from '../../src/lib/deploy/publish-guard-fs.ts';
import { repo } from '../support/build.ts';
import { tempDir } from '../support/issue.ts';

/** One valid award file; `extra` adds lines at the end (sample, revocation, a name). */
const award = (n: number, extra = '') => `# Award written by npm run awards:import.
credentialId: 6c4635d2-949d-4dc7-8bea-ef43008fea${String(n).padStart(2, '0')}
subjectId: urn:uuid:61ebbfbb-d737-4fe5-b6b7-e81aa35a02${String(n).padStart(2, '0')}
achievement: innovation-skills
publishName: false
identifier:
  - type: IdentityObject
    hashed: true
    identityType: emailAddress
    identityHash: sha256$${'5e'.repeat(32)}
    salt: ${'a7'.repeat(16)}
awardedDate: 2022-03-04
statusIndex: ${1000 + n}
${extra}`;

const SAMPLE = 'sample: true\n';

/** A repository folder whose content/awards/ holds these files. */
async function repository(files: Record<string, string>): Promise<string> {
  const root = await tempDir('mic-publish-guard-');
  await mkdir(path.join(root, 'content/awards'), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, 'content/awards', name), text);
  return root;
}

/** `npm run publish-guard` in `root`, with only the variables given (none inherited from this shell). */
function runGuard(root: string, env: Record<string, string>) {
  const run = spawnSync(process.execPath, [path.join(repo, 'scripts/publish-guard.ts')], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const threeSamples = { 'a-1.yaml': award(1, SAMPLE), 'a-2.yaml': award(2, SAMPLE), 'a-3.yaml': award(3, SAMPLE) };

describe('publish check', () => {
  it('refuses a public repository with real awards: says why, how many, and the ways out', async () => {
    const root = await repository({ ...threeSamples, 'r-1.yaml': award(4), 'r-2.yml': award(5, 'sample: false\n') });
    const run = runGuard(root, { REPOSITORY_VISIBILITY: 'public' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Not published: this repository is public, and content/awards/ holds 2 real awards (award files without sample: true).');
    expect(run.stderr).toContain('test an email address against each award\'s salted hash and salt');
    expect(run.stderr).toContain('Make the repository private (Settings > General > Danger Zone > Change visibility). GitHub Pages from a private\n    repository needs a paid GitHub plan: Pro, Team or Enterprise.');
    expect(run.stderr).toContain('publish to Cloudflare Pages or Netlify: set the repository variable\n    DEPLOY_TARGET to cloudflare-pages or netlify (README, "Hosting").');
    // The places the message sends people to exist and say the same.
    expect(run.stderr).toContain('docs/public-repository.md');
    expect(existsSync(path.join(repo, 'docs/public-repository.md'))).toBe(true);
    expect(readFileSync(path.join(repo, 'README.md'), 'utf8')).toContain('(docs/public-repository.md)');
  });

  it('never prints what it protects: no hash, salt, name or revocation reason reaches the (public) log', async () => {
    const root = await repository({
      'r-1.yaml': award(1, 'revoked: true\nrevokedReason: Academic misconduct found on review\nrevokedDate: 2023-01-10\n').replace('publishName: false', 'publishName: true\nrecipientName: Jordan Example'),
    });
    const run = runGuard(root, { REPOSITORY_VISIBILITY: 'public', GITHUB_ACTIONS: 'true' });
    expect(run.status).toBe(1);
    for (const secret of ['5e'.repeat(32), 'a7'.repeat(16), 'Jordan Example', 'Academic misconduct', '6c4635d2-949d-4dc7']) {
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
    expect(run.stderr).toContain('holds 1 real award (an award file without sample: true).');
  });

  it('in a GitHub workflow, also puts the reason on the run summary as an error annotation', async () => {
    const root = await repository({ 'r-1.yaml': award(1) });
    const run = runGuard(root, { REPOSITORY_VISIBILITY: 'public', GITHUB_ACTIONS: 'true' });
    expect(run.stdout.split('\n')[0]).toBe(
      '::error title=Publish check::Not published: this repository is public, and content/awards/ holds 1 real award (an award file without sample: true).',
    );
  });

  it('passes a public repository that holds only sample awards, warning before the first real one', async () => {
    const root = await repository(threeSamples);
    const run = runGuard(root, { REPOSITORY_VISIBILITY: 'public', GITHUB_ACTIONS: 'true' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('::warning title=Publish check::Publish check: the repository is public, and content/awards/ holds only sample awards (3)');
    expect(run.stdout).toContain('Before the first real award is imported, make the repository private');
    const empty = await repository({});
    expect(runGuard(empty, { REPOSITORY_VISIBILITY: 'public' }).status).toBe(0);
  });

  it('passes a private repository, real awards or not, and an internal one (readable only inside its enterprise)', async () => {
    const root = await repository({ ...threeSamples, 'r-1.yaml': award(4) });
    const run = runGuard(root, { REPOSITORY_VISIBILITY: 'private', GITHUB_ACTIONS: 'true' });
    expect(run).toEqual({ status: 0, stdout: 'Publish check: the repository is private, so its award files are not public. Going on.\n', stderr: '' });
    expect(await checkPublish(root, 'internal')).toMatchObject({ code: 'PUBLISH_INTERNAL', exitCode: 0 });
    // As the workflow writes it: gh's answer with its newline.
    expect(await checkPublish(root, 'private\n')).toMatchObject({ code: 'PUBLISH_PRIVATE', exitCode: 0 });
  });

  it('stops when the visibility is unknown (not set, empty, or anything else), rather than guess', async () => {
    const root = await repository(threeSamples);
    const unset = runGuard(root, {});
    expect(unset.status).toBe(1);
    expect(unset.stderr).toContain('Not published: the repository\'s visibility is unknown (REPOSITORY_VISIBILITY is empty; expected public, private or internal).');
    expect(unset.stderr).toContain('the step "Repository visibility" asks GitHub\'s API for it');
    for (const value of ['', 'null', 'true', 'false', 'publicc']) {
      expect(await checkPublish(root, value)).toMatchObject({ code: 'REFUSED_VISIBILITY_UNKNOWN', exitCode: 1 });
    }
    expect((await checkPublish(root, 'null')).text).toContain('(REPOSITORY_VISIBILITY is "null";');
  });

  it('reads the award files with the build\'s parser: a comment or a string is no sample, and a broken file counts as real', async () => {
    const root = await repository({
      // A comment is not a field.
      'r-1.yaml': award(1, '# sample: true\n'),
      // YAML 1.2: "true" in quotes and yes are text, which the schema refuses: nobody can tell it is a sample.
      'r-2.yaml': award(2, 'sample: "true"\n'),
      'r-3.yaml': award(3, 'sample: yes\n'),
      'broken.yaml': `${award(4, SAMPLE)}identifier: [\n`,
      's-1.yaml': award(5, SAMPLE),
    });
    const verdict = await checkPublish(root, 'public');
    expect(verdict.code).toBe('REFUSED_PUBLIC_REAL_AWARDS');
    expect(verdict.text.split('\n')[0]).toBe(
      'Not published: this repository is public, and content/awards/ holds 1 real award (an award file without sample: true), and 3 award files that fail the content check and so count as real (npm run build names the problem): content/awards/broken.yaml, content/awards/r-2.yaml, content/awards/r-3.yaml.',
    );
  });
});

describe('deploy workflow', () => {
  interface Step {
    id?: string;
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    'continue-on-error'?: unknown;
    env?: Record<string, string>;
  }
  const workflow = parse(readFileSync(path.join(repo, '.github/workflows/deploy.yml'), 'utf8')) as {
    on: Record<string, unknown>;
    jobs: Record<string, { steps: Step[]; needs?: string | string[] }>;
  };
  const steps = workflow.jobs.build?.steps ?? [];
  const at = (found: (s: Step) => boolean, what: string) => {
    const index = steps.findIndex(found);
    if (index < 0) throw new Error(`deploy.yml's build job has no ${what} step.`);
    return index;
  };

  it('runs the publish check, unconditionally, before the tests, the production build and the upload', () => {
    const guard = at((s) => s.run === 'npm run publish-guard', 'publish check');
    const tests = at((s) => s.run === 'npm test', 'test');
    const build = at((s) => s.run?.startsWith('npm run build -- --production') === true, 'production build');
    // The build job uploads dist/ as an artifact; each host's deploy job publishes only that.
    const upload = at((s) => s.uses?.startsWith('actions/upload-artifact@') === true, 'upload');
    expect(guard).toBeLessThan(tests);
    expect(guard).toBeLessThan(build);
    expect(guard).toBeLessThan(upload);
    expect(steps[guard]?.if).toBeUndefined();
    expect(steps[guard]?.['continue-on-error']).toBeUndefined();
    // The deploy jobs (one per host) publish only what a finished build job uploaded.
    for (const job of ['deploy-github-pages', 'deploy-cloudflare-pages']) expect([workflow.jobs[job]?.needs].flat(), job).toContain('build');
  });

  it('passes the visibility GitHub\'s API gives, for push, schedule and workflow_dispatch alike', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'schedule', 'workflow_dispatch']);
    const guard = at((s) => s.run === 'npm run publish-guard', 'publish check');
    const wired = /^\$\{\{ steps\.([\w-]+)\.outputs\.visibility \}\}$/.exec(steps[guard]?.env?.REPOSITORY_VISIBILITY ?? '');
    expect(wired, 'REPOSITORY_VISIBILITY comes from an earlier step\'s output').not.toBeNull();
    const source = at((s) => s.id === wired?.[1], `"${wired?.[1]}"`);
    expect(source).toBeLessThan(guard);
    expect(steps[source]?.if).toBeUndefined();
    expect(steps[source]?.run).toBe('echo "visibility=$(gh api "repos/$GITHUB_REPOSITORY" --jq .visibility)" >> "$GITHUB_OUTPUT"');
    expect(steps[source]?.env).toEqual({ GH_TOKEN: '${{ github.token }}' });
  });
});
