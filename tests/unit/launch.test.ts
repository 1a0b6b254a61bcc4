// The launch check's judgement, file by file: which addresses are placeholders (and which only look
// like it), samples and placeholders however YAML spells yes, keys known to be throwaway, and the
// launch fields. The real build's refusal is tested in tests/build/launch-readiness.test.ts.
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { base64url, calculateJwkThumbprint, type JWK } from 'jose';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { CheckedEntries } from '../../src/lib/content/integrity.ts';
import { collectionSpecs } from '../../src/schemas/collections.ts';
import { ENVIRONMENT, formatLaunchReport, isPlaceholderHost, launchNotice, launchProblems, placeholderAddresses, type LaunchInput } from '../../src/lib/content/launch.ts';
import { KNOWN_TEST_KEYS } from '../../src/lib/issue/known-test-keys.ts';
import { ed25519Multikey } from '../../src/lib/data-integrity/multibase.ts';
import { editionSchema } from '../../src/schemas/edition.ts';
import { settingsSchema } from '../../src/schemas/settings.ts';
import { repo } from '../support/build.ts';

/** No entries in any collection (whatever collections there are). */
const NO_ENTRIES = Object.fromEntries(Object.keys(collectionSpecs).map((name) => [name, []])) as unknown as CheckedEntries;

/** The launch check on some files alone, with no keys and no entries. */
function check(files: Record<string, string>, extra: Partial<LaunchInput> = {}) {
  return launchProblems({
    files: Object.entries(files).map(([file, text]) => ({ file, text })),
    entries: NO_ENTRIES,
    signingKeys: [],
    developmentKeys: new Map(),
    ...extra,
  });
}

describe('placeholder addresses', () => {
  it.each([
    ['innovation-challenge@example.org', 'innovation-challenge@example.org'],
    ['Write to INFO@EXAMPLE.ORG today.', 'INFO@EXAMPLE.ORG'],
    ['mailto:someone@example.com', 'someone@example.com'],
    ['Mail us at a@example.org.', 'a@example.org'],
    ['See https://example.com:8080/x for more', 'https://example.com:8080'],
    ['https://user:pw@innovation.example.net/path', 'https://user:pw@innovation.example.net'],
    ['Visit innovation.example.org for details', 'innovation.example.org'],
    ['test@bücher.example', 'test@bücher.example'],
    ['contact@ｅｘａｍｐｌｅ．ｏｒｇ', 'contact@ｅｘａｍｐｌｅ．ｏｒｇ'],
    ['https://%65xample.org/', 'https://%65xample.org'],
    ['a@mail.test', 'a@mail.test'],
    ['http://localhost:4321/', 'http://localhost:4321'],
    ['nobody@nowhere.invalid', 'nobody@nowhere.invalid'],
  ])('finds the placeholder in %j', (text, address) => {
    expect(placeholderAddresses(text)).toEqual([address]);
  });

  it.each([
    'user@sub.example.co.uk', // example.co.uk is an ordinary name, not reserved
    'hello@myexample.org',
    'https://www.cityofkingston.ca/',
    'innovation@queensu.ca',
    'the final results.test of the year', // a bare name under .test is read as prose
    'exampleXorg, example-org and example_org',
    'https://example.organic.ca/',
  ])('leaves %j alone', (text) => {
    expect(placeholderAddresses(text)).toEqual([]);
  });

  it('judges hosts by the reserved names only', async () => {
    expect(isPlaceholderHost('EXAMPLE.ORG.')).toBe(true);
    expect(isPlaceholderHost('xn--bcher-kva.example')).toBe(true);
    expect(isPlaceholderHost('example.co.uk')).toBe(false);
    expect(isPlaceholderHost('examples.org')).toBe(false);
  });
});

describe('addresses in content files, found by parsing', () => {
  it('names the field and line of a YAML value, and ignores a YAML comment (never published)', async () => {
    const problems = await check({
      'content/settings/site.yaml': '# Old inbox: old@example.org\nsiteName: X\ncontacts:\n  program:\n    email: "program@example.org"\n',
    });
    expect(problems).toEqual([
      {
        file: 'content/settings/site.yaml',
        field: 'contacts.program.email',
        line: 5,
        message: 'program@example.org is an example address, not a real one: no one would receive mail there or find a page. Replace it with the real address.',
      },
    ]);
  });

  it('finds addresses in a Markdown body: links, autolinks, images, raw HTML, code spans and prose, on their lines', async () => {
    const body = [
      '---',
      'title: About',
      'contact: help@example.com',
      '---',
      'Write to [us](mailto:us@example.org).',
      '',
      'Or <https://innovation.example.org/apply>.',
      '',
      '![Logo](https://cdn.example.net/logo.png)',
      '',
      '<a href="https://forms.example.com/x">form</a>',
      '',
      'Type `me@example.org` in the box, or call nobody@nowhere.test.',
      '',
      '<!-- draft: old@example.org -->',
      '',
      '[ref]: https://ref.example.org',
      '',
      'See [the reference][ref].',
    ].join('\n');
    const problems = await check({ 'content/pages/about.md': body });
    expect(problems.map((p) => [p.field, p.line, p.message.split(' ')[0]])).toEqual([
      ['contact', 3, 'help@example.com'],
      ['body', 5, 'mailto:us@example.org'.replace('mailto:', '')],
      ['body', 7, 'https://innovation.example.org'],
      ['body', 9, 'https://cdn.example.net'],
      ['body', 11, 'https://forms.example.com'],
      ['body', 13, 'me@example.org'],
      ['body', 13, 'nobody@nowhere.test'],
      ['body', 19, 'https://ref.example.org'],
    ]);
  });

  it('finds an address written with escapes or entities (the parsers undo them; a file is never skipped for its spelling)', async () => {
    // Neither "@", "example" nor "://" is written in these files: only the parsers' output has them.
    const problems = await check({
      'content/partners/a.yaml': 'name: A\nemail: "a\\x40\\x65xample.org"\n',
      'content/endorsements/b.json': '{"email": "b\\u0040\\u0065xample.com"}',
      'content/pages/c.md': '---\ntitle: C\n---\nWrite to c&#64;&#101;xample.net.\n',
    });
    expect(problems.map((p) => `${p.file} ${p.field} ${p.message.split(' ')[0]}`)).toEqual([
      'content/partners/a.yaml email a@example.org',
      'content/endorsements/b.json email b@example.com',
      'content/pages/c.md body c@example.net',
    ]);
  });

  it('finds addresses in JSON (an endorsement) by field path', async () => {
    const endorsement = JSON.stringify({ issuer: { id: 'did:web:partner.example.com', url: 'https://partner.example.com/' }, credentialSubject: { endorsementComment: 'A fine credential.' } });
    // A did:web names its host too: did:web:partner.example.com is as fake as the web address.
    expect((await check({ 'content/endorsements/acme.json': endorsement })).map((p) => p.field)).toEqual(['issuer.id', 'issuer.url']);
  });

  it('refuses SITE_URL on an example name', async () => {
    const [problem] = await check({}, { site: 'https://innovation.example.org' });
    expect(problem).toMatchObject({ file: ENVIRONMENT, field: 'SITE_URL' });
    expect(await check({}, { site: 'https://innovation.cityofkingston.ca' })).toEqual([]);
  });
});

describe('samples and placeholders', () => {
  it('refuses sample: true and placeholder: true wherever they are, spelled as YAML 1.2 reads true', async () => {
    const problems = await check({
      'content/winners/sample-a.yaml': 'team: A\nsample: True\n',
      'content/awards/x.yaml': 'recipientName: X\nsample: TRUE\n',
      'content/settings/site.yaml': 'contacts:\n  program:\n    name: X\n    placeholder: true\ncertificateSignatures:\n  - name: Y\n    placeholder: true\n',
      'content/faq/cost.md': '---\nquestion: Does it cost anything?\nplaceholder: true\n---\nNo.\n',
      'content/partners/acme.yaml': 'name: Acme\nsample: false\n',
    });
    expect(problems.map((p) => `${p.file} ${p.field} ${p.line}`)).toEqual([
      'content/winners/sample-a.yaml sample 2',
      'content/awards/x.yaml sample 2',
      'content/settings/site.yaml contacts.program.placeholder 4',
      'content/settings/site.yaml certificateSignatures.0.placeholder 7',
      'content/faq/cost.md placeholder 3',
    ]);
    expect(problems[0]!.message).toBe('This is a sample winner, not a real result. Delete this file, or replace it with a real winner and remove sample: true.');
    expect(problems[1]!.message).toContain('This is a sample award: a production build would sign it with the City\'s key as a real credential. Delete this file before launch');
    expect(problems[2]!.message).toBe("This contact is a placeholder. Write the real person's name, title and email, then remove placeholder: true.");
  });

  it('reads a YAML 1.1 yes, on or y as yes (the safe reading), and says to write true or false', async () => {
    expect(parse('sample: yes')).toEqual({ sample: 'yes' }); // text to the build, not a boolean
    const problems = await check({ 'content/partners/acme.yaml': 'name: Acme\nsample: yes\n', 'content/partners/b.yaml': 'name: B\nsample: "no"\n' });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('(sample is not written true or false; it is read as a yes to be safe)');
  });

  it('refuses a file it cannot parse: what it holds cannot be vouched for', async () => {
    expect((await check({ 'content/endorsements/a.json': '{"sample": tru', 'content/partners/b.yaml': 'name: [B\nsample: false\n' })).map((p) => `${p.file} ${p.message.slice(0, 32)}`)).toEqual([
      'content/endorsements/a.json This file is not valid JSON, so ',
      'content/partners/b.yaml This file is not valid YAML, so ',
    ]);
  });

  it('refuses a flag in JSON too', async () => {
    expect((await check({ 'content/endorsements/a.json': '{"sample": true, "x": {"placeholder": false}}' })).map((p) => p.field)).toEqual(['sample']);
  });
});

describe('keys', () => {
  it('lists every TEST-ONLY key in tests/fixtures/keys/ by its thumbprint', async () => {
    const dir = path.join(repo, 'tests/fixtures/keys');
    const listed: Record<string, string> = {};
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.public.json')).sort()) {
      listed[await calculateJwkThumbprint(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as JWK, 'sha256')] = `tests/fixtures/keys/${name}`;
    }
    expect(Object.keys(listed).length).toBeGreaterThanOrEqual(3);
    expect(KNOWN_TEST_KEYS).toEqual(listed);
  });

  it('refuses a development or TEST-ONLY key: as a signing key, committed in content/keys/, as a partner JWK or a did:key', async () => {
    const fixture = (name: string) => readFileSync(path.join(repo, 'tests/fixtures/keys', name), 'utf8');
    const ed25519 = JSON.parse(fixture('test-only-ed25519.public.json')) as { x: string };
    // The ES256 TEST-ONLY key stands in for this computer's development key.
    const devPrint = await calculateJwkThumbprint(JSON.parse(fixture('test-only-es256.public.json')) as JWK, 'sha256');
    const edPrint = await calculateJwkThumbprint(ed25519 as JWK, 'sha256');
    const didKey = `did:key:${ed25519Multikey(base64url.decode(ed25519.x))}`;
    const problems = await check(
      {
        'content/endorsements/acme.json': JSON.stringify({ issuer: { id: didKey }, proof: [{ verificationMethod: `${didKey}#${didKey.slice(8)}` }] }),
        'content/keys/dev.json': fixture('test-only-es256.public.json'),
        'content/keys/test.json': fixture('test-only-rs256.public.json'),
        'content/partners/acme.yaml': `name: Acme\nkey:\n  kty: OKP\n  crv: Ed25519\n  x: ${ed25519.x}\n`,
      },
      {
        signingKeys: [
          { env: 'BADGE_SIGNING_KEY', thumbprint: devPrint },
          { env: 'BADGE_DI_KEY', thumbprint: edPrint },
        ],
        developmentKeys: new Map([[devPrint, '.badges-dev/signing-key.pem']]),
      },
    );
    expect(problems.map((p) => `${p.file}: ${p.field} ${p.line ?? ''}`)).toEqual([
      `${ENVIRONMENT}: BADGE_SIGNING_KEY `,
      `${ENVIRONMENT}: BADGE_DI_KEY `,
      'content/endorsements/acme.json: issuer.id ',
      'content/endorsements/acme.json: proof.0.verificationMethod ',
      'content/keys/dev.json:  ',
      'content/keys/test.json:  ',
      'content/partners/acme.yaml: key 3',
    ]);
    expect(problems[0]!.message).toContain("BADGE_SIGNING_KEY is this computer's development key (.badges-dev/signing-key.pem)");
    expect(problems[1]!.message).toContain('BADGE_DI_KEY is a TEST-ONLY key (tests/fixtures/keys/test-only-ed25519.public.json)');
    expect(problems[2]!.message).toBe(
      `This names a TEST-ONLY key (tests/fixtures/keys/test-only-ed25519.public.json), whose private half is public (${didKey}): whatever it signed proves nothing. Replace it with the real key, and anything signed with this one (an endorsement: have the partner sign it again with its own key).`,
    );
    expect(problems[4]!.message).toMatch(/^This is the public half of this computer's development key \(\.badges-dev\/signing-key\.pem\): .* Delete this file \(git rm\)/);
  });

  describe('the TEST-ONLY partner key (tests/fixtures/keys/test-only-partner-ed25519.pem, the sample partner’s)', () => {
    const did = 'did:key:z6MkkBFcy1KwuddWEuhUxcBVSZkKGVdiUdqYY6quEJxqR1aP';

    it('is refused as a real partner’s endorsement key', async () => {
      const problems = await check({ 'content/partners/acme-robotics.yaml': `name: Acme Robotics\nrole: Endorsing partner\nurl: https://acme-robotics.ca/\nendorsementKey:\n  did: ${did}\n` });
      expect(problems.map((p) => `${p.file} ${p.field} ${p.line}`)).toEqual(['content/partners/acme-robotics.yaml endorsementKey.did 5']);
      expect(problems[0]!.message).toContain('a TEST-ONLY key (tests/fixtures/keys/test-only-partner-ed25519.public.json)');
    });

    it('is refused in an endorsement signed with it, even under a real partner’s name and address', async () => {
      const endorsement = readFileSync(path.join(repo, 'content/endorsements/sample-endorser-innovation-skills.json'), 'utf8').replaceAll('https://endorser.example.org/', 'https://acme-robotics.ca/');
      const problems = await check({ 'content/endorsements/acme-robotics-innovation-skills.json': endorsement });
      const testKey = problems.filter((p) => p.message.includes('TEST-ONLY key (tests/fixtures/keys/test-only-partner-ed25519.public.json)'));
      expect(testKey.map((p) => p.field)).toContain('issuer.id');
    });
  });

  it('lets a fresh key go', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const jwk = publicKey.export({ format: 'jwk' });
    expect(await check({ 'content/keys/2027-ed25519.json': JSON.stringify(jwk), 'content/endorsements/a.json': JSON.stringify({ issuer: { id: `did:key:${ed25519Multikey(base64url.decode(jwk.x!))}` } }) })).toEqual([]);
  });
});

describe('launch fields', () => {
  const settings = settingsSchema.parse(parse(readFileSync(path.join(repo, 'content/settings/site.yaml'), 'utf8')));
  const edition = editionSchema.parse(parse(readFileSync(path.join(repo, 'content/editions/2022.yaml'), 'utf8')));

  it('refuses missing contacts and signatories, and an open edition without a registration link or a dated submission deadline', async () => {
    const { contacts: _contacts, ...noContacts } = settings;
    const entries: CheckedEntries = {
      ...NO_ENTRIES,
      settings: [{ collection: 'settings', id: 'site', file: 'content/settings/site.yaml', data: { ...noContacts, certificateSignatures: [] } }],
      editions: [{ collection: 'editions', id: '2027', file: 'content/editions/2027.yaml', data: { ...edition, status: 'open', howToEnter: { instructions: 'Apply.' } } }],
    };
    const problems = await check({}, { entries });
    expect(problems.map((p) => `${p.file} ${p.field}`)).toEqual([
      'content/settings/site.yaml contacts.program',
      'content/settings/site.yaml contacts.media',
      'content/settings/site.yaml certificateSignatures',
      'content/editions/2027.yaml howToEnter.registrationUrl',
      'content/editions/2027.yaml timeline',
    ]);
    // A closed edition needs neither.
    expect(await check({}, { entries: { ...entries, settings: [], editions: [{ ...entries.editions[0]!, data: edition }] } })).toEqual([]);
  });
});

describe('the report', () => {
  it('lists every problem under its file, in the content check’s layout', async () => {
    const problems = await check({ 'content/winners/sample-a.yaml': 'sample: true\n' }, { site: 'https://x.example.org' });
    expect(formatLaunchReport(problems)).toBe(
      [
        'Launch check failed: 2 problems in 1 file and the build’s environment. Nothing was built.',
        '',
        ENVIRONMENT,
        '  field "SITE_URL": SITE_URL is https://x.example.org, an example address. Set it to the site\'s real public address (https://…) in the deployment settings.',
        '',
        'content/winners/sample-a.yaml',
        '  line 1, field "sample": This is a sample winner, not a real result. Delete this file, or replace it with a real winner and remove sample: true.',
        '',
        'A production build publishes only what is real. Fix the above and build again (see "Before launch" in README.md). The site already published has not been changed.',
      ].join('\n'),
    );
    expect(launchNotice(problems, 1)).toBe(
      ['A production build would refuse 2 things; see "Before launch" in README.md. First:', `  ${ENVIRONMENT} (SITE_URL)`, '  …and 1 more.'].join('\n'),
    );
  });
});

describe('samples spelled with YAML aliases and merge keys (the content check refuses them; the launch check judges the resolved data as well)', () => {
  // js-yaml, the reader Astro's content layer parses data files with: what the built pages come from.
  // It ships no types, hence the specifier in a variable.
  const JS_YAML = 'js-yaml';

  it.each([
    ['an alias as the key', 'team: &k sample\ninstitution: Queen’s University\n*k : true\n', 'sample'],
    ['an alias as the value', 'team: A\nyes: &t true\nsample: *t\n', 'sample'],
    ['a merge key', 'base: &b\n  sample: true\nentry:\n  <<: *b\n  team: A\n', 'entry.sample'],
  ])('finds a sample written with %s', async (_, text, field) => {
    const jsYaml = (await import(JS_YAML)) as { load(text: string): unknown };
    const built = jsYaml.load(text) as Record<string, unknown>;
    expect(field.split('.').reduce<unknown>((data, key) => (data as Record<string, unknown>)[key], built)).toBe(true);
    const problems = await check({ 'content/winners/first-place.yaml': text });
    expect(problems.map((p) => p.field)).toContain(field);
    expect(problems.filter((p) => p.field === field)).toHaveLength(1);
  });
});

describe('placeholder addresses only a browser or mail program resolves', () => {
  it.each([
    // A percent-escaped @ in a mailto: link: mail programs decode it.
    ['[Write to us](mailto:innovation-challenge%40example.org)', 'mailto:innovation-challenge%40example.org'],
    // A soft hyphen or zero-width space inside the host: invisible, and dropped by the URL parser.
    ['[Register](https://exam\u00ADple.org/register)', 'https://example.org'],
    ['See https://innovation.exam\u200Bple.org/ for details.', 'https://innovation.example.org'],
    // A quoted local part is a valid email address.
    ['Write to "innovation challenge"@example.org.', '"innovation challenge"@example.org'],
  ])('finds the one in %j, on its line of the body', async (body, address) => {
    const problems = await check({ 'content/faq/register.md': `---\nquestion: How do I register?\ntopic: Taking part\n---\n\n${body}\n` });
    expect(problems.map((p) => `${p.field} ${p.line} ${p.message.split(' is an example')[0]}`)).toEqual([`body 6 ${address}`]);
  });

  it('says when an address hides invisible characters, so the editor knows to retype it', async () => {
    const [problem] = await check({ 'content/partners/a.yaml': 'name: A\nurl: https://exam\u00ADple.org/\n' });
    expect(problem!.message).toContain('It is written with invisible characters inside (a soft hyphen or a zero-width space, say)');
  });

  it.each(['hello@myexample.org', 'https://sub.example.co.uk/', 'mailto:someone%40cityofkingston.ca', 'time:12:00'])('still leaves %j alone', (text) => {
    expect(placeholderAddresses(text)).toEqual([]);
  });
});

describe('SITE_URL', () => {
  it.each([
    ['http://innovation.cityofkingston.ca', 'which is not https'],
    ['http://127.0.0.1:4321', 'loopback'],
    ['https://127.0.0.1', 'loopback'],
    ['http://[::1]:4321', 'loopback'],
    ['https://localhost:4321', 'an example address'],
    ['https://192.168.1.20', 'a private or link-local network address'],
    ['https://10.0.0.8', 'a private or link-local network address'],
    ['https://169.254.10.1', 'a private or link-local network address'],
    ['https://[fe80::1]', 'a private or link-local network address'],
    ['https://203.0.113.9', 'a bare IP address'],
    ['https://intranet', 'not a public domain name'],
    ['innovation.cityofkingston.ca', 'not a web address'],
  ])('refuses %s, saying what to set', async (site, why) => {
    const problems = await check({}, { site });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.file === ENVIRONMENT && p.field === 'SITE_URL')).toBe(true);
    expect(problems.map((p) => p.message).join('\n')).toContain(why);
    expect(problems.at(-1)!.message).toMatch(/Set (SITE_URL|it) to the site's (real )?public address/);
  });

  it('accepts the public https origin', async () => {
    expect(await check({}, { site: 'https://innovation.cityofkingston.ca' })).toEqual([]);
    expect(await check({}, { site: 'https://innovation.cityofkingston.ca/' })).toEqual([]);
  });
});

describe('an active micro-credential that does not say how it is assessed', () => {
  it('is refused, naming the file and the field; a retired one is not', async () => {
    const { achievementSchema } = await import('../../src/schemas/achievement.ts');
    const file = 'content/achievements/innovation-skills.yaml';
    const { assessment: _assessment, ...data } = achievementSchema.parse(parse(readFileSync(path.join(repo, file), 'utf8')));
    expect(data.active).toBe(true);
    const entries = (active: boolean) => ({ ...NO_ENTRIES, achievements: [{ collection: 'achievements', id: 'innovation-skills', file, data: { ...data, active } }] }) as unknown as CheckedEntries;
    const problems = await check({}, { entries: entries(true) });
    expect(problems.map((p) => `${p.file} ${p.field}`)).toEqual([`${file} assessment`]);
    expect(problems[0]!.message).toContain('Add assessment.method');
    expect(await check({}, { entries: entries(false) })).toEqual([]);
  });
});
