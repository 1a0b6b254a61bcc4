/** Summary of the badges issued by this build (src/lib/issue/integration.ts). */
declare module 'virtual:mic/badges' {
  /** True when signed with the throwaway development key: pages say "development build". */
  export const development: boolean;
  /** The site's public origin, e.g. https://innovation.example.org. */
  export const origin: string;
  export const credentials: import('./lib/issue/issue-fs.ts').IssuedCredential[];
}
