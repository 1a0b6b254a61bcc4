/**
 * Each checked partner endorsement under its line of the verify page's log: who, when and what they
 * said (their own words, as text), or why it does not count. Loaded with the endorsement check, after
 * the verdict is shown, so a badge's verdict waits for none of it.
 */
import { longDate } from '../../lib/dates/long-date.ts';
import { STATUS_WORDS } from '../../lib/verify/explain.ts';
import type { EndorsementFacts } from '../../lib/verify/types.ts';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, content?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (content !== undefined) node.textContent = content;
  if (className) node.className = className;
  return node;
}

export function endorsementList(endorsements: readonly EndorsementFacts[]): HTMLElement {
  const list = element('ul', undefined, 'endorsements-checked');
  for (const e of endorsements) {
    const entry = element('li');
    entry.dataset.status = e.status;
    const said = e.partner ? `${e.partner}, ${e.date ? longDate(Date.parse(e.date)) : ''}` : '';
    entry.append(element('strong', `${STATUS_WORDS[e.status]}:`), ' ', element('span', said || e.detail));
    if (e.comment) entry.append(' ', element('q', e.comment));
    list.append(entry);
  }
  return list;
}
