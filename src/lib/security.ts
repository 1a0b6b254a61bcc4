/** Where the video player frames come from: the only other sites a public page may frame (src/schemas/video.ts). */
export const VIDEO_FRAME_ORIGINS = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'] as const;

/**
 * Content-Security-Policy of every public page, delivered in a <meta> element so each page carries
 * its own (the staff CMS at /admin/ has a looser one). No inline script or style is allowed: the build
 * keeps scripts and styles in files. 'wasm-unsafe-eval' lets Pagefind run its WebAssembly search;
 * https: in connect-src lets the verify page fetch a credential from a link on another site.
 * frame-ancestors cannot be set in <meta>: _headers sends it (and the other security headers).
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
].join('; ');
