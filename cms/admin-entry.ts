/**
 * The browser entry of /admin/, bundled by esbuild (src/lib/admin/integration.ts). The page
 * carries the backend settings (PUBLIC_CMS_* variables) in `data-cms-env` on <body>, so one bundle
 * serves every deployment and no setting is compiled in.
 *
 * The CMS never runs inside a frame: on hosts that ignore _headers (GitHub Pages) there is no
 * frame-ancestors policy, and a page on another site could otherwise frame the logged-in CMS and
 * trick an editor into clicking (clickjacking).
 *
 * The decision comes before any of Decap is evaluated: Decap's modules run code as they load (its
 * router rewrites the address, its storage probe throws where a frame gets no localStorage), so a
 * static import would run them, and could fail, before a guard in this file's body. main.ts is
 * imported dynamically instead; esbuild (no code splitting) keeps it in the same file and evaluates
 * it only when import() is called.
 */
import { isFramed, refuseInFrame } from '../src/lib/security/frame-guard.ts';
import type { CmsEnv } from './config.ts';

if (isFramed()) {
  refuseInFrame(document.body); // the words are src/pages/admin/index.astro's <template>
} else {
  const env = JSON.parse(document.body.dataset.cmsEnv ?? '{}') as Omit<CmsEnv, 'siteUrl'>;
  const { startCms } = await import('./main.ts');
  startCms({ ...env, siteUrl: location.origin });
}
