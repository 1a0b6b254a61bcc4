/**
 * Helpers of the pre-save check (save-check.ts): the normalisation that makes what Decap writes
 * what the build reads, and the rules that tie an entry to its file name.
 */
import { RESERVED_PAGE_IDS } from '../src/schemas/page.ts';
import { slugify } from '../src/schemas/shared.ts';

/**
 * The build's rules that tie an entry to its file name, checked where the CMS can see them: the
 * entry's slug is its file name (empty for a new entry, whose file name the CMS derives from these
 * same fields).
 */
export function fileNameProblems(collection: string, data: Record<string, unknown>, slug: string): string[] {
  if (collection === 'editions' && slug && String(data.year) !== slug) {
    return [`year: This year's file is ${slug}.yaml, so its year must stay ${slug}. To start another year, create a new entry.`];
  }
  if (collection === 'achievements' && slug && data.slug !== slug) {
    return [`slug: The slug is the badge's permanent address and must stay "${slug}". Create a new micro-credential instead.`];
  }
  if (collection === 'pages' && !slug && (RESERVED_PAGE_IDS as readonly string[]).includes(slugify(String(data.title ?? '')))) {
    return [`title: A page titled "${String(data.title)}" would take the address /${slugify(String(data.title))}/, which is already a section of the site. Choose another title.`];
  }
  return [];
}

/** The longest file name ext4 (and most other disks) take, in bytes of UTF-8. */
export const MAX_FILE_NAME_BYTES = 255;

/** The field whose words make a new entry's file name (the collection's slug template). */
export const NAMING_FIELD: Partial<Record<string, string>> = { releases: 'title', pages: 'title', winners: 'team', partners: 'name' };

/**
 * A new entry's file name that the disk would refuse: Decap reports that only as
 * "API_ERROR: Unknown error". `path` is the file the entry would be saved as.
 */
export function fileNameLengthProblems(collection: string, path: string): string[] {
  const name = path.split('/').pop() ?? path;
  const bytes = new TextEncoder().encode(name).length;
  if (bytes <= MAX_FILE_NAME_BYTES) return [];
  const field = NAMING_FIELD[collection] ?? '';
  return [`${field}: This makes the file name ${bytes} characters long (${name.slice(0, 40)}…), and a file name can have at most ${MAX_FILE_NAME_BYTES}. Shorten it by at least ${bytes - MAX_FILE_NAME_BYTES} characters.`];
}

/**
 * Decap keeps cleared fields as "" and untouched optional objects as {} of empty values; the files it
 * writes (with omit_empty_optional_fields) leave them out, so the check does too.
 */
export function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (typeof value !== 'object' || value === null) return value === '' ? undefined : value;
  const entries = Object.entries(value)
    .map(([k, v]) => [k, withoutEmpty(v)] as const)
    .filter(([, v]) => v !== undefined && !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0));
  return Object.fromEntries(entries);
}

/** Why a new entry may not take an existing file's name: it would be saved beside it as "…-1". */
export function duplicateMessage(name: string, path: string): string {
  if (name === 'releases') {
    return `A release with this title and publication date already exists (${path}). To change that release, open it from the list; to publish another one, give it a different title or date.`;
  }
  return `${path} already exists. To change it, open it from the list; to add another entry, change the fields that name its file${name === 'awards' ? ' (a copied award would be the same credential: create a new award instead)' : ''}.`;
}

