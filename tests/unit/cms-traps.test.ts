// The pure parts behind the CMS's guards against traps: which entries use a picture (parsed, never
// searched as text), file names the disk would refuse, duplicate releases, counted titles, options and
// list headings in words, fields needed with their object, and a release preview's status line.
import type { CmsField } from 'decap-cms-core';
import { describe, expect, it } from 'vitest';
import { cmsCollections, NAME_MAX } from '../../cms/collections.ts';
import { MEDIA_FOLDER, PUBLIC_FOLDER } from '../../cms/config.ts';
import { optionLabel } from '../../cms/fields.ts';
import { entryUses, isHiddenFile, namesOf, refusalText, usesIn, type UseField } from '../../cms/media-use.ts';
import { neededPairs } from '../../cms/needed-labels.ts';
import { releaseStatusLine } from '../../cms/previews.ts';
import { duplicateMessage, fileNameLengthProblems, MAX_FILE_NAME_BYTES } from '../../cms/validate.ts';
import { countText, lengthPattern } from '../../cms/widgets/counted-string.ts';

const collection = (name: string) => cmsCollections().find((c) => c.name === name)!;
const fieldsOf = (name: string) => (collection(name).fields ?? collection(name).files![0]!.fields) as unknown as UseField[];
const photo = namesOf(`${MEDIA_FOLDER}/harbour.jpg`, MEDIA_FOLDER, PUBLIC_FOLDER);

describe('which entries use a picture', () => {
  it('names the picture by its site path and its repository path', () => {
    expect([...photo]).toEqual([`${MEDIA_FOLDER}/harbour.jpg`, `/${MEDIA_FOLDER}/harbour.jpg`, `${PUBLIC_FOLDER}/harbour.jpg`]);
  });

  it('finds it in fields, lists and Markdown (image, link, raw HTML), but not in text that merely mentions it', () => {
    const fields = fieldsOf('releases');
    expect(usesIn({ title: 'x', hero: { src: `${PUBLIC_FOLDER}/harbour.jpg`, alt: 'Harbour' } }, fields, photo)).toEqual(['hero.src']);
    expect(usesIn({ body: `Look:\n\n![Harbour](${PUBLIC_FOLDER}/harbour.jpg "The harbour")` }, fields, photo)).toEqual(['body']);
    expect(usesIn({ body: `[Download the photo][1]\n\n[1]: ${PUBLIC_FOLDER}/harbour.jpg` }, fields, photo)).toEqual(['body']);
    expect(usesIn({ body: `<figure><img alt="" src="${PUBLIC_FOLDER}/harbour.jpg?v=2"></figure>` }, fields, photo)).toEqual(['body']);
    expect(usesIn({ body: `<picture><source srcset="${PUBLIC_FOLDER}/harbour.jpg 2x"></picture>` }, fields, photo)).toEqual(['body']);
    // Text about the file, code, and another file whose name starts the same, are not uses.
    expect(usesIn({ summary: `We replaced ${PUBLIC_FOLDER}/harbour.jpg.`, body: `\`${PUBLIC_FOLDER}/harbour.jpg\`\n\n    ${PUBLIC_FOLDER}/harbour.jpg\n\n![x](${PUBLIC_FOLDER}/harbour.jpg.old)` }, fields, photo)).toEqual([]);
    expect(usesIn({ logo: { src: `${PUBLIC_FOLDER}/harbour.jpg` }, certificateSignatures: [{ name: 'A', signature: { src: `${PUBLIC_FOLDER}/harbour.jpg` } }] }, fieldsOf('settings'), photo)).toEqual(['logo.src', 'certificateSignatures.0.signature.src']);
  });

  it('names each entry by its collection and title, and each field by the form’s labels', () => {
    const uses = entryUses(
      [
        { collectionLabel: 'News releases', slug: '2026-10-01-a', data: { title: 'Harbour reopens', hero: { src: `${PUBLIC_FOLDER}/harbour.jpg` } }, fields: fieldsOf('releases') },
        { collectionLabel: 'Partners', identifierField: 'name', slug: 'ddqic', data: { name: 'DDQIC', logo: { src: '/uploads/other.png' } }, fields: fieldsOf('partners') },
        { collectionLabel: 'Site settings', slug: 'site', data: { logo: { src: `${PUBLIC_FOLDER}/harbour.jpg` } }, fields: fieldsOf('settings') },
      ],
      photo,
    );
    expect(uses).toEqual([
      { entry: 'News releases: Harbour reopens', fields: ['Photo › Image'] },
      { entry: 'Site settings: site', fields: ['Logo › Image'] },
    ]);
    expect(refusalText('harbour.jpg', uses)).toBe(
      '“harbour.jpg” is used by News releases: Harbour reopens (Photo › Image), Site settings: site (Logo › Image). Remove it from those entries (or choose another picture there) and save, then delete it.',
    );
  });

  it('hides dot-files from the library', () => {
    expect(isHiddenFile(`${MEDIA_FOLDER}/.gitkeep`)).toBe(true);
    expect(isHiddenFile('.DS_Store')).toBe(true);
    expect(isHiddenFile('photo.gitkeep.jpg')).toBe(false);
  });
});

describe('file names and titles', () => {
  it('refuses a file name longer than the disk allows, in the words of the field that makes it', () => {
    const long = `content/releases/2026-11-20-${'a'.repeat(241)}.md`;
    expect(fileNameLengthProblems('releases', long)).toEqual([]);
    const [problem] = fileNameLengthProblems('releases', `content/releases/2026-11-20-${'a'.repeat(242)}.md`);
    expect(problem).toMatch(new RegExp(`^title: This makes the file name 256 characters long .*at most ${MAX_FILE_NAME_BYTES}\\. Shorten it by at least 1 characters\\.$`));
    // Bytes, not characters: "é" takes two.
    expect(fileNameLengthProblems('pages', `content/pages/${'é'.repeat(127)}.md`)).toHaveLength(1);
  });

  it('limits naming fields to a length whose file name is valid, counted as typed', () => {
    expect(11 + NAME_MAX + 3).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
    const title = fieldsOf('releases').find((f) => f.name === 'title') as CmsField & { max_length: number; pattern: [string, string] };
    expect(title).toMatchObject({ widget: 'counted-string', max_length: NAME_MAX });
    const pattern = new RegExp(title.pattern[0]);
    expect(pattern.test('x'.repeat(NAME_MAX))).toBe(true);
    expect(pattern.test('x'.repeat(NAME_MAX + 1))).toBe(false);
    expect(title.pattern[1]).toBe(lengthPattern(NAME_MAX, 'title')[1]);
    expect(countText('Short title', 200)).toBe('11 of 200 characters');
    expect(countText('é'.repeat(201), 200)).toBe('201 characters: 1 too many. Keep it to 200 or fewer, so it can name the file.');
    for (const [name, field] of [['pages', 'title'], ['winners', 'team'], ['partners', 'name']] as const) {
      expect(fieldsOf(name).find((f) => f.name === field), `${name}.${field}`).toMatchObject({ widget: 'counted-string', max_length: NAME_MAX });
    }
  });

  it('says a duplicate release exists instead of saving it beside the first', () => {
    expect(duplicateMessage('releases', 'content/releases/2022-01-25-x.md')).toBe(
      'A release with this title and publication date already exists (content/releases/2022-01-25-x.md). To change that release, open it from the list; to publish another one, give it a different title or date.',
    );
    expect(duplicateMessage('editions', 'content/editions/2022.yaml')).toMatch(/^content\/editions\/2022\.yaml already exists\. To change it, open it from the list/);
  });
});

describe('words, not values', () => {
  it('shows options in words and keeps the stored values', () => {
    expect(optionLabel('final-event')).toBe('Final event');
    expect(optionLabel('closed')).toBe('Closed');
    expect(optionLabel('micro-credential-training')).toBe('Micro-credential training');
    expect(optionLabel('Media advisories')).toBe('Media advisories');
    expect(optionLabel('MicroCredential')).toBe('MicroCredential');
    const timeline = fieldsOf('editions').find((f) => f.name === 'timeline') as unknown as { fields: { name: string; options?: { label: string; value: string }[] }[] };
    const kind = timeline.fields.find((f) => f.name === 'kind')!;
    expect(kind.options).toContainEqual({ label: 'Final event', value: 'final-event' });
    const status = fieldsOf('editions').find((f) => f.name === 'status') as unknown as { options: { label: string; value: string }[] };
    expect(status.options).toContainEqual({ label: 'Closed', value: 'closed' });
  });

  it('gives every list a heading that reads as words ("3 key dates")', () => {
    const lists: { label: string; singular?: string }[] = [];
    const walk = (fields: readonly (UseField & { label_singular?: string })[]) => {
      for (const f of fields) {
        if (f.widget === 'list') lists.push({ label: f.label ?? f.name, ...(f.label_singular ? { singular: f.label_singular } : {}) });
        if (f.fields) walk(f.fields);
      }
    };
    for (const c of cmsCollections()) walk((c.fields ?? c.files![0]!.fields) as unknown as UseField[]);
    expect(lists.length).toBeGreaterThan(5);
    for (const list of lists) {
      expect(list.label, 'no brackets in a heading').not.toMatch(/[()]/);
      expect(list.singular, `${list.label}: singular for "1 …"`).toBeDefined();
    }
  });

  it('finds the fields needed with their object, and only those', () => {
    const pairs = neededPairs(cmsCollections());
    for (const pair of ['hero/src', 'hero/alt', 'hero/credit', 'source/name', 'image/alt', 'logo/alt', 'signature/alt']) expect(pairs.has(pair), pair).toBe(true);
    expect(pairs.has('/publishAt')).toBe(false);
    expect(pairs.has('timeline/endDate')).toBe(false);
  });

  it('tells the editor a preview is a draft or scheduled, in Kingston time, instead of "Published"', () => {
    const now = new Date('2026-12-06T15:00:00Z'); // 10:00 in Kingston
    expect(releaseStatusLine({ date: '2026-12-06', draft: true }, now)).toBe('Draft: not published. Turn “Draft” off to publish it.');
    expect(releaseStatusLine({ date: '2026-12-06', draft: false, publishAt: '2026-12-06T10:30' }, now)).toBe('Scheduled for December 6, 2026, 10:30 a.m. (Kingston time)');
    expect(releaseStatusLine({ date: '2026-12-06', draft: false, publishAt: '2026-12-06T10:00' }, now)).toBe('Published December 6, 2026');
    expect(releaseStatusLine({ date: '2026-12-06', draft: false }, now)).toBe('Published December 6, 2026');
    // A date still to come, with no time: it waits for that day to begin in Kingston.
    expect(releaseStatusLine({ date: '2026-12-07', draft: false }, now)).toMatch(/^Scheduled for December 7, 2026, (12|00|midnight)/);
  });

  it('opens a Markdown body with a hint that says where pasted Markdown works', () => {
    const body = fieldsOf('releases').find((f) => f.name === 'body') as unknown as { hint: string };
    expect(body.hint).toContain('Paste Markdown in Markdown mode');
  });
});
