// The Decap configuration is derived from the zod schemas; these tests fail on any drift between
// what editors can enter and what the build accepts.
import { describe, expect, it } from 'vitest';
import type { CmsCollection, CmsField } from 'decap-cms-core';
import { CMS_COLLECTIONS, OVERRIDES } from '../../cms/collections.ts';
import { buildCmsConfig } from '../../cms/config.ts';
import { fieldPaths } from '../../cms/fields.ts';
import { collectionSpecs } from '../../src/schemas/collections.ts';

/** Decap's built-in widgets plus the four this project registers in cms/main.ts. */
const WIDGETS = new Set(['counted-string', 'boolean', 'code', 'color', 'datetime', 'file', 'hidden', 'image', 'list', 'map', 'markdown', 'number', 'object', 'relation', 'select', 'string', 'text', 'hashed-email', 'generated-id', 'kingston-date']);

const config = buildCmsConfig();
const byName = new Map(config.collections.map((c) => [c.name, c]));
const fieldsOf = (c: CmsCollection): CmsField[] => (c.files ? c.files[0]!.fields : c.fields!) as CmsField[];

function walk(fields: CmsField[], visit: (field: CmsField, path: string) => void, prefix = '') {
  for (const field of fields) {
    const path = prefix ? `${prefix}.${field.name}` : field.name;
    visit(field, path);
    const nested = (field as { fields?: CmsField[] }).fields;
    if (nested) walk(nested, visit, path);
  }
}

describe('Decap CMS configuration', () => {
  it('edits every collection except the public keys, each in the folder its loader reads', () => {
    expect([...byName.keys()].sort()).toEqual([...CMS_COLLECTIONS].sort());
    for (const name of CMS_COLLECTIONS) {
      const collection = byName.get(name)!;
      if (name === 'settings') expect(collection.files![0]!.file).toBe('content/settings/site.yaml');
      else expect(collection.folder, name).toBe(collectionSpecs[name].folder);
    }
  });

  it('has exactly the schema fields (hidden ones aside), with the same required-ness and enums', () => {
    for (const name of CMS_COLLECTIONS) {
      const schema = collectionSpecs[name].schema;
      const hidden = Object.entries(OVERRIDES[name]).filter(([, o]) => o.hidden).map(([path]) => path);
      const cms: string[] = [];
      walk(fieldsOf(byName.get(name)!), (field, path) => {
        if (path !== 'body') cms.push(path);
        // Required in the CMS exactly when the schema has no default and is not optional.
        const probe = (schema as unknown as { shape?: Record<string, { safeParse: (v: unknown) => { success: boolean } }> }).shape;
        if (!path.includes('.') && probe?.[path] && field.widget !== 'object') {
          const optional = probe[path]!.safeParse(undefined).success;
          expect((field as { required?: boolean }).required === false, `${name}.${path} required`).toBe(optional);
        }
        if (field.widget === 'select') expect((field as { options: unknown[] }).options.length, `${name}.${path} options`).toBeGreaterThan(0);
      });
      expect(cms.sort(), name).toEqual(fieldPaths(schema).filter((p) => !hidden.includes(p)).sort());
    }
  });

  it('has no presentation override for a field the schema does not have', () => {
    for (const name of CMS_COLLECTIONS) {
      const paths = new Set(fieldPaths(collectionSpecs[name].schema));
      for (const path of Object.keys(OVERRIDES[name])) expect(paths.has(path), `${name}: override for "${path}"`).toBe(true);
    }
  });

  it('uses only widgets that exist', () => {
    for (const collection of config.collections) {
      walk(fieldsOf(collection), (field, path) => expect(WIDGETS.has(String(field.widget)), `${collection.name}.${path}: ${field.widget}`).toBe(true));
    }
  });

  it('picks dates and times in Kingston time, and uploads where the site serves them', () => {
    const releases = fieldsOf(byName.get('releases')!);
    expect(releases.find((f) => f.name === 'date')).toMatchObject({ widget: 'kingston-date', default: '{{now}}' });
    expect(releases.find((f) => f.name === 'publishAt')).toMatchObject({ widget: 'kingston-date', time: true });
    // No field is left on Decap's datetime widget, whose "Now" is the computer's zone or UTC.
    for (const collection of config.collections) walk(fieldsOf(collection), (field, path) => expect(field.widget, `${collection.name}.${path}`).not.toBe('datetime'));
    expect(config).toMatchObject({ media_folder: 'content/uploads', public_folder: '/uploads', load_config_file: false });
  });

  it('stores an award recipient only through the hashing widget', () => {
    const fields = fieldsOf(byName.get('awards')!);
    expect(fields.find((f) => f.name === 'identifier')).toMatchObject({ widget: 'hashed-email' });
    expect(fields.some((f) => f.name === 'matchKey')).toBe(false);
  });

  it('picks the backend from the environment: local by default, editorial workflow in production', () => {
    expect(config).toMatchObject({ backend: { name: 'git-gateway' }, local_backend: true });
    expect(buildCmsConfig({ backend: 'github', repo: 'city/mic', baseUrl: 'https://oauth.example.org' })).toMatchObject({
      backend: { name: 'github', repo: 'city/mic', branch: 'main', base_url: 'https://oauth.example.org', auth_endpoint: 'auth' },
      publish_mode: 'editorial_workflow',
    });
    expect(buildCmsConfig({ backend: 'gitea', repo: 'city/mic', appId: 'abc', apiRoot: 'https://git.example.org/api/v1' })).toMatchObject({
      backend: { name: 'gitea', auth_type: 'pkce', app_id: 'abc', api_root: 'https://git.example.org/api/v1' },
      publish_mode: 'editorial_workflow',
    });
    expect(() => buildCmsConfig({ backend: 'github' })).toThrow('PUBLIC_CMS_BACKEND=github needs PUBLIC_CMS_REPO (owner/name).');
  });
});

describe('saving from the CMS', () => {
  it('refuses edits that would part an entry from its file name', async () => {
    const { fileNameProblems } = await import('../../cms/validate.ts');
    expect(fileNameProblems('editions', { year: 2023 }, '2022')).toEqual([
      "year: This year's file is 2022.yaml, so its year must stay 2022. To start another year, create a new entry.",
    ]);
    expect(fileNameProblems('editions', { year: 2027 }, '')).toEqual([]);
    expect(fileNameProblems('achievements', { slug: 'leadership' }, 'innovation-skills')).toHaveLength(1);
    expect(fileNameProblems('pages', { title: 'News' }, '')).toEqual([
      'title: A page titled "News" would take the address /news/, which is already a section of the site. Choose another title.',
    ]);
  });
});
