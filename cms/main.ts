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
import { focusInvalidFieldsOnSave } from './field-errors.ts';
import { guardMediaLibrary } from './media-guard.ts';
import { servePublicPathsFromRepository } from './media-paths.ts';
import { hideOptionalOnNeededFields } from './needed-labels.ts';
import { EditionPreview, FaqPreview, ReleasePreview } from './previews.ts';
import { clearProblems, clearProblemsOnNavigation } from './problem-panel.ts';
import { noticeUndoneRevocations } from './revocation-notice.ts';
import { checkBeforeSave } from './save-check.ts';
import { guardUploads } from './uploads.ts';
import { CountedStringControl } from './widgets/counted-string.ts';
import { GeneratedIdControl } from './widgets/generated-id.ts';
import { HashedEmailControl, HashedEmailPreview } from './widgets/hashed-email.ts';
import { KingstonDateControl, KingstonDatePreview } from './widgets/kingston-date.ts';

export function startCms(env: CmsEnv) {
  // Saves patch the file as it was loaded (the draft keeps its text as `raw`) instead of rewriting it.
  for (const { name, extension, formatter } of keptFormats(() => store.getState().entryDraft.get('entry') as DecapMap | undefined)) CMS.registerCustomFormat(name, extension, formatter);
  CMS.registerWidget('hashed-email', HashedEmailControl as never, HashedEmailPreview as never);
  CMS.registerWidget('generated-id', GeneratedIdControl as never);
  CMS.registerWidget('kingston-date', KingstonDateControl as never, KingstonDatePreview as never);
  CMS.registerWidget('counted-string', CountedStringControl as never);
  CMS.registerPreviewStyle(siteStyles, { raw: true });
  CMS.registerPreviewTemplate('releases', ReleasePreview as never);
  CMS.registerPreviewTemplate('editions', EditionPreview as never);
  CMS.registerPreviewTemplate('faq', FaqPreview as never);
  CMS.registerEventListener({ name: 'preSave', handler: ({ entry }: { entry: DecapMap }) => checkBeforeSave(entry) } as never);
  // With the editorial workflow, publishing merges a draft saved earlier: the repository may have
  // changed since (another award took its slot), so the check runs again on the way out.
  CMS.registerEventListener({ name: 'prePublish', handler: async ({ entry }: { entry: DecapMap }) => void (await checkBeforeSave(entry)) } as never);
  CMS.registerEventListener({ name: 'postSave', handler: () => clearProblems() } as never);
  guardUploads();
  guardMediaLibrary(MEDIA_FOLDER, PUBLIC_FOLDER);
  focusInvalidFieldsOnSave();
  noticeUndoneRevocations();
  // Markdown bodies open in Markdown mode, where pasted Markdown is read as Markdown (in Rich Text
  // it is kept as typed, asterisks and all). Decap remembers the mode an editor last chose under
  // this key (decap-cms-widget-markdown), so a chosen Rich Text stays chosen.
  if (localStorage.getItem('cms.md-mode') === null) localStorage.setItem('cms.md-mode', 'raw');
  servePublicPathsFromRepository(PUBLIC_FOLDER, MEDIA_FOLDER);
  clearProblemsOnNavigation();
  const config = buildCmsConfig(env);
  hideOptionalOnNeededFields(config.collections);
  CMS.init({ config });
}
