/**
 * The verify page's behaviour: collects a credential (pasted text or address, a chosen or dropped
 * file, or one named in ?url= / ?id=), runs the shared verification core, and renders the step log.
 * Everything from the credential is written with textContent, never as HTML. Also bundled into
 * /verify/offline.html, where the issuer's keys are pinned in `window.__MIC_PINNED_JWKS__`.
 *
 * The core fetches only this site's files: a credential named by ?url= on another site is refused
 * without contacting it, so nothing anyone pastes or links tells a third party of the check.
 */
import type { JSONWebKeySet } from 'jose';
import { longDate } from '../../lib/long-date.ts';
import { badgeUrls } from '../../lib/ob3/urls.ts';
import { MAX_INPUT_BYTES } from '../../lib/verify/bytes.ts';
import { CHECK_NAMES, headline, signedName, STATUS_WORDS } from '../../lib/verify/explain.ts';
import type { VerificationResult } from '../../lib/verify/types.ts';
import { verify } from '../../lib/verify/verify.ts';

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
    performance.mark(VERIFY_MARKS.start);
    result.dataset.verdict = 'pending';
    result.replaceChildren(element('p', 'Verifying…'));
    const outcome = await verify(input, {
      siteOrigin,
      servedOrigin,
      ...(pinned ? { trustedKeys: pinned } : {}),
      fetch: request,
      now: new Date(),
      email: emailInput.value,
    });
    if (ticket !== latest) return;
    render(outcome, judged, focus);
    performance.mark(VERIFY_MARKS.verdict);
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
    const heading = element('h2', words.title, 'verdict-title');
    heading.id = 'verdict-title';
    const parts: HTMLElement[] = [heading, element('p', words.meaning, 'verdict-meaning'), element('p', checkedLine(judged, outcome), 'verdict-input muted')];

    const vc = outcome.credential;
    if (vc && outcome.verdict !== 'invalid' && outcome.verdict !== 'error') parts.push(badge(vc, outcome.verdict !== 'unknown-issuer'));

    const list = element('ol', undefined, 'checks');
    list.setAttribute('aria-label', 'What was checked');
    for (const check of outcome.checks) {
      const item = element('li');
      item.dataset.check = check.id;
      item.dataset.status = check.status;
      item.dataset.code = check.code;
      const title = element('strong', `${CHECK_NAMES[check.id]}: ${STATUS_WORDS[check.status]}.`);
      item.append(title, ' ', element('span', check.detail));
      list.append(item);
    }
    parts.push(list);
    result.replaceChildren(...parts);
    heading.tabIndex = -1;
    if (focus) heading.focus();
  }

  function checkedLine(judged: Judged, outcome: VerificationResult): string {
    if (judged.kind === 'file') return `Checked: the file ${judged.name}.`;
    if (judged.kind === 'address') {
      const at = outcome.input.url ?? judged.url;
      return judged.ofThisPage ? `Checked: this page’s credential, at ${at}.` : `Checked: the credential at ${at} (named by the link you followed).`;
    }
    return outcome.input.url ? `Checked: the credential at ${outcome.input.url} (the address you pasted).` : 'Checked: the text you pasted.';
  }

  function badge(vc: Record<string, unknown>, fromIssuer: boolean): HTMLElement {
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
    add('Achievement', text(achievement.name) || text(vc.name));
    add('Description', text(achievement.description));
    add('How it is earned', criteria);
    add('Issuer', text(issuer.name) || text(issuer.id));
    add('Issued', formatDate(vc.awardedDate ?? vc.validFrom ?? vc.issuanceDate));
    add('Valid until', formatDate(vc.validUntil ?? vc.expirationDate) || (vc.validUntil || vc.expirationDate ? '' : 'Does not expire'));
    const name = signedName(vc);
    add('Recipient', name ? (fromIssuer ? `${name} (verified: signed by the issuer)` : name) : 'A hashed email address (enter it above to check it)');
    box.append(facts);
    return box;
  }

  // The credential a page is about (data-credential-url), or one linked with ?id= / ?url=.
  const params = new URLSearchParams(location.search);
  const id = params.get('id');
  const address = root.dataset.credentialUrl ?? params.get('url') ?? (id && /^[0-9a-f-]{36}$/.test(id) ? urls.credentialJwt(id) : null);
  if (address && /^https?:\/\//i.test(address)) {
    linked = { kind: 'address', url: address, ofThisPage: root.dataset.credentialUrl !== undefined };
    // Only this site's addresses are fetched (the core refuses another site's without contacting
    // it). On arrival the result is announced by the live region; focus moves only when the user asks.
    void run(address, linked, false);
  }
}
