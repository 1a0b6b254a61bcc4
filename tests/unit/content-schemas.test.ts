// Each collection's schema, through the same entry point the build uses (checkFile), against
// fixtures named by scenario. Assertions are on the exact text an editor would read.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/lib/content/check-file.ts';
import { collectionSpecs, type CollectionName } from '../../src/schemas/collections.ts';
import { isoDate } from '../../src/schemas/shared.ts';

function check(collection: CollectionName, fixture: string) {
  const file = `tests/fixtures/content/${collection}/${fixture}`;
  const spec = collectionSpecs[collection];
  return checkFile(file, readFileSync(file, 'utf8'), spec.format, spec.schema);
}

/** Problems as "line N field: message" strings, the shape the build report prints. */
function lines(collection: CollectionName, fixture: string): string[] {
  return check(collection, fixture).problems.map((p) => `${p.line ?? '-'} ${p.field}: ${p.message}`);
}

describe('valid fixtures pass and are normalised', () => {
  it('release: dates become YYYY-MM-DD text and defaults are filled', () => {
    const { data, problems } = check('releases', 'valid.md');
    expect(problems).toEqual([]);
    expect(data).toMatchObject({ date: '2026-09-15', category: 'Announcements', draft: false });
  });
  it('edition: milestone defaults and criteria minimum', () => {
    const { data, problems } = check('editions', 'valid.yaml');
    expect(problems).toEqual([]);
    expect(data).toMatchObject({
      year: 2027,
      criteria: { minimumToMeet: 1 },
      timeline: [{ virtual: false }, { endDate: '2027-02-26', virtual: true }, { time: '18:30' }],
    });
  });
  it('winner, achievement and page fixtures are accepted', () => {
    expect(check('winners', 'valid.yaml').data).toMatchObject({ rank: 99, sample: false });
    expect(check('achievements', 'valid.yaml').data).toMatchObject({ achievementType: 'MicroCredential', active: true });
    expect(check('pages', 'valid.md').data).toMatchObject({ updated: '2026-11-22' });
  });
});

describe('invalid fixtures name the line, the field and what to do', () => {
  it('release with empty title, impossible date, unknown category and incomplete photo', () => {
    expect(lines('releases', 'invalid-fields.md')).toEqual([
      '2 title: Add a title (the headline of the release); it cannot be empty.',
      '3 date: "2022-13-45" is not a date. Write it as YYYY-MM-DD, for example 2022-01-25.',
      '4 category: Expected one of: Releases, Announcements, Media advisories, Statements.',
      '- summary: Add a summary (one or two sentences for lists and link previews).',
      '6 hero.src: Expected a path from the site root such as /uploads/photo.jpg.',
      '7 hero.alt: Add alt text describing the image for people who cannot see it; it cannot be empty.',
      '5 hero.credit: Add a photo credit (who took or owns the photo).',
    ]);
  });
  it('release without front matter', () => {
    expect(lines('releases', 'no-front-matter.md')).toEqual([
      '1 : The file must start with front matter: a line "---", the fields in YAML, and another "---".',
    ]);
  });
  it('release whose front matter is not YAML', () => {
    expect(lines('releases', 'bad-yaml.md')[0]).toBe(
      '3 : This is not valid YAML (Nested mappings are not allowed in compact mappings). Check the indentation and quoting on that line.',
    );
  });
  it('edition with bad year, status and timeline', () => {
    expect(lines('editions', 'invalid-timeline.yaml')).toEqual([
      '1 year: Expected the year as a number, for example 2022.',
      '4 status: Expected one of: upcoming, open, judging, closed.',
      '6 timeline.0.date: The final event needs a date (YYYY-MM-DD).',
      '6 timeline.0.location: Say where the final event happens: add a location, or set virtual: true.',
      '12 timeline.1.time: Write the time on the 24-hour clock as HH:MM, for example 18:30.',
      '11 timeline.1.endDate: endDate 2027-02-01 is before the first day (2027-02-10). Correct whichever of the two is wrong.',
      '13 eligibility: Add at least one eligibility point.',
      '19 howToEnter.registrationUrl: Expected a full web address starting with https://, for example https://www.cityofkingston.ca/.',
    ]);
  });
  it('winner with a video off YouTube/Vimeo and an image without alt text', () => {
    expect(lines('winners', 'invalid-video.yaml')).toEqual([
      '8 video.url: example.com is not YouTube or Vimeo. Only videos on those two sites can be shown on the site. Paste the link of a video on YouTube or Vimeo (its Share button gives it), for example https://www.youtube.com/watch?v=dQw4w9WgXcQ, https://youtu.be/dQw4w9WgXcQ or https://vimeo.com/76979871.',
      '10 image.alt: Add alt text describing the image for people who cannot see it.',
    ]);
  });
  it('achievement with a bad slug, hours as words, no competencies and an unknown type', () => {
    expect(lines('achievements', 'invalid.yaml')).toEqual([
      '1 slug: Use lower-case letters, digits and single hyphens only, for example "innovation-skills".',
      '5 hours: Expected the hours of learning as a number, for example 20.',
      '6 competencies: List at least one competency the badge certifies.',
      '7 image.alt: Add alt text describing the image for people who cannot see it.',
      '9 achievementType: Expected one of: MicroCredential, Badge, Certificate, Competency, CoCurricular, Course.',
    ]);
  });
  it('settings with a bad email and an unknown network', () => {
    expect(lines('settings', 'invalid.yaml')).toEqual([
      '6 contactEmail: Expected an email address, e.g. innovation@example.org.',
      '14 social.0.network: Expected one of: LinkedIn, Instagram, Facebook, X, YouTube, Bluesky, Mastodon.',
    ]);
  });
  it('release written on Windows (byte-order mark, CRLF) still maps problems to the right line', () => {
    expect(lines('releases', 'crlf-bom.md')).toEqual([
      '4 category: Expected one of: Releases, Announcements, Media advisories, Statements.',
    ]);
  });
  it('release whose body holds a <script> element (any letter case or spacing) or an image from another site', () => {
    const message = 'The text contains a <script> element. Releases and pages cannot run script: remove it.';
    const image = (address: string) => `The text shows an image from another site (${address}). Pages show only this site's own images: upload the picture and use its /uploads/ path.`;
    expect(lines('releases', 'script-in-body.md')).toEqual([
      `10 body: ${message}`,
      `12 body: ${message}`,
      // Inside the HTML block that line 12 opens, backticks are not code: <scripted> is an element.
      '13 body: The text contains a <scripted> element, which releases and pages cannot use (it would be removed from the page). Remove it, or write the text in Markdown.',
      `15 body: ${image('https://example.org/chart.png')}`,
      `17 body: ${image('//cdn.example.org/x.jpg')}`,
    ]);
  });

  it('release whose front matter is never closed', () => {
    expect(lines('releases', 'unclosed.md')).toEqual([
      '1 : The front matter is never closed: add a line "---" after the last field, before the body.',
    ]);
  });
  it('release scheduled with seconds, which the build\'s front-matter reader would take for UTC (five hours early)', () => {
    const text = (publishAt: string) => `---\ntitle: T\ndate: 2026-12-20\ncategory: Releases\nsummary: S.\npublishAt: ${publishAt}\n---\nBody\n`;
    const spec = collectionSpecs.releases;
    const problems = (publishAt: string) => checkFile('r.md', text(publishAt), spec.format, spec.schema).problems.map((p) => `${p.line} ${p.field}: ${p.message}`);
    expect(problems('2026-12-20T09:00:00')).toEqual(['6 publishAt: "2026-12-20T09:00:00" has seconds: write the time without them, in Kingston time as YYYY-MM-DDTHH:MM, for example 2026-12-20T09:00.']);
    expect(problems('2026-12-20 09:00:30.5')).toHaveLength(1);
    expect(problems('2026-12-20T09:00')).toEqual([]);
  });
  it('release with misspelled field names, which would otherwise be dropped without a word', () => {
    expect(lines('releases', 'unknown-fields.md')).toEqual([
      '6 darft: There is no field "darft" here. Check its spelling, or remove it.',
      '7 heor: There is no field "heor" here. Check its spelling, or remove it.',
    ]);
  });
  it('winner with a fractional year, rank 0, an empty team and text that is not a URL', () => {
    expect(lines('winners', 'unparseable.yaml')).toEqual([
      '1 edition: Expected a four-digit year, for example 2022.',
      '3 rank: Rank starts at 1 (first place).',
      '4 team: Add the team name.',
      '9 video.url: The video link has spaces in it, so it is not one link. Paste the link of a video on YouTube or Vimeo (its Share button gives it), for example https://www.youtube.com/watch?v=dQw4w9WgXcQ, https://youtu.be/dQw4w9WgXcQ or https://vimeo.com/76979871.',
    ]);
  });
  it('edition file that is a list instead of fields', () => {
    expect(lines('editions', 'list.yaml')).toEqual([
      '1 : The file must hold fields as "name: value" lines, not a list or a single value.',
    ]);
  });
  it('award with bad ids, a malformed hash, a plaintext identity, an out-of-range slot and a revocation without reason', () => {
    expect(lines('awards', 'invalid.yaml')).toEqual([
      '1 credentialId: Expected a lower-case UUID v4 such as 0f8fad5b-d9cb-469f-a165-70867728950e. Never change it once published.',
      '2 subjectId: Expected urn:uuid: followed by a lower-case UUID v4.',
      '7 identifier.0.hashed: Expected hashed: true. Plaintext addresses are never stored; re-import the award.',
      '9 identifier.0.identityHash: Expected "sha256$" followed by 64 lower-case hex digits. Re-import the award rather than editing the hash.',
      '10 identifier.0.salt: Expected a salt of 32 lower-case hex digits.',
      '13 statusIndex: Expected statusIndex as a whole number from 0 to 131071.',
    ]);
  });
  it('award whose revocation has no reason or date, and whose expiry precedes the award', () => {
    const text = readFileSync('content/awards/' + readdirSync('content/awards')[0], 'utf8') + 'revoked: true\nexpires: 2022-03-01\n';
    const problems = checkFile('content/awards/x.yaml', text, 'data', collectionSpecs.awards.schema).problems.map((p) => `${p.field}: ${p.message}`);
    expect(problems).toEqual([
      'revokedReason: Say why the credential is revoked: add revokedReason.',
      'revokedDate: Add revokedDate (YYYY-MM-DD), the day it was revoked.',
      'expires: expires (2022-03-01) must be after awardedDate (2022-03-04).',
    ]);
  });
  it('award holding a name without consent, or consent without a name', () => {
    const files = readdirSync('content/awards').map((f) => readFileSync('content/awards/' + f, 'utf8'));
    const unnamed = files.find((t) => /^publishName: false$/m.test(t))!;
    const named = files.find((t) => /^publishName: true$/m.test(t))!;
    const check = (text: string) => checkFile('content/awards/x.yaml', text, 'data', collectionSpecs.awards.schema).problems.map((p) => `${p.line} ${p.field}: ${p.message}`);
    expect(check(unnamed)).toEqual([]);
    expect(check(named)).toEqual([]);
    expect(check(unnamed + 'recipientName: Ada Sample\n')).toEqual([
      `${unnamed.split('\n').length} recipientName: A name is kept only with the recipient’s consent: remove recipientName, or set publishName: true if they agreed to have it published and signed into the credential.`,
    ]);
    // A missing field has no line of its own: the problem names the field.
    expect(check(named.replace(/^recipientName: .*\n/m, ''))).toEqual([
      `undefined recipientName: With publishName: true a recipientName is needed: add the name as the recipient agreed to have it published, or set publishName: false.`,
    ]);
  });
  it('award whose published name holds a character lost in a conversion (U+FFFD)', () => {
    const named = readdirSync('content/awards').map((f) => readFileSync('content/awards/' + f, 'utf8')).find((t) => /^publishName: true$/m.test(t))!;
    const text = named.replace(/^recipientName: .*$/m, 'recipientName: \uFFFDmilie C\uFFFDt\uFFFD');
    expect(checkFile('content/awards/x.yaml', text, 'data', collectionSpecs.awards.schema).problems.map((p) => p.field)).toEqual(['recipientName']);
  });

  it('achievement whose completion rule gives both a pass mark and pass symbols, neither, or a pass mark over 100', () => {
    const base = readFileSync('content/achievements/innovation-skills.yaml', 'utf8').replace(/^completion:\n(?: {2}.*\n)+/m, '');
    const check = (rule: string) => checkFile('content/achievements/innovation-skills.yaml', base + rule, 'data', collectionSpecs.achievements.schema).problems.map((p) => `${p.field}: ${p.message}`);
    expect(check('completion:\n  gradeItem: Innovation Skills Training\n  minimumPercent: 70\n')).toEqual([]);
    expect(check('completion:\n  gradeItem: Final\n  passSymbols: [Pass]\n')).toEqual([]);
    const oneRule = 'completion.minimumPercent: Give either minimumPercent (a pass mark such as 70) or passSymbols (such as Pass), not both and not neither: the import applies exactly one rule.';
    expect(check('completion:\n  gradeItem: Final\n  minimumPercent: 70\n  passSymbols: [Pass]\n')).toEqual([oneRule]);
    expect(check('completion:\n  gradeItem: Final\n')).toEqual([oneRule]);
    expect(check('completion:\n  gradeItem: Final\n  minimumPercent: 170\n')).toEqual(['completion.minimumPercent: The pass mark is a percentage from 0 to 100, for example 70.']);
  });

  it('public key file holding a private key', () => {
    const jwk = { kty: 'EC', crv: 'P-256', x: 'abc', y: 'def', d: 'secret', alg: 'ES256' };
    const problems = checkFile('content/keys/leaked.json', JSON.stringify(jwk), 'data', collectionSpecs.keys.schema).problems;
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'd: This is a PRIVATE key (it has "d"). Delete the file, keep the private key only in the deployment\'s secret store, and generate a new key with npm run keys:new: this one must be treated as leaked.',
    ]);
  });
  it('partner without role and with a bare domain', () => {
    expect(lines('partners', 'invalid.yaml')).toEqual([
      '- role: Add the partner role, e.g. "Organiser".',
      '2 url: Expected a full web address starting with https://, for example https://www.cityofkingston.ca/.',
    ]);
  });
});

describe('YAML anchors, aliases and merge keys', () => {
  const MESSAGE = 'YAML anchors and aliases (&name, *name, <<) are not allowed in content: write the value out';
  const winner = (extra: string) =>
    checkFile('content/winners/first-place.yaml', `edition: 2022\nplacement: First place\n${extra}institution: Queen's University\nproposalTitle: Snow\nsummary: A made-up entry.\n`, 'data', collectionSpecs.winners.schema).problems.map(
      (p) => `${p.file} ${p.line}: ${p.message}`,
    );

  it('refuses an alias used as a key, which makes a field (sample: true) no line spells', () => {
    expect(winner('team: &k sample\n*k : true\n')).toEqual([
      `content/winners/first-place.yaml 3: ${MESSAGE} (here: &k).`,
      `content/winners/first-place.yaml 4: ${MESSAGE} (here: *k).`,
    ]);
  });

  it('refuses a merge key, which readers of YAML disagree on', () => {
    expect(winner('team: A\nextra:\n  <<: {sample: true}\n')).toEqual([`content/winners/first-place.yaml 5: ${MESSAGE} (here: <<).`]);
  });

  it('refuses them in front matter, on the line of the file', () => {
    const text = '---\nquestion: &q Does it cost anything?\ntopic: *q\n---\nNo.\n';
    expect(checkFile('content/faq/cost.md', text, collectionSpecs.faq.format, collectionSpecs.faq.schema).problems.map((p) => `${p.line}: ${p.message.split(' out ')[1]}`)).toEqual(['2: (here: &q).', '3: (here: *q).']);
  });

  it('leaves an & or * in text alone', () => {
    expect(winner('team: "&k Team * 2"\n')).toEqual([]);
  });
});

describe('isoDate', () => {
  it('keeps the calendar day whatever the machine time zone', () => {
    expect(isoDate.parse(new Date('2022-03-04T00:00:00Z'))).toBe('2022-03-04');
    expect(isoDate.parse(' 2024-02-29 ')).toBe('2024-02-29');
  });
  it('refuses days that do not exist and other formats', () => {
    for (const bad of ['2023-02-29', '2022-1-5', '25/01/2022', 'January 25, 2022']) {
      expect(isoDate.safeParse(bad).error?.issues[0]?.message).toBe(
        `"${bad}" is not a date. Write it as YYYY-MM-DD, for example 2022-01-25.`,
      );
    }
    expect(isoDate.safeParse(20220125).error?.issues[0]?.message).toBe(
      'Expected a date written as YYYY-MM-DD, for example 2022-01-25.',
    );
  });
});

describe('certificate signatures in the site settings', () => {
  const base = readFileSync('content/settings/site.yaml', 'utf8').replace(/^certificateSignatures:[\s\S]*?(?=^newsPageSize)/m, '');
  const settings = (signatures: string) => checkFile('content/settings/site.yaml', `${base}${signatures}`, collectionSpecs.settings.format, collectionSpecs.settings.schema);
  it('are optional, take an optional signature image, and print at most three', () => {
    expect(settings('').data).toMatchObject({ certificateSignatures: [] });
    const one = settings('certificateSignatures:\n  - name: Jane Doe\n    title: Mayor, City of Kingston\n    signature:\n      src: /uploads/signature.png\n      alt: Signature of Jane Doe\n');
    expect(one.problems).toEqual([]);
    expect(one.data).toMatchObject({ certificateSignatures: [{ name: 'Jane Doe', signature: { src: '/uploads/signature.png' } }] });
    const person = '  - name: A\n    title: B\n';
    expect(settings(`certificateSignatures:\n${person.repeat(4)}`).problems.map((p) => `${p.field}: ${p.message}`)).toEqual(['certificateSignatures: A certificate has room for at most 3 signatures.']);
    expect(settings('certificateSignatures:\n  - name: Jane Doe\n    signature:\n      src: /uploads/signature.svg\n      alt: Signature\n').problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'certificateSignatures.0.title: Add the signatory’s title.',
      'certificateSignatures.0.signature.src: Uploaded pictures must be photos (JPEG, PNG, WebP, AVIF or GIF), not SVG: export the picture as PNG and upload that.',
    ]);
  });
});
