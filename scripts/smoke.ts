/**
 * npm run smoke -- --site <origin> [--credential <id>] [--status <path>] [--from <origin>] [--wait <seconds>] [--allow-local]
 * npm run smoke -- --pick <dist>
 *
 * The smoke test of a deployed site (src/lib/deploy/smoke.ts): fetches the DID document, the JWKS, a
 * credential (JSON and JWT, each verified by the verification core), a status list (read as the
 * verifiers read it) and the verify page with its scripts and stylesheets, and prints one line per
 * check. Each check is retried with backoff for --wait seconds (default 180: a CDN may still serve the
 * previous deploy); the exit code is 1 when any check failed, naming each, and 2 on bad usage.
 * --from fetches the site's files from another address (a local copy of a build, as `npm run verify`).
 * Only https addresses on public hosts are contacted, unless --allow-local.
 *
 * --pick reads a built site and prints (and, in GitHub Actions, writes to GITHUB_OUTPUT) what to check:
 * credential=<an id that verifies as valid today> and status=<the revocation list's path>.
 */
import { appendFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pickFromDist } from '../src/lib/deploy/pick-fs.ts';
import { report, smoke } from '../src/lib/deploy/smoke.ts';
import { addressProblem, publicAddressProblem } from '../src/lib/public-address-fs.ts';
import { CREDENTIAL_ID_PATTERN } from '../src/lib/ob3/urls.ts';

const USAGE = `Usage: npm run smoke -- --site <origin> [--credential <id>] [--status <path>] [--from <origin>] [--wait <seconds>] [--allow-local]
       npm run smoke -- --pick <dist>
  --site         the origin the site was built for (or set SITE_URL), e.g. https://innovation.example.org
  --credential   a credential id to fetch and verify (one that is active)
  --status       root-relative path of a status list (default: the revocation list)
  --from         fetch the site's files from this origin instead (a local copy of a build)
  --wait         how long each check may keep retrying, in seconds (default 180)
  --allow-local  allow http and private or local addresses (tests, previews on this machine)
  --pick         print what to check from a built site (credential=…, status=…), also to GITHUB_OUTPUT`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        site: { type: 'string' },
        credential: { type: 'string' },
        status: { type: 'string' },
        from: { type: 'string' },
        wait: { type: 'string' },
        pick: { type: 'string' },
        'allow-local': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

if (values.pick !== undefined) {
  let picked;
  try {
    picked = await pickFromDist(values.pick);
  } catch (error) {
    console.error(`npm run smoke -- --pick: ${(error as Error).message}`);
    process.exit(1);
  }
  const lines = [`credential=${picked.credential}`, `status=${picked.status}`];
  console.log(`Picked from ${values.pick} (built for ${picked.site}):\n${lines.join('\n')}`);
  if (process.env.GITHUB_OUTPUT) await appendFile(process.env.GITHUB_OUTPUT, `${lines.join('\n')}\n`);
  process.exit(0);
}

const site = values.site || process.env.SITE_URL;
if (!site) fail('Say which site to check: --site https://… (or set SITE_URL).');
let siteOrigin: string;
try {
  siteOrigin = new URL(site).origin;
} catch {
  fail(`--site "${site}" is not a web address.`);
}
const served = values.from ? values.from : siteOrigin;
const allowLocal = values['allow-local'];
const early = allowLocal ? undefined : addressProblem(served);
if (early) fail(`Not contacting ${values.from ? '--from' : 'the site'}: ${early} Use --allow-local to allow http and local addresses.`);
if (values.credential && !CREDENTIAL_ID_PATTERN.test(values.credential)) fail(`--credential "${values.credential}" is not a credential id (a lower-case UUID).`);
if (values.status && !values.status.startsWith('/')) fail(`--status "${values.status}" must be a path from the site's root, e.g. /status/revocation-1.jwt.`);
const waitSeconds = values.wait === undefined ? 180 : Number(values.wait);
if (!Number.isFinite(waitSeconds) || waitSeconds < 0) fail(`--wait "${values.wait}" is not a number of seconds.`);

// The same rule as npm run verify: each host is checked once, before it is first contacted.
const refused = new Map<string, string>();
const guardedFetch = async (url: string, init?: { signal?: AbortSignal; redirect?: RequestRedirect }) => {
  if (!allowLocal) {
    const host = new URL(url).host;
    const problem = refused.get(host) ?? (await publicAddressProblem(url));
    if (problem) {
      refused.set(host, problem);
      throw new Error(problem);
    }
  }
  return fetch(url, { ...init, redirect: 'error' });
};

console.log(`Smoke test of ${siteOrigin}${values.from ? `, its files fetched from ${values.from}` : ''}:`);
const checks = await smoke({
  site: siteOrigin,
  served,
  credential: values.credential || undefined,
  status: values.status || undefined,
  fetch: guardedFetch,
  retryForMs: waitSeconds * 1000,
  onRetry: (url, reason, waitMs) => console.error(`  … ${url}: ${reason}; trying again in ${waitMs / 1000} s`),
});
if (!values.credential) console.log('- credential: not checked (no --credential given)');
const { lines, ok } = report(checks);
const out = `${lines.join('\n')}\n`;
// Exit once the output has been handed over (a pipe may read slower than this process writes).
if (ok) process.stdout.write(out, () => process.exit(0));
else process.stdout.write(out, () => process.exit(1));
