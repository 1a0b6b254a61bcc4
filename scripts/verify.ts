/**
 * npm run verify -- <file|url> --site <origin> [--email a@b.c] [--json] [--jwks <file|url>] [--from <origin>] [--allow-local]
 *
 * Verifies a credential (token, JSON, baked PNG or SVG, or the address of one) with the same core as
 * the verify page. "This site" is --site, else SITE_URL (required: the CLI vouches for no site by
 * default); its keys come from --jwks (pinned: no key is then fetched) or from the site's JWKS.
 * --from fetches the site's files from another address (a local preview of a build). Only https
 * addresses on public hosts are contacted, unless --allow-local (a preview on localhost, say).
 * Every request has a time limit and a size cap. The exit code follows the verdict (EXIT_CODES):
 * 0 valid, 1 invalid, 2 unreadable input or bad usage, 3 unknown issuer, 4 revoked, 5 suspended,
 * 6 expired, 7 not yet valid, 8 recipient mismatch, 9 status unknown, 10 not found (this site has no
 * credential with that id). The credential may be a file, an address (a credential's, or the verify
 * link printed on certificates, in angle brackets or quotes if pasted so) or a bare credential id.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { JSONWebKeySet } from 'jose';
import { addressProblem, publicAddressProblem, publicOnlyFetch } from '../src/lib/cli/public-address-fs.ts';
import { CHECK_NAMES, headline, signedName, STATUS_WORDS } from '../src/lib/verify/explain.ts';
import { addressIn } from '../src/lib/verify/input.ts';
import { DEFAULT_TIMEOUT_MS, fetchCapped, MAX_RESPONSE_BYTES } from '../src/lib/verify/net.ts';
import { EXIT_CODES } from '../src/lib/verify/verdict.ts';
import { verify } from '../src/lib/verify/verify.ts';

const USAGE = `Usage: npm run verify -- <file|url|credential id> --site <origin> [--email a@b.c] [--json] [--jwks <file|url>] [--from <origin>] [--allow-local]
  --site         the site whose issuer this verifies against (or set SITE_URL), e.g. https://innovation.example.org
  --email        the recipient's email address, compared with the credential's hashed one (never sent)
  --json         print the result as JSON (verdict, exitCode, headline, input, checks, credential, revocation, endorsements)
  --jwks         pin the issuer's keys from a file or address: no key is fetched
  --from         fetch the site's files from this origin instead (a local preview of a build)
  --allow-local  allow http and private or local addresses (previews on this machine)
Exit codes: 0 valid, 1 invalid, 2 unreadable input or bad usage, 3 unknown issuer, 4 revoked, 5 suspended,
6 expired, 7 not yet valid, 8 recipient mismatch, 9 status unknown, 10 not found (never issued by the site).`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const parsed = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        json: { type: 'boolean', default: false },
        jwks: { type: 'string' },
        site: { type: 'string' },
        from: { type: 'string' },
        'allow-local': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [target] = parsed.positionals;
if (!target || parsed.positionals.length > 1) fail('Give one file or address to verify.');
const allowLocal = values['allow-local'];
const isUrl = (text: string) => /^https?:\/\//i.test(text);

const site = values.site ?? process.env.SITE_URL;
if (!site) fail('Say which site the credential should come from: --site https://… (or set SITE_URL).');
let siteOrigin: string;
try {
  siteOrigin = new URL(site).origin;
} catch {
  fail(`--site "${site}" is not a web address.`);
}
const servedOrigin = values.from ? values.from : siteOrigin;

/** Refuses an address the CLI should not contact without --allow-local. */
async function mayContact(url: string, what: string) {
  if (allowLocal) return;
  const problem = await publicAddressProblem(url);
  if (problem) fail(`Not contacting ${what}: ${problem} Use --allow-local to allow http and local addresses.`);
}
// An http or local site is refused at once; where a host name resolves is checked when it is first contacted.
const siteProblem = allowLocal ? undefined : addressProblem(servedOrigin);
if (siteProblem) fail(`Not contacting ${values.from ? '--from' : 'the site'}: ${siteProblem} Use --allow-local to allow http and local addresses.`);
/** The core's fetch: the platform's, after the public-address check of each host (once per host; no redirects). */
const guardedFetch = publicOnlyFetch(allowLocal);

/** A file's bytes, or an address's (fetched with the same time limit and size cap as the core's). */
async function load(location: string, what: string): Promise<Uint8Array> {
  if (!isUrl(location)) return new Uint8Array(await readFile(location));
  await mayContact(location, what);
  return fetchCapped((url, init) => fetch(url, { ...init, redirect: 'error' }), location, DEFAULT_TIMEOUT_MS, MAX_RESPONSE_BYTES);
}

let input: string | Uint8Array;
let trustedKeys: JSONWebKeySet | undefined;
try {
  // An address on the site (or a bare id: the core reads both as the core of the page does) is handed
  // to the core, which fetches it from the site like any of its files. A file of that name wins.
  const address = existsSync(target) ? undefined : addressIn(target, siteOrigin);
  input = address?.startsWith(`${siteOrigin}/`) ? target : await load(address ?? target, 'the credential address');
  if (values.jwks) trustedKeys = JSON.parse(new TextDecoder().decode(await load(values.jwks, '--jwks'))) as JSONWebKeySet;
} catch (error) {
  console.error(`Could not read ${error instanceof SyntaxError ? 'the JWKS' : target}: ${(error as Error).message}`);
  process.exit(2);
}

const result = await verify(input, {
  siteOrigin,
  servedOrigin,
  ...(trustedKeys ? { trustedKeys } : {}),
  fetch: guardedFetch,
  now: new Date(),
  email: values.email,
});
const words = headline(result);
const exitCode = EXIT_CODES[result.verdict];

/** What the credential says, for the summary (never trusted more than the verdict says). */
function facts(vc: Record<string, unknown> | undefined): [string, string][] {
  if (!vc) return [];
  const record = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : '');
  const subject = record(vc.credentialSubject);
  const issuer = typeof vc.issuer === 'string' ? { id: vc.issuer } : record(vc.issuer);
  const recipient = result.checks.find((c) => c.id === 'recipient');
  return [
    ['Achievement', text(record(subject.achievement).name) || text(vc.name)],
    ['Issuer', [text(issuer.name), text(issuer.id)].filter(Boolean).join(', ')],
    ['Recipient', signedName(vc) ? `${signedName(vc)}${result.verdict === 'unknown-issuer' ? '' : ' (name signed into the credential by the issuer)'}` : (recipient?.status === 'pass' ? `the holder of ${values.email}` : 'identified by a hashed email address (check it with --email)')],
    ['Issued', text(vc.awardedDate) || text(vc.validFrom) || text(vc.issuanceDate)],
    ['Valid until', text(vc.validUntil) || text(vc.expirationDate) || 'does not expire'],
    ['Revoked on', result.revocation?.date ?? ''],
    ['Reason', result.revocation?.reason ?? ''],
    ['Credential', text(vc.id)],
  ].filter((pair): pair is [string, string] => pair[1] !== '');
}

/**
 * Text from the credential, safe to print on one terminal line: control characters (C0, DEL, C1),
 * line and paragraph separators and bidirectional controls are written as escapes (\n, \u001b), so a
 * name or comment can neither start a line of its own that passes for a check nor restyle or reorder
 * what the terminal shows. The --json output needs none of this: JSON escapes them itself.
 */
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}]/gu;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const printable = (text: string) => text.replace(UNPRINTABLE, (c) => ESCAPES[c] ?? `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);

const out: string[] = [];
if (values.json) {
  out.push(JSON.stringify({ verdict: result.verdict, exitCode, headline: words.title, input: result.input, checks: result.checks, credential: result.credential, revocation: result.revocation, endorsements: result.endorsements }, null, 2));
} else {
  // Every line is the CLI's own: whatever a credential says goes through printable() first.
  out.push(`${words.title.toUpperCase()} (${result.verdict}): ${printable(words.meaning)}`);
  const summary = facts(result.credential);
  if (summary.length > 0 && result.verdict !== 'invalid') {
    out.push('');
    for (const [term, value] of summary) out.push(`  ${term.padEnd(12)} ${printable(value)}`);
  }
  out.push('');
  for (const check of result.checks) out.push(`  ${STATUS_WORDS[check.status].padEnd(11)} ${CHECK_NAMES[check.id]}: ${printable(check.detail)} [${check.code}]`);
  // Each endorsement on a line of its own, under its step (a failed one never changes the verdict above).
  for (const e of result.endorsements ?? []) {
    const said = e.partner ? `${e.partner.slice(0, 120)}, ${e.date ?? ''}${e.comment ? `: “${e.comment.slice(0, 300)}”` : ''}` : e.detail;
    out.push(`  ${''.padEnd(11)}   ${STATUS_WORDS[e.status]}: ${printable(said)}`);
  }
  out.push(`\nChecked against the keys of ${siteOrigin}${trustedKeys ? ` pinned from ${values.jwks}` : ''}${values.from ? `, its files fetched from ${values.from}` : ''}.`);
}
for (const [host, problem] of guardedFetch.refused) console.error(`Not contacted ${host}: ${problem} Use --allow-local to allow it.`);
// Exit once the output has been handed over: into a pipe whose reader is slower than this process,
// process.exit() right after console.log() cut it short (at the pipe's buffer, 64 to 128 KB).
process.stdout.write(`${out.join('\n')}\n`, () => process.exit(exitCode));
