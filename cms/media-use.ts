/**
 * Where an entry uses a picture, found in its parsed data (never in its text): a field whose value is
 * the picture's path, or a Markdown body that shows or links it (parsed to HTML, raw HTML included,
 * the way the site renders it). Pure: the media library guard (media-guard.ts) feeds it the entries
 * the backend lists.
 */
import type { Element, Root as HastRoot } from 'hast';
import rehypeRaw from 'rehype-raw';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { labelTrail, type FieldConfig } from './labels.ts';

/** A Decap field with what this walk needs: its widget, to know which text is Markdown. */
export interface UseField extends FieldConfig {
  widget?: string;
  fields?: UseField[];
  field?: UseField;
}

const toHtml = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw);

/** Every address an element of the Markdown's HTML points at (src, href, srcset candidates, poster). */
function addressesIn(markdown: string): string[] {
  const tree = toHtml.runSync(toHtml.parse(markdown)) as HastRoot;
  const found: string[] = [];
  const visit = (node: HastRoot | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      for (const [key, value] of Object.entries(child.properties)) {
        // srcset: "a.jpg 1x, b.jpg 2x" (a string after rehype-raw, a list from remark).
        if (key === 'srcSet') found.push(...(Array.isArray(value) ? value.map(String) : String(value).split(',')).map((candidate) => candidate.trim().split(/\s+/)[0] ?? ''));
        else if (['src', 'href', 'poster', 'data'].includes(key) && typeof value === 'string') found.push(value);
      }
      visit(child);
    }
  };
  visit(tree);
  return found;
}

/** `address` names `paths` when it is one of them, ignoring a query, a fragment and %-escapes. */
function names(address: string, paths: ReadonlySet<string>): boolean {
  const bare = address.split(/[?#]/)[0] ?? '';
  let decoded = bare;
  try {
    decoded = decodeURI(bare);
  } catch {
    // Not valid %-escapes: compared as written.
  }
  return paths.has(bare) || paths.has(decoded);
}

/**
 * The dotted field paths in `data` where the picture is used. `paths` holds the ways an entry may
 * name the file: its public path (/uploads/photo.jpg) and its path in the repository.
 */
export function usesIn(data: unknown, fields: readonly UseField[], paths: ReadonlySet<string>, prefix = ''): string[] {
  if (typeof data !== 'object' || data === null) return [];
  const found: string[] = [];
  const entries: [string, unknown][] = Array.isArray(data) ? data.map((v, i) => [String(i), v]) : Object.entries(data);
  for (const [key, value] of entries) {
    const path = prefix ? `${prefix}.${key}` : key;
    const field = Array.isArray(data) ? undefined : fields.find((f) => f.name === key);
    if (typeof value === 'string') {
      if (names(value.trim(), paths)) found.push(path);
      else if ((field?.widget === 'markdown' || (!field && key === 'body')) && addressesIn(value).some((a) => names(a, paths))) found.push(path);
    } else if (Array.isArray(value)) {
      // A list of objects has `fields`; a list of single values has `field`, each item stored bare.
      const itemFields = field?.fields ?? (field?.field ? [field.field] : []);
      value.forEach((item, i) => {
        const itemPath = `${path}.${i}`;
        if (typeof item === 'string') {
          if (names(item.trim(), paths)) found.push(itemPath);
        } else found.push(...usesIn(item, itemFields, paths, itemPath));
      });
    } else {
      found.push(...usesIn(value, field?.fields ?? [], paths, path));
    }
  }
  return found;
}

/** One entry, as the guard lists it to the editor. */
export interface EntryUse {
  /** "News releases: Budget consultation opens". */
  entry: string;
  /** The fields, in the form's labels: "Photo › Image". */
  fields: string[];
}

/** The entry's name in the list: its title (or the collection's identifier field), else its file. */
export function entryName(data: Record<string, unknown>, identifierField: string | undefined, slug: string): string {
  for (const key of [identifierField, 'title', 'name', 'team'])
    if (key && typeof data[key] === 'string' && data[key].trim()) return data[key].trim();
  return slug;
}

/** Each entry that uses the picture, named for the editor, with the fields where it does. */
export function entryUses(
  entries: readonly { collectionLabel: string; identifierField?: string | undefined; slug: string; data: Record<string, unknown>; fields: readonly UseField[] }[],
  paths: ReadonlySet<string>,
): EntryUse[] {
  return entries.flatMap((e) => {
    const used = usesIn(e.data, e.fields, paths);
    if (used.length === 0) return [];
    return [{ entry: `${e.collectionLabel}: ${entryName(e.data, e.identifierField, e.slug)}`, fields: used.map((path) => labelTrail(e.fields, path).join(' › ')) }];
  });
}

/** Dot-files (.gitkeep) keep a folder in Git; they are not pictures and the library does not list them. */
export const isHiddenFile = (name: string) => (name.split('/').pop() ?? name).startsWith('.');

/** The ways an entry may name the file at `repoPath`: the site path, and the repository path itself. */
export function namesOf(repoPath: string, mediaFolder: string, publicFolder: string): Set<string> {
  const inFolder = repoPath.startsWith(`${mediaFolder}/`) ? repoPath.slice(mediaFolder.length) : undefined;
  return new Set([repoPath, `/${repoPath}`, ...(inFolder ? [`${publicFolder}${inFolder}`] : [])]);
}

/** The message naming each entry and field that uses the file. */
export function refusalText(fileName: string, uses: readonly EntryUse[]): string {
  const list = uses.map((use) => `${use.entry} (${use.fields.join('; ')})`).join(', ');
  return `“${fileName}” is used by ${list}. Remove it from ${uses.length === 1 ? 'that entry' : 'those entries'} (or choose another picture there) and save, then delete it.`;
}

