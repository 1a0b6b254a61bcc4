/**
 * THE spelling rule for documents secured with a Data Integrity proof. The proof covers the
 * document's canonical RDF, but everything that reads the document (status, dates, recipient, what
 * a page shows) reads its JSON keys, and JSON-LD can spell the same RDF many ways: a key under its
 * full IRI, an alias from an inline context, `@nest`, a key aliased to a keyword (dropped from the
 * RDF, still in the JSON), a type written as an IRI to escape its protected scoped context. So a
 * document is accepted only in the one spelling its pinned contexts give it (VC Data Model 2.0
 * §4.2: process as JSON only when the context is known), and refused in any other:
 *
 *   bounds     size, nesting and counts are checked first, before any JSON-LD work;
 *   @context   only pinned context URLs (contexts.ts), VC 2.0 first, no repeats, no inline context
 *              anywhere;
 *   keys       no `@`-keyword key (no `@nest`, `@value`, `@id`, `@graph`...), no null; every key is
 *              a term its active context defines, mapping to an IRI (only `id` and `type` map to
 *              keywords), with no `@reverse`, `@nest`, `@json` or container other than `@set`, and
 *              the term the JSON-LD compaction algorithm would choose for that IRI;
 *   types      every type is a defined term (never an IRI), the one compaction would choose;
 *   IRIs       `id` values and IRI-typed values are absolute IRIs written out, not compact IRIs;
 *   values     one text, number or address is not written as a one-item list, and true/false or a
 *              number under such a datatype is written as JSON true/false or a number, not as text
 *              (stricter than compaction, which keeps either: a reader would miss the value).
 *
 * The active context of each object follows JSON-LD 1.1's expansion algorithm exactly as jsonld.js
 * 9 runs it (expand.js: type-scoped contexts do not propagate into nested objects, property-scoped
 * ones do), using jsonld.js's own context processing, so what a key means here is what it means in
 * the RDF the proof covers. This is an equivalent of a compaction round trip (expand, compact with
 * the same contexts, compare) without the second pass, which costs three times the
 * canonicalisation; tests/unit/compact-form.test.ts holds it to that round trip, done by jsonld.js.
 *
 * A vocabulary-relative key or type (one no term defines) is refused, except under the W3C's
 * examples context, whose whole content is such a vocabulary (the specifications' test vectors).
 *
 * One nested context is allowed: an Open Badges `endorsement` holds whole EndorsementCredentials,
 * each signed by its endorser with its own `@context` and `proof`. An entry that names contexts must
 * name exactly EMBEDDED_CREDENTIAL_CONTEXT (as 1EdTech writes endorsements) and nothing else, and
 * only such an entry's `proof` (a `@graph` container, the one such container allowed) is read, by the
 * same rules; any other nested context, inline or not, anywhere, is refused.
 */
import contextApi from 'jsonld/lib/context.js';
import compactApi from 'jsonld/lib/compact.js';
import { CONTEXT_URLS, jsonldOptions, pinnedLoader } from './contexts.ts';

/** A credential is a few KB; these bound every walk below (and the JSON-LD work after it). */
export const FORM_LIMITS = {
  /** Nesting of objects and arrays (a badge credential nests 6 deep). */
  depth: 12,
  /** Every JSON value counted: objects, arrays, strings, numbers, booleans (a badge has about 150). */
  values: 2_000,
  /** Entries of any one array. */
  arrayLength: 200,
  /** Keys of any one object. */
  keys: 64,
  /** Contexts in `@context`. */
  contexts: 6,
  /** Types of any one object (a badge credential's have at most two). */
  types: 8,
  /** Scoped contexts applied while reading one document (a badge credential needs about 15): each costs a copy of the active context. */
  scopedContexts: 64,
} as const;

/** The contexts a credential or status list may name (the DID and Multikey contexts are for DID documents). */
export const CREDENTIAL_CONTEXTS: readonly string[] = [
  CONTEXT_URLS.credentialsV2,
  CONTEXT_URLS.openBadges,
  CONTEXT_URLS.openBadgesExtensions,
  CONTEXT_URLS.dataIntegrityV2,
  CONTEXT_URLS.credentialsExamplesV2,
];

/** The one context list an embedded endorsement may name, in this order (src/lib/ob3/endorsement.ts writes it). */
export const EMBEDDED_CREDENTIAL_CONTEXT: readonly string[] = [CONTEXT_URLS.credentialsV2, CONTEXT_URLS.openBadges];
/** Open Badges' `endorsement` (a list of EndorsementCredentials), and VC 2.0's `proof` (a @graph container). */
const ENDORSEMENT_IRI = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#endorsement';
const PROOF_IRI = 'https://w3id.org/security#proof';

const EXAMPLES_VOCAB = 'https://www.w3.org/ns/credentials/examples#';
/** Datatypes whose values are written as JSON true/false or numbers (the contexts spell XML Schema both with http and https). */
const NATIVE_TYPES = new Map<string, 'boolean' | 'number'>(
  ['http', 'https'].flatMap((scheme) => [
    [`${scheme}://www.w3.org/2001/XMLSchema#boolean`, 'boolean' as const],
    ...['integer', 'float', 'double', 'decimal'].map((type) => [`${scheme}://www.w3.org/2001/XMLSchema#${type}`, 'number' as const] as const),
  ]),
);
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;

/** An expanded JSON-LD node, as jsonld.js's expand() writes it. */
export type ExpandedNode = Record<string, unknown>;

export type FormResult = { ok: true; expanded: ExpandedNode[] } | { ok: false; kind: 'bounds' | 'form'; reason: string; path: string };

class FormError extends Error {
  readonly kind: 'bounds' | 'form';
  readonly path: string;
  constructor(kind: 'bounds' | 'form', path: string, reason: string) {
    super(reason);
    this.kind = kind;
    this.path = path;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (path: string, key: string | number) => `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
const quoted = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** Size, nesting and counts, measured without recursion (so no input can overflow the stack). */
function checkBounds(document: unknown): void {
  let values = 0;
  const stack: [unknown, number, string][] = [[document, 0, '']];
  while (stack.length > 0) {
    const [node, depth, path] = stack.pop()!;
    values += 1;
    if (values > FORM_LIMITS.values) throw new FormError('bounds', path, `it holds more than ${FORM_LIMITS.values} values`);
    if (node === null) throw new FormError('form', path, 'it holds a null value, which JSON-LD drops from what is signed');
    if (typeof node !== 'object') continue;
    if (depth >= FORM_LIMITS.depth) throw new FormError('bounds', path, `it nests deeper than ${FORM_LIMITS.depth} levels`);
    if (Array.isArray(node)) {
      if (node.length > FORM_LIMITS.arrayLength) throw new FormError('bounds', path, `a list holds more than ${FORM_LIMITS.arrayLength} entries`);
      node.forEach((child, i) => {
        if (Array.isArray(child)) throw new FormError('form', at(path, i), 'a list directly inside a list');
        stack.push([child, depth + 1, at(path, i)]);
      });
    } else {
      const keys = Object.keys(node);
      if (keys.length > FORM_LIMITS.keys) throw new FormError('bounds', path, `an object holds more than ${FORM_LIMITS.keys} keys`);
      for (const key of keys) stack.push([(node as Record<string, unknown>)[key], depth + 1, at(path, key)]);
    }
  }
}

/** `@context`: pinned URLs only, VC 2.0 first, each once. */
function checkContexts(context: unknown): void {
  const list = typeof context === 'string' ? [context] : context;
  if (!Array.isArray(list) || list.length === 0) throw new FormError('form', '/@context', 'it has no @context list');
  if (list.length > FORM_LIMITS.contexts) throw new FormError('bounds', '/@context', `it names more than ${FORM_LIMITS.contexts} contexts`);
  list.forEach((url, i) => {
    if (typeof url !== 'string') throw new FormError('form', at('/@context', i), 'it defines terms of its own (an inline context)');
    if (!CREDENTIAL_CONTEXTS.includes(url)) throw new FormError('form', at('/@context', i), `it names a context this site does not hold (${quoted(url)})`);
    if (list.indexOf(url) !== i) throw new FormError('form', at('/@context', i), `it names the context ${quoted(url)} twice`);
  });
  if (list[0] !== CONTEXT_URLS.credentialsV2) throw new FormError('form', '/@context', 'its first context is not the W3C Verifiable Credentials 2.0 context');
}

// ---- jsonld.js's context processing, as its expansion algorithm uses it ----------------------

type ActiveContext = import('jsonld/lib/context.js').ActiveContext;
type TermDefinition = import('jsonld/lib/context.js').TermDefinition;

const options = jsonldOptions(pinnedLoader());

/**
 * jsonld.js's context processing, remembered by (active context, local context, flags): the local
 * contexts here are the pinned documents' own objects and the active contexts come from this cache,
 * so each combination is processed once per process, not once per document.
 */
let processed = new WeakMap<ActiveContext, Map<unknown, Map<string, Promise<ActiveContext>>>>();
/** Contexts remembered; past PROCESSED_MAX the memory starts again (everything in it is reachable from the pinned root). */
let remembered = 0;
const PROCESSED_MAX = 256;
/** One document's reading: how many contexts it has applied so far (FORM_LIMITS.scopedContexts). */
interface Reading {
  applied: number;
}
function applyContext(reading: Reading, activeCtx: ActiveContext, localCtx: unknown, flags: { propagate?: boolean; overrideProtected?: boolean } = {}): Promise<ActiveContext> {
  reading.applied += 1;
  if (reading.applied > FORM_LIMITS.scopedContexts) throw new FormError('bounds', '', `reading it would apply more than ${FORM_LIMITS.scopedContexts} scoped contexts`);
  if (remembered >= PROCESSED_MAX) {
    processed = new WeakMap();
    remembered = 0;
  }
  let byLocal = processed.get(activeCtx);
  if (!byLocal) processed.set(activeCtx, (byLocal = new Map()));
  // Local contexts are objects (cached by identity) or the root's list of URLs (by its text).
  const key = `${flags.propagate === false ? 'p' : ''}${flags.overrideProtected ? 'o' : ''}`;
  const local = typeof localCtx === 'object' && localCtx !== null && !Array.isArray(localCtx) ? localCtx : JSON.stringify(localCtx);
  let byFlags = byLocal.get(local);
  if (!byFlags) byLocal.set(local, (byFlags = new Map()));
  let made = byFlags.get(key);
  if (!made) {
    made = contextApi.process({ activeCtx, localCtx, options, ...flags });
    remembered += 1;
    byFlags.set(key, made);
    made.catch(() => byFlags.delete(key));
  }
  return made;
}
const expandIri = (ctx: ActiveContext, value: string, relativeTo: { vocab?: boolean; base?: boolean }) => contextApi.expandIri(ctx, value, relativeTo, options);

/**
 * Per active context: the terms of each IRI. Reading the mappings once is far cheaper than the
 * inverse context compaction builds, which is needed only where an IRI has more than one term
 * (compactIri below).
 */
interface TermIndex {
  terms: Map<string, string[]>;
}
const indexes = new WeakMap<ActiveContext, TermIndex>();
function termIndex(ctx: ActiveContext): TermIndex {
  let index = indexes.get(ctx);
  if (!index) {
    index = { terms: new Map() };
    for (const [term, definition] of ctx.mappings) {
      const iri = definition?.['@id'];
      if (typeof iri !== 'string') continue;
      const list = index.terms.get(iri);
      if (list) list.push(term);
      else index.terms.set(iri, [term]);
    }
    indexes.set(ctx, index);
  }
  return index;
}

/**
 * The term JSON-LD compaction would write for `iri` holding `value` (an expanded value), asked of
 * jsonld.js's own compaction code where there is a choice: "the one spelling" is the library's.
 */
function compactIri(ctx: ActiveContext, iri: string, value: unknown, vocab: boolean): string {
  // Term selection reads only the inverse context's entry for `iri`, made from the terms that map
  // to it; so the choice is asked of a context holding just those terms, whose inverse costs
  // nothing (the whole context's took 4 ms or more each, cold, in a browser). Where no candidate
  // fits, the full context would answer with a compact IRI and this one with the IRI: neither is a term.
  const base = ctx.isPropertyTermScoped && ctx.previousContext ? ctx.previousContext : ctx;
  const candidates = new Map([...(termIndex(base).terms.get(iri) ?? [])].map((term) => [term, base.mappings.get(term)!]));
  const only: ActiveContext = { ...base, mappings: candidates, inverse: null, previousContext: undefined, isPropertyTermScoped: false };
  return compactApi.compactIri({ activeCtx: only, iri, value, relativeTo: { vocab }, base: null });
}

/**
 * The one allowed reading of `word`, a key or a type in `ctx`: a defined term (or, under the
 * examples context only, a word of its vocabulary) that compaction would choose for its IRI and
 * `value`. Returns the IRI and the term's definition.
 */
function termIri(ctx: ActiveContext, word: string, path: string, what: 'key' | 'type', value: (definition?: TermDefinition) => unknown = () => null): { iri: string; definition?: TermDefinition } {
  if (word.startsWith('@')) throw new FormError('form', path, `it uses the JSON-LD keyword ${quoted(word)} as a ${what}`);
  const definition = ctx.mappings.get(word);
  let iri: string;
  if (definition) {
    const id = definition['@id'];
    if (typeof id !== 'string') throw new FormError('form', path, `its ${what} ${quoted(word)} maps to nothing`);
    if (id.startsWith('@')) {
      const allowed = what === 'key' && ((word === 'id' && id === '@id') || (word === 'type' && id === '@type'));
      if (!allowed) throw new FormError('form', path, `its ${what} ${quoted(word)} is an alias of the keyword ${id}`);
      return { iri: id, definition };
    }
    iri = id;
  } else {
    if (word.includes(':')) throw new FormError('form', path, `its ${what} ${quoted(word)} is written as an IRI, not as a term of its contexts`);
    if (ctx['@vocab'] !== EXAMPLES_VOCAB) throw new FormError('form', path, `its ${what} ${quoted(word)} is not a term of its contexts`);
    iri = `${EXAMPLES_VOCAB}${word}`;
  }
  const terms = termIndex(ctx).terms.get(iri) ?? [];
  const only = definition ? terms.length === 1 : terms.length === 0;
  if (!only) {
    const chosen = compactIri(ctx, iri, value(definition), true);
    if (chosen !== word) throw new FormError('form', path, `its ${what} ${quoted(word)} is another spelling of ${quoted(String(chosen))}`);
  }
  return definition ? { iri, definition } : { iri };
}

/** An address, written out in full as compaction writes it: absolute, not a compact IRI or a term. */
function checkIri(ctx: ActiveContext, value: unknown, path: string, vocab: boolean): string {
  if (typeof value !== 'string') throw new FormError('form', path, 'an address is not text');
  const refused = () => new FormError('form', path, `the address ${quoted(value)} is not written as its contexts write it`);
  // A vocabulary-typed value may be a term.
  if (vocab && ctx.mappings.has(value)) return termIri(ctx, value, path, 'type').iri;
  // A compact IRI or a relative reference expands to something else. (The reverse, a full IRI that
  // compaction would shorten with a prefix term, reads as itself; no pinned credential context
  // defines a prefix term today.)
  if (!ABSOLUTE_IRI.test(value) || expandIri(ctx, value, { base: true, vocab }) !== value) throw refused();
  if (vocab && (termIndex(ctx).terms.has(value) || (ctx['@vocab'] && value.startsWith(ctx['@vocab'])))) throw refused();
  return value;
}

/** What expansion makes of a JSON value under a term (lib/expand.js, _expandValue): the expanded form, and what term selection reads. */
function expandedValue(ctx: ActiveContext, definition: TermDefinition | undefined, item: unknown): unknown {
  if (isRecord(item)) return typeof item.id === 'string' ? { '@id': expandIri(ctx, item.id, { base: true }) } : {};
  const coercion = definition?.['@type'];
  if ((coercion === '@id' || coercion === '@vocab') && typeof item === 'string') return { '@id': expandIri(ctx, item, { base: true, vocab: coercion === '@vocab' }) };
  if (coercion !== undefined && coercion !== '@id' && coercion !== '@vocab' && coercion !== '@none') return { '@value': item, '@type': coercion };
  if (typeof item === 'string') {
    const language = definition && '@language' in definition ? definition['@language'] : ctx['@language'];
    const direction = definition && '@direction' in definition ? definition['@direction'] : ctx['@direction'];
    return { '@value': item, ...(language ? { '@language': language } : {}), ...(direction ? { '@direction': direction } : {}) };
  }
  return { '@value': item };
}

/**
 * One node object, as jsonld.js's expand() treats it (lib/expand.js, api.expand for an object):
 * revert a non-propagated type-scoped context, apply the property-scoped one, apply the contexts
 * of its types (looked up before any of them applies, sorted), then read each key.
 */
async function walkNode(reading: Reading, node: Record<string, unknown>, ctxIn: ActiveContext, property: string | null, path: string, root: boolean, embedded = false): Promise<ExpandedNode> {
  let ctx = ctxIn;
  const keys = Object.keys(node).sort();
  if (keys.length === 0) throw new FormError('form', path, 'an object is empty');
  const expanded: ExpandedNode = {};
  const add = (iri: string, value: unknown) => {
    const list = expanded[iri] as unknown[] | undefined;
    if (list) list.push(value);
    else expanded[iri] = [value];
  };
  const propertyScoped = property === null ? undefined : contextApi.getContextValue(ctxIn, property, '@context');
  // A subject reference ({"id": …} alone) keeps the type-scoped context; anything else reverts it.
  if (ctx.previousContext && !(keys.length === 1 && expandIri(ctx, keys[0]!, { vocab: true }) === '@id')) ctx = ctx.previousContext;
  if (propertyScoped !== undefined) ctx = await applyContext(reading, ctx, propertyScoped, { propagate: true, overrideProtected: true });
  if (root) ctx = await applyContext(reading, ctx, node['@context']);
  else if (embedded) {
    // An embedded endorsement names its contexts as a document of its own does; expansion applies them here, as jsonld.js does.
    if (JSON.stringify(node['@context']) !== JSON.stringify(EMBEDDED_CREDENTIAL_CONTEXT)) {
      throw new FormError('form', at(path, '@context'), `an embedded endorsement names contexts other than ${EMBEDDED_CREDENTIAL_CONTEXT.join(' and ')}`);
    }
    ctx = await applyContext(reading, ctx, node['@context']);
  } else if ('@context' in node) throw new FormError('form', at(path, '@context'), 'it defines terms of its own (an inline context)');

  const typeScoped = ctx;
  for (const key of keys) {
    if (key === '@context' && (root || embedded)) continue;
    // Only `type` may say what the node is (termIri below refuses `@type` and its other aliases).
    if (key !== 'type' || expandIri(typeScoped, key, { vocab: true }) !== '@type') continue;
    const value = node[key];
    const types = Array.isArray(value) ? value : [value];
    if (types.length === 0) throw new FormError('form', at(path, key), 'its type list is empty');
    if (types.length > FORM_LIMITS.types) throw new FormError('bounds', at(path, key), `an object has more than ${FORM_LIMITS.types} types`);
    for (const [i, type] of types.entries()) {
      const where = Array.isArray(value) ? at(at(path, key), i) : at(path, key);
      if (typeof type !== 'string') throw new FormError('form', where, 'a type is not text');
      add('@type', termIri(typeScoped, type, where, 'type').iri);
    }
    for (const type of (types as string[]).toSorted()) {
      const scoped = contextApi.getContextValue(typeScoped, type, '@context');
      if (scoped !== undefined) ctx = await applyContext(reading, ctx, scoped, { propagate: false });
    }
  }

  for (const key of keys) {
    if (key === '@context' && (root || embedded)) continue;
    const where = at(path, key);
    const value = node[key];
    const values = Array.isArray(value) ? value : [value];
    // Compaction chooses a term for each value; every value must get this key.
    const { iri, definition } = termIri(ctx, key, where, 'key', (def) => expandedValue(ctx, def, values[0]));
    for (const item of values.slice(1)) termIri(ctx, key, where, 'key', (def) => expandedValue(ctx, def, item));
    if (iri === '@type') continue;
    if (iri === '@id') {
      checkIri(ctx, value, where, false);
      expanded['@id'] = value;
      continue;
    }
    if (definition?.['@reverse']) throw new FormError('form', where, `its key ${quoted(key)} is a reverse property`);
    const container = definition?.['@container'] ?? [];
    // An embedded endorsement's own proof is the one @graph container read (and written) here.
    const graph = embedded && iri === PROOF_IRI && container.length === 1 && container[0] === '@graph';
    if (!graph && container.some((c) => c !== '@set')) throw new FormError('form', where, `its key ${quoted(key)} is a ${container.join(' ')} container`);
    // Compaction always writes a @set term's value as a list.
    if (container.includes('@set') && !Array.isArray(value)) throw new FormError('form', where, `its key ${quoted(key)} holds a list, and its value is not one`);
    const coercion = definition?.['@type'];
    if (coercion === '@json' || coercion === '@none') throw new FormError('form', where, `its key ${quoted(key)} holds ${coercion} values`);
    const termCtx = definition?.['@context'] !== undefined ? await applyContext(reading, ctx, definition['@context'], { propagate: true, overrideProtected: true }) : ctx;
    // An empty list says nothing (no RDF), and compaction keeps or drops it by term: never issued, refused.
    if (values.length === 0) throw new FormError('form', where, `its key ${quoted(key)} holds an empty list`);
    // One text, number or address written as a one-item list is the same RDF, but a reader looking
    // for the value would not find it (a name, a purpose, a date): compaction writes it alone. (A
    // one-item list of objects stays, as Open Badges writes credentialSchema and evidence.)
    if (Array.isArray(value) && value.length === 1 && !container.includes('@set') && !isRecord(value[0])) {
      throw new FormError('form', where, `its key ${quoted(key)} holds one value written as a list`);
    }
    // true/false and numbers under such a datatype are the same RDF written as text ("false"): only
    // the JSON value is read (a name is shown only when hashed is false), so only it is accepted.
    const native = typeof coercion === 'string' ? NATIVE_TYPES.get(coercion) : undefined;
    if (native && values.some((item) => typeof item !== native)) throw new FormError('form', where, `its key ${quoted(key)} holds ${native === 'boolean' ? 'true or false' : 'a number'} written another way`);
    for (const [i, item] of values.entries()) {
      const itemPath = Array.isArray(value) ? at(where, i) : where;
      if (isRecord(item)) {
        // Expansion ignores a datatype for an object, so compaction would not use this term for it.
        if (coercion !== undefined && coercion !== '@id' && coercion !== '@vocab') throw new FormError('form', itemPath, `its key ${quoted(key)} holds ${coercion} values, not objects`);
        // Compaction writes a bare reference ({"id": …} alone) to an address-typed term as the address.
        if ((coercion === '@id' || coercion === '@vocab') && Object.keys(item).length === 1 && 'id' in item) throw new FormError('form', itemPath, `its key ${quoted(key)} holds an address written as an object`);
        // An endorsement written without contexts of its own is read like any nested object (and cannot carry a proof).
        const walked = await walkNode(reading, item, termCtx, key, itemPath, false, iri === ENDORSEMENT_IRI && '@context' in item);
        add(iri, graph ? { '@graph': [walked] } : walked);
      } else if (coercion === '@id' || coercion === '@vocab') {
        add(iri, { '@id': checkIri(termCtx, item, itemPath, coercion === '@vocab') });
      } else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
        add(iri, expandedValue(termCtx, definition, item));
      } else {
        throw new FormError('form', itemPath, 'a value is not text, a number or true/false');
      }
    }
  }
  return expanded;
}

/**
 * Where a JSON pointer's object is, for people: its parent keys and list positions, such as
 * "credentialSubject.achievement.alignment[0]" ('' at the top). The last step, the key itself, is
 * left out: the reason already names it.
 */
export function placeOf(pointer: string): string {
  const steps = pointer.split('/').slice(1, -1).map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
  return steps.reduce((place, step) => (/^\d+$/.test(step) ? `${place}[${step}]` : place ? `${place}.${step}` : step), '');
}

/**
 * Whether `document` (a credential or status list without its proof) is in the one spelling its
 * pinned contexts give it, and if so its expanded form. Never throws; a context it cannot load is a
 * refusal, like anything else.
 */
export async function checkCompactForm(document: unknown): Promise<FormResult> {
  try {
    if (!isRecord(document)) throw new FormError('form', '', 'it is not a JSON object');
    checkBounds(document);
    checkContexts(document['@context']);
    return { ok: true, expanded: [await walkNode({ applied: 0 }, document, contextApi.getInitialContext(options), null, '', true)] };
  } catch (error) {
    if (error instanceof FormError) return { ok: false, kind: error.kind, reason: error.message, path: error.path };
    return { ok: false, kind: 'form', reason: `its JSON-LD cannot be read (${error instanceof Error ? error.message.slice(0, 120) : 'unknown error'})`, path: '' };
  }
}
