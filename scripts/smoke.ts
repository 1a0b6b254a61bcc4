/**
 * npm run smoke -- --site <origin> --credential <id|none> --status <path> [--from <origin>] [--wait <seconds>] [--allow-local]
 * npm run smoke -- --pick <dist>
 *
 * The smoke test of a deployed site (src/lib/deploy/smoke.ts): fetches the DID document (its keys
 * compared with the JWKS), the JWKS (no private key material), a credential (JSON and JWT, each
 * verified by the verification core and each the credential asked for), a status list (read as the verifiers read it) and the verify page
 * with its scripts and stylesheets (all on the site's own origin, no <base href>), and prints one line
 * per check. Each check is retried with backoff for --wait seconds (default 180: a CDN may still serve
 * the previous deploy); the exit code is 1 when any check failed, naming each, and 2 on bad usage.
 * --credential and --status are required, and an empty value is bad usage: in deploy.yml they come from
 * the build job's outputs, and a misspelt output gives "", which must never pass as "nothing to check".
 * `--credential none` is the explicit word for a site with no active credential: said loudly, and
 * everything else is checked.
 * --from fetches the site's files from another address (a local copy of a build, as `npm run verify`).
 * Only https addresses on public hosts are contacted, unless --allow-local.
 *
 * --pick reads a built site and prints (and, in GitHub Actions, writes to GITHUB_OUTPUT) what to check:
 * credential=<an id that verifies as valid today, or none, with a warning saying why> and
 * status=<the revocation list's path>. It fails (exit 1) only on a broken build.
 */
import { appendFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pickFromDist } from '../src/lib/deploy/pick-fs.ts';
import { credentialArgProblem, NO_CREDENTIAL, report, smoke, statusArgProblem } from '../src/lib/deploy/smoke.ts';
import { addressProblem, publicOnlyFetch } from '../src/lib/cli/public-address-fs.ts';

const USAGE = `Usage: npm run smoke -- --site <origin> --credential <id|none> --status <path> [--from <origin>] [--wait <seconds>] [--allow-local]
       npm run smoke -- --pick <dist>
  --site         the origin the site was built for (or set SITE_URL), e.g. https://innovation.example.org
  --credential   required: the id of an active credential to fetch and verify, or "none" when the site has
                 none active (then every other check still runs); what --pick printed
  --status       required: root-relative path of one of the site's status lists, /status/revocation-1.jwt
                 or /status/suspension-1.jwt; what --pick printed
  --from         fetch the site's files from this origin instead (a local copy of a build)
  --wait         how long each check may keep retrying, in seconds (default 180)
  --allow-local  allow http and private or local addresses (tests, previews on this machine)
  --pick         print what to check from a built site (credential=<id or none>, status=<path>), also to GITHUB_OUTPUT`;

/** A warning line, also as a GitHub Actions annotation (shown on the run's summary) when run there. */
function warn(message: string): void {
  console.log(`WARNING: ${message}`);
  if (process.env.GITHUB_ACTIONS === 'true') console.log(`::warning title=Smoke test::${message.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')}`);
}

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
  if (picked.warning) warn(`no active credential to check: ${picked.warning}`);
  console.log(`Picked from ${values.pick}${picked.site ? ` (built for ${picked.site})` : ''}:\n${lines.join('\n')}`);
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
const credentialProblem = credentialArgProblem(values.credential);
if (credentialProblem) fail(credentialProblem);
const statusProblem = statusArgProblem(values.status);
if (statusProblem) fail(statusProblem);
const credential = values.credential!;
const status = values.status!;
const waitSeconds = values.wait === undefined ? 180 : Number(values.wait);
if (!Number.isFinite(waitSeconds) || waitSeconds < 0) fail(`--wait "${values.wait}" is not a number of seconds.`);

// The same rule as npm run verify: each host is checked once, before it is first contacted.
const guardedFetch = publicOnlyFetch(allowLocal);

console.log(`Smoke test of ${siteOrigin}${values.from ? `, its files fetched from ${values.from}` : ''}:`);
const noCredential = `no active credential to check: --credential ${NO_CREDENTIAL} (what --pick writes when none is issued yet, or every one is revoked, suspended or expired); the DID document, JWKS, status list and verify page are checked, no credential is.`;
if (credential === NO_CREDENTIAL) warn(noCredential);
const checks = await smoke({
  site: siteOrigin,
  served,
  credential,
  status,
  fetch: guardedFetch,
  retryForMs: waitSeconds * 1000,
  onRetry: (url, reason, waitMs) => console.error(`  … ${url}: ${reason}; trying again in ${waitMs / 1000} s`),
});
const { lines, ok } = report(checks);
// Said again last, where a reader of the log looks first.
if (credential === NO_CREDENTIAL) lines.push(`WARNING: ${noCredential}`);
const out = `${lines.join('\n')}\n`;
// Exit once the output has been handed over (a pipe may read slower than this process writes).
if (ok) process.stdout.write(out, () => process.exit(0));
else process.stdout.write(out, () => process.exit(1));
