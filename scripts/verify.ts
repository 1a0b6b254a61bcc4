/**
 * npm run verify -- <file|url> [--email a@b.c] [--json] [--jwks <url|file>] [--site <origin>] [--from <origin>]
 *
 * Verifies a credential (token, JSON, baked PNG or SVG) with the same core as the verify page.
 * "This site" is --site, else SITE_URL, else the local preview address; its keys come from --jwks
 * (pinned) or from <site>/.well-known/jwks.json. --from fetches the site's files from another
 * address (a local preview of a build). Exit code: 0 valid, 1 not valid, 2 unreadable input.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { JSONWebKeySet } from 'jose';
import { CHECK_NAMES, STATUS_WORDS, VERDICT_TEXT } from '../src/lib/verify/explain.ts';
import { verify } from '../src/lib/verify/verify.ts';

const USAGE = 'Usage: npm run verify -- <file|url> [--email a@b.c] [--json] [--jwks <url|file>] [--site <origin>] [--from <origin>]';

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
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
})();
const [target] = parsed.positionals;
if (!target || parsed.positionals.length > 1) {
  console.error(USAGE);
  process.exit(2);
}
const { values } = parsed;
const isUrl = (text: string) => /^https?:\/\//.test(text);

async function load(location: string): Promise<Uint8Array> {
  if (isUrl(location)) {
    const response = await fetch(location);
    if (!response.ok) throw new Error(`${location} answered HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  return new Uint8Array(await readFile(location));
}

let input: Uint8Array;
let trustedKeys: JSONWebKeySet | undefined;
try {
  input = await load(target);
  if (values.jwks) trustedKeys = JSON.parse(new TextDecoder().decode(await load(values.jwks))) as JSONWebKeySet;
} catch (error) {
  console.error(`Could not read ${error instanceof SyntaxError ? 'the JWKS' : target}: ${(error as Error).message}`);
  process.exit(2);
}

const siteOrigin = values.site ?? process.env.SITE_URL ?? 'http://localhost:4321';
const result = await verify(input, {
  siteOrigin,
  ...(values.from ? { servedOrigin: values.from } : {}),
  ...(trustedKeys ? { trustedKeys } : {}),
  fetch: (url) => fetch(url),
  now: new Date(),
  email: values.email,
});

if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const verdict = VERDICT_TEXT[result.verdict];
  console.log(`${verdict.title.toUpperCase()} (${result.verdict}): ${verdict.meaning}`);
  for (const check of result.checks) console.log(`  ${STATUS_WORDS[check.status].padEnd(11)} ${CHECK_NAMES[check.id]}: ${check.detail} [${check.code}]`);
  console.log(`Checked against the keys of ${siteOrigin}.`);
}
process.exit(result.verdict === 'valid' ? 0 : result.verdict === 'error' ? 2 : 1);
