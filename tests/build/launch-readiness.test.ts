// Production refuses what is not real. One copy of the project, in steps: as it is in the repository a
// development build shows the samples labelled and says what production would refuse, and a production
// build stops naming every file (nothing built, nothing signed); made launch-ready, it still stops on a
// development or TEST-ONLY key, and passes with fresh keys.
import { existsSync } from 'node:fs';
import { copyFile, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../../src/lib/content/launch.ts';
import { loadSigningKey } from '../../src/lib/issue/keys-fs.ts';
import { commitAll, copyProject, LOCAL_ORIGIN, repo, runBuild } from '../support/build.ts';
import { TEST_ONLY_RS256 } from '../support/issue.ts';
import { freshKeys, LAUNCH_KEY_NAMES, LAUNCH_SITE, launchReadyContent, type LaunchReady } from '../../scripts/launch-ready.ts';

let root: string;
/** Fresh keys, committed in the copy from the start, so the only problems are the content's. */
let ready: LaunchReady;
const sampleWinners = ['sample-2022-finalist.yaml', 'sample-2022-first-place.yaml', 'sample-2022-second-place.yaml'].map((f) => `content/winners/${f}`);
let sampleAwards: string[];

const production = (env: Record<string, string>) => runBuild(root, { args: ['--production'], env });
/** The lines the report prints under `file`, up to the next file. */
function reportedUnder(output: string, file: string): string[] {
  const lines = output.split('\n');
  const start = lines.indexOf(file);
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('  '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

beforeAll(async () => {
  root = await copyProject();
  sampleAwards = (await readdir(path.join(root, 'content/awards'))).sort().map((f) => `content/awards/${f}`);
  commitAll(root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the repository as it is', () => {
  it('builds for development with the samples labelled, and says what a production build would refuse', async () => {
    const { status, output } = runBuild(root, { outDir: 'dev-dist' });
    expect(status, output).toBe(0);
    expect(output).toMatch(/A production build would refuse \d+ things; see "Before launch" in README\.md\. First:/);
    const winners = parse(await readFile(path.join(root, 'dev-dist/winners/index.html'), 'utf8'));
    await rm(path.join(root, 'dev-dist'), { recursive: true, force: true });
    expect(winners.querySelectorAll('.tag--sample').map((tag) => tag.text.trim()).filter((text) => text.startsWith('Sample'))).toEqual(Array(3).fill('Sample, not a real result'));
  });

  it('is refused by a production build, naming each file and what to do, with nothing built or signed', async () => {
    // The keys are fresh and committed: what is refused is the content alone.
    ready = await freshKeys(root);
    commitAll(root, 'The real keys');

    const { status, output } = production(ready.env);
    expect(status).not.toBe(0);
    // Besides the settings, winners and awards: the micro-credential's placeholder assessment, FAQ answers
    // still marked placeholder, and the sample partner with its endorsement (TEST-ONLY key, example address).
    const others = [
      'content/achievements/innovation-skills.yaml',
      'content/endorsements/sample-endorser-innovation-skills.json',
      'content/faq/are-there-prizes.md',
      'content/faq/does-it-cost-anything.md',
      'content/partners/sample-endorser.yaml',
    ];
    const files = 1 + sampleWinners.length + sampleAwards.length + others.length;
    for (const file of others) expect(reportedUnder(output, file), file).not.toEqual([]);
    expect(reportedUnder(output, 'content/partners/sample-endorser.yaml')).toContainEqual(expect.stringMatching(/field "endorsementKey\.did": This names a TEST-ONLY key \(tests\/fixtures\/keys\/test-only-partner-ed25519\.public\.json\)/));
    // A folder's README (never published) is not content.
    expect(output).not.toContain('content/endorsements/README.md');
    expect(output).toMatch(new RegExp(`Launch check failed: \\d+ problems in ${files} files\\. Nothing was built\\.`));
    const settings = reportedUnder(output, 'content/settings/site.yaml');
    expect(settings).toEqual(
      expect.arrayContaining([
        '  line 9, field "contactEmail": innovation-challenge@example.org is an example address, not a real one: no one would receive mail there or find a page. Replace it with the real address.',
        expect.stringMatching(/^ {2}line \d+, field "contacts\.program\.placeholder": This contact is a placeholder\. Write the real person's name, title and email, then remove placeholder: true\.$/),
        expect.stringMatching(/^ {2}line \d+, field "contacts\.media\.email": media@example\.org is an example address/),
        expect.stringMatching(/^ {2}line \d+, field "certificateSignatures\.1\.placeholder": This signatory is a placeholder: it would print on every certificate\./),
      ]),
    );
    for (const file of sampleWinners) {
      expect(reportedUnder(output, file)).toEqual([expect.stringMatching(/^ {2}line \d+, field "sample": This is a sample winner, not a real result\. Delete this file/)]);
    }
    for (const file of sampleAwards) {
      expect(reportedUnder(output, file)).toEqual([
        expect.stringMatching(/^ {2}line \d+, field "sample": This is a sample award: a production build would sign it with the City's key as a real credential\. Delete this file before launch/),
      ]);
    }
    expect(output).toContain('Build failed. Nothing was published.');
    expect(output).not.toMatch(/Issuing \d+ credential/);
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
  });

  it('is refused the same way by a build without --production given the real keys, so no sample is signed with them', async () => {
    const { status, output } = runBuild(root, { env: ready.env });
    expect(status).not.toBe(0);
    const report = output.slice(output.indexOf('This build signs with the real key'));
    expect(report.split('\n')[0]).toBe(
      `This build signs with the real key BADGE_SIGNING_KEY (content/keys/${LAUNCH_KEY_NAMES.jwt}.json) and BADGE_DI_KEY (content/keys/${LAUNCH_KEY_NAMES.dataIntegrity}.json), so it is checked as a production build.`,
    );
    expect(report.split('\n')[1]).toMatch(/^Launch check failed: \d+ problems in \d+ files\. Nothing was built\.$/);
    for (const file of sampleAwards) expect(reportedUnder(output, file)).toEqual([expect.stringMatching(/field "sample": This is a sample award/)]);
    expect(output).not.toMatch(/Issuing \d+ credential/);
    expect(existsSync(path.join(root, 'dist'))).toBe(false);
  });

  it('with one real key and no SITE_URL, also says the credentials would be signed for the local address', async () => {
    const { status, output } = runBuild(root, { env: { BADGE_SIGNING_KEY: ready.env.BADGE_SIGNING_KEY } });
    expect(status).not.toBe(0);
    expect(output).toContain(`This build signs with the real key BADGE_SIGNING_KEY (content/keys/${LAUNCH_KEY_NAMES.jwt}.json), so it is checked as a production build.`);
    expect(reportedUnder(output, ENVIRONMENT)).toEqual([
      `  field "SITE_URL": SITE_URL is not set, so this build would sign with the real key for ${LOCAL_ORIGIN}, which no one else can reach. Set SITE_URL to the site's public address, with https and its domain name (e.g. https://innovation.cityofkingston.ca).`,
    ]);
  });

  it('still builds for development with a TEST-ONLY key (as tests do), the samples labelled', async () => {
    await copyFile(path.join(repo, 'tests/fixtures/keys/test-only-rs256.public.json'), path.join(root, 'content/keys/test-only-rs256.json'));
    const { status, output } = runBuild(root, { outDir: 'dev-dist', env: { BADGE_SIGNING_KEY: TEST_ONLY_RS256.pem } });
    await rm(path.join(root, 'content/keys/test-only-rs256.json'));
    await rm(path.join(root, 'dev-dist'), { recursive: true, force: true });
    expect(status, output).toBe(0);
    expect(output).not.toContain('checked as a production build');
    expect(output).toMatch(/A production build would refuse \d+ things/);
  });
});

describe('launch-ready content', () => {
  // The same copy, its content made launch-ready; its fresh keys from above stay.
  beforeAll(() => launchReadyContent(root));

  it('is refused with the development key, naming the key and its committed public half', async () => {
    const dev = await loadSigningKey({ root, committed: [], secret: undefined, production: false });
    expect(dev.development).toBe(true);
    await writeFile(path.join(root, 'content/keys/dev-key.json'), `${JSON.stringify(dev.publicJwk, null, 2)}\n`);
    const pem = await readFile(path.join(root, '.badges-dev/signing-key.pem'), 'utf8');
    const { status, output } = production({ ...ready.env, BADGE_SIGNING_KEY: pem });
    await rm(path.join(root, 'content/keys/dev-key.json'));
    expect(status).not.toBe(0);
    expect(reportedUnder(output, ENVIRONMENT)).toEqual([
      `  field "BADGE_SIGNING_KEY": BADGE_SIGNING_KEY is this computer's development key (.badges-dev/signing-key.pem), which never leaves it and proves nothing. Set BADGE_SIGNING_KEY to the real key from the deployment's secret store (npm run keys:new makes one).`,
    ]);
    expect(reportedUnder(output, 'content/keys/dev-key.json')).toEqual([expect.stringMatching(/^ {2}This is the public half of this computer's development key \(\.badges-dev\/signing-key\.pem\): .* Delete this file/)]);
    expect(output).toContain('Launch check failed: 2 problems in 1 file and the build’s environment. Nothing was built.');
  });

  it('is refused with a TEST-ONLY key', async () => {
    await copyFile(path.join(repo, 'tests/fixtures/keys/test-only-rs256.public.json'), path.join(root, 'content/keys/test-only-rs256.json'));
    const { status, output } = production({ ...ready.env, BADGE_SIGNING_KEY: TEST_ONLY_RS256.pem });
    await rm(path.join(root, 'content/keys/test-only-rs256.json'));
    expect(status).not.toBe(0);
    expect(reportedUnder(output, ENVIRONMENT)).toEqual([
      `  field "BADGE_SIGNING_KEY": BADGE_SIGNING_KEY is a TEST-ONLY key (tests/fixtures/keys/test-only-rs256.public.json), whose private half is public. Set BADGE_SIGNING_KEY to the real key from the deployment's secret store (npm run keys:new makes one).`,
    ]);
    expect(reportedUnder(output, 'content/keys/test-only-rs256.json')).toHaveLength(1);
  });

  it('builds with fresh keys: no samples, no placeholders on any page', async () => {
    commitAll(root, 'Launch-ready');
    const { status, output } = production(ready.env);
    expect(status, output).toBe(0);
    expect(output).toContain('Launch check passed: no samples, placeholders or test keys.');
    const winners = await readFile(path.join(root, 'dist/winners/index.html'), 'utf8');
    expect(winners).not.toContain('Sample');
    const home = await readFile(path.join(root, 'dist/index.html'), 'utf8');
    expect(home).not.toContain('example.org');
    expect(home).toContain(`<link rel="canonical" href="${LAUNCH_SITE}/">`);
  });
});
