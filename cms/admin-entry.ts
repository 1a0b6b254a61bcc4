/**
 * The browser entry of /admin/, bundled by esbuild (src/lib/admin/integration.ts). The page
 * carries the backend settings (PUBLIC_CMS_* variables) in `data-cms-env` on <body>, so one bundle
 * serves every deployment and no setting is compiled in.
 *
 * The CMS never runs inside a frame: on hosts that ignore _headers (GitHub Pages) there is no
 * frame-ancestors policy, and a page on another site could otherwise frame the logged-in CMS and
 * trick an editor into clicking (clickjacking).
 */
import { isFramed, refuseFramed } from '../src/lib/frame-guard.ts';
import type { CmsEnv } from './config.ts';
import { startCms } from './main.ts';

if (isFramed()) {
  refuseFramed(document.body, 'The content manager cannot be opened inside another page. Open this address directly in the browser:');
} else {
  const env = JSON.parse(document.body.dataset.cmsEnv ?? '{}') as Omit<CmsEnv, 'siteUrl'>;
  startCms({ ...env, siteUrl: location.origin });
}
