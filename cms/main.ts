/**
 * Starts Decap CMS on /admin/: registers the custom widgets, the site's styles and the previews,
 * the upload guard, and the pre-save check (cms/save-check.ts) that runs the build's own content
 * check on the bytes about to be written, so an entry the CMS saves is an entry the build accepts.
 */
import CMS from 'decap-cms-app';
import siteStyles from '../src/styles/global.css?inline';
import { store } from 'decap-cms-core/dist/esm/redux/index.js';
import { buildCmsConfig, MEDIA_FOLDER, PUBLIC_FOLDER, type CmsEnv } from './config.ts';
import { keptFormats } from './formats.ts';
import { servePublicPathsFromRepository } from './media-paths.ts';
import { EditionPreview, ReleasePreview } from './previews.ts';
import { clearProblems, clearProblemsOnNavigation } from './problem-panel.ts';
import { checkBeforeSave } from './save-check.ts';
import { guardUploads } from './uploads.ts';
import { GeneratedIdControl } from './widgets/generated-id.ts';
import { HashedEmailControl, HashedEmailPreview } from './widgets/hashed-email.ts';
import { KingstonDateControl, KingstonDatePreview } from './widgets/kingston-date.ts';

export function startCms(env: CmsEnv) {
  // Saves patch the file as it was loaded (the draft keeps its text as `raw`) instead of rewriting it.
  for (const { name, extension, formatter } of keptFormats(() => (store.getState() as unknown as { entryDraft: DecapMap }).entryDraft.get('entry') as DecapMap | undefined)) CMS.registerCustomFormat(name, extension, formatter);
  CMS.registerWidget('hashed-email', HashedEmailControl as never, HashedEmailPreview as never);
  CMS.registerWidget('generated-id', GeneratedIdControl as never);
  CMS.registerWidget('kingston-date', KingstonDateControl as never, KingstonDatePreview as never);
  CMS.registerPreviewStyle(siteStyles, { raw: true });
  CMS.registerPreviewTemplate('releases', ReleasePreview as never);
  CMS.registerPreviewTemplate('editions', EditionPreview as never);
  CMS.registerEventListener({ name: 'preSave', handler: ({ entry }: { entry: DecapMap }) => checkBeforeSave(entry) } as never);
  // With the editorial workflow, publishing merges a draft saved earlier: the repository may have
  // changed since (another award took its slot), so the check runs again on the way out.
  CMS.registerEventListener({ name: 'prePublish', handler: async ({ entry }: { entry: DecapMap }) => void (await checkBeforeSave(entry)) } as never);
  CMS.registerEventListener({ name: 'postSave', handler: () => clearProblems() } as never);
  guardUploads();
  servePublicPathsFromRepository(PUBLIC_FOLDER, MEDIA_FOLDER);
  clearProblemsOnNavigation();
  CMS.init({ config: buildCmsConfig(env) });
}
