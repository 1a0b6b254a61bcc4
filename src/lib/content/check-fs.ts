/**
 * Reads every file in content/ the way an editor wrote it and checks it against the collection
 * schemas and the cross-entry rules, before Astro builds anything. Node-only.
 *
 * Why not rely on Astro's own validation alone: Astro's YAML reader turns an impossible date such
 * as 2022-13-45 into a real, different date (2023-02-14) before the schema sees it, and it reports
 * neither line numbers nor broken references between collections. Here YAML is read with the 1.2
 * core schema, so dates stay text and the schema judges them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { z, ZodType } from 'astro/zod';
import { collectionSpecs, type CollectionName, type CollectionSpec } from '../../schemas/collections.ts';
import { slugify } from '../dates/format.ts';
import { checkFile, URL_SAFE_NAME } from './check-file.ts';
import { bodyUploadAddresses } from './markdown-body.ts';
import { checkIntegrity, type CheckedEntries, type CheckedEntry, type ContentProblem } from './integrity.ts';
import { checkPublicFiles, damagedUploads } from './public-files-fs.ts';
import { isUpload, uploadName, uploadsUsed, UPLOADS_FOLDER } from './uploads.ts';

export interface ContentReport {
  /** Number of files read. */
  files: number;
  problems: ContentProblem[];
  /** Every valid entry, by collection, typed by its schema (complete only when there are no problems). */
  entries: CheckedEntries;
}

/**
 * Root-relative file paths in an entry (image `src` and the like) that the repository does not have:
 * an upload (/uploads/…) in content/uploads/, anything else in public/.
 */
function missingAssets(data: unknown, root: string, at: (string | number)[] = []): { field: (string | number)[]; src: string }[] {
  if (Array.isArray(data)) return data.flatMap((item, index) => missingAssets(item, root, [...at, index]));
  if (typeof data !== 'object' || data === null) return [];
  return Object.entries(data).flatMap(([key, value]) => {
    if (key === 'src' && typeof value === 'string' && value.startsWith('/')) {
      if (isUpload(value)) {
        const name = uploadName(value);
        return name !== undefined && existsSync(path.join(root, UPLOADS_FOLDER, name)) ? [] : [{ field: [...at, key], src: value }];
      }
      const publicDir = path.join(root, 'public');
      const file = path.join(publicDir, decodeURI(value.split(/[?#]/)[0] ?? value));
      // A path that climbs out of public/ is never a file the site serves.
      const inside = path.relative(publicDir, file);
      return existsSync(file) && !inside.startsWith('..') ? [] : [{ field: [...at, key], src: value }];
    }
    return missingAssets(value, root, [...at, key]);
  });
}

/** Photos of the media library a Markdown body shows or links to (![…](/uploads/…), […](/uploads/…)) that are not there. */
function missingBodyUploads(addresses: readonly string[], root: string): { field: string[]; src: string }[] {
  return addresses
    .filter((src) => {
      const name = uploadName(src);
      return name === undefined || !existsSync(path.join(root, UPLOADS_FOLDER, name));
    })
    .map((src) => ({ field: ['body'], src }));
}

/** What an editor reads when an entry names a file that is not there, and how to put it right. */
function missingAssetMessage(src: string): string {
  if (!isUpload(src)) return `There is no file public${src}. Upload it there, or correct the path.`;
  const name = uploadName(src);
  if (name === undefined) return `"${src}" is not a photo of the media library: choose the photo again in the CMS (Choose an image), or remove it.`;
  return `The photo ${src} is not in the media library (${UPLOADS_FOLDER}/${name} is missing: it was deleted or renamed). In the CMS, open this entry, choose the photo again or upload it (Choose an image), and publish; or remove the photo from the entry. A file deleted by mistake can be restored from Git history.`;
}

/** Reads and checks one collection's files; valid entries are typed by the collection's schema. */
async function checkCollection<S extends ZodType>(
  root: string,
  name: CollectionName,
  spec: CollectionSpec<S>,
  problems: ContentProblem[],
  usedUploads: Map<string, string>,
): Promise<{ files: number; entries: CheckedEntry<z.output<S>>[] }> {
  const entries: CheckedEntry<z.output<S>>[] = [];
  const folder = path.join(root, spec.folder);
  const found = (await glob(spec.pattern, { cwd: folder })).sort();
  for (const relative of found) {
    const file = `${spec.folder}/${relative}`;
    const id = relative.replace(/\.[^.]+$/, '');
    // The file name is the entry's address (or its id), so it must already be a clean URL segment.
    if (!URL_SAFE_NAME.test(id)) {
      problems.push({
        file,
        field: '',
        message: id.includes('/')
          ? `Move this file directly into ${spec.folder}/: entries cannot be in subfolders.`
          : `Rename the file using lower-case letters, digits and hyphens only (for example "${slugify(id) || 'new-entry'}${path.extname(relative)}"): its name becomes a web address.`,
      });
      continue;
    }
    // Read synchronously: nothing else runs yet, and awaiting ten thousand small reads one by one
    // cost almost a second more.
    const text = readFileSync(path.join(folder, relative), 'utf8');
    const checked = checkFile(file, text, spec.format, spec.schema);
    const data = checked.problems.length === 0 ? checked.data : undefined;
    const inBody = data === undefined || checked.body === undefined ? [] : bodyUploadAddresses(checked.body);
    const missing = data === undefined ? [] : [...missingAssets(data, root), ...missingBodyUploads(inBody, root)];
    if (data !== undefined) {
      for (const upload of [...uploadsUsed(data), ...inBody.flatMap((src) => uploadName(src) ?? [])]) if (!usedUploads.has(upload)) usedUploads.set(upload, file);
    }
    problems.push(
      ...checked.problems,
      ...missing.map(({ field, src }) => ({
        file,
        field: field.map(String).join('.'),
        message: missingAssetMessage(src),
      })),
    );
    if (data !== undefined && missing.length === 0) entries.push({ collection: name, id, file, data });
  }
  return { files: found.length, entries };
}

/**
 * MDX files anywhere under content/. MDX is a program, not a document: its imports and {expressions}
 * run in the build, with the build's files and environment (the signing keys). The loaders read
 * `.md` only, so one would otherwise be skipped without a word and its text silently missing.
 */
async function mdxFiles(root: string): Promise<ContentProblem[]> {
  const found = await glob('**/*.mdx', { cwd: path.join(root, 'content'), dot: true, caseSensitiveMatch: false });
  return found.sort().map((relative) => ({
    file: `content/${relative}`,
    field: '',
    message: `This is an MDX file, and content cannot run code: components, imports and {expressions} are not allowed. Rename it to ${path.basename(relative).replace(/\.mdx$/i, '.md')} and write the text in Markdown.`,
  }));
}

/** Reads and checks every collection under `root` (the repository root). */
export async function checkContent(root: string): Promise<ContentReport> {
  const problems: ContentProblem[] = await mdxFiles(root);
  /** Each upload some entry uses, with the first file that uses it. */
  const usedUploads = new Map<string, string>();
  let files = 0;
  const read = async <S extends ZodType>(name: CollectionName, spec: CollectionSpec<S>) => {
    const result = await checkCollection(root, name, spec, problems, usedUploads);
    files += result.files;
    return result.entries;
  };
  // In the order of collectionSpecs, one at a time (problems come out in a stable order).
  const entries: CheckedEntries = {
    releases: await read('releases', collectionSpecs.releases),
    pages: await read('pages', collectionSpecs.pages),
    editions: await read('editions', collectionSpecs.editions),
    winners: await read('winners', collectionSpecs.winners),
    achievements: await read('achievements', collectionSpecs.achievements),
    partners: await read('partners', collectionSpecs.partners),
    settings: await read('settings', collectionSpecs.settings),
    faq: await read('faq', collectionSpecs.faq),
    guides: await read('guides', collectionSpecs.guides),
    awards: await read('awards', collectionSpecs.awards),
    keys: await read('keys', collectionSpecs.keys),
  };
  // Cross-entry rules only make sense once every entry is valid on its own.
  if (problems.length === 0) problems.push(...checkIntegrity(entries));
  // What public/ publishes as it is (no SVG that can run script), and uploads that are photos.
  problems.push(...(await checkPublicFiles(root)));
  // Only photos entries use are decoded (the others are never published), each once.
  problems.push(...(await damagedUploads(root, usedUploads)));
  return { files, problems, entries };
}

/** The report as an editor reads it in a terminal or a CI log, grouped by file. */
export function formatReport(report: ContentReport): string {
  const byFile = new Map<string, ContentProblem[]>();
  for (const problem of report.problems) {
    byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
  }
  const count = report.problems.length;
  const out = [
    `Content check failed: ${count} ${count === 1 ? 'problem' : 'problems'} in ${byFile.size} ${byFile.size === 1 ? 'file' : 'files'}. Nothing was built.`,
  ];
  for (const [file, list] of byFile) {
    out.push('', file);
    for (const p of list) {
      const where = [p.line === undefined ? '' : `line ${p.line}`, p.field ? `field "${p.field}"` : '']
        .filter(Boolean)
        .join(', ');
      out.push(`  ${where ? `${where}: ` : ''}${p.message}`);
    }
  }
  out.push('', 'Fix the fields above and build again. The site already published has not been changed.');
  return out.join('\n');
}
