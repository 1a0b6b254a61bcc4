/**
 * Saves that change only what the editor changed, so a reviewer's `git diff` of a CMS commit shows
 * one line for one changed date.
 *
 * Decap's own formats rebuild the whole file from the data on every save, which drops comments,
 * re-quotes and re-folds every long text. These formats take the file's text as it was loaded and
 * patch it: each change replaces the smallest piece of text that holds it (a scalar's own
 * characters, else the `key: value` lines of one field, else one list item), with the `yaml` library
 * deciding how a new value must be written (quotes for "a: b", "#x" or "007"). Every result is parsed
 * back and compared with what a fresh serialisation of the same data parses to; if they differ in any
 * way (an anchor another field aliases, an unusual layout), the fresh serialisation is written
 * instead, so a save never writes other data than Decap would.
 *
 * Markdown bodies: Decap's rich-text editor hands back the whole body re-written from its own tree
 * (bullets become `*`, the blank line after the front matter goes) as soon as anything is typed in it,
 * even if the typing is undone. The original body is kept when the new one parses to the same tree
 * (the build's remark-parse + remark-gfm; positions and the width of whitespace in text ignored),
 * and otherwise each top-level block that reads the same keeps its original text.
 *
 * Pure: no DOM, no Decap imports; `cms/main.ts` hands in the entry being edited.
 */
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { Document, isAlias, isMap, isNode, isScalar, isSeq, parseDocument, Scalar, type Node, type Pair, type ParsedNode, type YAMLMap, type YAMLSeq, visit } from 'yaml';

/** The collection `format` names (cms/collections.ts), registered in cms/main.ts from `keptFormats`. */
export const YAML_FORMAT = 'yaml-kept';
export const FRONTMATTER_FORMAT = 'frontmatter-kept';

type Data = Record<string, unknown>;

/** A Decap format: `toFile` gets the data and the collection's field names in order, never the file. */
export interface Formatter {
  fromFile(content: string): Data;
  toFile(data: Data, sortedKeys?: readonly string[], comments?: Record<string, string>): string;
}

/** Thrown inside the patcher when a node cannot be edited in place: its parent rewrites it whole. */
class Rewrite extends Error {}

interface Edit {
  from: number;
  to: number;
  text: string;
}

const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/** Reads YAML as the build does (1.2 core schema: dates stay text). */
function parse(text: string): Document.Parsed {
  return parseDocument(text, YAML_OPTIONS);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((key) => Object.hasOwn(b, key) && deepEqual((a as Data)[key], (b as Data)[key]));
}

const isPlainObject = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The file Decap would write for this data with no file to keep: keys in the collection's field
 * order (the rest after them, as they come), Decap's default 80-column folding.
 */
export function freshYaml(data: Data, order: readonly string[] = []): string {
  const doc = new Document(data);
  const rank = (key: unknown) => {
    const i = order.indexOf(String(isScalar(key) ? key.value : key));
    return i === -1 ? order.length : i;
  };
  if (isMap(doc.contents)) doc.contents.items.sort((a, b) => rank(a.key) - rank(b.key));
  return doc.toString();
}

const lineStart = (src: string, pos: number) => src.lastIndexOf('\n', pos - 1) + 1;
/** The offset just after the line that holds the character before `pos` (its newline included). */
function lineEnd(src: string, pos: number): number {
  if (pos > 0 && src[pos - 1] === '\n') return pos;
  const nl = src.indexOf('\n', pos);
  return nl === -1 ? src.length : nl + 1;
}
const indentBefore = (src: string, pos: number) => src.slice(lineStart(src, pos), pos);
const onlySpaces = (text: string) => /^[ ]*$/.test(text);
/** The indentation of a key written after `- `: as many spaces. */
const spaces = (text: string) => text.replace(/[^ ]/g, ' ');

/** How the old node was written, to write its new value the same way where the value allows it. */
interface Hint {
  type?: Scalar.Type;
  flow?: boolean;
  /** `{ a: 1 }` rather than `{a: 1}`. */
  padding?: boolean;
}
function hintOf(node: unknown, src: string): Hint {
  if (isScalar(node) && typeof node.value === 'string' && node.type && node.type !== 'PLAIN') return { type: node.type };
  if ((isMap(node) || isSeq(node)) && node.flow) return { flow: true, padding: node.range ? src[node.range[0] + 1] === ' ' : true };
  return {};
}

/** A node for `value` written as `hint` says; the yaml library overrides a style the value cannot take. */
function nodeFor(doc: Document, value: unknown, hint: Hint): Node {
  const node = doc.createNode(value) as Node;
  if (hint.type && isScalar(node) && typeof node.value === 'string') node.type = hint.type;
  if (hint.flow && (isMap(node) || isSeq(node))) node.flow = true;
  return node;
}

class Patcher {
  readonly edits: Edit[] = [];
  readonly lineWidth: number;
  /** `{ a: 1 }` or `{a: 1}`: a new flow collection is spaced as the file's first one is. */
  readonly padding: boolean;

  readonly src: string;
  readonly doc: Document.Parsed;

  constructor(src: string, doc: Document.Parsed) {
    this.src = src;
    this.doc = doc;
    // Text written afresh folds where the file's own longest lines end, so a re-folded paragraph looks like its neighbours.
    this.lineWidth = Math.max(80, ...src.split('\n').map((line) => line.length));
    let padding = true;
    visit(doc, (_key, node) => {
      if ((isMap(node) || isSeq(node)) && node.flow && node.items.length > 0 && node.range) {
        padding = src[node.range[0] + 1] === ' ';
        return visit.BREAK;
      }
      return undefined;
    });
    this.padding = padding;
  }

  private js(node: unknown): unknown {
    return isNode(node) ? node.toJS(this.doc, { maxAliasCount: -1 }) : node;
  }

  /** `key: value` lines for a block map at `indent`, ending with a newline. */
  private pairText(keyText: string, value: unknown, hint: Hint, indent: string): string {
    const doc = new Document(null);
    const map = doc.createNode({}) as YAMLMap;
    map.items.push(doc.createPair('k', null));
    (map.items[0] as Pair).value = nodeFor(doc, value, hint);
    doc.contents = map as unknown as ParsedNode;
    const text = doc.toString({ lineWidth: this.lineWidth - indent.length, flowCollectionPadding: hint.padding ?? this.padding });
    return reindent(keyText + text.slice(1), indent);
  }

  /** `- value` lines for a block sequence at `indent`, ending with a newline. */
  private itemText(value: unknown, hint: Hint, indent: string): string {
    const doc = new Document(null);
    const seq = doc.createNode([]) as YAMLSeq;
    seq.items.push(nodeFor(doc, value, hint));
    doc.contents = seq as unknown as ParsedNode;
    return reindent(doc.toString({ lineWidth: this.lineWidth - indent.length, flowCollectionPadding: hint.padding ?? this.padding }), indent);
  }

  /** A scalar written on one line, as it would appear in block (or flow) context; undefined if it needs more lines. */
  private inlineScalar(value: unknown, hint: Hint, inFlow: boolean): string | undefined {
    if (value !== null && typeof value === 'object') return undefined;
    const doc = new Document(null);
    const seq = doc.createNode([]) as YAMLSeq;
    seq.items.push(nodeFor(doc, value, hint));
    if (inFlow) seq.flow = true;
    doc.contents = seq as unknown as ParsedNode;
    const text = doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
    const inner = inFlow ? text.replace(/^\[\s*/, '').replace(/\s*\]$/, '') : text.replace(/^- /, '');
    return inner.includes('\n') ? undefined : inner;
  }

  /** Makes `node` hold `value`, editing in place; throws Rewrite when only a rewrite of the whole node will do. */
  reconcile(node: unknown, value: unknown, order: readonly string[], inFlow: boolean): void {
    if (deepEqual(this.js(node), value)) return;
    if (isAlias(node) || !isNode(node) || !node.range) throw new Rewrite();
    if (isScalar(node)) return this.scalar(node, value, inFlow);
    if (isMap(node) && isPlainObject(value)) return this.map(node as YAMLMap<ParsedNode, ParsedNode | null>, value, order, inFlow || Boolean(node.flow));
    if (isSeq(node) && Array.isArray(value)) return this.seq(node as YAMLSeq<ParsedNode | null>, value, inFlow || Boolean(node.flow));
    throw new Rewrite();
  }

  private scalar(node: Scalar, value: unknown, inFlow: boolean): void {
    const [start, end] = node.range!;
    const blockScalar = node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL';
    // `key:` with nothing after it has no characters to replace; a block scalar owns its lines.
    if (start === end || blockScalar || node.anchor) throw new Rewrite();
    const text = this.inlineScalar(value, hintOf(node, this.src), inFlow);
    if (text === undefined) throw new Rewrite();
    this.edits.push({ from: start, to: end, text });
  }

  private keyOf(pair: Pair<ParsedNode, ParsedNode | null>): string {
    if (!isScalar(pair.key) || !pair.key.range) throw new Rewrite();
    return String(pair.key.value);
  }

  private pairEnd(pair: Pair<ParsedNode, ParsedNode | null>): number {
    const end = pair.value?.range?.[1] ?? pair.key.range![1];
    return lineEnd(this.src, end);
  }

  private map(node: YAMLMap<ParsedNode, ParsedNode | null>, value: Data, order: readonly string[], inFlow: boolean): void {
    // Inside `{ … }` only scalars change in place; anything else rewrites the flow collection (kept flow).
    const kept = node.items.filter((pair) => Object.hasOwn(value, this.keyOf(pair)) && value[this.keyOf(pair)] !== undefined);
    if (kept.length === 0) throw new Rewrite();
    const present = new Set(node.items.map((pair) => this.keyOf(pair)));
    const added = Object.keys(value).filter((key) => !present.has(key) && value[key] !== undefined);
    if (inFlow && (added.length > 0 || kept.length !== node.items.length)) throw new Rewrite();

    for (const [i, pair] of node.items.entries()) {
      const key = this.keyOf(pair);
      const keyStart = pair.key.range![0];
      if (!kept.includes(pair)) {
        const lineFrom = lineStart(this.src, keyStart);
        if (onlySpaces(this.src.slice(lineFrom, keyStart))) {
          this.edits.push({ from: lineFrom, to: this.pairEnd(pair), text: '' });
        } else {
          // The first key of a list item (`- key: …`): the next key moves up beside the dash.
          const next = node.items[i + 1];
          if (!next) throw new Rewrite();
          this.edits.push({ from: keyStart, to: next.key.range![0], text: '' });
        }
        continue;
      }
      try {
        this.reconcile(pair.value, value[key], [], inFlow);
      } catch (error) {
        if (!(error instanceof Rewrite) || inFlow) throw error;
        const keyText = this.src.slice(keyStart, pair.key.range![1]);
        this.edits.push({ from: keyStart, to: this.pairEnd(pair), text: this.pairText(keyText, value[key], hintOf(pair.value, this.src), spaces(indentBefore(this.src, keyStart))) });
      }
    }

    // New keys go where the collection's field order (or, nested, the data's order) puts them.
    const sequence = [...order.filter((key) => Object.hasOwn(value, key)), ...Object.keys(value).filter((key) => !order.includes(key))];
    const keptKeys = kept.map((pair) => this.keyOf(pair));
    const indent = spaces(indentBefore(this.src, kept[0]!.key.range![0]));
    for (const key of added) {
      const at = sequence.indexOf(key);
      const before = sequence.slice(0, at).reverse().find((k) => keptKeys.includes(k));
      const keyText = this.inlineScalar(key, {}, false);
      if (keyText === undefined) throw new Rewrite();
      const text = this.pairText(keyText, value[key], {}, indent);
      if (before !== undefined) {
        const pair = kept[keptKeys.indexOf(before)]!;
        this.edits.push({ from: this.pairEnd(pair), to: this.pairEnd(pair), text: indent + text });
      } else {
        const next = kept[0]!;
        const start = next.key.range![0];
        this.edits.push({ from: start, to: start, text: text + indent });
      }
    }
  }

  /** Where a block sequence item starts: its dash. */
  private dashOf(item: ParsedNode | null): number {
    if (!item?.range) throw new Rewrite();
    let pos = item.range[0] - 1;
    while (pos >= 0 && /\s/.test(this.src[pos]!)) pos -= 1;
    if (this.src[pos] !== '-' || !onlySpaces(indentBefore(this.src, pos))) throw new Rewrite();
    return pos;
  }

  private itemEnd(item: ParsedNode | null): number {
    return lineEnd(this.src, item!.range![1]);
  }

  private seq(node: YAMLSeq<ParsedNode | null>, value: unknown[], inFlow: boolean): void {
    const old = node.items.map((item) => this.js(item));
    if (inFlow) {
      if (old.length !== value.length) throw new Rewrite();
      node.items.forEach((item, i) => this.reconcile(item, value[i], [], true));
      return;
    }
    if (value.length === 0) throw new Rewrite();
    // Items that did not change are matched (longest common subsequence), so adding, removing or
    // moving one item touches that item's lines only; the others between two matches are edited in place.
    const lcs: number[][] = Array.from({ length: old.length + 1 }, () => Array<number>(value.length + 1).fill(0));
    for (let i = old.length - 1; i >= 0; i -= 1) {
      for (let j = value.length - 1; j >= 0; j -= 1) {
        lcs[i]![j] = deepEqual(old[i], value[j]) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
      }
    }
    const indent = indentBefore(this.src, this.dashOf(node.items[0] ?? null));
    let i = 0;
    let j = 0;
    /** The end of the last old item kept, where the next new item goes. */
    let insertAt = this.dashOf(node.items[0] ?? null);
    let insertAfter = false;
    const insert = (item: unknown) => {
      const text = this.itemText(item, {}, indent);
      this.edits.push({ from: insertAt, to: insertAt, text: insertAfter ? indent + text : text + indent });
    };
    while (i < old.length || j < value.length) {
      if (i < old.length && j < value.length && deepEqual(old[i], value[j])) {
        insertAt = this.itemEnd(node.items[i]!);
        insertAfter = true;
        i += 1;
        j += 1;
      } else if (i < old.length && j < value.length && lcs[i + 1]![j + 1] === lcs[i]![j]) {
        // Neither is kept by the match: the old item becomes the new one.
        const item = node.items[i]!;
        try {
          this.reconcile(item, value[j], [], false);
        } catch (error) {
          if (!(error instanceof Rewrite)) throw error;
          const dash = this.dashOf(item);
          this.edits.push({ from: dash, to: this.itemEnd(item), text: this.itemText(value[j], hintOf(item, this.src), indent) });
        }
        insertAt = this.itemEnd(item);
        insertAfter = true;
        i += 1;
        j += 1;
      } else if (j < value.length && (i === old.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
        insert(value[j]);
        j += 1;
      } else {
        const item = node.items[i]!;
        this.edits.push({ from: lineStart(this.src, this.dashOf(item)), to: this.itemEnd(item), text: '' });
        i += 1;
      }
    }
  }

  apply(): string {
    const ordered = this.edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.from - a.edit.from || b.index - a.index);
    // A file saved on Windows keeps its CRLF line endings in the lines written for it.
    const newline = this.src.includes('\r\n') ? '\r\n' : '\n';
    let out = this.src;
    for (const { edit } of ordered) out = out.slice(0, edit.from) + edit.text.replace(/\r?\n/g, newline) + out.slice(edit.to);
    return out;
  }
}

/** Indents every line but the first by `indent` (blank lines stay empty). */
function reindent(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : indent + line))
    .join('\n');
}

/**
 * `original` with only what differs from `data` changed. Falls back to the fresh serialisation
 * when there is no usable original or when the patched text would not read back as `data`.
 */
export function updateYaml(original: string | undefined, data: Data, order: readonly string[] = []): string {
  const fresh = freshYaml(data, order);
  if (original === undefined || original.trim() === '') return fresh;
  const doc = parse(original);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return fresh;
  const patcher = new Patcher(original, doc);
  try {
    patcher.reconcile(doc.contents, data, order, false);
  } catch (error) {
    if (error instanceof Rewrite) return fresh;
    throw error;
  }
  let out = patcher.apply();
  if (out !== '' && !out.endsWith('\n')) out += '\n';
  const back = parse(out);
  return back.errors.length === 0 && deepEqual(back.toJS({ maxAliasCount: -1 }), parse(fresh).toJS()) ? out : fresh;
}

/** Reads a YAML file as Decap's yaml format does (a stray closing `---` ignored). */
export function readYaml(content: string): Data {
  const text = content.trim().endsWith('---') ? content.trim().slice(0, -3) : content;
  const doc = parse(text);
  if (doc.errors.length > 0) throw new Error(`YAML parsing error:\n${doc.errors.map((e) => e.message).join('\n')}`);
  const data: unknown = doc.toJS();
  return isPlainObject(data) ? data : {};
}

/** Front matter split as gray-matter (Decap's reader) splits it: opening line, YAML, closing line, body. */
interface FrontMatter {
  open: string;
  yaml: string;
  close: string;
  body: string;
}
const FRONT_MATTER = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?)(^---[ \t]*(?:\r?\n|$))/m;

export function splitFrontMatter(content: string): FrontMatter | undefined {
  const match = FRONT_MATTER.exec(content);
  if (!match || match.index !== 0) return undefined;
  const [whole, open, yaml, close] = match as unknown as [string, string, string, string];
  return { open, yaml, close, body: content.slice(whole.length) };
}

export function readFrontMatter(content: string): Data {
  const parts = splitFrontMatter(content);
  const data = parts && parts.yaml.trim() !== '' ? readYaml(parts.yaml) : {};
  const body = parts ? parts.body : content;
  return { ...data, ...(body.trim() !== '' && { body }) };
}

const markdown = unified().use(remarkParse).use(remarkGfm);

/** Leaves out positions and counts a run of whitespace in text as one space (a re-wrapped line renders the same). */
function shapeReplacer(this: unknown, key: string, value: unknown): unknown {
  if (key === 'position') return undefined;
  if (key === 'value' && typeof value === 'string' && (this as { type?: string }).type === 'text') return value.replace(/\s+/g, ' ');
  return value;
}

/**
 * The Markdown tree the build renders, as text. List markers (`-` or `*`), emphasis markers and
 * escapes leave no trace in the tree.
 */
function markdownShape(text: string): string {
  return JSON.stringify(markdown.parse(text), shapeReplacer);
}

/** True when `next` is `original` as Decap's editor re-wrote it, with nothing a reader would see changed. */
export function sameMarkdown(original: string, next: string): boolean {
  return original === next || markdownShape(original) === markdownShape(next);
}

interface Block {
  shape: string;
  start: number;
  end: number;
}
function blocksOf(text: string): Block[] {
  return markdown.parse(text).children.map((node) => ({ shape: JSON.stringify(node, shapeReplacer), start: node.position!.start.offset!, end: node.position!.end.offset! }));
}

/**
 * The body to write: the original where the editor changed nothing a reader would see, else the
 * editor's text with every top-level block (paragraph, heading, list…) that reads the same kept as it
 * was written, so one edited paragraph is one changed paragraph in the diff, not a re-written body.
 * The result must render exactly as the editor's text; if it would not, the editor's text is written.
 */
export function keptBody(original: string, next: string): string {
  if (sameMarkdown(original, next)) return original;
  const a = blocksOf(original);
  const b = blocksOf(next);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) lcs[i]![j] = a[i]!.shape === b[j]!.shape ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  /** Output blocks: text, and the original block index when kept. */
  const out: { text: string; from?: number }[] = [];
  let i = 0;
  let j = 0;
  while (j < b.length) {
    if (i < a.length && a[i]!.shape === b[j]!.shape) {
      out.push({ text: original.slice(a[i]!.start, a[i]!.end), from: i });
      i += 1;
      j += 1;
    } else if (i < a.length && lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      i += 1;
    } else {
      out.push({ text: next.slice(b[j]!.start, b[j]!.end) });
      j += 1;
    }
  }
  if (out.length === 0) return next;
  const first = out[0]!;
  const last = out.at(-1)!;
  let merged = first.from === 0 ? original.slice(0, a[0]!.start) : next.slice(0, b[0]!.start);
  out.forEach((block, k) => {
    const previous = out[k - 1];
    if (previous) merged += previous.from !== undefined && block.from === previous.from + 1 ? original.slice(a[previous.from]!.end, a[block.from]!.start) : '\n\n';
    merged += block.text;
  });
  merged += last.from === a.length - 1 ? original.slice(a.at(-1)!.end) : next.slice(b.at(-1)!.end);
  return markdownShape(merged) === markdownShape(next) ? merged : next;
}

/** The Markdown file Decap would write with no file to keep. */
export function freshFrontMatter(data: Data, order: readonly string[] = []): string {
  const { body = '', ...meta } = data;
  return `---\n${freshYaml(meta, order)}---\n${String(body)}`;
}

export function updateFrontMatter(original: string | undefined, data: Data, order: readonly string[] = []): string {
  const parts = original === undefined ? undefined : splitFrontMatter(original);
  if (!parts) return freshFrontMatter(data, order);
  const { body: next = '', ...meta } = data;
  const nextBody = String(next);
  const body = keptBody(parts.body, nextBody);
  const yaml = parts.yaml.trim() === '' ? freshYaml(meta, order) : updateYaml(parts.yaml, meta, order.filter((key) => key !== 'body'));
  const close = body !== '' && !parts.close.endsWith('\n') ? `${parts.close}\n` : parts.close;
  return parts.open + (Object.keys(meta).length === 0 ? '' : yaml) + close + body;
}

/** The entry being saved, as Decap's store holds it (an Immutable map with the loaded text as `raw`). */
export interface DraftEntry {
  get(key: string): unknown;
}

/** The two formats, reading the text to keep from `draft` (the CMS's entry being edited). */
export function keptFormats(draft: () => DraftEntry | undefined): { name: string; extension: string; formatter: Formatter }[] {
  const original = () => {
    const entry = draft();
    const raw = entry?.get('raw');
    // A new entry (or a duplicate of another) has no file of its own to keep.
    return typeof raw === 'string' && raw !== '' && entry?.get('newRecord') !== true ? raw : undefined;
  };
  return [
    { name: YAML_FORMAT, extension: 'yaml', formatter: { fromFile: readYaml, toFile: (data, order = []) => updateYaml(original(), data, order) } },
    { name: FRONTMATTER_FORMAT, extension: 'md', formatter: { fromFile: readFrontMatter, toFile: (data, order = []) => updateFrontMatter(original(), data, order) } },
  ];
}
