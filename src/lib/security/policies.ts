/**
 * THE security policies of the site, in one place: the Content-Security-Policy each page carries in a
 * <meta> element (public pages, the CMS, the offline verifier) and the `_headers` file, the response
 * headers for hosts that read it (Netlify, Cloudflare Pages), built from the same declarations so the
 * two cannot drift apart: a directive is either a page's (in its <meta>) or the header's, never both.
 * GitHub Pages sends no custom headers: there only the <meta> policies hold, and the pages that must
 * never be framed refuse to run in a frame themselves (src/lib/security/frame-guard.ts).
 * tests/build/headers-agreement.test.ts holds the built site to this.
 */
import { badgeHref as href, badgePaths } from '../ob3/urls.ts';

/** Where the video player frames come from: the only other sites a public page may frame (src/schemas/video.ts). */
export const VIDEO_FRAME_ORIGINS = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'] as const;

/**
 * Content-Security-Policy of every public page, delivered in a <meta> element so each page carries
 * its own (the staff CMS at /admin/ has a looser one). No inline script or style is allowed: the build
 * keeps scripts and styles in files. 'wasm-unsafe-eval' lets Pagefind run its WebAssembly search;
 * https: in connect-src lets the verify page fetch a credential from a link on another site.
 * frame-ancestors cannot be set in <meta>: _headers sends it (PAGE_HEADER_CSP, with SECURITY_HEADERS).
 *
 * - `video`: the page holds a video (src/components/VideoEmbed.astro), so it may frame the players of
 *   YouTube (its no-cookie address) and Vimeo, and no other site (not even its own).
 * - `dev`: `astro dev` serves the page. Vite puts every stylesheet into the page as a <style> element
 *   from script (that is how it swaps styles without a reload), which style-src 'self' blocks, so the
 *   page shows unstyled. The development policy allows inline styles and nothing else more: scripts
 *   stay file-only, so an inline script still fails in development as it would on the site. Its
 *   live-reload socket is on the page's own host and port, which 'self' covers. Never in built pages:
 *   BaseLayout asks astro.config.mjs's devServerFlag, true only under `astro dev`.
 */
export function publicCsp(options: { video?: boolean; dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    options.dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self' https:",
    // Without a video, frames fall back to default-src 'self' (the policy as it always was).
    ...(options.video ? [`frame-src ${VIDEO_FRAME_ORIGINS.join(' ')}`] : []),
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The policy of a built page without a video. */
export const PUBLIC_CSP = publicCsp();

/**
 * /admin/ (Decap CMS): Decap compiles its config validator with eval and injects styles; its
 * backends talk to GitHub, GitLab, Gitea or the local decap-server.
 */
export const ADMIN_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  // blob: and data: let Decap read back a file it has just uploaded (its thumbnail and the save).
  "connect-src 'self' blob: data: https: http://localhost:* http://127.0.0.1:*",
  "frame-src 'self' https:",
  "object-src 'none'",
  "base-uri 'self'",
  // Decap signs in through a popup and saves through fetch: it submits no form, so none may leave the site.
  "form-action 'self'",
].join('; ');

/**
 * The offline verifier's policy (src/lib/issue/offline-verifier-fs.ts): the file is all inline, so it
 * allows exactly its own script and style blocks, each by its hash ('sha256-…' sources), and fetches
 * (status lists, when online) from the live site only.
 */
export function offlineCsp(options: { scriptHashes: string[]; styleHashes: string[]; siteOrigin: string }): string {
  return [
    "default-src 'none'",
    `script-src ${options.scriptHashes.join(' ')}`,
    `style-src ${options.styleHashes.join(' ')}`,
    'img-src data:',
    `connect-src ${options.siteOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Directives a browser obeys only when the policy comes in a header: in a <meta> element it ignores
 * them (CSP Level 3, "Delivery via meta element"). They belong in _headers, never in a page.
 */
export const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'sandbox', 'report-uri', 'report-to'] as const;

/** The header policy of every address: no other site may frame a page (clickjacking). */
export const PAGE_HEADER_CSP = "frame-ancestors 'none'";

/**
 * The policy of every SVG and upload opened on its own: nothing may run, load or be submitted. A whole
 * policy (these files carry no <meta>), sent only for files that are never pages. It repeats
 * frame-ancestors: where a host keeps only the later of two rules' policies (Netlify, below), these
 * files would otherwise lose it.
 */
export const FILE_SANDBOX_CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; ${PAGE_HEADER_CSP}; sandbox`;

/** Headers every response gets, where the host reads _headers. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': PAGE_HEADER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
} as const;

/** One rule of a `_headers` file: a path pattern (`*` matches anything, slashes too) and its headers. */
export interface HostHeaderRule {
  /** Comment lines written above the rule (without "# "). */
  note?: string[];
  path: string;
  headers: Record<string, string>;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
/** Anyone may fetch the badge system's files: other verifiers read them from their own pages. */
const PUBLIC_FILE = (type: string) => ({ 'Content-Type': type, 'Access-Control-Allow-Origin': '*' });
const SANDBOXED = { 'Content-Security-Policy': FILE_SANDBOX_CSP };

/**
 * Every rule of _headers, in order. JWTs are served as text (hosts do not know .jwt), JSON as JSON;
 * the SVG rules' note says why they exist. Where two rules give a file the same header, Netlify's
 * header code (its CLI and headers parser) keeps the later one, so an SVG gets only the sandbox policy
 * (which repeats frame-ancestors for that reason); Cloudflare Pages documents that it sends both. HTML pages match only
 * the first rule's policy, so neither matters for them.
 */
export const HOST_HEADER_RULES: readonly HostHeaderRule[] = [
  { path: '/*', headers: { ...SECURITY_HEADERS } },
  { path: href(badgePaths.credentialJwt('*')), headers: PUBLIC_FILE(TEXT) },
  { path: href(badgePaths.credentialJson('*')), headers: PUBLIC_FILE(JSON_TYPE) },
  // Status lists: each as a VC-JWT (what this site's verifiers read) and as JSON with a proof.
  { path: `${href(badgePaths.status)}/*.jwt`, headers: PUBLIC_FILE(TEXT) },
  { path: `${href(badgePaths.status)}/*.json`, headers: PUBLIC_FILE(JSON_TYPE) },
  { path: `${href(badgePaths.keys)}/*`, headers: PUBLIC_FILE(JSON_TYPE) },
  { path: `${href(badgePaths.wellKnown)}/*`, headers: PUBLIC_FILE(JSON_TYPE) },
  { path: href(badgePaths.issuer), headers: PUBLIC_FILE(JSON_TYPE) },
  {
    note: [
      'SVG files opened on their own must never run script on this origin (the CMS keeps its login here).',
      'What protects hosts that ignore this file is the content check, which refuses any SVG under public/ that is',
      'not a plain drawing (src/lib/content/public-files-fs.ts); these rules are a second line where it is read.',
    ],
    path: href(badgePaths.credentialSvg('*')),
    headers: { 'Content-Type': 'image/svg+xml', ...SANDBOXED },
  },
  { path: '/badges/*', headers: SANDBOXED },
  { path: '/images/*', headers: SANDBOXED },
  { path: '/favicon.svg', headers: SANDBOXED },
  { path: '/uploads/*', headers: SANDBOXED },
];

/** The `_headers` file (Netlify and Cloudflare Pages grammar), published by the issuing run (src/lib/issue/stages/publish-fs.ts). */
export function hostHeadersFile(rules: readonly HostHeaderRule[] = HOST_HEADER_RULES): string {
  const lines = [
    '# Written by the build from src/lib/security/policies.ts. Static hosts read this file; see README, "Hosting".',
    '# Every page also carries its own Content-Security-Policy in a <meta> element (src/lib/security/policies.ts);',
    '# frame-ancestors only works as a header, so it is sent here.',
  ];
  for (const rule of rules) {
    lines.push(...(rule.note ?? []).map((line) => `# ${line}`), rule.path);
    for (const [name, value] of Object.entries(rule.headers)) lines.push(`  ${name}: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

export const HEADERS_FILE = hostHeadersFile();
