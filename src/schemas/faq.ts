/**
 * A frequently asked question, one Markdown (.md) file in content/faq/: the question and its topic in
 * the front matter, the answer as the body (which may hold only the HTML src/lib/content/markdown-body.ts
 * allows). /faq/ lists every question by topic; the how-to-earn page of a micro-credential shows the
 * questions of the topics about earning and using it.
 */
import { z } from 'astro/zod';
import { numberField, requiredText } from './shared.ts';

/** The topics, in the order /faq/ shows them. The value is the heading readers see. */
export const FAQ_TOPICS = ['Taking part in the Challenge', 'Earning the micro-credential', 'Your credential'] as const;

/** Topics whose questions the how-to-earn page of a micro-credential repeats under its steps. */
export const EARNING_TOPICS: readonly (typeof FAQ_TOPICS)[number][] = ['Earning the micro-credential', 'Your credential'];

export const faqSchema = z.strictObject({
  /** The question as a student would ask it, e.g. "Does the micro-credential cost anything?". */
  question: requiredText('the question'),
  /** Which group of questions it belongs to on /faq/. */
  topic: z.enum(FAQ_TOPICS, { error: `Expected one of: ${FAQ_TOPICS.join(', ')}.` }),
  /** Position within its topic: lower numbers come first (ties by question). */
  order: numberField('its position within the topic', '1').int('Expected a whole number, for example 1.').default(100),
  /**
   * True while the answer is not confirmed (the page labels it "To be confirmed before launch"). A
   * production build refuses any entry that still has `placeholder: true`.
   */
  placeholder: z.boolean().default(false),
});

export type Faq = z.output<typeof faqSchema>;
