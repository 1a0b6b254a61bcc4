// The spelling rule (src/lib/data-integrity/compact-form.ts) against its definition: a compaction round
// trip done by jsonld.js itself (expand, compact with the same contexts, compare). What the rule
// accepts, the round trip must accept; every attack in the hostile corpus is refused by both.
import fc from 'fast-check';
import jsonld from 'jsonld';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCompactForm, FORM_LIMITS, placeOf } from '../../src/lib/data-integrity/compact-form.ts';
import { pinnedLoader } from '../../src/lib/data-integrity/contexts.ts';
import { proofConfig } from '../../src/lib/data-integrity/proof.ts';
import { issueBadges } from '../../src/lib/issue/issue-fs.ts';
import { badgePaths, badgeUrls } from '../../src/lib/ob3/urls.ts';
import { readPngCredential } from '../../src/lib/verify/png.ts';
import { createKeyResolver } from '../../src/lib/verify/keys.ts';
import { createNet } from '../../src/lib/verify/net.ts';
import { readStatusListJson } from '../../src/lib/verify/steps/status-list-json.ts';
import { isDateTimeStamp } from '../../src/lib/verify/dates.ts';
import { buildCorpus } from '../support/corpus.ts';
import { fixtureBytes, fixtureText } from '../support/fixtures.ts';
import { issueInput, ORIGIN } from '../support/issue.ts';

type Json = Record<string, unknown>;
const withoutProof = (doc: Json) => Object.fromEntries(Object.entries(doc).filter(([k]) => k !== 'proof'));

/** Equal as JSON, except that a one-item list may stand where compaction writes the item alone. */
function sameSpelling(written: unknown, compacted: unknown): boolean {
  if (Array.isArray(written) && written.length === 1 && !Array.isArray(compacted)) return sameSpelling(written[0], compacted);
  if (Array.isArray(written) || Array.isArray(compacted)) {
    return Array.isArray(written) && Array.isArray(compacted) && written.length === compacted.length && written.every((w, i) => sameSpelling(w, compacted[i]));
  }
  if (typeof written === 'object' && written !== null && typeof compacted === 'object' && compacted !== null) {
    const a = Object.keys(written).sort();
    const b = Object.keys(compacted).sort();
    return a.length === b.length && a.every((k, i) => k === b[i] && sameSpelling((written as Json)[k], (compacted as Json)[k]));
  }
  return written === compacted;
}

/** The definition: expand, then compact with the document's own contexts, and compare. A document JSON-LD refuses is not in the form. */
async function roundTrips(doc: Json): Promise<boolean> {
  const options = { documentLoader: pinnedLoader(), safe: true };
  try {
    const expanded = await jsonld.expand(doc, options);
    const compacted = await (jsonld as unknown as { compact(i: unknown, c: unknown, o: unknown): Promise<Json> }).compact(expanded, { '@context': doc['@context'] }, options);
    return sameSpelling(doc, compacted);
  } catch {
    return false;
  }
}

/** jsonld.js's own expansion, to hold the rule's expanded form to. */
const expandedByJsonld = (doc: Json) => jsonld.expand(doc, { documentLoader: pinnedLoader(), safe: true });

/** The rule's expanded form of an accepted document (it throws if the document was refused). */
async function expandedByRule(doc: Json): Promise<unknown> {
  const form = await checkCompactForm(doc);
  if (!form.ok) throw new Error(`refused: ${form.reason} at ${form.path}`);
  return form.expanded;
}

let credentials: Json[];
let statusLists: Json[];
let hostile: { name: string; doc: Json }[];
let issuedFiles: Map<string, string>;
let jwks: { keys: unknown[] };

beforeAll(async () => {
  const issued = await issueBadges(await issueInput());
  issuedFiles = issued.files;
  credentials = [...issued.files].filter(([p]) => /^credentials\/[0-9a-f-]{36}\.json$/.test(p)).map(([, body]) => withoutProof(JSON.parse(body)));
  statusLists = (['revocation', 'suspension'] as const).map((purpose) => withoutProof(JSON.parse(issued.files.get(badgePaths.statusListJson(purpose))!)));
  jwks = JSON.parse(issued.files.get(badgePaths.jwks)!);
  const corpus = await buildCorpus();
  hostile = corpus.cases
    .filter((c) => c.name.startsWith('hostile: ') && typeof c.input === 'string' && c.input.startsWith('{') && c.expect.code === 'ERR_CREDENTIAL_FORM')
    .map((c) => ({ name: c.name, doc: withoutProof(JSON.parse(c.input as string)) }));
}, 120_000);

describe('the one spelling (compact-form.ts)', () => {
  it('accepts every credential and status list this site issues, the W3C vector and 1EdTech’s example, as the round trip does', async () => {
    const png = await readPngCredential(fixtureBytes('1edtech/baked/simple-json.png'));
    const foreign = [withoutProof(JSON.parse(fixtureText('w3c/eddsa-rdfc-2022/signedDataInt.json'))), withoutProof(JSON.parse(png.kind === 'ob3' ? png.text : '{}'))];
    const documents = [...credentials, ...statusLists, ...foreign];
    expect(credentials.length).toBeGreaterThan(2);
    // The proofs' options under the document's contexts (the first half of what a proof signs) too.
    const configs: string[] = [];
    const signed = [JSON.parse(issuedFiles.get(badgePaths.statusListJson('revocation'))!), JSON.parse(fixtureText('w3c/eddsa-rdfc-2022/signedDataInt.json')), JSON.parse(png.kind === 'ob3' ? png.text : '{}')];
    for (const doc of signed) {
      const { proofValue: _v, ...options } = [doc.proof].flat()[0] as Json;
      configs.push(JSON.stringify(proofConfig(options as never, doc['@context'])));
    }
    for (const doc of [...documents, ...configs.map((c) => JSON.parse(c) as Json)]) {
      // Accepted, with exactly the expanded form jsonld.js gives it (what the proof is then checked over).
      expect(await expandedByRule(doc), String(doc.id)).toEqual(await expandedByJsonld(doc));
      expect(await roundTrips(doc), String(doc.id)).toBe(true);
    }
  });

  it('refuses every re-spelling of the hostile corpus, and so does the round trip (or the pinned-contexts rule, for an inline context)', async () => {
    expect(hostile.length).toBeGreaterThan(15);
    for (const { name, doc } of hostile) {
      expect((await checkCompactForm(doc)).ok, name).toBe(false);
      // Where the rule is stricter than the round trip by design: any inline context (VC 2.0 §4.2),
      // even one that defines a term no key uses; one text or number written as a one-item list
      // (compaction writes it alone, the round trip lets a one-item list stand for it); true/false
      // written as text under a boolean datatype (compaction keeps either).
      const inline = [doc['@context']].flat().some((c) => typeof c !== 'string');
      const stricter = /one-item list|as text/.test(name);
      expect(inline || stricter || !(await roundTrips(doc)), name).toBe(true);
    }
  });

  it('says what is wrong and where', async () => {
    const doc = credentials[0]!;
    const moved = { ...withoutProof(doc), 'https://www.w3.org/2018/credentials#credentialStatus': doc.credentialStatus };
    delete (moved as Json).credentialStatus;
    expect(await checkCompactForm(moved)).toMatchObject({ ok: false, path: '/https:~1~1www.w3.org~12018~1credentials#credentialStatus', reason: expect.stringMatching(/written as an IRI/) });
    const typed = { ...doc, issuer: { ...(doc.issuer as Json), type: ['https://purl.imsglobal.org/spec/vc/ob/vocab.html#Profile'] } };
    expect(await checkCompactForm(typed)).toMatchObject({ ok: false, path: '/issuer/type/0' });
    const aliasType = { ...doc, type: ['VerifiableCredential', 'AchievementCredential'] };
    expect(await checkCompactForm(aliasType)).toMatchObject({ ok: false, reason: expect.stringMatching(/another spelling of "OpenBadgeCredential"/) });
    expect(await roundTrips(aliasType)).toBe(false);
    // Under the examples context a word of its vocabulary is a key, but a keyword never is.
    const vector = withoutProof(JSON.parse(fixtureText('w3c/eddsa-rdfc-2022/signedDataInt.json')));
    const { credentialSubject, ...rest } = vector;
    expect(await checkCompactForm({ ...rest, '@nest': { credentialSubject } })).toMatchObject({ ok: false, reason: expect.stringMatching(/keyword "@nest"/) });
    const undefinedKey = { ...doc, validUntill: '2020-01-01T00:00:00Z' };
    expect(await checkCompactForm(undefinedKey)).toMatchObject({ ok: false, reason: expect.stringMatching(/"validUntill" is not a term/) });
    expect(await checkCompactForm({ ...doc, '@context': [...(doc['@context'] as string[]), 'https://www.w3.org/ns/did/v1'] })).toMatchObject({ ok: false, path: '/@context/3' });
    expect(await checkCompactForm({ ...doc, credentialSubject: { ...(doc.credentialSubject as Json), identifier: (doc.credentialSubject as { identifier: unknown[] }).identifier[0] } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/holds a list/),
    });
  });

  it('names the place for people: the parent keys and positions, the key itself left to the reason', async () => {
    const doc = credentials[0]!;
    const subject = doc.credentialSubject as Json;
    const achievement = subject.achievement as { alignment: Json[] };
    const moved = { ...doc, credentialSubject: { ...subject, achievement: { ...achievement, alignment: [{ ...achievement.alignment[0], 'https://schema.org/targetName': 'x' }] } } };
    const form = await checkCompactForm(moved);
    expect(form).toMatchObject({ ok: false, path: '/credentialSubject/achievement/alignment/0/https:~1~1schema.org~1targetName' });
    expect(placeOf((form as { path: string }).path)).toBe('credentialSubject.achievement.alignment[0]');
    expect(placeOf('/https:~1~1www.w3.org~12018~1credentials#credentialStatus')).toBe('');
  });

  it('is bounded before any JSON-LD work', async () => {
    const doc = credentials[0]!;
    const wide = { ...doc, name: Array.from({ length: FORM_LIMITS.arrayLength + 1 }, () => 'x') };
    expect(await checkCompactForm(wide)).toMatchObject({ ok: false, kind: 'bounds' });
    let deep: Json = { name: 'x' };
    for (let i = 0; i < FORM_LIMITS.depth; i += 1) deep = { credentialSubject: deep };
    expect(await checkCompactForm({ ...doc, credentialSubject: deep })).toMatchObject({ ok: false, kind: 'bounds' });
    // A context never loads: an unpinned one is refused by name, before the loader would be asked.
    expect(await checkCompactForm({ ...doc, '@context': ['https://www.w3.org/ns/credentials/v2', 'https://attacker.example/ctx'] })).toMatchObject({ ok: false, path: '/@context/1' });
  });

  // Random re-spellings of a genuine credential: whatever the rule accepts, jsonld.js's own round trip accepts.
  it('accepts nothing the round trip refuses, and expands what it accepts as jsonld.js does (random re-spellings)', async () => {
    const genuine = credentials[0]!;
    const keys = [
      'https://www.w3.org/2018/credentials#credentialStatus', 'https://schema.org/name', 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement',
      '@nest', '@id', '@type', '@value', '@included', '@graph', '@reverse', 'cred:validUntil', 'xsd:string', 'Criteria', 'AchievementCredential', 'achievement',
      'creator', 'hashed', 'validUntil', 'issuanceDate', 'proof', 'verifiableCredential', 'evidence', 'tag', 'name', 'id', 'type', 'foo', 'identifier',
    ];
    const types = ['Profile', 'Achievement', 'Criteria', 'AchievementCredential', 'VerifiablePresentation', 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement', 'Foo', 'Image', 'IdentityObject', '@json', 'xsd:string'];
    const values = ['x', 'did:web:example', 'urn:uuid:1', 'relative/path', 'xsd:string', 1, 1.5, true, { '@value': 'x' }, { id: 'https://example.org/x' }, ['x'], [], { '@id': 'https://example.org/x' }];
    const paths = (node: unknown, at: string[] = []): string[][] => {
      if (typeof node !== 'object' || node === null) return [at];
      return [at, ...Object.entries(node).flatMap(([k, v]) => paths(v, [...at, k]))];
    };
    const all = paths(genuine).filter((p) => p.length > 0 && p[0] !== '@context');
    const mutate = (doc: Json, path: string[], op: number, pick: number): Json => {
      const copy = structuredClone(doc) as Json;
      let parent: Record<string, unknown> = copy;
      for (const step of path.slice(0, -1)) parent = parent[step] as Record<string, unknown>;
      const last = path.at(-1)!;
      const value = parent[last];
      if (op === 0) {
        delete parent[last];
        parent[keys[pick % keys.length]!] = value;
      } else if (op === 1) parent[last] = values[pick % values.length];
      else if (op === 2) parent[last] = Array.isArray(value) ? (value.length === 1 ? value[0] : [value[0]]) : [value];
      else if (op === 3) parent[last] = types[pick % types.length];
      else parent[keys[pick % keys.length]!] = values[pick % values.length];
      return copy;
    };
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(all.length - 1), fc.nat(4), fc.nat(1000)), { minLength: 1, maxLength: 3 }), async (steps) => {
        let doc = genuine;
        for (const [p, op, pick] of steps) {
          const path = paths(doc).filter((x) => x.length > 0 && x[0] !== '@context')[p % Math.max(1, paths(doc).length - 1)];
          if (path) doc = mutate(doc, path, op, pick);
        }
        if ((await checkCompactForm(doc)).ok) {
          accepted += 1;
          expect(await roundTrips(doc)).toBe(true);
          expect(await expandedByRule(doc)).toEqual(await expandedByJsonld(doc));
        }
      }),
      { numRuns: 1000, seed: 22 },
    );
    // Some mutations keep the form (a value changed, a one-item list unwrapped): the property was exercised both ways.
    expect(accepted).toBeGreaterThan(20);
  }, 120_000);
});

describe('status lists as JSON with a Data Integrity proof (the build’s self-check reads them so)', () => {
  const ctx = () => {
    const urls = badgeUrls(ORIGIN);
    return { urls, keys: createKeyResolver({ urls, net: createNet({ siteOrigin: ORIGIN }), pinned: jwks as never }), now: new Date() };
  };
  it('reads the lists this site publishes', async () => {
    const list = JSON.parse(issuedFiles.get(badgePaths.statusListJson('revocation'))!);
    const read = await readStatusListJson(list, 'revocation', ctx());
    expect(read.ok).toBe(true);
  });
  it('does not read one re-spelled (its purpose under the full IRI), though its proof is genuine', async () => {
    const list = JSON.parse(issuedFiles.get(badgePaths.statusListJson('revocation'))!);
    const { statusPurpose, ...subject } = list.credentialSubject;
    const respelled = { ...list, credentialSubject: { ...subject, 'https://www.w3.org/ns/credentials/status#statusPurpose': statusPurpose } };
    expect(await readStatusListJson(respelled, 'revocation', ctx())).toMatchObject({ ok: false, code: 'WARN_STATUS_MALFORMED' });
  });
});

describe('dates are dates (dates.ts)', () => {
  it('accepts XML Schema dateTimeStamps and nothing else', () => {
    for (const good of ['2022-03-04T00:00:00Z', '2024-02-29T23:59:59.5+14:00', '2022-03-04T24:00:00Z', '1999-12-31T10:00:00-05:00']) expect(isDateTimeStamp(good), good).toBe(true);
    for (const bad of ['not a date', '2022-03-04', '2022-03-04T00:00:00', '2023-02-29T00:00:00Z', '2022-04-31T00:00:00Z', '2022-13-01T00:00:00Z', '2022-03-04T24:00:01Z', '2022-03-04T00:60:00Z', '2022-03-04T00:00:00+15:00', '+12022-03-04T00:00:00Z', ' 2022-03-04T00:00:00Z', 1646352000, null, ['2022-03-04T00:00:00Z']]) {
      expect(isDateTimeStamp(bad), String(bad)).toBe(false);
    }
  });
});

describe('an embedded endorsement (its own pinned contexts and proof, and nothing else)', async () => {
  const { signedEndorsement, writeEndorsements, SAMPLE_PARTNER, ACHIEVEMENT } = await import('../support/endorsement.ts');
  const { tempDir } = await import('../support/issue.ts');
  const root = await tempDir('mic-endorsed-');
  await writeEndorsements(root, { [`${SAMPLE_PARTNER}-${ACHIEVEMENT}.json`]: await signedEndorsement(ORIGIN) });
  const issued = await issueBadges(await issueInput({ root }));
  const endorsed = [...issued.files].filter(([p]) => /^credentials\/[0-9a-f-]{36}\.json$/.test(p)).map(([, body]) => withoutProof(JSON.parse(body)))
    .find((doc) => 'endorsement' in (((doc.credentialSubject as Json).achievement as Json)))!;
  /** The credential with its endorsement replaced by what `change` makes of it. */
  const withEndorsement = (change: (endorsement: Json) => unknown): Json => {
    const copy = structuredClone(endorsed);
    const achievement = (copy.credentialSubject as Json).achievement as Json;
    achievement.endorsement = [change(structuredClone((achievement.endorsement as Json[])[0]!))];
    return copy;
  };

  it('is accepted as issued, with exactly the expanded form jsonld.js gives it (what the proof is checked over)', async () => {
    expect(endorsed).toBeDefined();
    expect(await expandedByRule(endorsed)).toEqual(await expandedByJsonld(endorsed));
  });

  it('refuses another context list, an inline context inside it, aliases, and a proof or context anywhere else', async () => {
    const ob = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
    const vc2 = 'https://www.w3.org/ns/credentials/v2';
    const hostile: [string, Json, RegExp][] = [
      ['a different context list (extensions added)', withEndorsement((e) => ({ ...e, '@context': [vc2, ob, 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'] })), /names contexts other than/],
      ['the contexts in another order', withEndorsement((e) => ({ ...e, '@context': [ob, vc2] })), /names contexts other than/],
      ['an inline context as its context', withEndorsement((e) => ({ ...e, '@context': [vc2, ob, { comment: 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#endorsementComment' }] })), /names contexts other than/],
      ['a nested inline context inside it', withEndorsement((e) => ({ ...e, issuer: { ...(e.issuer as Json), '@context': { nick: 'https://schema.org/name' } } })), /inline context/],
      ['a context inside its subject', withEndorsement((e) => ({ ...e, credentialSubject: { ...(e.credentialSubject as Json), '@context': [vc2, ob] } })), /inline context/],
      ['a key under its full IRI inside it', withEndorsement((e) => {
        const subject = { ...(e.credentialSubject as Json) };
        subject['https://purl.imsglobal.org/spec/vc/ob/vocab.html#endorsementComment'] = subject.endorsementComment;
        delete subject.endorsementComment;
        return { ...e, credentialSubject: subject };
      }), /written as an IRI/],
      ['a keyword alias inside it', withEndorsement((e) => ({ ...e, '@id': e.id })), /keyword "@id"/],
      ['a type alias inside it', withEndorsement((e) => ({ ...e, type: ['VerifiableCredential', 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#EndorsementCredential'] })), /written as an IRI/],
      ['its proof with an option spelled as an IRI', withEndorsement((e) => ({ ...e, proof: [{ ...(e.proof as Json[])[0], 'https://w3id.org/security#cryptosuite': 'eddsa-rdfc-2022' }] })), /written as an IRI/],
      ['the pinned list on an object that is not an endorsement', (() => {
        const copy = structuredClone(endorsed);
        const achievement = (copy.credentialSubject as Json).achievement as Json;
        achievement.criteria = { ...(achievement.criteria as Json), '@context': [vc2, ob] };
        return copy;
      })(), /inline context/],
      ['a proof inside an endorsement written without contexts', withEndorsement((e) => {
        const { '@context': _c, ...rest } = e;
        return rest;
      }), /"proof" is a @graph container/],
    ];
    for (const [name, doc, reason] of hostile) expect(await checkCompactForm(doc), name).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });
});
