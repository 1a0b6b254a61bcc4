/** Summary of the badges issued by this build (src/lib/issue/integration.ts). */
declare module 'virtual:mic/badges' {
  /** True when signed with the throwaway development key: pages say "development build". */
  export const development: boolean;
  /** The site's public origin, e.g. https://innovation.example.org. */
  export const origin: string;
  /** `astro dev` only: every credential, so each credential page renders itself. Empty in a build. */
  export const credentials: import('./lib/issue/credential-page.ts').CredentialSummary[];
  /** `astro dev` only: each credential's published .json text, by credential id (the wallet link carries it). Empty in a build. */
  export const credentialJson: Record<string, string>;
  /** Builds only: the micro-credentials whose credential page template to render (see credential-page.ts). */
  export const templates: string[];
  /** Builds only: the nonce of this build's template slot tokens. */
  export const templateNonce: string;
  /** Credentials issued per micro-credential, not counting samples and withdrawn ones. */
  export const issuedCounts: Record<string, number>;
  /** The partner endorsements of each micro-credential that the build verified, by slug (src/lib/issue/endorsements-fs.ts). */
  export const endorsements: Record<string, import('./lib/ob3/endorsement.ts').EndorsementView[]>;
}
