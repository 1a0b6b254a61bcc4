/**
 * npm run releases:due -- --since <instant with zone, or ""> [--now <time>] [--root <dir>]
 *
 * Whether a scheduled release has come due since the last deploy, so the deploy workflow's hourly
 * schedule builds only when the site would change. Reads content/releases/ of the checkout with the
 * content check's reader and the release schema (src/lib/content/check-file.ts), and asks
 * src/lib/dates/schedule-due.ts, which applies the build's own rule (schedule.ts `visibleFrom`).
 *
 * Exit codes: 0 whether or not something is due (the answer is printed, and written to GITHUB_OUTPUT as
 * `due=true` or `due=false` when that is set); 1 when a release file does not parse or validate (the
 * answer would be a guess); 2 for bad usage. No Astro build, no network.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { glob } from 'tinyglobby';
import { checkFile, FRONT_MATTER, URL_SAFE_NAME } from '../src/lib/content/check-file.ts';
import type { ContentProblem } from '../src/lib/content/integrity.ts';
import { dueReleases, kingstonLabel, utcLabel, type TimedRelease } from '../src/lib/dates/schedule-due.ts';
import { buildTime, zonedInstant } from '../src/lib/dates/schedule.ts';
import { collectionSpecs } from '../src/schemas/collections.ts';
import type { Release } from '../src/schemas/release.ts';

// Where releases live, how they are written and their schema: the table the build reads too.
const { folder: FOLDER, pattern, format, schema } = collectionSpecs.releases;

const USAGE = `Usage: npm run releases:due -- --since <instant> [--now <time>] [--root <dir>]

Says whether a release on the site as of now was not on it as of --since (the last deploy's clock),
so the hourly schedule builds only when a scheduled release has come due.

  --since  The last deploy's time, with a zone: 2027-03-14T06:00:00Z or 2027-03-14T01:00:00-05:00.
           An empty string ("") means no deploy on record: then a build is always due.
  --now    The clock to check against, written like SITE_BUILD_TIME: with a zone, or in Kingston
           time (2027-03-14T09:00, or 2027-03-14 for 00:00). Default: SITE_BUILD_TIME, else now.
  --root   The checkout to read (default: the current folder).

Writes due=true or due=false to the file GITHUB_OUTPUT names, when it is set.
Exit status: 0 when answered (due or not), 1 when a release file has a problem, 2 for bad usage.`;

function usage(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

let values: { since?: string | undefined; now?: string | undefined; root?: string | undefined; help?: boolean | undefined };
try {
  ({ values } = parseArgs({
    options: { since: { type: 'string' }, now: { type: 'string' }, root: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

if (values.since === undefined) usage('--since is missing: give the last deploy\'s time with a zone (e.g. 2027-03-14T06:00:00Z), or "" when there is none on record.');
const sinceText = values.since.trim();
const since = sinceText === '' ? undefined : zonedInstant(sinceText);
if (sinceText !== '' && since === undefined) {
  usage(`--since "${values.since}" is not an instant with a zone: write it as e.g. 2027-03-14T06:00:00Z or 2027-03-14T01:00:00-05:00 (a deploy's time is an instant, so a time without a zone is refused rather than guessed), or "" when no deploy is on record.`);
}

let now: Date;
try {
  now = buildTime(values.now === undefined ? process.env : { SITE_BUILD_TIME: values.now });
} catch (error) {
  usage(`${values.now === undefined ? '' : '--now: '}${error instanceof Error ? error.message : String(error)}`);
}

const root = path.resolve(values.root ?? process.cwd());
if (!existsSync(path.join(root, FOLDER))) usage(`${root} has no ${FOLDER}/ folder: run this in a checkout of the site, or name one with --root.`);

// The content check's reader: front matter parsed as the build reads it, then the release schema, each
// problem with its line and field. Only what the schedule needs is read (no bodies, no photos, no other
// collections).
const problems: ContentProblem[] = [];
const releases: (Release & { file: string })[] = [];
for (const relative of (await glob(pattern, { cwd: path.join(root, FOLDER) })).sort()) {
  const file = `${FOLDER}/${relative}`;
  if (!URL_SAFE_NAME.test(relative.replace(/\.md$/, ''))) {
    problems.push({ file, field: '', message: `The file name is not a web address (lower-case letters, digits and hyphens, directly in ${FOLDER}/): npm run build names the fix.` });
    continue;
  }
  const text = readFileSync(path.join(root, FOLDER, relative), 'utf8');
  // The front matter alone, where the build finds it (same lines, so problems keep their line numbers):
  // the body bears on no date or time, and checking its HTML took 60% of the time with many releases.
  // A body the build refuses still stops the build, which names it.
  const frontMatter = FRONT_MATTER.exec(text)?.[0] ?? text;
  const checked = checkFile(file, frontMatter, format, schema);
  if (checked.problems.length > 0 || checked.data === undefined) problems.push(...checked.problems);
  else releases.push({ ...checked.data, file });
}

if (problems.length > 0) {
  const files = new Set(problems.map((p) => p.file)).size;
  console.error(`Cannot tell whether a release is due: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in ${files} release ${files === 1 ? 'file' : 'files'}.`);
  for (const p of problems) {
    const where = [p.line === undefined ? '' : `line ${p.line}`, p.field ? `field "${p.field}"` : ''].filter(Boolean).join(', ');
    console.error(`  ${p.file}: ${where ? `${where}: ` : ''}${p.message}`);
  }
  console.error('Fix the file (npm run build shows the same problems), then run this again.');
  process.exit(1);
}

const report = dueReleases(releases, since, now);
const when = (instant: Date) => `${utcLabel(instant)} (${kingstonLabel(instant)})`;
const line = ({ release, at }: TimedRelease<Release & { file: string }>) => `  ${release.file} (visible from ${at === undefined ? 'any time' : kingstonLabel(at)})`;
const count = (n: number) => `${n} ${n === 1 ? 'release' : 'releases'}`;
const next = report.next
  ? `next: ${report.next.releases.map((r) => r.file).join(', ')} at ${kingstonLabel(report.next.at)} (Kingston time)`
  : 'next: none scheduled';

const out: string[] = [];
if (since === undefined) {
  out.push(`Due: no deploy on record (--since ""), so build. On the site as of ${when(now)}: ${count(report.releases.length)}${report.releases.length > 0 ? ':' : '.'}`);
  out.push(...report.releases.map(line));
  out.push(`${next[0]!.toUpperCase()}${next.slice(1)}.`);
} else if (report.due) {
  out.push(`Due since ${when(since)}: ${count(report.releases.length)} visible by ${when(now)}:`);
  out.push(...report.releases.map(line));
  out.push(`${next[0]!.toUpperCase()}${next.slice(1)}.`);
} else {
  out.push(`Nothing due since ${when(since)} up to ${when(now)}; ${next}.`);
}
console.log(out.join('\n'));

if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `due=${report.due}\n`);
