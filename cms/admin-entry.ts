/**
 * The browser entry of /admin/, bundled by esbuild (src/lib/admin/integration.ts). The page
 * carries the backend settings (PUBLIC_CMS_* variables) in `data-cms-env` on <body>, so one bundle
 * serves every deployment and no setting is compiled in.
 */
import type { CmsEnv } from './config.ts';
import { startCms } from './main.ts';

const env = JSON.parse(document.body.dataset.cmsEnv ?? '{}') as Omit<CmsEnv, 'siteUrl'>;
startCms({ ...env, siteUrl: location.origin });
