// The entry of every verifier on the site: /verify/, each credential page (which adds its copy
// button) and /verify/offline.html (where the issuer's keys are pinned in the file).
import { initVerifyPage } from './verify-page.ts';

const root = document.querySelector<HTMLElement>('[data-verify]');
if (root) {
  // Inside another site's frame nothing is verified: that page could cover the verdict or put its
  // own words around it, and on GitHub Pages no header forbids the frame. This is isFramed and
  // refuseInFrame of src/lib/security/frame-guard.ts written out, to keep the bytes before the verdict within
  // 15 KB; the refusal's words are VerifyPanel.astro's <template>.
  if (top !== self) {
    const note = root.querySelector('template')!.content;
    note.querySelector('a')!.href = location.href;
    root.replaceChildren(note);
  } else {
    initVerifyPage(root);
  }
}
