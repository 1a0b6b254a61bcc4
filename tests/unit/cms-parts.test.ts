// The pure parts of the CMS's checks: labels in the form's words, the free status slot, what may be
// uploaded, and image fields that only take this site's own pictures.
import { describe, expect, it } from 'vitest';
import { cmsCollections } from '../../cms/collections.ts';
import { inFormWords, labelTrail, type FieldConfig } from '../../cms/labels.ts';
import { uploadProblem } from '../../cms/uploads.ts';
import { freeSlot } from '../../cms/widgets/free-slot.ts';
import { withoutEmpty } from '../../cms/validate.ts';
import { STATUS_LIST_SIZE } from '../../src/schemas/award.ts';
import { image } from '../../src/schemas/shared.ts';

const fields = (name: string) => cmsCollections().find((c) => c.name === name)!.fields as unknown as FieldConfig[];

describe('problems in the form’s words', () => {
  it('turns a field path into the labels along it, list items counted from 1', () => {
    expect(labelTrail(fields('editions'), 'timeline.2.endDate')).toEqual(['Timeline (key dates)', 'item 3', 'Last day']);
    expect(labelTrail(fields('editions'), 'eligibility.0')).toEqual(['Eligibility', 'item 1']);
    expect(labelTrail(fields('awards'), 'revokedReason')).toEqual(['Reason for revoking']);
    expect(labelTrail(fields('releases'), 'hero.credit')).toEqual(['Photo', 'Photo credit']);
  });
  it('replaces field names written in a message with their labels', () => {
    expect(inFormWords(fields('awards'), 'Say why the credential is revoked: add revokedReason.')).toBe('Say why the credential is revoked: add “Reason for revoking”.');
    expect(inFormWords(fields('awards'), 'revokedReason or revokedDate is set but revoked is not true. Set revoked: true, or remove them.')).toBe(
      '“Reason for revoking” or “Date revoked” is set but revoked is not true. Set revoked: true, or remove them.',
    );
    expect(inFormWords(fields('editions'), 'Add a date (YYYY-MM-DD), or a dateNote explaining when.')).toBe('Add a date (YYYY-MM-DD), or a “Date note” explaining when.');
  });
});

describe('a new award’s status slot', () => {
  it('is always a free one, even with only three left', () => {
    const free = new Set([5, 70_000, STATUS_LIST_SIZE - 1]);
    const taken = new Set(Array.from({ length: STATUS_LIST_SIZE }, (_, i) => i).filter((i) => !free.has(i)));
    const seen = new Set<number>();
    for (let draw = 0; draw < 300; draw += 1) {
      const slot = freeSlot(taken, () => Math.floor(Math.random() * 2 ** 32))!;
      expect(free.has(slot)).toBe(true);
      seen.add(slot);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual([...free]);
  });
  it('is the lowest free slot for the lowest draw, and none when every slot is taken', () => {
    expect(freeSlot(new Set([0, 1, 2, 4]), () => 0)).toBe(3);
    expect(freeSlot(new Set([0, 1, 2, 4]), () => 1)).toBe(5);
    expect(freeSlot(new Set([0, 1]), () => 7, 2)).toBeUndefined();
  });
});

describe('uploads', () => {
  it('takes photos and refuses SVG, scripts and mislabelled files, saying what to do', () => {
    expect(uploadProblem({ name: 'Market.JPG', type: 'image/jpeg', size: 2e6 })).toBeUndefined();
    expect(uploadProblem({ name: 'card.png', type: 'image/png', size: 1e5 })).toBeUndefined();
    expect(uploadProblem({ name: 'logo.svg', type: 'image/svg+xml', size: 1e3 })).toMatch(/SVG drawing, which can carry script\. Export it as PNG/);
    expect(uploadProblem({ name: 'x.js', type: 'text/javascript', size: 10 })).toMatch(/not a photo the site can show/);
    expect(uploadProblem({ name: 'photo.jpg', type: 'text/html', size: 10 })).toMatch(/not a photo/);
    expect(uploadProblem({ name: 'huge.jpg', type: 'image/jpeg', size: 25e6 })).toMatch(/25\.0 MB\. Make it smaller than 10 MB/);
  });
  it('image fields take only pictures this site serves', () => {
    const problem = (src: string) => image.safeParse({ src, alt: 'A photo' }).error?.issues[0]?.message;
    expect(problem('/uploads/photo.jpg')).toBeUndefined();
    expect(problem('/images/logo.svg')).toBeUndefined();
    expect(problem('https://example.org/photo.jpg')).toMatch(/not links to another site: upload the picture/);
    expect(problem('//example.org/photo.jpg')).toMatch(/not links to another site/);
    expect(problem('javascript:alert(1)')).toMatch(/not links to another site/);
    expect(problem('/uploads/drawing.svg')).toMatch(/not SVG: export the picture as PNG/);
    expect(problem('/uploads/script.js')).toMatch(/Expected a picture/);
  });
});

describe('what the CMS writes', () => {
  it('drops cleared values and untouched optional objects, at any depth', () => {
    expect(withoutEmpty({ title: 'T', hero: { src: '', alt: '', credit: '' }, timeline: [{ label: 'A', endDate: '' }], n: 0, off: false })).toEqual({
      title: 'T',
      timeline: [{ label: 'A' }],
      n: 0,
      off: false,
    });
  });
});
