/**
 * npm run keys:new -- [--alg RS256|ES256|EdDSA] [--name 2026-11-a]
 *
 * Generates an issuer signing key: RS256 (the default) or ES256 for the VC-JWTs (BADGE_SIGNING_KEY),
 * EdDSA (Ed25519) for the Data Integrity proofs (BADGE_DI_KEY). The public half is written to
 * content/keys/<name>.json (commit it: keys are never deleted, so old credentials keep verifying).
 * The private half is printed once, here, for the deployment's secret store; it is written nowhere.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateSigningKey, publicJwkOf, type SigningAlg } from '../src/lib/issue/keys-fs.ts';

const { values } = parseArgs({ options: { alg: { type: 'string', default: 'RS256' }, name: { type: 'string' } } });
const alg = values.alg.toUpperCase() === 'EDDSA' ? 'EdDSA' : values.alg.toUpperCase();
if (alg !== 'RS256' && alg !== 'ES256' && alg !== 'EdDSA') {
  console.error(`--alg must be RS256 (the default, which every Open Badges verifier accepts) or ES256 for the VC-JWT key, or EdDSA for the Data Integrity key; got ${values.alg}.`);
  process.exit(1);
}
const secret = alg === 'EdDSA' ? 'BADGE_DI_KEY' : 'BADGE_SIGNING_KEY';
const today = new Date().toISOString().slice(0, 7);
const name = values.name ?? `${today}-${alg === 'EdDSA' ? 'ed25519' : alg.toLowerCase()}`;
if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) {
  console.error(`--name "${name}" must use lower-case letters, digits and hyphens: it becomes the key's address, /keys/${name}.json.`);
  process.exit(1);
}
const file = path.join(process.cwd(), 'content', 'keys', `${name}.json`);
if (existsSync(file)) {
  console.error(`content/keys/${name}.json already exists. Keys are never replaced; choose another --name.`);
  process.exit(1);
}

const privateKey = generateSigningKey(alg as SigningAlg);
await mkdir(path.dirname(file), { recursive: true });
await writeFile(file, `${JSON.stringify(publicJwkOf(privateKey), null, 2)}\n`, { flag: 'wx' });

console.log(`Wrote the public key to content/keys/${name}.json. Commit it.

Below is the PRIVATE key. It is shown once and stored nowhere else. Put it in the deployment's
secret store as ${secret} (the whole block, including the BEGIN and END lines), then close
this terminal. Anyone who has it can issue credentials in the City's name.

${privateKey.export({ type: 'pkcs8', format: 'pem' }) as string}`);
