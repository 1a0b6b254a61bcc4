/**
 * How each collection appears in Decap CMS: folder and format come from src/schemas/collections.ts,
 * fields from the zod schemas (cms/fields.ts); here is only what editors see on top: labels, hints,
 * widgets, slugs, list views.
 */
import type { CmsCollection } from 'decap-cms-core';
import { collectionSpecs, type CollectionName } from '../src/schemas/collections.ts';
import { badgePaths } from '../src/lib/ob3/urls.ts';
import { RELEASE_CATEGORIES } from '../src/schemas/release.ts';
import { fieldsOf, type FieldOverrides } from './fields.ts';
import { FRONTMATTER_FORMAT, YAML_FORMAT } from './formats.ts';
import { lengthPattern } from './widgets/counted-string.ts';

/** Collections edited in the CMS; `keys` is not: public keys come only from npm run keys:new. */
export const CMS_COLLECTIONS = ['releases', 'editions', 'winners', 'achievements', 'partners', 'pages', 'faq', 'guides', 'awards', 'settings'] as const satisfies readonly CollectionName[];

const IMAGE_HINT = 'Upload a picture, then describe it in Alt text for people who cannot see it.';
/**
 * Titles and names that make an entry's file name are kept well inside the 255 bytes a file name may
 * have (a release's also holds its date and ".md"); the pre-save check measures the real name too.
 */
export const NAME_MAX = 200;
const naming = (what: string, hint: string) => ({ widget: 'counted-string', max_length: NAME_MAX, pattern: lengthPattern(NAME_MAX, what), hint: `${hint} At most ${NAME_MAX} characters: it also names the file.` });
/** The Markdown body: the editor opens in Markdown mode (main.ts), and says what pasting does. */
export const BODY_HINT = 'Written in Markdown: **bold**, _italic_, ## Heading, [link text](https://…), a line starting with "- " for a list. Paste Markdown in Markdown mode (the default), not in Rich Text, or it is published as typed.';
const URL_PATTERN: [string, string] = ['^https?://\\S+$', 'Enter a full web address starting with https://'];
const videoFields = (prefix: string, hint: string): FieldOverrides => ({
  [prefix]: { label: 'Video', hint },
  [`${prefix}.url`]: { label: 'Video link', hint: 'Paste the link from YouTube or Vimeo (Share, then Copy), e.g. https://youtu.be/… or https://vimeo.com/…. The page shows a play button and loads the player only when a reader presses it.' },
  [`${prefix}.title`]: { label: 'Video title', hint: 'What the video shows, in a few words: screen readers announce it on the play button.' },
});
const imageFields = (prefix: string): FieldOverrides => ({
  // choose_url: false: no "Insert from URL". Public pages show only this site's own images.
  [`${prefix}.src`]: { label: 'Image', widget: 'image', choose_url: false, hint: IMAGE_HINT },
  [`${prefix}.alt`]: { label: 'Alt text', hint: 'Needed whenever there is an image: what it shows, in a sentence.' },
});

export const OVERRIDES: Record<(typeof CMS_COLLECTIONS)[number], FieldOverrides> = {
  releases: {
    title: naming('title', 'The headline, as it appears on the news page and in search results.'),
    date: {
      label: 'Publication date',
      default: '{{now}}',
      hint: 'A date still to come holds the release back until 00:00 Kingston time that day: it appears with the first hourly build after midnight, so it is never shown dated in the future. “Today” fills in today’s date in Kingston.',
    },
    summary: { widget: 'text', hint: 'One or two sentences (under 300 characters) for lists, search and link previews.' },
    hero: { label: 'Photo', hint: 'Optional photo at the top of the release.' },
    ...imageFields('hero'),
    'hero.credit': { label: 'Photo credit', hint: 'Needed whenever there is a photo: who took or owns it, e.g. "City of Kingston".' },
    source: { hint: 'Who published the original, shown as "Source: …".' },
    'source.url': { pattern: URL_PATTERN },
    ...videoFields('video', 'Optional. A video on YouTube or Vimeo, shown under the photo. The only way to show a video: the text cannot embed one.'),
    draft: { hint: 'Drafts are checked but not published.' },
    publishAt: {
      label: 'Publish at (Kingston time)',
      widget: 'kingston-date',
      time: true,
      hint: 'Optional. Leave empty to publish with the next build (or at 00:00 on the publication date, if that is still to come). With a date and time, the release appears at the first hourly build after it, Kingston time whatever your computer’s time zone. Anyone who can read the repository can read it before then.',
    },
  },
  editions: {
    year: { pattern: ['^\\d{4}$', 'Enter the four-digit year, e.g. 2027.'], hint: 'The Challenge year. The page address is /challenge/<year>/.' },
    summary: { widget: 'text' },
    status: { hint: 'Upcoming, open for entries, judging, or closed. The home page words its call to action from this.' },
    timeline: { label: 'Key dates', label_singular: 'key date', hint: 'Milestones in the order they happen.', summary: "{{fields.label}} ({{fields.date | default('no date')}})" },
    'timeline.kind': { hint: 'A "final event" also appears in search engines as an event.' },
    'timeline.date': { hint: 'Leave empty only if no date was announced; then fill in Date note.' },
    'timeline.endDate': { label: 'Last day', hint: 'For milestones over several days.' },
    'timeline.dateNote': { hint: 'Shown instead of a date, e.g. "While you prepare your proposal".' },
    'timeline.time': { label: 'Start time', pattern: ['^([01]\\d|2[0-3]):[0-5]\\d$', 'Use the 24-hour clock, HH:MM, e.g. 18:30.'], hint: 'Kingston time, 24-hour clock (18:30).' },
    'timeline.location': { hint: 'Venue and address, when in person.' },
    'timeline.description': { widget: 'text' },
    eligibility: { label: 'Eligibility criteria', label_singular: 'eligibility criterion', hint: 'One point per item.' },
    'criteria.items': { label: 'Criteria', label_singular: 'criterion' },
    proposalFormat: { widget: 'text' },
    'criteria.minimumToMeet': { label: 'Criteria a proposal must meet (at least)' },
    selection: { widget: 'text', hint: 'Who chooses the finalists and who judges.' },
    'howToEnter.instructions': { widget: 'text' },
    'howToEnter.registrationUrl': { pattern: URL_PATTERN, hint: 'The registration form; leave empty once registration closes.' },
    recognition: { label: 'Prizes and recognition', label_singular: 'prize or recognition', hint: 'As announced, one per item (e.g. "First place: …"). Leave empty while nothing is announced: the page then says so and names the program contact to ask.' },
    partners: { widget: 'relation', collection: 'partners', search_fields: ['name'], value_field: '{{slug}}', display_fields: ['name'], multiple: true },
    achievement: { label: 'Micro-credential', widget: 'relation', collection: 'achievements', search_fields: ['name'], value_field: 'slug', display_fields: ['name'] },
    placeholder: { hint: 'On while this year is only an illustration (made-up dates or details). The page says so, and a production build refuses it.' },
  },
  winners: {
    edition: { widget: 'relation', collection: 'editions', search_fields: ['year', 'title'], value_field: 'year', display_fields: ['year'] },
    rank: { hint: '1 for first place; lower numbers are listed first.' },
    team: naming('team name', 'The team’s name as it is published.'),
    members: { label_singular: 'member', hint: 'Display names, as the members agreed to have them published.' },
    summary: { widget: 'text' },
    ...videoFields('video', 'Optional. The proposal video on YouTube or Vimeo.'),
    image: { hint: 'Optional team photo.' },
    ...imageFields('image'),
    sample: { hint: 'Only for illustrative entries; pages label them "Sample".' },
  },
  achievements: {
    slug: { pattern: ['^[a-z0-9]+(?:-[a-z0-9]+)*$', 'Lower-case letters, digits and hyphens, e.g. innovation-skills.'], hint: 'The permanent address: /micro-credentials/<slug>/. Never change it once credentials are issued.' },
    description: { widget: 'text' },
    criteria: { widget: 'text', hint: 'How the badge is earned, in plain language. Appears on every credential.' },
    hours: { label: 'Hours of learning' },
    competencies: { label_singular: 'competency', summary: '{{fields.name}}' },
    'competencies.description': { widget: 'text' },
    'competencies.url': { pattern: URL_PATTERN },
    'competencies.alignments': {
      label: 'In published frameworks',
      label_singular: 'framework alignment',
      summary: '{{fields.targetFramework}}: {{fields.targetName}}',
      hint: 'Optional. The same competency in a published framework (Skills for Success, ESCO, EntreComp…), only as looked up in the framework itself: every credential carries it.',
    },
    'competencies.alignments.targetFramework': { label: 'Framework', hint: 'Its name, e.g. Skills for Success (Government of Canada).' },
    'competencies.alignments.targetName': { label: 'Name in the framework', hint: 'The framework’s own name for the competency, exactly as it writes it.' },
    'competencies.alignments.targetUrl': { label: 'Framework page', pattern: URL_PATTERN, hint: 'The framework’s own page or record for this competency, copied from the browser’s address bar. Never a guessed address.' },
    'competencies.alignments.targetCode': { label: 'Code', hint: 'The framework’s code for it, where it has codes (e.g. 1.2). Leave empty otherwise.' },
    'competencies.alignments.targetDescription': { label: 'Description in the framework', widget: 'text', hint: 'Optional: the framework’s own short description.' },
    'competencies.alignments.targetType': { label: 'Record type (Open Badges)', hint: 'Only for a Credential Engine (CTDL) or CASE record; leave empty for any other framework.' },
    'competencies.alignments.source': { label: 'Looked up', widget: 'text', hint: 'Where and when you looked it up, e.g. "Looked up 2026-12-06 in https://…, section …". Kept with the content, not issued.' },
    ...imageFields('image'),
    achievementType: { label: 'Open Badges achievement type' },
    creditsAvailable: { label: 'Credit hours', hint: 'Only if an institution grants academic credit for it.' },
    validityMonths: { label: 'Valid for (months)', hint: 'Leave empty if the credential never expires.' },
    completion: { label: 'Completion rule (onQ export)', hint: 'Who counts as having completed, read from the onQ grade export by npm run awards:import. Without it the import stops rather than guess.' },
    'completion.gradeItem': { label: 'Grade item', hint: 'The grade item as onQ names it, e.g. Innovation Skills Training (not the "Points Grade <…>" the export adds).' },
    'completion.minimumPercent': { label: 'Pass mark (%)', hint: 'A percentage of the item’s maximum, e.g. 70. Leave empty for a Pass/Fail item and fill Pass symbols instead.' },
    'completion.passSymbols': { label: 'Pass symbols', label_singular: 'pass symbol', hint: 'For a Pass/Fail or symbol item: the symbols that mean completed, e.g. Pass. Leave empty when a pass mark is set.' },
    assessment: { label: 'How it is assessed', hint: 'Stated on the micro-credential’s page and in every credential’s criteria, followed by the completion rule’s pass mark.' },
    'assessment.method': { label: 'Assessment', widget: 'text', hint: 'In plain words: what is graded, where and by whom, e.g. the graded activities in onQ.' },
    'assessment.placeholder': { label: 'Placeholder (not yet confirmed)', hint: 'On while the assessment is not confirmed by the program. Pages say so, and a production build refuses it.' },
    active: { hint: 'Turn off to stop awarding it. Credentials already issued stay valid.' },
  },
  partners: {
    name: naming('name', 'The partner’s name as it is shown on the site.'),
    url: { label: 'Website', pattern: URL_PATTERN },
    description: { widget: 'text' },
    ...imageFields('logo'),
    order: { hint: 'Lower numbers are listed first.' },
  },
  pages: {
    title: naming('title', 'The page heading; the page address is made from it.'),
    description: { widget: 'text', hint: 'One sentence for search results and link previews.' },
    eyebrow: { hint: 'A short line above the heading, e.g. "Micro-credentials".' },
    updated: { label: 'Last updated' },
  },
  faq: {
    question: naming('question', 'The question as a student would ask it.'),
    topic: { hint: 'The group it is listed under on /faq/. Questions about earning the micro-credential and about your credential also appear on each "How to earn and claim" page.' },
    order: { label: 'Position', hint: 'Lower numbers are listed first within the topic.' },
    placeholder: { label: 'Not confirmed yet', hint: 'On while the answer is not confirmed: the page labels it "To be confirmed before launch", and a production build refuses it.' },
  },
  guides: {
    intro: { widget: 'text', hint: 'One or two sentences under the page title.' },
    ...Object.fromEntries(
      (['register', 'training', 'assessment', 'email', 'credentialPage', 'linkedIn', 'wallet', 'certificate'] as const).flatMap((step) => [
        [`${step}.text`, { widget: 'text', hint: 'A sentence or two of plain text. The page adds the facts after it (dates, links, hours, the pass mark, contacts) from the micro-credential, the Challenge year and the site settings: do not type them here.' }],
      ]),
    ),
  },
  awards: {
    credentialId: { label: 'Credential id', widget: 'generated-id', kind: 'uuid', show_page: true, hint: 'Made automatically. Never change it. Once saved, the link to the earner’s page appears here.' },
    subjectId: { label: 'Recipient id', widget: 'generated-id', kind: 'urn-uuid', hint: 'Made automatically; random, not derived from the email.' },
    achievement: { label: 'Micro-credential', widget: 'relation', collection: 'achievements', search_fields: ['name'], value_field: 'slug', display_fields: ['name'] },
    publishName: { label: 'Publish the name', hint: 'Only with the recipient’s consent. The name is then signed into the credential and shown on its page. Otherwise leave Recipient name empty: no name is kept and pages say "a verified recipient".' },
    recipientName: { hint: 'Only when Publish the name is on: as the recipient agreed to have it shown.' },
    identifier: { label: 'Recipient email', widget: 'hashed-email', hint: 'Type the email: it is hashed here in your browser and only the hash is saved.' },
    matchKey: { hidden: true },
    awardedDate: { label: 'Date awarded', default: '{{now}}' },
    expires: { label: 'Expires on', hint: 'Only to end validity earlier or later than the micro-credential’s usual period.' },
    evidence: { label: 'Pieces of evidence', label_singular: 'piece of evidence', summary: '{{fields.narrative}}' },
    'evidence.url': { pattern: URL_PATTERN },
    'evidence.narrative': { widget: 'text' },
    statusIndex: { label: 'Status list slot', widget: 'generated-id', kind: 'status-index', hint: 'Made automatically. Never change or reuse it.' },
    revoked: { hint: 'Withdraws the credential for good. Needs a reason and a date.' },
    revokedReason: { label: 'Reason for revoking', widget: 'text', hint: 'Needed only when Revoked is on. Kept in the record, not published unless “Publish the reason” is on.' },
    revokedReasonPublic: { label: 'Publish the reason', hint: 'Off by default. On shows the reason to anyone who verifies the credential, beside the date it was revoked. Leave it off if the reason is about the person.' },
    revokedDate: { label: 'Date revoked', hint: 'Needed only when Revoked is on. Published: verifiers show “Revoked on” this date.' },
    suspended: { hint: 'Pauses the credential until turned off again.' },
    sample: { hint: 'Only for made-up example recipients.' },
  },
  settings: {
    description: { widget: 'text' },
    'organization.url': { pattern: URL_PATTERN },
    'organization.linkedInId': {
      label: 'LinkedIn company id',
      hint: 'Optional. The number in the City’s LinkedIn company page admin address (linkedin.com/company/<number>/admin/). With it, earners’ “Add to LinkedIn profile” links show the City’s logo and link to its page; without it, LinkedIn shows the name as plain text.',
    },
    ...imageFields('logo'),
    ...imageFields('socialImage'),
    social: { label: 'Social media links', label_singular: 'social media link', summary: '{{fields.network}}: {{fields.url}}' },
    'social.url': { pattern: URL_PATTERN },
    contactEmail: { label: 'General contact email', hint: 'Used where no named contact is set.' },
    contacts: { label: 'Named contacts', hint: 'Shown in the footer, on the 404 page, on each Challenge year and on the "How to earn" pages. Required before launch.' },
    'contacts.program': { label: 'Program contact', hint: 'Who students write to about taking part and the micro-credential.' },
    'contacts.media': { label: 'Media contact', hint: 'Who journalists write to; shown as "For media" in the footer.' },
    'contacts.program.name': { label: 'Program contact name', hint: 'As it should appear, e.g. Jane Doe.' },
    'contacts.program.email': { label: 'Program contact email' },
    'contacts.media.name': { label: 'Media contact name', hint: 'As it should appear, e.g. Jane Doe.' },
    'contacts.media.email': { label: 'Media contact email' },
    'contacts.program.placeholder': { label: 'Placeholder (not a real contact yet)', hint: 'Shown labelled "(placeholder, not a real contact)"; a production build refuses it. Turn off once the real person is filled in.' },
    'contacts.media.placeholder': { label: 'Placeholder (not a real contact yet)', hint: 'Shown labelled "(placeholder, not a real contact)"; a production build refuses it. Turn off once the real person is filled in.' },
    certificateSignatures: { label: 'Signatures on printed certificates', label_singular: 'signature', summary: '{{fields.name}}', hint: 'Up to 3 people whose names and titles print at the foot of every certificate.' },
    'certificateSignatures.title': { hint: 'Title and organisation, e.g. Mayor, City of Kingston.' },
    ...imageFields('certificateSignatures.signature'),
    'certificateSignatures.signature.src': { label: 'Signature image', widget: 'image', choose_url: false, hint: 'Optional: a scan of the signature, best as a PNG with a transparent background. Without it, a line to sign by hand is printed.' },
  },
};

type Spec = (typeof collectionSpecs)[(typeof CMS_COLLECTIONS)[number]];
const extension = (spec: Spec) => (spec.format === 'markdown' ? 'md' : 'yaml');

function folderCollection(name: Exclude<(typeof CMS_COLLECTIONS)[number], 'settings'>, view: Partial<CmsCollection>): CmsCollection {
  const spec = collectionSpecs[name];
  const fields = fieldsOf(spec.schema, OVERRIDES[name]);
  return {
    name,
    label: name.charAt(0).toUpperCase() + name.slice(1),
    folder: spec.folder,
    create: true,
    extension: extension(spec),
    format: spec.format === 'markdown' ? FRONTMATTER_FORMAT : YAML_FORMAT,
    fields: spec.format === 'markdown' ? [...fields, { name: 'body', label: 'Body', widget: 'markdown', hint: BODY_HINT }] : fields,
    ...view,
  } as CmsCollection;
}

export function cmsCollections(): CmsCollection[] {
  return [
    folderCollection('releases', {
      label: 'News releases',
      label_singular: 'release',
      // Named, not inferred: Decap infers a title only from a "string" widget, and the title is counted.
      identifier_field: 'title',
      // The date as written, not Decap's {{year}}-{{month}}-{{day}}: those take the date as midnight on
      // the editor's computer and give its day in UTC, the day before east of Greenwich (test: cms-dates).
      slug: '{{fields.date}}-{{slug}}',
      // Markers in words: a draft is not published; a scheduled one appears on that day (Kingston time).
      // The list cannot read the clock, so a release whose time has come keeps its date here.
      summary: "{{date}}: {{title}} ({{category}}){{draft | ternary(' · Draft', '')}}{{publishAt | ternary(' · Scheduled for ', '')}}{{publishAt | truncate(10, '')}}",
      preview_path: 'news/{{slug}}/',
      // Newest first.
      sortable_fields: [{ field: 'date', default_sort: 'desc' }, 'title', 'category'],
      view_filters: RELEASE_CATEGORIES.map((category) => ({ label: category, field: 'category', pattern: category })),
      view_groups: [{ label: 'Year', field: 'date', pattern: '\\d{4}' }],
    }),
    folderCollection('editions', { label: 'Challenge years', label_singular: 'year', slug: '{{fields.year}}', identifier_field: 'title',
      // {{year}} alone would be the entry date's year (a Decap placeholder), not the field.
      summary: '{{fields.year}}: {{title}} ({{status}})', sortable_fields: [{ field: 'year', default_sort: 'desc' }], preview_path: 'challenge/{{fields.year}}/',
      // Winners and credentials point at a year; deleting one would break them. Close it (status) instead.
      delete: false }),
    folderCollection('winners', { label_singular: 'winner', identifier_field: 'team', slug: '{{fields.edition}}-{{slug}}', summary: '{{fields.edition}} {{placement}}: {{team}}', view_groups: [{ label: 'Year', field: 'edition' }], preview_path: 'challenge/{{fields.edition}}/' }),
    folderCollection('achievements', { label: 'Micro-credentials', label_singular: 'micro-credential', identifier_field: 'name', slug: '{{fields.slug}}', preview_path: 'micro-credentials/{{fields.slug}}/',
      // Issued credentials name it for good: retire it with Active off instead.
      delete: false }),
    folderCollection('partners', { label_singular: 'partner', identifier_field: 'name', slug: '{{slug}}', sortable_fields: ['order', 'name'], preview_path: 'challenge/',
      // Challenge years list their partners; a deleted one would break them.
      delete: false }),
    folderCollection('pages', { label_singular: 'page', identifier_field: 'title', slug: '{{slug}}', preview_path: '{{slug}}/' }),
    folderCollection('faq', { label: 'Questions and answers', label_singular: 'question', identifier_field: 'question', slug: '{{slug}}', summary: '{{topic}}: {{question}}{{placeholder | ternary(\' · not confirmed\', \'\')}}', sortable_fields: ['topic', 'order', 'question'], view_groups: [{ label: 'Topic', field: 'topic' }], preview_path: 'faq/' }),
    folderCollection('guides', {
      label: 'How to earn (page text)',
      label_singular: 'page text',
      identifier_field: 'intro',
      // One file, content/guides/how-to-earn.yaml, read by every "How to earn and claim" page: editors
      // change its words, never add or remove it.
      create: false,
      delete: false,
      summary: 'How to earn and claim a micro-credential',
      preview_path: 'micro-credentials/',
    }),
    folderCollection('awards', {
      label: 'Awarded credentials',
      label_singular: 'award',
      // Names are kept only with consent, so the id (its first 8 characters are in the page link and the file name) names an award.
      identifier_field: 'credentialId',
      // Named like the import's files (src/lib/awards/award-import.ts): micro-credential, award date, credential id.
      slug: "{{fields.achievement}}-{{fields.awardedDate}}-{{fields.credentialId | truncate(8, '')}}",
      summary: "{{awardedDate}}: {{recipientName | default('name not published')}} ({{achievement}}, {{credentialId | truncate(8, '…')}}){{revoked | ternary(' · revoked', '')}}{{suspended | ternary(' · suspended', '')}}",
      preview_path: badgePaths.credentialPage('{{fields.credentialId}}'),
      // Withdrawing a credential is revoking it. Deleting the file would clear its status bit and
      // make a revoked credential verify again.
      delete: false,
      sortable_fields: [{ field: 'awardedDate', default_sort: 'desc' }],
      view_filters: [
        { label: 'Revoked', field: 'revoked', pattern: true },
        { label: 'Suspended', field: 'suspended', pattern: true },
      ],
      view_groups: [{ label: 'Year awarded', field: 'awardedDate', pattern: '\\d{4}' }],
    }),
    {
      name: 'settings',
      label: 'Site settings',
      editor: { preview: false },
      format: YAML_FORMAT,
      files: [
        {
          name: 'site',
          label: 'Site settings',
          file: `${collectionSpecs.settings.folder}/site.yaml`,
          fields: fieldsOf(collectionSpecs.settings.schema, OVERRIDES.settings),
        },
      ],
    } as CmsCollection,
  ];
}
