/**
 * npm run publish-guard
 *
 * The deploy workflow's check that a public repository holds no real awards
 * (src/lib/deploy/publish-guard-fs.ts; why: docs/public-repository.md). Reads REPOSITORY_VISIBILITY
 * (public, private or internal; deploy.yml asks GitHub's API for it) and the award files in
 * content/awards/ of the current folder. Exit code 0: the deploy may go on; 1: it stops.
 */
import { checkPublish } from '../src/lib/deploy/publish-guard-fs.ts';

const USAGE = `Usage: REPOSITORY_VISIBILITY=<public|private|internal> npm run publish-guard

Stops (exit code 1) when the repository is public and content/awards/ holds a real award (an award
file without sample: true), or when the visibility is unknown. See docs/public-repository.md.`;

if (process.argv.length > 2) {
  console.log(USAGE);
  process.exit(process.argv[2] === '--help' ? 0 : 1);
}

const verdict = await checkPublish(process.cwd(), process.env.REPOSITORY_VISIBILITY);
// In a GitHub workflow the first line also becomes an annotation, so the run's summary page says why
// without opening the log (workflow commands escape %, CR and LF).
if (process.env.GITHUB_ACTIONS === 'true' && (verdict.exitCode === 1 || verdict.code === 'PUBLISH_PUBLIC_SAMPLES_ONLY')) {
  const level = verdict.exitCode === 0 ? 'warning' : 'error';
  const line = (verdict.text.split('\n')[0] ?? '').replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
  console.log(`::${level} title=Publish check::${line}`);
}
(verdict.exitCode === 0 ? console.log : console.error)(verdict.text);
process.exit(verdict.exitCode);
