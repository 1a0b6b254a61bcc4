/**
 * The verify page's behaviour: collects a credential (pasted text or address, a chosen or dropped
 * file, or one named in ?url= / ?id=), runs the shared verification core, and renders the step log.
 * Everything from the credential is written with textContent, never as HTML. Also bundled into
 * /verify/offline.html, where the issuer's keys are pinned in `window.__MIC_PINNED_JWKS__`.
 *
 * The core fetches only this site's files: a credential named by ?url= on another site is refused
 * without contacting it, so nothing anyone pastes or links tells a third party of the check.
 *
 * Opened from a link (?id=, ?url=: the "Verify at" address on a certificate), the page leads with the
 * verdict: the result moves to the slot under the page's heading ([data-verify-top]) and takes focus,
 * and the form follows under "Check another credential" (#check-another). The headline says whose the
 * credential is: the name the issuer signed, or a hashed email with the email check right there.
 */
import type { JSONWebKeySet } from 'jose';
import { longDate } from '../../lib/dates/long-date.ts';
import { asArray } from '../../lib/verify/json.ts';
import { badgeUrls } from '../../lib/ob3/urls.ts';
import { MAX_INPUT_BYTES } from '../../lib/verify/bytes.ts';
import { CHECK_NAMES, headline, signedName, STATUS_WORDS } from '../../lib/verify/explain.ts';
import type { VerificationResult, Verdict } from '../../lib/verify/types.ts';
import { checkEndorsements, verify } from '../../lib/verify/verify.ts';

declare global {
  interface Window {
    __MIC_PINNED_JWKS__?: JSONWebKeySet;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'string' ? v : '');

function element<K extends keyof HTMLElementTagNameMap>(tag: K, content?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (content !== undefined) node.textContent = content;
  if (className) node.className = className;
  return node;
}

const formatDate = (iso: unknown) => longDate(Date.parse(text(iso)));

/** Verdicts about a genuine credential of this site, where saying whose it is means something. */
const SAYS_WHOSE: readonly Verdict[] = ['valid', 'revoked', 'suspended', 'expired', 'not-yet-valid', 'status-unknown'];
/** Verdicts with a credential worth checking an email against (a mismatch may be a typo: try again). */
const OFFERS_EMAIL_CHECK: readonly Verdict[] = [...SAYS_WHOSE, 'recipient-mismatch'];

const hasHashedEmail = (vc: Record<string, unknown>) =>
  asArray(isRecord(vc.credentialSubject) ? vc.credentialSubject.identifier : undefined).some((i) => isRecord(i) && i.identityType === 'emailAddress');

/**
 * User Timing marks at the start of each verification and when its verdict is on the page: what
 * `npm run bench:verify` reads (and any performance tool shows), so the time measured is the
 * page's own, not a test harness noticing it later.
 */
export const VERIFY_MARKS = { start: 'verify:start', verdict: 'verify:verdict' } as const;

/** What the page handed to the core, in words for the result ("Checked: …"). */
type Judged = { kind: 'text' } | { kind: 'file'; name: string } | { kind: 'address'; url: string; ofThisPage: boolean };

export function initVerifyPage(root: HTMLElement) {
  const form = root.querySelector<HTMLFormElement>('form')!;
  // A credential page embeds the panel without the paste and file fields: it verifies its own credential.
  const textarea = root.querySelector<HTMLTextAreaElement>('#credential') ?? document.createElement('textarea');
  const fileInput = root.querySelector<HTMLInputElement>('#credential-file') ?? document.createElement('input');
  const fileName = root.querySelector<HTMLElement>('#file-name') ?? document.createElement('p');
  const dropZone = root.querySelector<HTMLElement>('.drop-zone') ?? document.createElement('div');
  const emailInput = root.querySelector<HTMLInputElement>('#recipient-email')!;
  const result = root.querySelector<HTMLElement>('#verify-result')!;
  const siteOrigin = root.dataset.siteOrigin!;
  const urls = badgeUrls(siteOrigin);
  const pinned = window.__MIC_PINNED_JWKS__;
  // Online, URLs of this site are fetched from wherever the page is served (previews, localhost).
  const servedOrigin = pinned || location.protocol === 'file:' ? siteOrigin : location.origin;
  const request = (url: string, init?: { signal?: AbortSignal }) => fetch(url, { ...init, credentials: 'omit', referrerPolicy: 'no-referrer' });
  /** The file chosen or dropped last, until text is typed. */
  let file: File | undefined;
  /** The credential this page was opened for (a credential page, ?id= or ?url=). */
  let linked: Judged | undefined;
  /** Only the latest verification may write the result. */
  let latest = 0;
  /** What was verified last, so the email check in the result can run it again with an email. */
  let last: { input: string | Uint8Array; judged: Judged } | undefined;

  const useFile = (chosen: File | undefined) => {
    file = chosen;
    fileName.textContent = chosen ? `Chosen: ${chosen.name}` : '';
    if (chosen) {
      textarea.value = '';
      void runFile(chosen, true);
    }
  };
  fileInput.addEventListener('change', () => useFile(fileInput.files?.[0]));
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('is-dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('is-dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('is-dragging');
    const dropped = event.dataTransfer?.files?.[0];
    if (dropped) useFile(dropped);
  });
  textarea.addEventListener('input', () => {
    if (textarea.value.trim() && file) {
      file = undefined;
      fileInput.value = '';
      fileName.textContent = '';
    }
  });

  async function run(input: string | Uint8Array, judged: Judged, focus: boolean) {
    const ticket = ++latest;
    last = { input, judged };
    performance.mark(VERIFY_MARKS.start);
    result.dataset.verdict = 'pending';
    result.replaceChildren(element('p', 'Verifying…'));
    const options = {
      siteOrigin,
      servedOrigin,
      ...(pinned ? { trustedKeys: pinned } : {}),
      fetch: request,
      now: new Date(),
      email: emailInput.value,
      // The verdict first; partner endorsements (which need the Data Integrity code) fill in their line after.
      deferEndorsements: true,
    };
    const outcome = await verify(input, options);
    if (ticket !== latest) return;
    render(outcome, judged, focus);
    performance.mark(VERIFY_MARKS.verdict);
    if (!outcome.checks.some((c) => c.code === 'ENDORSEMENTS_PENDING')) return;
    result.dataset.endorsements = 'pending';
    const [endorsed, { endorsementList }] = await Promise.all([checkEndorsements(outcome, options), import('./endorsement-list.ts')]);
    if (ticket !== latest) return;
    const item = checkItem(endorsed.checks.find((c) => c.id === 'endorsement')!);
    if (endorsed.endorsements && endorsed.endorsements.length > 0) item.append(endorsementList(endorsed.endorsements));
    result.querySelector('li[data-check="endorsement"]')?.replaceWith(item);
    result.dataset.endorsements = 'done';
  }

  async function runFile(chosen: File, focus: boolean) {
    if (chosen.size > MAX_INPUT_BYTES) {
      // The core refuses it unread; reading a huge file into memory first would only make the page wait.
      await run(new Uint8Array(MAX_INPUT_BYTES + 1), { kind: 'file', name: chosen.name }, focus);
      return;
    }
    await run(new Uint8Array(await chosen.arrayBuffer()), { kind: 'file', name: chosen.name }, focus);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (file) void runFile(file, true);
    else if (textarea.value.trim() || !linked) void run(textarea.value, { kind: 'text' }, true);
    else if (linked.kind === 'address') void run(linked.url, linked, true);
  });

  function render(outcome: VerificationResult, judged: Judged, focus: boolean) {
    const words = headline(outcome);
    result.dataset.verdict = outcome.verdict;
    const vc = outcome.credential;
    const name = vc ? signedName(vc) : '';
    const matched = outcome.checks.some((c) => c.id === 'recipient' && c.status === 'pass');
    const heading = element('h2', words.title, 'verdict-title');
    heading.id = 'verdict-title';
    // The verdict's words alone, for a page that repeats them elsewhere (a credential page's status box).
    heading.dataset.title = words.title;
    // A credential page names its recipient itself and has its own email field: the panel there stays as it was.
    const onCredentialPage = judged.kind === 'address' && judged.ofThisPage;
    // Whose it is, in the headline: the signed name, the email that matched, or that it names no one but a hashed email.
    const whose = !vc || onCredentialPage || !SAYS_WHOSE.includes(outcome.verdict) ? '' : name ? `Issued to ${name}` : matched ? `Issued to ${emailInput.value.trim()}` : hasHashedEmail(vc) ? 'Issued to a hashed email address' : '';
    if (whose) heading.append(element('span', '. ', 'visually-hidden'), element('span', whose, 'verdict-whose'));
    const parts: HTMLElement[] = [heading];
    if (outcome.revocation) {
      const revoked = element('p', `Revoked on ${formatDate(outcome.revocation.date)}.`, 'verdict-revoked');
      if (outcome.revocation.reason) revoked.append(' ', element('span', `Reason given by the issuer: ${outcome.revocation.reason}`));
      parts.push(revoked);
    }
    // What was verified comes first (it is what the reader checks against the CV), then the email check, then why.
    const shown = vc && outcome.verdict !== 'invalid' && outcome.verdict !== 'error' ? badge(vc, outcome.verdict !== 'unknown-issuer', matched, outcome.verdict === 'revoked' ? outcome.revocation : undefined) : undefined;
    if (shown) parts.push(shown.facts);
    if (vc && !onCredentialPage && !name && !matched && hasHashedEmail(vc) && OFFERS_EMAIL_CHECK.includes(outcome.verdict)) parts.push(emailCheck());
    parts.push(element('p', words.meaning, 'verdict-meaning'));
    if (shown) parts.push(shown.about);
    parts.push(element('p', checkedLine(judged, outcome), 'verdict-input muted'));

    const list = element('ol', undefined, 'checks');
    list.setAttribute('aria-label', 'What was checked');
    for (const check of outcome.checks) list.append(checkItem(check));
    parts.push(list);
    delete result.dataset.endorsements;
    result.replaceChildren(...parts);
    heading.tabIndex = -1;
    if (focus) heading.focus();
  }

  /** One step of the log as a list item: its name, status and sentence. */
  function checkItem(check: VerificationResult['checks'][number]): HTMLElement {
    const item = element('li');
    item.dataset.check = check.id;
    item.dataset.status = check.status;
    item.dataset.code = check.code;
    const title = element('strong', `${CHECK_NAMES[check.id]}: ${STATUS_WORDS[check.status]}.`);
    item.append(title, ' ', element('span', check.detail));
    return item;
  }

  function checkedLine(judged: Judged, outcome: VerificationResult): string {
    if (judged.kind === 'file') return `Checked: the file ${judged.name}.`;
    if (judged.kind === 'address') {
      const at = outcome.input.url ?? judged.url;
      return judged.ofThisPage ? `Checked: this page’s credential, at ${at}.` : `Checked: the credential at ${at} (named by the link you followed).`;
    }
    return outcome.input.url ? `Checked: the credential at ${outcome.input.url} (the address you pasted).` : 'Checked: the text you pasted.';
  }

  /**
   * The email check where the question arises: the typed address goes into the form's email field
   * (hashed here, never sent) and the same credential is verified again; the new result replaces this.
   */
  function emailCheck(): HTMLElement {
    const box = element('form', undefined, 'email-check');
    box.noValidate = true;
    const label = element('label', 'Enter the candidate’s email to confirm it is theirs');
    label.htmlFor = 'email-check-input';
    const hint = element('p', 'It is hashed in this browser and compared with the badge; it is never sent.', 'hint');
    hint.id = 'email-check-hint';
    const field = element('input');
    field.type = 'email';
    field.id = 'email-check-input';
    field.autocomplete = 'off';
    field.value = emailInput.value;
    field.setAttribute('aria-describedby', 'email-check-hint');
    const button = element('button', 'Check email', 'button');
    button.type = 'submit';
    const row = element('div', undefined, 'email-check-row');
    row.append(field, button);
    box.append(label, hint, row);
    box.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!field.value.trim()) {
        field.focus();
        return;
      }
      emailInput.value = field.value;
      if (last) void run(last.input, last.judged, true);
    });
    return box;
  }

  /** What the credential says: the key facts, and the achievement's picture and meaning. */
  function badge(vc: Record<string, unknown>, fromIssuer: boolean, matched: boolean, revocation: VerificationResult['revocation']): { facts: HTMLElement; about: HTMLElement } {
    const subject = isRecord(vc.credentialSubject) ? vc.credentialSubject : {};
    const achievement = isRecord(subject.achievement) ? subject.achievement : {};
    const issuer = isRecord(vc.issuer) ? vc.issuer : { id: vc.issuer };
    const criteria = isRecord(achievement.criteria) ? text(achievement.criteria.narrative) : '';
    const box = element('div', undefined, 'verified-badge');
    const image = isRecord(achievement.image) ? text(achievement.image.id) : isRecord(vc.image) ? text(vc.image.id) : '';
    // Only this site's images are shown: loading another site's image would tell it who is looking.
    if (image.startsWith(`${siteOrigin}/`) && !pinned) {
      const img = element('img');
      img.src = `${servedOrigin}${image.slice(siteOrigin.length)}`;
      img.alt = '';
      img.width = 96;
      img.height = 96;
      box.append(img);
    }
    const facts = element('dl', undefined, 'facts');
    const add = (term: string, value: string) => {
      if (value) facts.append(element('dt', term), element('dd', value));
    };
    // What was verified first (what, whose, from whom, when), then what the achievement means.
    add('Achievement', text(achievement.name) || text(vc.name));
    const name = signedName(vc);
    add(
      'Recipient',
      name
        ? fromIssuer
          ? `${name} (verified: signed by the issuer)`
          : name
        : matched
          ? `${emailInput.value.trim()}: the email you entered matches the one it was issued to`
          : 'A hashed email address: check it with the candidate’s email',
    );
    add('Issuer', text(issuer.name) || text(issuer.id));
    add('Issued', formatDate(vc.awardedDate ?? vc.validFrom ?? vc.issuanceDate));
    // A revoked credential's end is its revocation: "Does not expire" beside "Revoked" would read as still valid.
    if (revocation) add('Revoked on', formatDate(revocation.date));
    else add('Valid until', formatDate(vc.validUntil ?? vc.expirationDate) || (vc.validUntil || vc.expirationDate ? '' : 'Does not expire'));
    // The completion rule in the pages' words: its wording module loads beside the verdict, not before it
    // (the JavaScript a JWT badge's verdict waits for stays within its budget; BENCHMARKS.md). The row is last.
    void import('../../lib/ob3/assessment.ts').then(({ assessedLine }) => add('Assessed', assessedLine(achievement, subject)));
    const about = element('dl', undefined, 'facts');
    for (const [term, value] of [['Description', text(achievement.description)], ['How it is earned', criteria]] as const) {
      // The criteria are paragraphs (how it is earned, how it is assessed, what counts): kept apart as signed.
      if (value) about.append(element('dt', term), element('dd', value, term === 'How it is earned' ? 'paragraphs' : undefined));
    }
    if (about.childElementCount > 0) box.prepend(about);
    facts.classList.add('verified-facts');
    return { facts, about: box };
  }

  // The credential a page is about (data-credential-url), or one linked with ?id= / ?url=.
  const params = new URLSearchParams(location.search);
  const id = params.get('id');
  const address = root.dataset.credentialUrl ?? params.get('url') ?? (id && /^[0-9a-f-]{36}$/i.test(id) ? urls.credentialJwt(id.toLowerCase()) : null);
  if (address && /^https?:\/\//i.test(address)) {
    const ofThisPage = root.dataset.credentialUrl !== undefined;
    linked = { kind: 'address', url: address, ofThisPage };
    // On /verify/ opened from a link, the verdict is what the reader came for: it leads the page and
    // takes focus (a credential page is about its credential, and keeps its own order and focus).
    const top = root.querySelector<HTMLElement>('[data-verify-top]');
    if (!ofThisPage && top) {
      top.append(result);
      root.querySelector<HTMLElement>('#check-another')?.removeAttribute('hidden');
      root.classList.add('is-linked');
    }
    // Only this site's addresses are fetched (the core refuses another site's without contacting it).
    void run(address, linked, !ofThisPage);
  }
}
