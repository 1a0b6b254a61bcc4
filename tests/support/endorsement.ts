// Endorsements in tests: signed with the committed TEST-ONLY partner key, as `npm run endorse` signs them.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { signEndorsement } from '../../src/lib/issue/endorsements-fs.ts';
import { endorsementDocument, type EndorsementKey } from '../../src/lib/ob3/endorsement.ts';
import { badgeUrls } from '../../src/lib/ob3/urls.ts';
import { repo } from './build.ts';

export const TEST_ONLY_PARTNER = {
  file: path.join(repo, 'tests/fixtures/keys/test-only-partner-ed25519.pem'),
  pem: readFileSync(path.join(repo, 'tests/fixtures/keys/test-only-partner-ed25519.pem'), 'utf8'),
  /** Its did:key, as content/partners/sample-endorser.yaml records it. */
  did: 'did:key:z6MkkBFcy1KwuddWEuhUxcBVSZkKGVdiUdqYY6quEJxqR1aP',
};

export const SAMPLE_PARTNER = 'sample-endorser';
export const ACHIEVEMENT = 'innovation-skills';

/** A signed endorsement of `achievement` at `origin` by the sample partner (or whoever `key` records). */
export async function signedEndorsement(
  origin: string,
  options: {
    achievement?: string;
    comment?: string;
    validFrom?: string;
    /** When it runs out (the command writes none). */
    validUntil?: string;
    key?: EndorsementKey;
    pem?: string;
    issuerName?: string;
    /** The endorser's web address; null leaves it out. */
    issuerUrl?: string | null;
  } = {},
): Promise<Record<string, unknown>> {
  const urls = badgeUrls(origin);
  const key = options.key ?? { did: TEST_ONLY_PARTNER.did };
  const document = endorsementDocument({
    id: 'urn:uuid:6f1c1e2a-0000-4000-8000-000000000001',
    issuer: {
      id: key.did,
      type: ['Profile'],
      name: options.issuerName ?? 'Sample Endorser (made up for testing)',
      ...(options.issuerUrl === null ? {} : { url: options.issuerUrl ?? 'https://endorser.example.org/' }),
    },
    achievementId: urls.achievement(options.achievement ?? ACHIEVEMENT),
    achievementName: 'Innovation Skills Micro-credential',
    comment: options.comment ?? 'A sample endorsement, made up for testing.',
    validFrom: options.validFrom ?? '2026-01-15T12:00:00Z',
  });
  if (options.validUntil) Object.assign(document, { validUntil: options.validUntil });
  return signEndorsement(document, createPrivateKey(options.pem ?? TEST_ONLY_PARTNER.pem), key, urls, new Date('2026-06-01T00:00:00Z'));
}

/** Writes endorsements into <root>/content/endorsements/, by file name. */
export async function writeEndorsements(root: string, files: Record<string, unknown>): Promise<void> {
  const folder = path.join(root, 'content/endorsements');
  await mkdir(folder, { recursive: true });
  for (const [name, body] of Object.entries(files)) await writeFile(path.join(folder, name), typeof body === 'string' ? body : `${JSON.stringify(body, null, 2)}\n`);
}

/** A validator for 1EdTech's official EndorsementCredential schema (vendored, tests/fixtures/1edtech/schemas/). */
export async function endorsementCredentialValidator() {
  const { Ajv2019 } = await import('ajv/dist/2019.js');
  const addFormats = (await import('ajv-formats')).default;
  const { fixtureText } = await import('./fixtures.ts');
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(fixtureText('1edtech/schemas/ob_v3p0_endorsementcredential_schema.json')));
}
