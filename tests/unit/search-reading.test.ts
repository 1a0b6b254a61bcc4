// What the search index reads of a page: separators between terms, descriptions, cells and items.
import { describe, expect, it } from 'vitest';
import { pageKind, withReadingSeparators } from '../../src/lib/search/reading.ts';

describe('search reading', () => {
  it('separates definition lists, table cells and list items as a reader sees them', () => {
    expect(withReadingSeparators('<dl><dt>Learning time</dt><dd>20 hours</dd><dt>Delivery</dt><dd><b>Online</b></dd></dl>')).toBe(
      '<dl><dt>Learning time:</dt> <dd>20 hours</dd> <dt>Delivery:</dt> <dd><b>Online</b></dd> </dl>',
    );
    // A term that already ends in punctuation keeps it; cells and items are spaced.
    expect(withReadingSeparators('<dt>When?</dt><table><tr><th>A</th><td>B</td></tr></table><ul><li>x</li><li>y</li></ul>')).toBe(
      '<dt>When?</dt> <table><tr><th>A</th> <td>B</td> </tr></table><ul><li>x</li> <li>y</li> </ul>',
    );
    // A term ending in markup gets its colon after the markup.
    expect(withReadingSeparators('<dt><abbr>ID</abbr></dt>')).toBe('<dt><abbr>ID</abbr>:</dt> ');
  });

  it('names the kind of page of each address', () => {
    expect(['/', '/news/', '/news/page/2/', '/news/category/awards/', '/news/2022-01-25-x/', '/challenge/', '/challenge/2022/', '/winners/', '/micro-credentials/innovation-skills/', '/accessibility/'].map(pageKind)).toEqual([
      'Home',
      'News',
      'News',
      'News',
      'News release',
      'The Challenge',
      'Challenge year',
      'Winners',
      'Micro-credential',
      'Page',
    ]);
  });
});
