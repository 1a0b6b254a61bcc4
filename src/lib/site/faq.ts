/** Questions from content/faq/ as pages show them: grouped by topic in the schema's order, then by `order`. */
import { FAQ_TOPICS, type Faq } from '../../schemas/faq.ts';

/** The label shown on an answer that is not confirmed yet (`placeholder: true`). */
export const UNCONFIRMED_LABEL = 'To be confirmed before launch';

/** Entries sorted by `order`, ties by question, so the page order never depends on file names. */
export function sortFaq<E extends { data: Faq }>(entries: readonly E[]): E[] {
  return [...entries].sort((a, b) => a.data.order - b.data.order || a.data.question.localeCompare(b.data.question));
}

/** Topics that have questions, in the schema's order, each with its questions sorted. */
export function faqByTopic<E extends { data: Faq }>(entries: readonly E[], topics: readonly Faq['topic'][] = FAQ_TOPICS): { topic: Faq['topic']; entries: E[] }[] {
  return topics.map((topic) => ({ topic, entries: sortFaq(entries.filter((e) => e.data.topic === topic)) })).filter((group) => group.entries.length > 0);
}
