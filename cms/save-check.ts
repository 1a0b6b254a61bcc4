/**
 * Decap's preSave step: what the CMS writes is exactly what the build accepts.
 *
 * 1. The entry is normalised as the build reads it: cleared fields and untouched optional objects
 *    are removed, never written as "" (cms/validate.ts, withoutEmpty).
 * 2. Decap's own serialiser (the backend's entryToRaw) turns it into the bytes it is about to
 *    commit, and the build's own file check (src/lib/content/check-file.ts) reads those bytes.
 * 3. The build's cross-entry rules (src/lib/content/integrity.ts: unknown edition, partner or
 *    micro-credential, a status slot or id already used) run over this entry and the others of
 *    the collections it refers to, as the backend has them now.
 * Problems are shown in the form's words in a panel that stays (cms/problem-panel.ts), and the save
 * is refused: nothing is written.
 */
import { fromJS } from 'immutable';
import { currentBackend } from 'decap-cms-core/dist/esm/backend.js';
import { slugFormatter } from 'decap-cms-core/dist/esm/lib/formatters.js';
import { store } from 'decap-cms-core/dist/esm/redux/index.js';
import { selectEntryPath } from 'decap-cms-core/dist/esm/reducers/collections.js';
import { readAwardVersion } from '../src/lib/content/award-version.ts';
import { checkFile } from '../src/lib/content/check-file.ts';
import { checkIntegrity, type CheckedEntries, type CheckedEntry, type ContentProblem } from '../src/lib/content/integrity.ts';
import { collectionSpecs, type CollectionName } from '../src/schemas/collections.ts';
import { inFormWords, labelTrail, type FieldConfig } from './labels.ts';
import { clearProblems, showProblems } from './problem-panel.ts';
import { duplicateMessage, fileNameLengthProblems, fileNameProblems, withoutEmpty } from './validate.ts';

/** Collections whose entries a collection's cross-entry rules read (integrity.ts). */
const RULES_READ: Partial<Record<CollectionName, CollectionName[]>> = {
  pages: ['pages'],
  editions: ['editions', 'partners', 'achievements'],
  winners: ['editions'],
  achievements: ['achievements'],
  awards: ['achievements', 'awards'],
};

const EMPTY_ENTRIES = (): CheckedEntries => ({ releases: [], pages: [], editions: [], winners: [], achievements: [], partners: [], settings: [], faq: [], guides: [], awards: [], keys: [] });

/** Thrown to stop Decap's save; the panel already says why. */
export class SaveRefused extends Error {}

function fieldsOf(collection: DecapMap, slug: string): FieldConfig[] {
  const plain = collection.toJS() as { fields?: FieldConfig[]; files?: { name: string; fields: FieldConfig[] }[] };
  return plain.fields ?? plain.files?.find((file) => file.name === slug)?.fields ?? [];
}

/** What the backend has now in the collections the rules read. */
interface Repository {
  /** Every entry but the one being saved, read by the build's own file check. */
  entries: CheckedEntries;
  /** Files that fail their own check: the entry cannot be checked against them. */
  broken: string[];
  /** Each file's text by path, the saved entry's own included. */
  raw: Map<string, string>;
}

async function readRepository(name: CollectionName, savedPath: string, isNew: boolean): Promise<Repository> {
  const repository: Repository = { entries: EMPTY_ENTRIES(), broken: [], raw: new Map() };
  const state = store.getState();
  const backend = currentBackend(state.config);
  // The entry's own collection is always read: a new entry whose file exists already (the same
  // title and date) would otherwise be saved silently beside it as "…-1" (Decap's generateUniqueSlug).
  const read = new Set<CollectionName>([...(RULES_READ[name] ?? []), name]);
  for (const other of read) {
    const collection = state.collections.get(other) as DecapMap | undefined;
    if (!collection) continue;
    const spec = collectionSpecs[other];
    for (const file of await backend.listAllEntries(collection)) {
      repository.raw.set(file.path, file.raw);
      if (!(RULES_READ[name] ?? []).includes(other)) continue;
      // The saved entry's earlier version is replaced by what is about to be written. A new entry
      // whose file already exists is not that file: it would be saved beside it (Decap's Duplicate).
      if (file.path === savedPath && !isNew) continue;
      const { data } = checkFile(file.path, file.raw, spec.format, spec.schema);
      if (data === undefined) repository.broken.push(file.path);
      else (repository.entries[other] as CheckedEntry[]).push({ collection: other, id: file.slug, file: file.path, data });
    }
  }
  return repository;
}

/** Rules about what the saved entry was before: an existing file is not created twice, a revocation is not undone. */
export function historyProblems(name: CollectionName, path: string, isNew: boolean, data: Record<string, unknown>, repository: Pick<Repository, 'raw'>): ContentProblem[] {
  const before = repository.raw.get(path);
  if (before === undefined) return [];
  if (isNew) {
    return [{ file: path, field: '', message: duplicateMessage(name, path) }];
  }
  if (name !== 'awards' || data.revoked === true) return [];
  // Read as the build reads it (award-version.ts), so `revoked: True  # ticket 12` or a quoted key
  // is the revocation here that the build's history check holds the file to.
  const { revocation } = readAwardVersion(path, before);
  if (revocation.state === 'revoked') {
    return [{ file: path, field: 'revoked', message: 'This credential was revoked, and a revocation is final: turn Revoked back on. To award it again, create a new award.' }];
  }
  if (revocation.state === 'unclear') {
    return [{ file: path, field: 'revoked', message: `The saved version of this award may revoke it, but ${revocation.why}, and a revocation is final: turn Revoked on. If it was never meant as a revocation, ask the developers to look at the file's history before changing it.` }];
  }
  return [];
}

/** Runs every check; returns the normalised data to write, or shows the problems and throws. */
export async function checkBeforeSave(entry: DecapMap): Promise<DecapMap> {
  clearProblems();
  try {
    return await check(entry);
  } catch (error) {
    if (error instanceof SaveRefused) throw error;
    // A check that cannot run must not let the entry through unchecked.
    const reason = error instanceof Error ? error.message : String(error);
    showProblems([{ trail: [], message: `The check before saving could not run (${reason}). Nothing was saved. Reload the page and try again; if it happens again, tell the developers.` }]);
    throw new SaveRefused(`Not saved: the check before saving could not run (${reason}).`);
  }
}

async function check(entry: DecapMap): Promise<DecapMap> {
  const name = String(entry.get('collection')) as CollectionName;
  const spec = collectionSpecs[name];
  const data = (entry.get('data') as DecapMap).toJS() as Record<string, unknown>;
  const cleaned = withoutEmpty(data) as Record<string, unknown>;
  const slug = String(entry.get('slug') ?? '');
  const state = store.getState();
  const collection = state.collections.get(name) as DecapMap;
  const fields = fieldsOf(collection, slug);
  if (!spec) return fromJS(cleaned) as unknown as DecapMap;

  const backend = currentBackend(state.config);
  const normalised = entry.set('data', fromJS(cleaned));
  const raw = backend.entryToRaw(collection, normalised);
  const isNew = Boolean(entry.get('newRecord'));
  const id = isNew ? slugFormatter(collection, normalised.get('data') as DecapMap, state.config.slug) : slug;
  const path = isNew ? selectEntryPath(collection, id) : String(entry.get('path'));
  const refuse = (problems: readonly ContentProblem[]): never => {
    showProblems(problems.map((problem) => ({ trail: labelTrail(fields, problem.field), message: inFormWords(fields, problem.message) })));
    throw new SaveRefused(`Not saved: ${problems.length === 1 ? 'one problem' : `${problems.length} problems`} to fix first (listed in the panel “Not saved”).`);
  };

  const problems: ContentProblem[] = [...fileNameProblems(name, cleaned, isNew ? '' : slug), ...(isNew ? fileNameLengthProblems(name, path) : [])].map((text) => {
    const [field, ...rest] = text.split(': ');
    return { file: path, field: field!, message: rest.join(': ') };
  });

  if (name === 'awards' && !isNew && cleaned.revoked !== true) {
    // A revocation being undone: that it is final is said first. The file check's advice to remove
    // the reason and date is left out, since it would only matter if the revocation could be undone;
    // what remains wrong once Revoked is back on is listed after it.
    const final = historyProblems(name, path, isNew, cleaned, await readRepository(name, path, isNew));
    if (final.length > 0) {
      const restored = backend.entryToRaw(collection, entry.set('data', fromJS({ ...cleaned, revoked: true })));
      refuse([...final, ...problems, ...checkFile(path, restored, spec.format, spec.schema).problems]);
    }
  }

  const checked = checkFile(path, raw, spec.format, spec.schema);
  problems.push(...checked.problems);
  if (checked.data !== undefined && problems.length === 0) {
    const repository = await readRepository(name, path, isNew);
    problems.push(...historyProblems(name, path, isNew, cleaned, repository));
    for (const file of repository.broken) {
      problems.push({ file: path, field: '', message: `${file} has problems of its own, so this entry cannot be checked against it. Open and fix that file first (the site's build lists what is wrong with it).` });
    }
    if (problems.length === 0) {
      const { entries } = repository;
      (entries[name] as CheckedEntry[]).push({ collection: name, id, file: path, data: checked.data });
      problems.push(...checkIntegrity(entries).filter((problem) => problem.file === path));
    }
  }
  if (problems.length > 0) refuse(problems);
  return normalised.get('data') as DecapMap;
}
