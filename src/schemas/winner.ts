/**
 * A winning or finalist entry, one YAML file in content/winners/.
 * Real results only: an entry marked `sample: true` is shown with a visible "Sample" label.
 */
import { z } from 'astro/zod';
import { image, numberField, requiredText } from './shared.ts';
import { video } from './video.ts';

export const winnerSchema = z.strictObject({
  /** The year of the edition in content/editions/ this entry belongs to, e.g. 2022. */
  edition: numberField('the edition year', '2022').int('Expected a four-digit year, for example 2022.'),
  /** The award: "First place", "People's choice", "Finalist"… */
  placement: requiredText('the placement or award category, e.g. "First place"'),
  /** Lower numbers are listed first within an edition (1 for first place). */
  rank: numberField('the rank', '1').int('Expected a whole number, 1 for first place.').min(1, 'Rank starts at 1 (first place).').default(99),
  /** The team's name as it wants to be shown. */
  team: requiredText('the team name'),
  /** Members' display names, as they agreed to have them published. */
  members: z.array(requiredText('a member display name')).default([]),
  /** The members' post-secondary institution(s). */
  institution: requiredText('the institution (e.g. "Queen\'s University")'),
  /** The proposal's title. */
  proposalTitle: requiredText('the proposal title'),
  /** Two or three sentences on what the team proposed. */
  summary: requiredText('a short summary of the proposal'),
  /** The proposal video on YouTube or Vimeo, shown on the card as a player that loads only when pressed. */
  video: video.optional(),
  /** A team photo or still, with alt text. */
  image: image.optional(),
  /** True for illustrative entries that are not real results; the page labels them "Sample". */
  sample: z.boolean().default(false),
});

export type Winner = z.output<typeof winnerSchema>;
