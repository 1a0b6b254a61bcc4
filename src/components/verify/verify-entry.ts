// The entry of every verifier on the site: /verify/, each credential page (which adds its copy
// button) and /verify/offline.html (where the issuer's keys are pinned in the file).
import { isFramed, refuseFramed } from '../../lib/frame-guard.ts';
import { initVerifyPage } from './verify-page.ts';

/**
 * Inside another site's frame nothing is verified: that page could cover the verdict or put its own
 * words around it (on GitHub Pages no header forbids the frame: src/lib/frame-guard.ts).
 */
const FRAMED_MESSAGE =
  'This check cannot run inside another site’s page, which could cover or change what it shows. Open it directly, in its own tab:';

const root = document.querySelector<HTMLElement>('[data-verify]');
if (root) {
  if (isFramed()) refuseFramed(root, FRAMED_MESSAGE);
  else initVerifyPage(root);
}
