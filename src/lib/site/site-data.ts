/**
 * The site's content as pages use it: sorted, filtered and joined. The one place pages read
 * collections, so ordering rules (newest news first, partners by `order`) are written once, and
 * the one place they read files (the house rule pages-import-no-fs, src/lib/README.md): a page
 * never imports a *-fs.ts module or node:* itself.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { getCollection, getEntry, type CollectionEntry } from 'astro:content';
import { RELEASE_CATEGORIES } from '../../schemas/release.ts';
import { slugify } from '../dates/format.ts';
import { bodyUploadAddresses } from '../content/markdown-body.ts';
import { cleanedUpload } from '../content/upload-copy-fs.ts';
import { uploadName, uploadsUsed } from '../content/uploads.ts';
import { buildTime, isPublished } from '../dates/schedule.ts';

export type ReleaseEntry = CollectionEntry<'releases'>;
export type EditionEntry = CollectionEntry<'editions'>;

/** Astro.site, which astro.config.mjs always sets (from SITE_URL, or the local preview address). */
export function siteUrl(site: URL | undefined): URL {
  if (!site) throw new Error('The site address is not configured: astro.config.mjs sets `site` from SITE_URL.');
  return site;
}

export async function getSettings() {
  const entry = await getEntry('settings', 'site');
  // The content check guarantees the file exists; this guards `astro dev` after a deletion.
  if (!entry) throw new Error('content/settings/site.yaml is missing. Restore it and reload.');
  return entry.data;
}

/** Published releases, newest first (ties by title so the order is stable): no drafts, none scheduled for later. */
export async function getReleases(): Promise<ReleaseEntry[]> {
  const now = buildTime();
  const all = await getCollection('releases', (entry) => isPublished(entry.data, now));
  return all.sort((a, b) => b.data.date.localeCompare(a.data.date) || a.data.title.localeCompare(b.data.title));
}

/** Categories that have at least one published release, with their URL slugs, in schema order. */
export async function getReleaseCategories() {
  const used = new Set((await getReleases()).map((r) => r.data.category));
  return RELEASE_CATEGORIES.filter((c) => used.has(c)).map((name) => ({ name, slug: slugify(name) }));
}

/** Editions, newest year first. */
export async function getEditions(): Promise<EditionEntry[]> {
  return (await getCollection('editions')).sort((a, b) => b.data.year - a.data.year);
}

/**
 * The edition the home page leads with: the newest one that is open, upcoming or judging; failing
 * that, the newest of all.
 */
export async function getCurrentEdition(): Promise<EditionEntry> {
  const editions = await getEditions();
  const live = editions.find((e) => e.data.status !== 'closed');
  const current = live ?? editions[0];
  if (!current) throw new Error('There is no edition in content/editions/. Add one, e.g. 2022.yaml.');
  return current;
}

export async function getPartners(slugs?: readonly string[]) {
  const all = (await getCollection('partners')).sort((a, b) => a.data.order - b.data.order || a.data.name.localeCompare(b.data.name));
  return slugs ? all.filter((p) => slugs.includes(p.id)) : all;
}

export async function getWinners(year?: number) {
  const all = await getCollection('winners', (w) => year === undefined || w.data.edition === year);
  return all.sort((a, b) => b.data.edition - a.data.edition || a.data.rank - b.data.rank || a.data.team.localeCompare(b.data.team));
}

export async function getAchievements() {
  return (await getCollection('achievements')).sort((a, b) => Number(b.data.active) - Number(a.data.active) || a.data.name.localeCompare(b.data.name));
}

/** getStaticPaths of the pages made once per micro-credential: its page and its "how to earn" page. */
export async function achievementPaths() {
  return (await getAchievements()).map((achievement) => ({ params: { achievement: achievement.id }, props: { achievement } }));
}

/** The uploads (file names in content/uploads/) that the site's loaded content uses, in fields and in Markdown bodies (pictures and links): every collection, released news only. */
export async function publishedUploads(): Promise<string[]> {
  const names = ['releases', 'pages', 'editions', 'winners', 'achievements', 'partners', 'settings'] as const;
  const entries = (await Promise.all(names.map((name) => getCollection(name)))).flat();
  const inBodies = (body: string | undefined) => (body === undefined ? [] : bodyUploadAddresses(body).flatMap((src) => uploadName(src) ?? []));
  return [...new Set(entries.flatMap((entry) => [...uploadsUsed(entry.data), ...inBodies(entry.body)]))].sort();
}

/**
 * The cleaned copy of content/uploads/<name> (src/lib/content/upload-copy-fs.ts), served at
 * /uploads/<name> (src/pages/uploads/[name].ts) and measured for the news feed's enclosures.
 */
export { cleanedUpload };

const ENCLOSURE_TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.avif': 'image/avif', '.gif': 'image/gif' };

/**
 * A photo's size and type as an RSS enclosure (src/pages/news/rss.xml.ts): an upload's cleaned copy
 * (served at the same address) or a file of public/. Undefined when it is not a photo by its ending,
 * or no such file is in public/.
 */
export async function photoEnclosure(src: string): Promise<{ length: number; type: string } | undefined> {
  const name = uploadName(src);
  const type = ENCLOSURE_TYPES[path.extname(name ?? src.split(/[?#]/)[0]!).toLowerCase()];
  if (!type) return undefined;
  const length = name !== undefined ? (await cleanedUpload(name)).bytes.length : statSync(path.join(process.cwd(), 'public', src), { throwIfNoEntry: false })?.size;
  return length === undefined ? undefined : { length, type };
}
