// The hostile corpus of issue 22: a holder with nothing but a credential's public .json re-spells it
// (same RDF, genuine proof) or inflates it, and each must be refused, in Node and in Chromium.
// Each re-spelling is checked to keep the canonical RDF when the corpus is built (sameRdf), so the
// case stays a real attack: the proof verifies, only the spelling is wrong.
import type { CorpusCase } from './corpus-runner.ts';
import { bakePng, tinyPng } from './png.ts';
import { dateTimeValue, DROPPING_KEYWORDS, respell, sameRdf } from './respell.ts';

type Json = Record<string, unknown>;

export interface HostileInputs {
  /** A genuine credential .json of this site: current, expired, not yet valid, revoked. */
  current: Json;
  expired: Json;
  notYetValid: Json;
  revoked: Json;
  /** Signs a document with this site's Data Integrity key (as the issuer would). */
  diSign: (doc: Json) => Promise<string>;
  /** A valid JWT signed with this site's key, for the JWT-path cases. */
  signJwt: (changes: Json) => Promise<string>;
}

const FORM = { verdict: 'invalid', check: 'input', code: 'ERR_CREDENTIAL_FORM' } as const;
const svgOf = (json: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0"><ob:credential><![CDATA[${json}]]></ob:credential></svg>`;

async function kept(original: Json, respelled: Json, name: string): Promise<Json> {
  if (!(await sameRdf(original, respelled))) throw new Error(`Hostile corpus: "${name}" no longer keeps the signed RDF, so it tests nothing.`);
  return respelled;
}

export async function hostileCases(inputs: HostileInputs): Promise<CorpusCase[]> {
  const { current, expired, notYetValid, revoked } = inputs;
  const cases: CorpusCase[] = [];
  const add = async (name: string, original: Json, respelled: Json, extra: Partial<CorpusCase> = {}) => {
    const doc = await kept(original, respelled, name);
    cases.push({ name: `hostile: ${name}`, input: JSON.stringify(doc), expect: FORM, ...extra });
    return doc;
  };

  // Status moved where the status step does not look: a revoked credential must never read as current.
  const statusIri = await add('revoked, credentialStatus under its full IRI', revoked, await respell.fullIri(revoked, 'credentialStatus'));
  await add('revoked, credentialStatus under an alias term', revoked, respell.alias(revoked, 'credentialStatus', { '@type': '@id' }));
  const statusNest = await add('revoked, credentialStatus inside an @nest alias', revoked, respell.nest(revoked, 'credentialStatus', 'more'));
  await add('revoked, credentialStatus inside @nest', revoked, respell.nest(revoked, 'credentialStatus'));
  cases.push({ name: 'hostile: revoked, status under its full IRI, baked in a PNG', input: { base64: bakePng(tinyPng(), 'openbadgecredential', JSON.stringify(statusIri)).toString('base64') }, expect: FORM });
  cases.push({ name: 'hostile: revoked, status inside an @nest alias, baked in an SVG', input: svgOf(JSON.stringify(statusNest)), expect: FORM });

  // A single value written as a one-item list is the same RDF. A type list is how credentials write
  // types, so the status step reads it alike and "revoked" stays "revoked"; any other single value
  // written as a list is refused, as compaction never writes it.
  const entry = revoked.credentialStatus as Json;
  const typeListed = { ...revoked, credentialStatus: { ...entry, type: [entry.type] } };
  cases.push({ name: 'hostile: revoked, credentialStatus type written as a one-item list', input: JSON.stringify(await kept(revoked, typeListed, 'type')), expect: { verdict: 'revoked', check: 'status', code: 'REVOKED' } });
  await add('revoked, credentialStatus statusPurpose written as a one-item list', revoked, { ...revoked, credentialStatus: { ...entry, statusPurpose: [entry.statusPurpose] } });
  // Signed text hidden from a reader, the same RDF: a description as a one-item list; the recipient's
  // published name hidden by writing its "hashed": false as text.
  const subject = current.credentialSubject as Json;
  const achievement = subject.achievement as Json;
  await add('the achievement description written as a one-item list', current, { ...current, credentialSubject: { ...subject, achievement: { ...achievement, description: [achievement.description] } } });
  const named = (subject.identifier as Json[]).map((id) => (id.identityType === 'name' ? { ...id, hashed: 'false' } : id));
  if (!(subject.identifier as Json[]).some((id) => id.identityType === 'name')) throw new Error('Hostile corpus: the current credential carries no published name to hide.');
  await add('the published name hidden by writing hashed: false as text', current, { ...current, credentialSubject: { ...subject, identifier: named } });

  // Dates moved the same way.
  const untilIri = await add('expired, validUntil under its full IRI', expired, await respell.fullIri(expired, 'validUntil'));
  await add('expired, validUntil under an alias term', expired, respell.alias(expired, 'validUntil', { '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' }));
  await add('expired, validUntil inside @nest', expired, respell.nest(expired, 'validUntil'));
  cases.push({ name: 'hostile: expired, validUntil under its full IRI, baked in a PNG', input: { base64: bakePng(tinyPng(), 'openbadgecredential', JSON.stringify(untilIri)).toString('base64') }, expect: FORM });
  await add('not yet valid, validFrom under its full IRI', notYetValid, await respell.fullIri(notYetValid, 'validFrom'));
  await add('not yet valid, validFrom under an alias term', notYetValid, respell.alias(notYetValid, 'validFrom', { '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' }));
  await add('not yet valid, validFrom hidden and an unsigned issuanceDate aliased to @index', notYetValid, await respell.validFromHidden(notYetValid, '@index', '2020-01-01T00:00:00Z'));

  // What is displayed, replaced: a made-up achievement and name under keys aliased to each keyword JSON-LD drops.
  for (const [i, keyword] of DROPPING_KEYWORDS.entries()) {
    const nameKeyword = DROPPING_KEYWORDS[(i + 1) % DROPPING_KEYWORDS.length]!;
    await add(`a made-up achievement and name under keys aliased to ${keyword} and ${nameKeyword}`, current, await respell.forgedDisplay(current, keyword, nameKeyword));
  }
  await add('the achievement type written as an IRI (its protected context escaped)', current, await respell.achievementTypeAsIri(current));
  // An inline context that only adds a term: refused as inline, before any JSON-LD work.
  await add('an inline context adding an unused term', current, { ...current, '@context': [...(current['@context'] as string[]), { unused: 'https://attacker.example/unused' }] });
  await add('a value written as an expanded literal', expired, { ...expired, validUntil: dateTimeValue(String(expired.validUntil)) });

  // Proof sets: order never changes a verdict.
  const proof = (current.proof as Json[])[0]!;
  const broken = { ...proof, proofValue: `z${'1'.repeat(86)}` };
  cases.push({ name: 'hostile: a genuine proof followed by a failing one', input: JSON.stringify({ ...current, proof: [proof, broken] }), expect: { verdict: 'invalid', check: 'header', code: 'ERR_PROOF_MALFORMED' } });
  cases.push({ name: 'hostile: a failing proof followed by a genuine one', input: JSON.stringify({ ...current, proof: [broken, proof] }), expect: { verdict: 'invalid', check: 'header', code: 'ERR_PROOF_MALFORMED' } });
  cases.push({ name: 'hostile: the genuine proof twice', input: JSON.stringify({ ...current, proof: [proof, proof] }), expect: { verdict: 'invalid', check: 'header', code: 'ERR_PROOF_MALFORMED' } });
  cases.push({ name: 'hostile: a proof with an option this verifier would ignore', input: JSON.stringify({ ...current, proof: [{ ...proof, expires: '2020-01-01T00:00:00Z' }] }), expect: { verdict: 'invalid', check: 'header', code: 'ERR_PROOF_MALFORMED' } });

  // Input bombs, each kind: refused before any JSON-LD work, quickly (the runner fails any case over 2 s).
  const contexts = (n: number, each: unknown) => ({ ...current, '@context': [...(current['@context'] as string[]), ...Array.from({ length: n }, () => each)] });
  cases.push({ name: 'hostile bomb: 10,000 inline contexts (over 64 KB)', input: JSON.stringify(contexts(10_000, { a: 'https://attacker.example/a' })), expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_TOO_LARGE' } });
  cases.push({ name: 'hostile bomb: 1,500 inline contexts (under 64 KB)', input: JSON.stringify(contexts(1_500, {})), expect: FORM });
  cases.push({ name: 'hostile bomb: a pinned context repeated 1,000 times', input: JSON.stringify(contexts(1_000, 'https://www.w3.org/ns/credentials/v2')), expect: FORM });
  const literals = (n: number) => ({ ...current, name: Array.from({ length: n }, (_, i) => ({ '@value': `n${i}`, '@language': 'en' })) });
  cases.push({ name: 'hostile bomb: 12,000 language-tagged literals (over 64 KB)', input: JSON.stringify(literals(12_000)), expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_TOO_LARGE' } });
  cases.push({ name: 'hostile bomb: 1,500 language-tagged literals (under 64 KB)', input: JSON.stringify(literals(1_500)), expect: FORM });
  cases.push({ name: 'hostile bomb: 6,000 plain values (under 64 KB)', input: JSON.stringify({ ...current, name: { tag: Array.from({ length: 150 }, () => 1) }, description: Array.from({ length: 40 }, () => ({ tag: Array.from({ length: 150 }, () => 1) })) }), expect: FORM });
  // Scoped contexts: each type with a context of its own costs a copy of the active context.
  const scoped = ['Achievement', 'AchievementSubject', 'Address', 'Alignment', 'EndorsementSubject', 'Evidence', 'GeoCoordinates', 'IdentityObject', 'Image', 'Profile', 'Related', 'RubricCriterionLevel', 'BitstringStatusList', 'BitstringStatusListEntry', 'DataIntegrityProof', 'JsonSchema', 'VerifiablePresentation', 'VerifiableCredential', 'ResultDescription'];
  const typed = (nodes: number, per: number) => ({
    ...current,
    credentialSubject: { ...(current.credentialSubject as Json), endorsement: Array.from({ length: nodes }, (_, n) => ({ type: Array.from({ length: per }, (_, t) => scoped[(n * per + t * 7) % scoped.length]) })) },
  });
  cases.push({ name: 'hostile bomb: 9 objects of 199 scoped types each', input: JSON.stringify(typed(9, 199)), expect: FORM });
  cases.push({ name: 'hostile bomb: 12 objects of 8 scoped types each (over the scoped-context limit)', input: JSON.stringify(typed(12, 8)), expect: FORM });
  // Within every limit: read, then its proof does not match (it was never signed), in time.
  cases.push({ name: 'hostile bomb: 5 objects of 8 scoped types each (within the limits)', input: JSON.stringify(typed(5, 8)), expect: { verdict: 'invalid', check: 'signature', code: 'ERR_SIGNATURE_MISMATCH' } });
  const deep = (n: number): Json => (n === 0 ? { name: 'x' } : { credentialSubject: deep(n - 1) });
  cases.push({ name: 'hostile bomb: objects nested 40 deep (under the JSON limit)', input: JSON.stringify({ ...current, credentialSubject: deep(40) }), expect: FORM });
  cases.push({ name: 'hostile bomb: 1 MB of credential JSON', input: JSON.stringify({ ...current, description: 'x'.repeat(1024 * 1024) }), expect: { verdict: 'error', check: 'input', code: 'ERR_INPUT_TOO_LARGE' } });

  // Dates are dates, on both paths: signed by the issuer, still not valid.
  const { proof: _p, ...unsecured } = current;
  cases.push({ name: 'hostile: issuer-signed validUntil "not a date" (Data Integrity)', input: await inputs.diSign({ ...unsecured, validUntil: 'not a date' }), expect: { verdict: 'invalid', check: 'shape', code: 'ERR_SHAPE' } });
  cases.push({ name: 'hostile: issuer-signed validUntil without a time zone (Data Integrity)', input: await inputs.diSign({ ...unsecured, validUntil: '2030-01-01T00:00:00' }), expect: { verdict: 'invalid', check: 'shape', code: 'ERR_SHAPE' } });
  cases.push({ name: 'hostile: issuer-signed validUntil "not a date" (JWT)', input: await inputs.signJwt({ validUntil: 'not a date' }), expect: { verdict: 'invalid', check: 'shape', code: 'ERR_SHAPE' } });
  cases.push({ name: 'hostile: issuer-signed awardedDate 31 April (JWT)', input: await inputs.signJwt({ awardedDate: '2022-04-31T00:00:00Z' }), expect: { verdict: 'invalid', check: 'shape', code: 'ERR_SHAPE' } });
  cases.push({ name: 'hostile: issuer-signed validUntil as a one-item list (Data Integrity)', input: await inputs.diSign({ ...unsecured, validUntil: ['2020-01-01T00:00:00Z'] }), expect: FORM });
  return cases;
}
