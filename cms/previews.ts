/**
 * Previews that look like the published pages: the same markup and class names as
 * src/pages/news/[slug].astro, src/pages/challenge/[year].astro and src/pages/faq.astro, styled by the site's own CSS
 * (registered in main.ts), with dates written as the site writes them.
 */
import { createElement as h, Fragment, type ReactNode } from 'react';
import { statusText } from '../src/lib/site/edition.ts';
import { UNCONFIRMED_LABEL } from '../src/lib/site/faq.ts';
import { formatDate, formatTime } from '../src/lib/dates/format.ts';
import { isPublished, kingstonInstant } from '../src/lib/dates/schedule.ts';
import type { Edition, Milestone } from '../src/schemas/edition.ts';
import type { Faq } from '../src/schemas/faq.ts';
import type { Release } from '../src/schemas/release.ts';

interface PreviewProps {
  entry: { getIn: (path: string[]) => { toJS?: () => unknown } | unknown };
  widgetFor: (name: string) => ReactNode;
  getAsset: (path: string) => { toString(): string } | undefined;
}

/** The entry's data as plain values, whatever is filled in so far. */
function dataOf<T>(props: PreviewProps): Partial<T> {
  const data = props.entry.getIn(['data']) as { toJS?: () => unknown } | undefined;
  return (data?.toJS?.() ?? {}) as Partial<T>;
}

/** A date as the site writes it, or the text as typed while it is not yet a date. */
function day(value: unknown, weekday = false): string {
  const text = String(value ?? '');
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? formatDate(text, { weekday }) : text;
}

/**
 * The line under a release's headline: "Published <date>" only when the site shows it now, by the
 * build's own rule (src/lib/dates/schedule.ts isPublished); otherwise that it is a draft, or when it is scheduled.
 */
/**
 * The page draws a release's photo at most 1200x720 CSS px (src/lib/content/photo-box.ts, with width and
 * height from the photo); the preview only has the upload, so the same box is set here, or a portrait
 * phone photo would fill several screens.
 */
const PREVIEW_HERO = { maxWidth: 'min(100%, 1200px)', maxHeight: '720px', width: 'auto', height: 'auto' };

export function releaseStatusLine(r: Partial<Release>, now: Date): string {
  if (r.draft) return 'Draft: not published. Turn “Draft” off to publish it.';
  const at = typeof r.publishAt === 'string' ? r.publishAt : undefined;
  if (at && kingstonInstant(at) && !isPublished({ draft: false, publishAt: kingstonInstant(at)!.toISOString() }, now)) {
    const [dayPart = '', time = ''] = at.split('T');
    return `Scheduled for ${day(dayPart)}, ${formatTime(time)} (Kingston time)`;
  }
  // A date still to come holds the release back until that day begins in Kingston (src/lib/dates/schedule.ts).
  if (r.date && !isPublished({ draft: false, date: r.date }, now)) return `Scheduled for ${day(r.date)}, ${formatTime('00:00')} (Kingston time)`;
  return `Published ${r.date ? day(r.date) : '(no date yet)'}`;
}

export function ReleasePreview(props: PreviewProps) {
  const r = dataOf<Release>(props);
  const hero = r.hero?.src ? String(props.getAsset(r.hero.src) ?? r.hero.src) : undefined;
  return h(
    'article',
    { className: 'wrap', style: { padding: '1rem 0' } },
    h(
      'header',
      { className: 'prose' },
      h('p', { className: 'eyebrow' }, r.category ?? 'Category not chosen'),
      h('h1', null, r.title || 'Untitled release'),
      h('p', { className: 'muted' }, releaseStatusLine(r, new Date()), r.source?.name ? ` · Source: ${r.source.name}` : ''),
      r.summary ? h('p', { className: 'lede' }, r.summary) : null,
    ),
    hero
      ? h('figure', null, h('img', { src: hero, alt: r.hero?.alt ?? '', style: PREVIEW_HERO }), h('figcaption', { className: 'figure-credit' }, `Photo: ${r.hero?.credit ?? '(add the photo credit)'}`))
      : null,
    h('div', { className: 'prose' }, props.widgetFor('body')),
  );
}

function when(m: Partial<Milestone>): string {
  if (!m.date) return m.dateNote ?? '';
  if (m.time) return `${day(m.date, true)}, ${formatTime(m.time)} (Kingston time)`;
  if (m.endDate) return `${day(m.date)} to ${day(m.endDate)}`;
  return day(m.date, true);
}

export function EditionPreview(props: PreviewProps) {
  const e = dataOf<Edition>(props);
  const list = (items: unknown[] | undefined) => h('ul', null, ...(items ?? []).map((item, i) => h('li', { key: i }, String(item))));
  return h(
    'div',
    { className: 'wrap', style: { padding: '1rem 0' } },
    h('p', { className: 'eyebrow' }, e.status && e.year ? statusText({ status: e.status, year: Number(e.year) }) : ''),
    h('h1', null, `The ${e.year ?? '(year)'} Challenge: ${e.title ?? ''}`),
    e.summary ? h('p', { className: 'lede' }, e.summary) : null,
    e.placeholder ? h('p', { className: 'notice' }, h('strong', null, 'Placeholder:'), ' the details of this year are not the real announcement yet.') : null,
    // The page says "Not published" with the program contact when there is none (src/components/TakePart.astro).
    h('h2', null, 'Prizes and recognition'),
    e.recognition?.length ? list(e.recognition) : h('p', { className: 'muted' }, `None yet: the page says they are not published for ${e.year ?? 'this year'} and names the program contact to ask.`),
    h('h2', null, 'Timeline'),
    h(
      'ol',
      { className: 'timeline' },
      ...(e.timeline ?? []).map((m, i) =>
        h(
          'li',
          { key: i },
          h('h3', null, m.label ?? ''),
          h('p', { className: 'when' }, when(m)),
          m.description ? h('p', null, m.description) : null,
          m.virtual || m.location ? h('p', { className: 'muted' }, `Where: ${m.virtual ? 'Online' : m.location}`) : null,
        ),
      ),
    ),
    h(
      'div',
      { className: 'prose' },
      h(Fragment, null, h('h2', null, 'Who can enter'), list(e.eligibility)),
      h('h2', null, 'What to submit'),
      h('p', null, e.proposalFormat ?? ''),
      h('h2', null, 'Criteria'),
      list(e.criteria?.items),
      e.selection ? h('p', null, e.selection) : null,
      h('h2', null, 'How to enter'),
      h('p', null, e.howToEnter?.instructions ?? ''),
      e.howToEnter?.registrationUrl && e.status === 'open' ? h('p', null, h('a', { className: 'button', href: e.howToEnter.registrationUrl }, `Register for the ${e.year} Challenge`)) : null,
    ),
  );
}

/** A question as /faq/ shows it: the question, the "not confirmed" label, the answer. */
export function FaqPreview(props: PreviewProps) {
  const q = dataOf<Faq>(props);
  return h(
    'div',
    { className: 'wrap prose', style: { padding: '1rem 0' } },
    h('p', { className: 'eyebrow' }, q.topic ?? 'Topic not chosen'),
    h('h3', null, q.question || 'Untitled question'),
    q.placeholder ? h('p', null, h('span', { className: 'tag tag--sample' }, UNCONFIRMED_LABEL)) : null,
    props.widgetFor('body'),
  );
}
