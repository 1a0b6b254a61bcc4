// Re-spellings of a genuine Data Integrity credential: the same RDF (so its proof still verifies),
// written so that a reader of the JSON keys sees something else. What a holder can do with nothing
// but the public .json. Each is checked here to keep the canonical RDF (sameRdf), so a case that
// stopped being a real attack would fail to build rather than pass for the wrong reason.
import jsonld from 'jsonld';
import { canonicalize } from '../../src/lib/data-integrity/proof.ts';
import { pinnedLoader } from '../../src/lib/data-integrity/contexts.ts';

type Json = Record<string, unknown>;
const CRED = 'https://www.w3.org/2018/credentials#';
const XSD_DATE_TIME = 'http://www.w3.org/2001/XMLSchema#dateTime';
const OB = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#';

/**
 * Keywords that jsonld.js in safe mode silently drops an object aliased to (found by trying every
 * keyword: the rest are errors). `@index` does the same to text (validFromHidden).
 */
export const DROPPING_KEYWORDS = ['@none', '@version', '@prefix', '@json', '@protected'];

const split = (credential: Json) => {
  const { proof, ...unsecured } = credential;
  return { proof, unsecured };
};
const withContext = (doc: Json, extra: Json) => ({ ...doc, '@context': [...(doc['@context'] as unknown[]), extra] });
const without = (doc: Json, key: string) => Object.fromEntries(Object.entries(doc).filter(([k]) => k !== key));

/** The canonical RDF of a document without its proof (undefined when JSON-LD refuses it). */
async function rdf(doc: Json): Promise<string | undefined> {
  try {
    return await canonicalize(split(doc).unsecured, pinnedLoader());
  } catch {
    return undefined;
  }
}

/** True when the two documents sign the same RDF: the re-spelled one keeps a genuine proof. */
export async function sameRdf(a: Json, b: Json): Promise<boolean> {
  const [x, y] = await Promise.all([rdf(a), rdf(b)]);
  return x !== undefined && x === y;
}

/** The expanded form of one node of the credential (full IRIs, @value objects): a spelling any compact key can be replaced by. */
async function expandedNode(credential: Json, pick: (root: Json) => Json): Promise<Json> {
  const [root] = (await jsonld.expand(split(credential).unsecured, { documentLoader: pinnedLoader(), safe: true })) as Json[];
  return pick(root!);
}

export const respell = {
  /** A top-level key moved under its full IRI (the value written as expansion writes it). */
  async fullIri(credential: Json, key: string): Promise<Json> {
    const node = await expandedNode(credential, (root) => root);
    const iri = `${CRED}${key}`;
    const { proof } = split(credential);
    return { ...without(credential, key), [iri]: node[iri], proof };
  },
  /** A top-level key renamed to a new term defined in an appended inline context. */
  alias(credential: Json, key: string, definition: Json): Json {
    const renamed = `${key}Moved`;
    const { proof, unsecured } = split(credential);
    return { ...withContext(without(unsecured, key), { [renamed]: { '@id': `${CRED}${key}`, ...definition } }), [renamed]: credential[key], proof };
  },
  /** A top-level key moved inside `@nest`, written directly or through an alias from an inline context. */
  nest(credential: Json, key: string, alias?: string): Json {
    const { proof, unsecured } = split(credential);
    const base = alias ? withContext(without(unsecured, key), { [alias]: '@nest' }) : without(unsecured, key);
    return { ...base, [alias ?? '@nest']: { [key]: credential[key] }, proof };
  },
  /**
   * A genuine credential shown as another: credentialSubject's type written as its IRI (so its
   * protected scoped context does not apply), its real content under full IRIs, and a made-up
   * achievement and recipient name under keys an inline context aliases to `keyword` (dropped from
   * the RDF, so the proof still verifies).
   */
  async forgedDisplay(credential: Json, keyword: string, nameKeyword: string): Promise<Json> {
    const subject = await expandedNode(credential, (root) => (root[`${CRED}credentialSubject`] as Json[])[0]!);
    const { proof, unsecured } = split(credential);
    return {
      ...withContext(unsecured, { achievement: keyword, identifier: nameKeyword }),
      credentialSubject: {
        ...subject,
        achievement: {
          id: 'https://attacker.example/achievements/md',
          type: ['Achievement'],
          name: 'Doctor of Medicine (MD)',
          description: 'Awarded on completion of a four-year medical degree.',
          criteria: { narrative: 'Passed every licensing examination.' },
          image: { id: 'https://attacker.example/md.png', type: 'Image' },
        },
        identifier: [{ type: 'IdentityObject', hashed: false, identityType: 'name', identityHash: 'Dr. Mallory Forger' }],
      },
      proof,
    };
  },
  /** The achievement's type written as an IRI and its content in expanded form: the protected Achievement context escaped. */
  async achievementTypeAsIri(credential: Json): Promise<Json> {
    const achievement = await expandedNode(credential, (root) => ((root[`${CRED}credentialSubject`] as Json[])[0]![`${OB}achievement`] as Json[])[0]!);
    const subject = credential.credentialSubject as Json;
    return { ...credential, credentialSubject: { ...without(subject, 'achievement'), achievement: { ...achievement, '@type': [`${OB}Achievement`] } } };
  },
  /** validFrom under its full IRI, and an unsigned issuanceDate aliased to a keyword shown as the issue date. */
  async validFromHidden(credential: Json, keyword: string, shown: string): Promise<Json> {
    const moved = await respell.fullIri(credential, 'validFrom');
    const { proof, unsecured } = split(moved);
    return { ...withContext(unsecured, { issuanceDate: keyword }), issuanceDate: shown, proof };
  },
};

/** A value written as a typed literal in expanded form. */
export const dateTimeValue = (value: string) => ({ '@value': value, '@type': XSD_DATE_TIME });
