// Entry of /verify/offline.html: the verify page's own behaviour, with the issuer's keys pinned in the file.
import { initVerifyPage } from './verify-page.ts';

const root = document.querySelector<HTMLElement>('[data-verify]');
if (root) initVerifyPage(root);
