/**
 * Checks that need more than one entry at a time: references between collections, ids that must
 * match a field, and entries the site cannot do without. Zod checks each entry alone; this checks
 * the set. Pure: it receives parsed entries and returns problems.
 */
import type { CollectionData, CollectionName } from '../../schemas/collections.ts';
import { RESERVED_PAGE_IDS } from '../../schemas/page.ts';

/** One problem, tied to the file and field an editor has to change. */
export interface ContentProblem {
  /** Path from the repository root, e.g. content/winners/sample-first.yaml. */
  file: string;
  /** Dotted path of the field, e.g. "timeline.0.date"; empty when the whole file is at fault. */
  field: string;
  /** 1-based line in the file where the field is written, when known. */
  line?: number;
  /** What is wrong and what to do about it. */
  message: string;
}

/** A parsed, schema-valid entry: `data` is what its collection's schema outputs. */
export interface CheckedEntry<T = unknown> {
  collection: CollectionName;
  /** Entry id: the file path inside the collection folder, without extension. */
  id: string;
  file: string;
  data: T;
}

/** Pages the navigation links to; the site is incomplete without them. */
export const REQUIRED_PAGE_IDS = ['about-micro-credentials'] as const;

/** Every valid entry, by collection, each typed by its own schema. */
export type CheckedEntries = { [C in CollectionName]: CheckedEntry<CollectionData<C>>[] };

export function checkIntegrity(entries: CheckedEntries): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const ids = (c: CollectionName) => new Set(entries[c].map((e) => e.id));
  const list = (values: Iterable<string | number>) => [...values].join(', ') || '(none)';

  const editionYears = new Set<number>();
  for (const entry of entries.editions) {
    editionYears.add(entry.data.year);
    if (entry.id !== String(entry.data.year)) {
      problems.push({
        file: entry.file,
        field: 'year',
        message: `The year is ${entry.data.year} but the file is named ${entry.id}. Name the file after the year (${entry.data.year}.yaml) so its URL is /challenge/${entry.data.year}/.`,
      });
    }
    const partners = ids('partners');
    entry.data.partners.forEach((partner, index) => {
      if (!partners.has(partner)) {
        problems.push({
          file: entry.file,
          field: `partners.${index}`,
          message: `No partner "${partner}" in content/partners/. Known partners: ${list(partners)}.`,
        });
      }
    });
    if (entry.data.achievement && !ids('achievements').has(entry.data.achievement)) {
      problems.push({
        file: entry.file,
        field: 'achievement',
        message: `No micro-credential "${entry.data.achievement}" in content/achievements/. Known: ${list(ids('achievements'))}.`,
      });
    }
  }
  if (entries.editions.length === 0) {
    problems.push({
      file: 'content/editions/',
      field: '',
      message: 'There is no edition. Add one YAML file per Challenge year, e.g. content/editions/2022.yaml.',
    });
  }

  for (const entry of entries.winners) {
    if (!editionYears.has(entry.data.edition)) {
      problems.push({
        file: entry.file,
        field: 'edition',
        message: `No edition ${entry.data.edition} in content/editions/. Known editions: ${list([...editionYears].sort())}.`,
      });
    }
  }

  for (const entry of entries.achievements) {
    if (entry.id !== entry.data.slug) {
      problems.push({
        file: entry.file,
        field: 'slug',
        message: `The slug is "${entry.data.slug}" but the file is named ${entry.id}. Make them equal: the slug is the badge's permanent URL.`,
      });
    }
  }

  for (const entry of entries.pages) {
    if ((RESERVED_PAGE_IDS as readonly string[]).includes(entry.id)) {
      problems.push({
        file: entry.file,
        field: '',
        message: `/${entry.id}/ is already a section of the site. Rename the file so the page gets its own address.`,
      });
    }
  }
  const pageIds = ids('pages');
  for (const required of REQUIRED_PAGE_IDS) {
    if (!pageIds.has(required)) {
      problems.push({
        file: `content/pages/${required}.md`,
        field: '',
        message: `This page is missing; the navigation links to /${required}/. Restore the file.`,
      });
    }
  }

  // Awards: the achievement exists, and every id that must be unique is.
  const achievementIds = ids('achievements');
  const seen = { credentialId: new Map<string, string>(), subjectId: new Map<string, string>(), statusIndex: new Map<string, string>(), matchKey: new Map<string, string>() };
  for (const entry of entries.awards) {
    if (!achievementIds.has(entry.data.achievement)) {
      problems.push({
        file: entry.file,
        field: 'achievement',
        message: `No micro-credential "${entry.data.achievement}" in content/achievements/. Known: ${list(achievementIds)}.`,
      });
    }
    for (const field of ['credentialId', 'subjectId', 'statusIndex', 'matchKey'] as const) {
      const value = entry.data[field];
      if (value === undefined) continue;
      const first = seen[field].get(String(value));
      if (first) {
        problems.push({
          file: entry.file,
          field,
          message:
            field === 'matchKey'
              ? `This award is for the same person and micro-credential as ${first}. Delete one of the two files.`
              : `${field} ${value} is already used by ${first}. Each award needs its own; ${field === 'statusIndex' ? 'pick an unused number from 0 to 131071 (in the CMS: press “Choose another free slot” under the slot)' : 'never copy an award file, create it with npm run awards:import or in the CMS'}.`,
        });
      } else {
        seen[field].set(String(value), entry.file);
      }
    }
  }

  if (!ids('settings').has('site')) {
    problems.push({
      file: 'content/settings/site.yaml',
      field: '',
      message: 'The site settings file is missing. Restore content/settings/site.yaml.',
    });
  }

  return problems;
}
