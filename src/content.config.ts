// Wires each collection in src/schemas/collections.ts to its folder. Nothing else belongs here.
// Awards and public keys are not Astro collections: no page queries them (the badge integration reads
// them through the content check, src/lib/content/check-fs.ts, which validates them with the same
// schemas), and loading thousands of awards into Astro's data store would cost seconds per build.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { collectionSpecs as specs } from './schemas/collections.ts';

const from = ({ pattern, folder }: { pattern: string; folder: string }) => glob({ pattern, base: `./${folder}` });

export const collections = {
  releases: defineCollection({ loader: from(specs.releases), schema: specs.releases.schema }),
  pages: defineCollection({ loader: from(specs.pages), schema: specs.pages.schema }),
  editions: defineCollection({ loader: from(specs.editions), schema: specs.editions.schema }),
  winners: defineCollection({ loader: from(specs.winners), schema: specs.winners.schema }),
  achievements: defineCollection({ loader: from(specs.achievements), schema: specs.achievements.schema }),
  partners: defineCollection({ loader: from(specs.partners), schema: specs.partners.schema }),
  settings: defineCollection({ loader: from(specs.settings), schema: specs.settings.schema }),
};
