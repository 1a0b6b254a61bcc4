// Wires each collection in src/schemas/collections.ts to its folder. Nothing else belongs here.
// Awards and public keys are not Astro collections: no page queries them (the badge integration reads
// them through the content check, src/lib/content/check-fs.ts, which validates them with the same
// schemas), and loading thousands of awards into Astro's data store would cost seconds per build.
import { defineCollection, type SchemaContext } from 'astro:content';
import { glob } from 'astro/loaders';
import type { ZodType } from 'astro/zod';
import { publishedOnly } from './lib/content/published-loader.ts';
import { attachPhotos, uploadImportPath } from './lib/content/uploads.ts';
import { buildTime, isPublished } from './lib/dates/schedule.ts';
import { collectionSpecs as specs } from './schemas/collections.ts';
import type { Release } from './schemas/release.ts';

const from = ({ pattern, folder }: { pattern: string; folder: string }) => glob({ pattern, base: `./${folder}` });

/** The schema, with each uploaded photo handed to astro:assets (image()) as `photo`: see src/lib/content/uploads.ts. */
const withPhotos =
  <S extends ZodType>(schema: S) =>
  ({ image }: SchemaContext) =>
    schema.transform((data) => attachPhotos(data, (name) => image().parse(uploadImportPath(name))));

/** Releases on the site as of the build's clock: a held-back release is not loaded, so neither is its photo. */
const shownRelease = (data: Record<string, unknown>) => isPublished(data as Release, buildTime());

export const collections = {
  releases: defineCollection({ loader: publishedOnly(from(specs.releases), shownRelease), schema: withPhotos(specs.releases.schema) }),
  pages: defineCollection({ loader: from(specs.pages), schema: withPhotos(specs.pages.schema) }),
  editions: defineCollection({ loader: from(specs.editions), schema: withPhotos(specs.editions.schema) }),
  winners: defineCollection({ loader: from(specs.winners), schema: withPhotos(specs.winners.schema) }),
  achievements: defineCollection({ loader: from(specs.achievements), schema: withPhotos(specs.achievements.schema) }),
  partners: defineCollection({ loader: from(specs.partners), schema: withPhotos(specs.partners.schema) }),
  settings: defineCollection({ loader: from(specs.settings), schema: withPhotos(specs.settings.schema) }),
  faq: defineCollection({ loader: from(specs.faq), schema: specs.faq.schema }),
  guides: defineCollection({ loader: from(specs.guides), schema: specs.guides.schema }),
};
