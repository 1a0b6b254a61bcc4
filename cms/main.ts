/**
 * Starts Decap CMS on /admin/: registers the custom widgets, the site's styles for previews, a
 * preview for releases, and a pre-save check with the very zod schemas the build uses, so an entry
 * the CMS saves is an entry the build accepts.
 */
import CMS from 'decap-cms-app';
import { createElement as h } from 'react';
import siteStyles from '../src/styles/global.css?inline';
import { buildCmsConfig, type CmsEnv } from './config.ts';
import { fileNameProblems, schemaProblems } from './validate.ts';
import { GeneratedIdControl } from './widgets/generated-id.ts';
import { HashedEmailControl, HashedEmailPreview } from './widgets/hashed-email.ts';

type Entry = { get: (key: string) => unknown; getIn: (path: string[]) => unknown };

export function startCms(env: CmsEnv) {
  CMS.registerWidget('hashed-email', HashedEmailControl as never, HashedEmailPreview as never);
  CMS.registerWidget('generated-id', GeneratedIdControl as never);
  CMS.registerPreviewStyle(siteStyles, { raw: true });
  CMS.registerPreviewTemplate('releases', (({ entry, widgetFor }: { entry: Entry; widgetFor: (name: string) => unknown }) =>
    h(
      'article',
      { className: 'wrap prose', style: { padding: '1rem' } },
      h('p', { className: 'eyebrow' }, String(entry.getIn(['data', 'category']) ?? '')),
      h('h1', null, String(entry.getIn(['data', 'title']) ?? '')),
      h('p', { className: 'lede' }, String(entry.getIn(['data', 'summary']) ?? '')),
      widgetFor('body') as never,
    )) as never);
  CMS.registerEventListener({
    name: 'preSave',
    handler: ({ entry }: { entry: Entry }) => {
      const collection = String(entry.get('collection'));
      const data = (entry.get('data') as { toJS: () => unknown }).toJS();
      const problems = [...schemaProblems(collection, data), ...fileNameProblems(collection, data as Record<string, unknown>, String(entry.get('slug') ?? ''))];
      if (problems.length > 0) throw new Error(`This entry would stop the site from building:\n${problems.join('\n')}`);
      return (entry.get('data') as never);
    },
  } as never);
  CMS.init({ config: buildCmsConfig(env) });
}
