/**
 * One year of the Challenge, one YAML file in content/editions/ named after the year (2022.yaml).
 * The year is the URL: /challenge/2022/.
 */
import { z } from 'astro/zod';
import { isoDate, localTime, numberField, requiredText, slug, webUrl } from './shared.ts';

/** Where an edition is in its cycle; the home page and the edition page word their calls to action from it. */
export const EDITION_STATUSES = ['upcoming', 'open', 'judging', 'closed'] as const;

/** Kinds of milestone; `final-event` also becomes a schema.org Event. */
export const MILESTONE_KINDS = [
  'registration-deadline',
  'micro-credential-training',
  'submission-deadline',
  'final-event',
  'other',
] as const;

export const milestoneSchema = z
  .strictObject({
    /** What happens, e.g. "Micro-credential registration closes". */
    label: requiredText('a label saying what happens at this milestone'),
    /** Which kind of milestone this is. */
    kind: z.enum(MILESTONE_KINDS, { error: `Expected one of: ${MILESTONE_KINDS.join(', ')}.` }),
    /** The day, YYYY-MM-DD. Leave out only when the date was never published; then say so in `dateNote`. */
    date: isoDate.optional(),
    /** Last day of a milestone that spans several days (training, for instance), YYYY-MM-DD. */
    endDate: isoDate.optional(),
    /** Shown instead of a date when there is none, e.g. "While you prepare your proposal". */
    dateNote: z.string().trim().min(1).optional(),
    /** Start time in Kingston (24-hour HH:MM), when one was announced. With endDate it starts then on `date` and runs to the end of `endDate`. */
    time: localTime.optional(),
    /** True when the milestone happens online. */
    virtual: z.boolean().default(false),
    /** Venue and address when the milestone happens in person. */
    location: z.string().trim().min(1).optional(),
    /** A sentence or two of detail shown under the label. */
    description: z.string().trim().min(1).optional(),
  })
  .superRefine((m, ctx) => {
    if (!m.date && !m.dateNote && m.kind !== 'final-event') {
      ctx.addIssue({
        code: 'custom',
        path: ['date'],
        message: 'Add a date (YYYY-MM-DD), or a dateNote explaining when it happens if no date was published.',
      });
    }
    if (m.endDate && m.date && m.endDate < m.date) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: `endDate ${m.endDate} is before the first day (${m.date}). Correct whichever of the two is wrong.` });
    }
    if (m.kind === 'final-event' && !m.date) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'The final event needs a date (YYYY-MM-DD).' });
    }
    if (m.kind === 'final-event' && !m.virtual && !m.location) {
      ctx.addIssue({
        code: 'custom',
        path: ['location'],
        message: 'Say where the final event happens: add a location, or set virtual: true.',
      });
    }
  });

export const editionSchema = z.strictObject({
  /** The Challenge year; must match the file name (2022.yaml has year: 2022). */
  year: numberField('the year', '2022')
    .int('Expected a four-digit year, for example 2022.')
    .min(2000, 'Expected a four-digit year, for example 2022.')
    .max(2100, 'Expected a four-digit year, for example 2022.'),
  /** Headline for the year, e.g. "Make Kingston a better place to live, work and play". */
  title: requiredText('a title for this edition'),
  /** Two or three sentences on the theme, shown on the home page and the edition page. */
  summary: requiredText('a summary of this edition (two or three sentences)'),
  /** Where the edition is in its cycle. */
  status: z.enum(EDITION_STATUSES, { error: `Expected one of: ${EDITION_STATUSES.join(', ')}.` }),
  /** Dated milestones in the order they happen. */
  timeline: z.array(milestoneSchema).min(1, 'Add at least one milestone to the timeline.'),
  /** Who may enter, one point per item. */
  eligibility: z.array(requiredText('an eligibility point')).min(1, 'Add at least one eligibility point.'),
  /** What an entry looks like (length, medium), in a sentence or two. */
  proposalFormat: requiredText('the proposal format (what an entry looks like)'),
  /** Criteria a proposal must meet. `minimumToMeet` says how many of them at least. */
  criteria: z.strictObject({
    /** How many criteria a proposal must meet at least (1 = "at least one of"). */
    minimumToMeet: numberField('how many criteria a proposal must meet', '1')
      .int('Expected a whole number of criteria, for example 1.')
      .min(1, 'A proposal must meet at least 1 criterion; use 1 for "at least one of".')
      .default(1),
    /** The criteria, one per item. */
    items: z.array(requiredText('a judging criterion')).min(1, 'Add at least one criterion.'),
  }),
  /**
   * Prizes or other recognition for finalists and winners, one per item, as announced. Leave out while
   * none are published: the year's page then says so and names the program contact to ask.
   */
  recognition: z.array(requiredText('a prize or form of recognition')).min(1, 'Add at least one item, or remove the field if none was published.').optional(),
  /** Who chooses the finalists and who judges at the final event. */
  selection: z.string().trim().min(1).optional(),
  /** How to enter: the registration form and any instructions. */
  howToEnter: z.strictObject({
    /** Steps or instructions, in a sentence or two. */
    instructions: requiredText('instructions on how to enter'),
    /** The registration form's address; leave out when registration has not opened or has closed. */
    registrationUrl: webUrl.optional(),
  }),
  /** Slugs of organisations in content/partners/ that run or support this edition. */
  partners: z.array(slug).default([]),
  /** Slug of the micro-credential in content/achievements/ offered to this edition's students, if any. */
  achievement: slug.optional(),
  /**
   * True while this year is an illustration rather than the real announcement (dates or details made up
   * to try the site out). A production build refuses any entry that still has `placeholder: true`.
   */
  placeholder: z.boolean().default(false),
});

export type Milestone = z.output<typeof milestoneSchema>;
export type Edition = z.output<typeof editionSchema>;
