// The CMS's save formats (cms/formats.ts) write only what an editor changed: over every real content
// file and hostile hand-written ones, a changed field changes its own line(s) and nothing else, and the
// file always reads back (as the build reads YAML, and as Decap reads it) to exactly the data Decap's
// own writer would have produced.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { keptBody, keptFormats, readFrontMatter, readYaml, sameMarkdown, splitFrontMatter, updateFrontMatter, updateYaml } from '../../cms/formats.ts';

type Data = Record<string, unknown>;

// Decap 3.19's yaml writer (decap-cms-core/dist/esm/formats/yaml.js toFile), with the yaml 1.x that
// Decap itself resolves: what a save writes today.
const fromDecap = createRequire(createRequire(import.meta.url).resolve('decap-cms-core/package.json'));
interface Yaml1Node {
  items: { key?: { toString(): string } }[];
}
const yaml1 = fromDecap('yaml') as { createNode(value: unknown): Yaml1Node; Document: new () => { contents: unknown; toString(): string }; parse(text: string): unknown };
function decapYaml(data: Data, order: readonly string[] = []): string {
  const contents = yaml1.createNode(data);
  const rank = (key: string | undefined) => (key === undefined ? -1 : order.indexOf(key));
  contents.items.sort((a, b) => {
    const [ia, ib] = [rank(a.key?.toString()), rank(b.key?.toString())];
    return ia === -1 || ib === -1 ? 0 : ia - ib;
  });
  const doc = new yaml1.Document();
  doc.contents = contents;
  return doc.toString();
}

/** What a file means: as the build reads it (yaml 2, core schema) and as Decap reads it (yaml 1). */
function meaning(text: string): { build: unknown; decap: unknown } {
  const doc = parseDocument(text);
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  return { build: doc.toJS({ maxAliasCount: -1 }), decap: yaml1.parse(text) };
}
function expectSameData(written: string, data: Data, order: readonly string[] = []) {
  expect(meaning(written)).toEqual(meaning(decapYaml(data, order)));
}

/** Lines removed from `a` and added in `b`, by a longest-common-subsequence line diff (as `git diff` counts). */
function lineDiff(a: string, b: string): { removed: string[]; added: string[] } {
  const x = a.split('\n');
  const y = b.split('\n');
  const lcs = Array.from({ length: x.length + 1 }, () => Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i -= 1) for (let j = y.length - 1; j >= 0; j -= 1) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) [i, j] = [i + 1, j + 1];
    else if (j < y.length && (i === x.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) added.push(y[j++]!);
    else removed.push(x[i++]!);
  }
  return { removed, added };
}

const CONTENT = path.resolve('content');
const contentFiles = readdirSync(CONTENT, { recursive: true, encoding: 'utf8' })
  // What the CMS edits: entries, not the folders' README notes for people editing by hand.
  .filter((file) => /\.(ya?ml|md)$/.test(file) && !file.startsWith('keys/') && !/(^|\/)README\.md$/.test(file))
  .map((file) => ({ file, text: readFileSync(path.join(CONTENT, file), 'utf8') }));

/** Every leaf (scalar) of the data, by path. */
function leaves(value: unknown, at: (string | number)[] = []): { at: (string | number)[]; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...at, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leaves(item, [...at, key]));
  return [{ at, value }];
}
function withValue(data: Data, at: (string | number)[], value: unknown): Data {
  const copy = structuredClone(data);
  let node: Record<string | number, unknown> = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at.at(-1)!] = value;
  return copy;
}
/** An edit an editor could make to a leaf: the next day for a date, +1, the other choice, more text. */
function edited(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString().slice(0, 10);
  }
  if (typeof value === 'string') return `${value} (edited)`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  return 'now set';
}
/** The node written at a path in the source, to know how many lines it spans. */
function sourceNode(text: string, at: (string | number)[]) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const node = doc.getIn(at, true) as Node | undefined;
  return { node, lines };
}

const yamlFiles = contentFiles.filter(({ file }) => !file.endsWith('.md'));
const markdownFiles = contentFiles.filter(({ file }) => file.endsWith('.md'));

describe('YAML saves over the real content files', () => {
  it.each(yamlFiles)('$file: read as Decap reads it, and written back unchanged when nothing changed', ({ text }) => {
    expect(readYaml(text)).toEqual(yaml1.parse(text));
    expect(updateYaml(text, readYaml(text))).toBe(text);
  });

  it.each(yamlFiles)('$file: changing any one value changes only its own line(s)', ({ text }) => {
    const data = readYaml(text);
    for (const leaf of leaves(data)) {
      const next = withValue(data, leaf.at, edited(leaf.value));
      const written = updateYaml(text, next);
      expectSameData(written, next);
      const { removed, added } = lineDiff(text, written);
      const { node, lines } = sourceNode(text, leaf.at);
      const spans = node?.range ? lines.linePos(node.range[1] - 1).line - lines.linePos(node.range[0]).line + 1 : 1;
      const block = isScalar(node) && (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL');
      if (spans === 1 && !block) {
        expect({ at: leaf.at, removed: removed.length, added: added.length }).toEqual({ at: leaf.at, removed: 1, added: 1 });
      } else {
        // A folded paragraph is re-folded: its own lines (plus the header), nothing around it.
        expect(removed.length, leaf.at.join('.')).toBeLessThanOrEqual(spans + 1);
      }
    }
  });

  it.each(yamlFiles)('$file: removing a field deletes its lines only; adding it back restores the file', ({ text }) => {
    const data = readYaml(text);
    const order = Object.keys(data);
    for (const key of order) {
      const { [key]: dropped, ...rest } = data;
      const written = updateYaml(text, rest, order);
      expectSameData(written, rest, order);
      const { added } = lineDiff(text, written);
      expect(added, key).toEqual([]);
      // Put back in the collection's field order, it lands where it was.
      const restored = updateYaml(written, { ...rest, [key]: dropped }, order);
      expectSameData(restored, data, order);
      if (typeof dropped !== 'string' || !dropped.includes('\n')) expect(lineDiff(text, restored).added.length, key).toBeLessThanOrEqual(lineDiff(text, written).removed.length);
    }
  });

  it.each(yamlFiles)('$file: adding, removing and editing list items touches those items only', ({ text }) => {
    const data = readYaml(text);
    const lists = (function find(value: unknown, at: (string | number)[]): (string | number)[][] {
      if (Array.isArray(value)) return [at, ...value.flatMap((item, i) => find(item, [...at, i]))];
      if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => find(item, [...at, key]));
      return [];
    })(data, []);
    for (const at of lists) {
      const list = at.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], data) as unknown[];
      const variants: unknown[][] = [[...list, list.at(-1)], list.slice(1), [...list].reverse(), [list.at(-1), ...list.slice(0, -1)]];
      for (const variant of variants.filter((v) => v.length > 0)) {
        const next = withValue(data, at, variant);
        const written = updateYaml(text, next);
        expectSameData(written, next);
        // Everything outside the list is byte-identical.
        const { node } = sourceNode(text, at);
        const [start, end] = [node!.range![0], node!.range![1]];
        const before = text.slice(0, text.lastIndexOf('\n', start) + 1);
        expect(written.startsWith(before), at.join('.')).toBe(true);
        expect(written.endsWith(text.slice(end)), at.join('.')).toBe(true);
      }
    }
  });
});

describe('YAML saves of hostile files', () => {
  const FILE = [
    '# Edited by hand: keep this comment.',
    'title: "Quoted title"  # and this one',
    '',
    '# The deadline, moved twice already.',
    "deadline: '2022-01-28'",
    'opened: 2021-11-01',
    'flag: True',
    'answer: yes',
    'code: "007"',
    'count: 0x1F',
    'base: &base { x: 1, y: two }',
    'copy: *base',
    'inline: {a: 1, b: [1, 2]}',
    'notes: |',
    '  Line one',
    '  Line two',
    'empty:',
    'list:',
    '- one   # first',
    '- two',
    '',
    '- three',
    '',
  ].join('\n');
  const data = readYaml(FILE);

  it('reads the file as Decap does and writes it back byte for byte', () => {
    expect(data).toEqual(yaml1.parse(FILE));
    expect(updateYaml(FILE, data)).toBe(FILE);
  });

  const cases: [string, Data, string[]][] = [
    ['a quoted date keeps its quotes and the comment above it', { ...data, deadline: '2022-02-04' }, ["-deadline: '2022-01-28'", "+deadline: '2022-02-04'"]],
    ['an unquoted date stays unquoted', { ...data, opened: '2021-11-02' }, ['-opened: 2021-11-01', '+opened: 2021-11-02']],
    ['a trailing comment stays with its changed value', { ...data, title: 'New title' }, ['-title: "Quoted title"  # and this one', '+title: "New title"  # and this one']],
    ['a value that needs quotes once changed gets them', { ...data, answer: 'a: b' }, ['-answer: yes', '+answer: "a: b"']],
    ['a # at the start is quoted, not a comment', { ...data, answer: '#x' }, ['-answer: yes', '+answer: "#x"']],
    ['digits stay text', { ...data, answer: '007' }, ['-answer: yes', '+answer: "007"']],
    ['a boolean flips on its line', { ...data, flag: false }, ['-flag: True', '+flag: false']],
    ['a number changes on its line', { ...data, count: 32 }, ['-count: 0x1F', '+count: 32']],
    ['an emptied optional field is removed with its line', (({ code: _, ...rest }) => rest)(data), ['-code: "007"']],
    ['an empty field gets a value on its line', { ...data, empty: 'now' }, ['-empty:', '+empty: now']],
    ['a flow map is edited inside its braces', { ...data, inline: { a: 2, b: [1, 2] } }, ['-inline: {a: 1, b: [1, 2]}', '+inline: {a: 2, b: [1, 2]}']],
    ['a flow list grows in its brackets', { ...data, inline: { a: 1, b: [1, 2, 3] } }, ['-inline: {a: 1, b: [1, 2]}', '+inline: {a: 1, b: [1, 2, 3]}']],
    ['a list item is added after its neighbour', { ...data, list: ['one', 'two', 'two and a half', 'three'] }, ['+- two and a half']],
    ['a list item is removed with its line only', { ...data, list: ['one', 'three'] }, ['-- two']],
    ['a commented list item changes on its line', { ...data, list: ['uno', 'two', 'three'] }, ['-- one   # first', '+- uno   # first']],
    ['a multi-line text changes its changed line', { ...data, notes: 'Line one\nLine 2\n' }, ['-  Line two', '+  Line 2']],
  ];
  it.each(cases)('%s', (_name, next, diff) => {
    const written = updateYaml(FILE, next);
    expectSameData(written, next);
    const { removed, added } = lineDiff(FILE, written);
    expect([...removed.map((line) => `-${line}`), ...added.map((line) => `+${line}`)]).toEqual(diff);
  });

  it('a new field goes where the field order puts it', () => {
    const order = ['title', 'summary', 'deadline'];
    const written = updateYaml(FILE, { ...data, summary: 'A short summary' }, order);
    expect(lineDiff(FILE, written)).toEqual({ removed: [], added: ['summary: A short summary'] });
    expect(written.indexOf('summary:')).toBeGreaterThan(written.indexOf('title:'));
    expect(written.indexOf('summary:')).toBeLessThan(written.indexOf('deadline:'));
  });

  it('a plain value that becomes multi-line text is written as a block, on that field’s lines', () => {
    const next = { ...data, title: 'First line\nSecond line: with a colon' };
    const written = updateYaml(FILE, next);
    expectSameData(written, next);
    expect(lineDiff(FILE, written).removed).toEqual(['title: "Quoted title"  # and this one']);
  });

  it('editing the anchored map does not change the copy that aliased it', () => {
    const next = { ...data, base: { x: 2, y: 'two' } };
    const written = updateYaml(FILE, next);
    expectSameData(written, next);
    expect((parseDocument(written).toJS() as Data).copy).toEqual({ x: 1, y: 'two' });
  });

  it('editing the copy of an alias writes the copy out, leaving the anchor', () => {
    const next = { ...data, copy: { x: 1, y: 'three' } };
    const written = updateYaml(FILE, next);
    expectSameData(written, next);
    expect(written).toContain('base: &base { x: 1, y: two }');
  });

  it('a file with Windows line endings keeps them in the lines written for it', () => {
    const text = 'title: A\r\nlist:\r\n  - one\r\n';
    const next = { title: 'B', summary: 'New', list: ['one', 'two'] };
    const written = updateYaml(text, next, ['title', 'summary', 'list']);
    expectSameData(written, next, ['title', 'summary', 'list']);
    expect(written).toBe('title: B\r\nsummary: New\r\nlist:\r\n  - one\r\n  - two\r\n');
  });

  it('a list item map loses its first key beside the dash', () => {
    const text = 'items:\n  - label: A\n    date: 2022-01-01\n  - label: B\n';
    const next = { items: [{ date: '2022-01-01' }, { label: 'B' }] };
    const written = updateYaml(text, next);
    expectSameData(written, next);
    expect(written).toBe('items:\n  - date: 2022-01-01\n  - label: B\n');
  });

  it('any string put anywhere reads back as exactly that string', () => {
    const paths = leaves(data).map((leaf) => leaf.at);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.oneof(fc.string(), fc.constantFrom('a: b', '#x', '007', 'yes', 'True', 'null', '~', '- x', '', ' lead', 'trail ', '"q"', "it's", 'x\ny', '[1]', '{a}', '*ref', '&a', '!tag', '%x', '@x', '`x', '2022-01-01')), (at, value) => {
        const next = withValue(data, at, value);
        expectSameData(updateYaml(FILE, next), next);
      }),
      { numRuns: 300 },
    );
  });

  it('a new entry (no saved file) is written as Decap would', () => {
    const entry = { title: 'New', date: '2022-02-02', tags: ['a', 'b'] };
    const written = updateYaml(undefined, entry, ['date', 'title', 'tags']);
    expectSameData(written, entry, ['date', 'title', 'tags']);
    expect(written.split('\n')[0]).toBe('date: 2022-02-02');
  });
});

describe('Markdown saves', () => {
  it.each(markdownFiles)('$file: read as Decap reads it, written back unchanged when nothing changed', ({ text }) => {
    const data = readFrontMatter(text);
    expect(typeof data.body).toBe('string');
    expect(updateFrontMatter(text, data)).toBe(text);
  });

  it.each(markdownFiles)('$file: changing a front-matter value changes its line and leaves the body byte-identical even when Decap re-wrote it', ({ text }) => {
    const data = readFrontMatter(text);
    const body = String(data.body);
    // What Decap's rich-text editor hands back for an untouched body: `*` bullets, `_` emphasis, joined lines.
    const rewritten = body.replace(/^(\s*)- /gm, '$1* ').replace(/([^\n])\n(?=[^\n\s*#>|-])/g, '$1 ');
    // A body with wrapped lines or bullets is one Decap re-writes (a one-line answer it leaves as it is).
    if (/[^\n]\n[^\n\s*#>|-]/.test(body.trim()) || /^\s*- /m.test(body)) expect(rewritten).not.toBe(body);
    const frontMatter = splitFrontMatter(text)!.yaml;
    const oneLine = (key: string) => {
      const { node, lines } = sourceNode(frontMatter, [key]);
      return isScalar(node) && typeof node.value === 'string' && lines.linePos(node.range![0]).line === lines.linePos(node.range![1]).line;
    };
    for (const key of Object.keys(data).filter((k) => k !== 'body' && oneLine(k))) {
      const next = { ...data, [key]: edited(data[key]), body: rewritten };
      const written = updateFrontMatter(text, next);
      const { removed, added } = lineDiff(text, written);
      expect({ removed, added }, key).toEqual({ removed: [expect.stringMatching(new RegExp(`^${key}: `))], added: [expect.stringMatching(new RegExp(`^${key}: `))] });
      expect(splitFrontMatter(written)!.body).toBe(splitFrontMatter(text)!.body);
    }
  });

  it('a body the editor really changed is written as the editor left it', () => {
    const text = '---\ntitle: T\n---\n\n- one\n- two\n';
    const written = updateFrontMatter(text, { title: 'T', body: '\n* one\n* two changed\n' });
    expect(written).toBe('---\ntitle: T\n---\n\n* one\n* two changed\n');
  });

  it('re-serialisation is recognised; anything a reader would see is not', () => {
    expect(sameMarkdown('- a\n- b\n', '* a\n* b')).toBe(true);
    expect(sameMarkdown('Some text\nwrapped here.\n', 'Some text wrapped here.')).toBe(true);
    expect(sameMarkdown('_em_ and __strong__', '*em* and **strong**')).toBe(true);
    expect(sameMarkdown('- a\n- b\n', '- a\n- c\n')).toBe(false);
    expect(sameMarkdown('- a\n- b\n', '1. a\n2. b\n')).toBe(false);
    expect(sameMarkdown('- a\n\n- b\n', '- a\n- b\n')).toBe(false);
    expect(sameMarkdown('`a  b`', '`a b`')).toBe(false);
    expect(sameMarkdown('[x](https://a.example)', '[x](https://b.example)')).toBe(false);
  });

  it.each(markdownFiles)('$file: an edited paragraph in a re-written body changes that paragraph’s lines only', ({ text }) => {
    const body = splitFrontMatter(text)!.body;
    // Decap's editor re-writes the whole body: `*` bullets, wrapped lines joined; the editor added to one paragraph.
    const rewritten = body.replace(/^(\s*)- /gm, '$1* ').replace(/([^\n])\n(?=[^\n\s*#>|-])/g, '$1 ');
    const paragraphs = rewritten.split('\n\n');
    const at = paragraphs.findIndex((p) => /^\n*[A-Z]/.test(p));
    expect(at, 'a paragraph of text to add to').toBeGreaterThanOrEqual(0);
    paragraphs[at] = `${paragraphs[at]!.trimEnd()} One more sentence.`;
    const next = paragraphs.join('\n\n');
    const kept = keptBody(body, next);
    expect(sameMarkdown(kept, next)).toBe(true);
    const { removed, added } = lineDiff(body, kept);
    expect(added).toEqual([expect.stringMatching(/One more sentence\.$/)]);
    // The removed lines are that paragraph's, as the file had them.
    expect(body).toContain(removed.join('\n'));
    expect(removed.join(' ').replace(/\s+/g, ' ').trim()).toBe(paragraphs[at]!.replace(' One more sentence.', '').replace(/\s+/g, ' ').trim());
  });

  it('a block added or removed in a re-written body is the only change', () => {
    const body = '\nIntro line\nwrapped.\n\n- one\n- two\n\n## Heading\n\nClosing _words_.\n';
    expect(keptBody(body, 'Intro line wrapped.\n\n* one\n* two\n\n## Heading\n\nA new paragraph.\n\nClosing *words*.')).toBe('\nIntro line\nwrapped.\n\n- one\n- two\n\n## Heading\n\nA new paragraph.\n\nClosing _words_.\n');
    expect(keptBody(body, 'Intro line wrapped.\n\n## Heading\n\nClosing *words*.')).toBe('\nIntro line\nwrapped.\n\n## Heading\n\nClosing _words_.\n');
    // A change inside the list: the list is written as the editor left it, the rest as it was.
    expect(keptBody(body, 'Intro line wrapped.\n\n* one\n* three\n\n## Heading\n\nClosing *words*.')).toBe('\nIntro line\nwrapped.\n\n* one\n* three\n\n## Heading\n\nClosing _words_.\n');
  });

  it('a new Markdown entry is written as Decap would', () => {
    expect(updateFrontMatter(undefined, { title: 'New', body: 'Hello' }, ['title', 'body'])).toBe('---\ntitle: New\n---\nHello');
  });
});

describe('the registered formats', () => {
  it('keep the loaded entry’s text, and write new entries afresh', () => {
    const text = "# note\ndate: '2022-01-28'\ntitle: A\n";
    let entry = new Map<string, unknown>([['raw', text], ['newRecord', false]]);
    const [yamlFormat] = keptFormats(() => entry);
    expect(yamlFormat!.formatter.toFile({ date: '2022-01-29', title: 'A' }, ['title', 'date'])).toBe("# note\ndate: '2022-01-29'\ntitle: A\n");
    entry = new Map<string, unknown>([['raw', text], ['newRecord', true]]);
    expect(yamlFormat!.formatter.toFile({ date: '2022-01-29', title: 'A' }, ['title', 'date'])).toBe('title: A\ndate: 2022-01-29\n');
    expect(yamlFormat!.formatter.fromFile(text)).toEqual({ date: '2022-01-28', title: 'A' });
  });
});
