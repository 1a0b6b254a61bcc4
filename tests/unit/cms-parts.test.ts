// The pure parts of the CMS's checks: labels in the form's words, the free status slot, what may be
// uploaded, and image fields that only take this site's own pictures.
import sharp from 'sharp';
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
    expect(labelTrail(fields('editions'), 'timeline.2.endDate')).toEqual(['Key dates', 'item 3', 'Last day']);
    expect(labelTrail(fields('editions'), 'eligibility.0')).toEqual(['Eligibility criteria', 'item 1']);
    expect(labelTrail(fields('awards'), 'revokedReason')).toEqual(['Reason for revoking']);
    expect(labelTrail(fields('releases'), 'hero.credit')).toEqual(['Photo', 'Photo credit']);
  });
  it('replaces field names written in a message with their labels', () => {
    expect(inFormWords(fields('awards'), 'Say why the credential is revoked: add revokedReason.')).toBe('Say why the credential is revoked: add “Reason for revoking”.');
    expect(inFormWords(fields('awards'), 'revokedReason or revokedDate is set but revoked is not true. A revocation is final: if this credential was revoked, set revoked: true again (to award the person again, make a new award).')).toBe(
      '“Reason for revoking” or “Date revoked” is set but “Revoked” is off. A revocation is final: if this credential was revoked, set “Revoked” on again (to award the person again, make a new award).',
    );
    expect(inFormWords(fields('editions'), 'Add a date (YYYY-MM-DD), or a dateNote explaining when.')).toBe('Add a date (YYYY-MM-DD), or a “Date note” explaining when.');
    expect(inFormWords(fields('editions'), 'Say where the final event happens: add a location, or set virtual: true.')).toBe('Say where the final event happens: add a location, or set “Virtual” on.');
    expect(inFormWords(fields('awards'), 'expires (2022-03-01) must be after awardedDate (2022-03-04).')).toBe('“Expires on” (2022-03-01) must be after “Date awarded” (2022-03-04).');
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
  it('takes photos and refuses SVG, scripts and mislabelled files by their bytes, saying what to do', async () => {
    const pixel = sharp({ create: { width: 2, height: 2, channels: 3, background: '#0b3d63' } });
    const jpeg = new Uint8Array(await pixel.clone().jpeg().toBuffer());
    const png = new Uint8Array(await pixel.clone().png().toBuffer());
    const text = new TextEncoder().encode('Just some notes, not a picture.');
    expect(uploadProblem({ name: 'Market.JPG', size: 2e6 }, jpeg)).toBeUndefined();
    expect(uploadProblem({ name: 'card.png', size: 1e5 }, png)).toBeUndefined();
    expect(uploadProblem({ name: 'logo.svg', size: 1e3 }, text)).toMatch(/SVG drawing, which can carry script\. Export it as PNG/);
    expect(uploadProblem({ name: 'x.js', size: 10 }, text)).toBe('“x.js” is not a photo the site can show. Upload a JPEG, PNG, WebP, AVIF or GIF file.');
    expect(uploadProblem({ name: 'notes.jpg', size: 10 }, text)).toBe('“notes.jpg” is named .jpg but is not a JPEG picture. Open it in a photo editor, save it as JPEG, and upload that.');
    expect(uploadProblem({ name: 'renamed.jpg', size: 10 }, png)).toBe('“renamed.jpg” is named .jpg but is really a PNG file. Rename it to .png and upload it again.');
    expect(uploadProblem({ name: 'huge.jpg', size: 25e6 }, jpeg)).toMatch(/25\.0 MB\. Make it smaller than 10 MB/);
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
