/**
 * Content-Security-Policy of every public page, delivered in a <meta> element so each page carries
 * its own (the staff CMS at /admin/ has a looser one). No inline script or style is allowed: the build
 * keeps scripts and styles in files. 'wasm-unsafe-eval' lets Pagefind run its WebAssembly search;
 * https: in connect-src lets the verify page fetch a credential from a link on another site.
 * frame-ancestors cannot be set in <meta>: _headers sends it (and the other security headers).
 */
export const PUBLIC_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' https:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

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
].join('; ');
