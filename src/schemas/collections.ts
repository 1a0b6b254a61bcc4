/**
 * Where each collection lives and which schema it obeys: the one table that content.config.ts, the
 * build's content check (src/lib/content/) and, later, the CMS config all read, so the folder of a
 * collection is written exactly once.
 */
import type { z, ZodType } from 'astro/zod';
import { achievementSchema } from './achievement.ts';
import { awardSchema } from './award.ts';
import { earningGuideSchema } from './earning-guide.ts';
import { editionSchema } from './edition.ts';
import { faqSchema } from './faq.ts';
import { pageSchema } from './page.ts';
import { partnerSchema } from './partner.ts';
import { releaseSchema } from './release.ts';
import { settingsSchema } from './settings.ts';
import { publicJwkSchema } from './signing-key.ts';
import { winnerSchema } from './winner.ts';

export interface CollectionSpec<S extends ZodType = ZodType> {
  /** Folder under the repository root, without trailing slash. */
  folder: string;
  /**
   * Glob for the entry files inside `folder`. Markdown collections read `.md` only: content is data,
   * and an `.mdx` file is a program (its imports and {expressions} run in the build), so the content
   * check refuses one anywhere under content/ (src/lib/content/check-fs.ts) rather than skip it.
   */
  pattern: string;
  /** `markdown`: front matter plus body; `data`: a whole YAML file. */
  format: 'markdown' | 'data';
  /** The zod schema every entry must satisfy; the entry's type is derived from it (CollectionData). */
  schema: S;
}

export const collectionSpecs = {
  releases: { folder: 'content/releases', pattern: '**/*.md', format: 'markdown', schema: releaseSchema },
  pages: { folder: 'content/pages', pattern: '**/*.md', format: 'markdown', schema: pageSchema },
  editions: { folder: 'content/editions', pattern: '**/*.{yaml,yml}', format: 'data', schema: editionSchema },
  winners: { folder: 'content/winners', pattern: '**/*.{yaml,yml}', format: 'data', schema: winnerSchema },
  achievements: { folder: 'content/achievements', pattern: '**/*.{yaml,yml}', format: 'data', schema: achievementSchema },
  partners: { folder: 'content/partners', pattern: '**/*.{yaml,yml}', format: 'data', schema: partnerSchema },
  settings: { folder: 'content/settings', pattern: 'site.{yaml,yml}', format: 'data', schema: settingsSchema },
  faq: { folder: 'content/faq', pattern: '**/*.md', format: 'markdown', schema: faqSchema },
  guides: { folder: 'content/guides', pattern: 'how-to-earn.{yaml,yml}', format: 'data', schema: earningGuideSchema },
  awards: { folder: 'content/awards', pattern: '**/*.{yaml,yml}', format: 'data', schema: awardSchema },
  keys: { folder: 'content/keys', pattern: '**/*.json', format: 'data', schema: publicJwkSchema },
} as const satisfies Record<string, CollectionSpec>;

export type CollectionName = keyof typeof collectionSpecs;

/** The data of one valid entry of collection `C`: what its schema outputs, e.g. CollectionData<'awards'> is Award. */
export type CollectionData<C extends CollectionName> = z.output<(typeof collectionSpecs)[C]['schema']>;
