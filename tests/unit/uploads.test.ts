// The addresses of uploaded photos: which are uploads, which file each names (never one outside the
// media library), and how an entry's image fields are handed to astro:assets.
import { describe, expect, it } from 'vitest';
import { bodyHtmlProblems, bodyUploadAddresses } from '../../src/lib/content/markdown-body.ts';
import { attachPhotos, isUpload, uploadName, uploadsUsed } from '../../src/lib/content/uploads.ts';

describe('uploadName', () => {
  it('reads the file name of an upload address, decoded', () => {
    expect(uploadName('/uploads/photo.jpg')).toBe('photo.jpg');
    expect(uploadName('/uploads/council%20chamber.jpg')).toBe('council chamber.jpg');
    expect(uploadName('/uploads/photo.jpg?v=2#top')).toBe('photo.jpg');
  });

  it('names no file for anything that could leave the folder or is not an upload', () => {
    for (const src of ['/uploads/../public/x.jpg', '/uploads/a/b.jpg', '/uploads/..%2Fsecret.jpg', '/uploads/a%5Cb.jpg', '/uploads/%E0%A4%A.jpg', '/uploads/', '/uploads/..', '/images/logo.svg', 'uploads/x.jpg', 'https://example.org/uploads/x.jpg']) {
      expect(uploadName(src), src).toBeUndefined();
    }
    expect(isUpload('/images/logo.svg')).toBe(false);
  });
});

describe('attachPhotos and uploadsUsed', () => {
  const entry = {
    title: 'A release',
    hero: { src: '/uploads/hero.jpg', alt: 'Hero' },
    logo: { src: '/images/logo.svg', alt: '' },
    signatures: [{ name: 'A', signature: { src: '/uploads/sig.png', alt: 'Signature' } }],
    date: new Date('2022-01-25T00:00:00Z'),
  };

  it('gives every upload field its photo and leaves src and everything else as written', () => {
    const loaded = attachPhotos(entry, (name) => `photo:${name}`);
    expect(loaded).toEqual({
      title: 'A release',
      hero: { src: '/uploads/hero.jpg', alt: 'Hero', photo: 'photo:hero.jpg' },
      logo: { src: '/images/logo.svg', alt: '' },
      signatures: [{ name: 'A', signature: { src: '/uploads/sig.png', alt: 'Signature', photo: 'photo:sig.png' } }],
      date: entry.date,
    });
    expect(loaded.date).toBeInstanceOf(Date);
  });

  it('lists the uploads an entry uses once each, without reading a photo object (reading it publishes the original)', () => {
    const photo = new Proxy({}, { get: () => { throw new Error('read a photo'); }, ownKeys: () => { throw new Error('listed a photo'); } });
    const loaded = { ...attachPhotos(entry, () => photo), again: { src: '/uploads/hero.jpg', alt: 'Again', photo } };
    expect(uploadsUsed(loaded)).toEqual(['hero.jpg', 'sig.png']);
  });
});

describe('photos in a Markdown body', () => {
  it('finds every upload a body shows or links to, however it is written', () => {
    const body = '![Chamber](/uploads/chamber.jpg)\n\n[Download the photo](/uploads/press-hires.jpg)\n\n<img src="/uploads/raw.png" alt="x">\n\n[Elsewhere](/news/) ![Logo](/images/logo.svg)\n';
    expect(bodyUploadAddresses(body)).toEqual(['/uploads/chamber.jpg', '/uploads/press-hires.jpg', '/uploads/raw.png']);
  });

  it('refuses a picture written as a relative path, which the Markdown pipeline would import from wherever it points', () => {
    const text = '---\ntitle: T\n---\n![Secret](../../../../tmp/outside.png)\n\n<img src="../uploads/x.jpg" alt="x">\n\n![Drawing](./drawing.svg)\n';
    const problems = bodyHtmlProblems('content/pages/p.md', text, text.indexOf('---\n', 4) + 4).map((p) => `${p.line} ${p.message.split(' is written')[0]}`);
    expect(problems).toEqual([
      '4 The picture "../../../../tmp/outside.png"',
      '6 The picture "../uploads/x.jpg"',
      '8 The picture "./drawing.svg"',
    ]);
    expect(bodyHtmlProblems('p.md', text, 0)[0]?.message).toBe(
      'The picture "../../../../tmp/outside.png" is written as a path relative to this file. Write its address from the site root: /uploads/<name> for a photo of the media library (Choose an image in the CMS), or /images/<name> for a file of public/images/.',
    );
  });
});
