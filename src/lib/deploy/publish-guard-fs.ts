/**
 * The publish guard: the deploy stops when the repository is public and holds real awards.
 *
 * Why: GitHub Pages on a free plan needs a public repository, and a public repository lets anyone
 * read every award file: its salted email hash and salt (so anyone can test an address and learn
 * whether that person earned a badge), why a credential was revoked (never published), and the id of
 * every credential page (pages the site never links or indexes). The site itself publishes one
 * credential at a time, at an address only its earner is given. Why refuse rather than encrypt the
 * identity fields: docs/public-repository.md.
 *
 * The visibility comes from the caller (the deploy workflow asks GitHub's API, see deploy.yml). An
 * unknown visibility stops the deploy: a mistake here publishes people's records and cannot be taken
 * back, so it is never guessed. Award files are read with the build's own parser and schema
 * (checkFile, collectionSpecs.awards): a file that does not pass cannot be known to be a sample, so it
 * counts as real.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { collectionSpecs } from '../../schemas/collections.ts';
import { checkFile } from '../content/check-file.ts';

/** The values GitHub's REST API gives a repository's `visibility` ("internal": GitHub Enterprise only). */
export type Visibility = 'public' | 'private' | 'internal';

/** The awards in the commit being deployed, as the guard counts them. */
export interface AwardStanding {
  /** Valid award files without `sample: true`: real people. */
  real: number;
  /** Valid award files with `sample: true`: made-up recipients. */
  samples: number;
  /** Award files that fail the content check (paths from the repository root); counted as real. */
  unreadable: string[];
}

/** Stable codes for the guard's answer: callers and tests switch on these, never on the text. */
export type PublishCode = 'PUBLISH_PRIVATE' | 'PUBLISH_INTERNAL' | 'PUBLISH_PUBLIC_SAMPLES_ONLY' | 'REFUSED_PUBLIC_REAL_AWARDS' | 'REFUSED_VISIBILITY_UNKNOWN';

export interface PublishVerdict {
  code: PublishCode;
  /** 0 lets the deploy go on; 1 stops it. */
  exitCode: 0 | 1;
  /** What a person reads in the workflow log. */
  text: string;
}

const DOC = 'docs/public-repository.md';

/** The visibility as written by the workflow (trimmed, any letter case), or undefined when it is anything else. */
export function parseVisibility(value: string | undefined): Visibility | undefined {
  const v = value?.trim().toLowerCase();
  return v === 'public' || v === 'private' || v === 'internal' ? v : undefined;
}

/** Reads every award file under `root` (the repository root) the way the build's content check does. */
export async function readAwardStanding(root: string): Promise<AwardStanding> {
  const spec = collectionSpecs.awards;
  const found = (await glob(spec.pattern, { cwd: path.join(root, spec.folder) })).sort();
  const standing: AwardStanding = { real: 0, samples: 0, unreadable: [] };
  for (const relative of found) {
    const file = `${spec.folder}/${relative}`;
    const { data } = checkFile(file, await readFile(path.join(root, file), 'utf8'), spec.format, spec.schema);
    if (data === undefined) standing.unreadable.push(file);
    else if (data.sample) standing.samples += 1;
    else standing.real += 1;
  }
  return standing;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
/** The first few files of a list that may hold thousands. */
const listed = (files: string[]) => (files.length <= 5 ? files.join(', ') : `${files.slice(0, 5).join(', ')} and ${files.length - 5} more`);

/** Whether the deploy may go on, from the visibility the workflow found and the awards in the commit. */
export function judgePublish(visibilityText: string | undefined, standing: AwardStanding): PublishVerdict {
  const visibility = parseVisibility(visibilityText);
  if (visibility === undefined) {
    const seen = visibilityText?.trim() ? `"${visibilityText.trim()}"` : 'empty';
    return {
      code: 'REFUSED_VISIBILITY_UNKNOWN',
      exitCode: 1,
      text: [
        `Not published: the repository's visibility is unknown (REPOSITORY_VISIBILITY is ${seen}; expected public, private or internal).`,
        'Without it this check cannot tell whether the award files are readable by anyone, so the deploy stops rather than guess.',
        '',
        'In the GitHub workflow the step "Repository visibility" asks GitHub\'s API for it: its log says why it gave nothing',
        '(a GitHub outage, say: re-run the job once it is over). Anywhere else, set REPOSITORY_VISIBILITY to the repository\'s visibility.',
        `Why this check exists: ${DOC}.`,
      ].join('\n'),
    };
  }
  if (visibility === 'private') {
    return { code: 'PUBLISH_PRIVATE', exitCode: 0, text: 'Publish check: the repository is private, so its award files are not public. Going on.' };
  }
  if (visibility === 'internal') {
    return {
      code: 'PUBLISH_INTERNAL',
      exitCode: 0,
      text: 'Publish check: the repository is internal: its award files are readable by the members of its GitHub enterprise, not by the public. Going on.',
    };
  }
  if (standing.real + standing.unreadable.length === 0) {
    return {
      code: 'PUBLISH_PUBLIC_SAMPLES_ONLY',
      exitCode: 0,
      text: [
        `Publish check: the repository is public, and content/awards/ holds only sample awards (${standing.samples}), so no real person is named or hashed in it. Going on.`,
        'Before the first real award is imported, make the repository private: once committed here, an award file is public before this',
        `check can stop the deploy (${DOC}).`,
      ].join('\n'),
    };
  }
  const counted = [
    plural(standing.real, 'real award (an award file without sample: true)', 'real awards (award files without sample: true)'),
    ...(standing.unreadable.length > 0
      ? [`${plural(standing.unreadable.length, 'award file', 'award files')} that fail the content check and so count as real (npm run build names the problem): ${listed(standing.unreadable)}`]
      : []),
  ].join(', and ');
  return {
    code: 'REFUSED_PUBLIC_REAL_AWARDS',
    exitCode: 1,
    text: [
      `Not published: this repository is public, and content/awards/ holds ${counted}.`,
      'Anyone can read a public repository: they can test an email address against each award\'s salted hash and salt to learn',
      'whether that person earned a badge, read why a credential was revoked (revokedReason, which the site never publishes), and',
      'list every credential page, which the site only ever gives to its earner. The deploy stops here.',
      '',
      'Ways out (README, "Deployment", and ' + DOC + '):',
      '  - Make the repository private (Settings > General > Danger Zone > Change visibility). GitHub Pages from a private',
      '    repository needs a paid GitHub plan: Pro, Team or Enterprise.',
      '  - Or keep the repository private on the free plan and publish to Cloudflare Pages or Netlify: set the repository variable',
      '    DEPLOY_TARGET to cloudflare-pages or netlify (README, "Hosting").',
      'Making it private stops anyone new from reading the files; copies already taken cannot be recalled (' + DOC + ').',
    ].join('\n'),
  };
}

/** The guard as the deploy runs it, on the repository at `root`. */
export async function checkPublish(root: string, visibilityText: string | undefined): Promise<PublishVerdict> {
  return judgePublish(visibilityText, await readAwardStanding(root));
}
