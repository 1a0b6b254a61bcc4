// The entry of every verifier on the site: /verify/, each credential page (which adds its copy
// button) and /verify/offline.html (where the issuer's keys are pinned in the file).
import { initVerifyPage } from './verify-page.ts';

const root = document.querySelector<HTMLElement>('[data-verify]');
if (root) initVerifyPage(root);
