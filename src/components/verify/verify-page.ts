/**
 * The verify page's behaviour: collects a credential (pasted, chosen, dropped, or named in ?url= /
 * ?id=), runs the shared verification core, and renders the step log. Everything from the
 * credential is written with textContent, never as HTML. Also bundled into /verify/offline.html,
 * where the issuer's keys are pinned in `window.__MIC_PINNED_JWKS__`.
 */
import type { JSONWebKeySet } from 'jose';
import { CHECK_NAMES, STATUS_WORDS, VERDICT_TEXT } from '../../lib/verify/explain.ts';
import type { VerificationResult } from '../../lib/verify/types.ts';
import { verify } from '../../lib/verify/verify.ts';
import { badgeUrls } from '../../lib/ob3/urls.ts';

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

function formatDate(iso: unknown): string {
  const time = Date.parse(text(iso));
  if (Number.isNaN(time)) return '';
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(time);
}

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
  const pinned = window.__MIC_PINNED_JWKS__;
  // Online, URLs of this site are fetched from wherever the page is served (previews, localhost).
  const servedOrigin = pinned || location.protocol === 'file:' ? siteOrigin : location.origin;
  let file: File | undefined;

  const setFile = (chosen: File | undefined) => {
    file = chosen;
    fileName.textContent = chosen ? `Chosen: ${chosen.name}` : '';
  };
  fileInput.addEventListener('change', () => setFile(fileInput.files?.[0]));
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('is-dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('is-dragging'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('is-dragging');
    const dropped = event.dataTransfer?.files?.[0];
    if (dropped) {
      setFile(dropped);
      textarea.value = '';
    }
  });
  textarea.addEventListener('input', () => {
    if (textarea.value.trim()) setFile(undefined);
  });

  async function run(input: string | Uint8Array, focus = true) {
    result.dataset.verdict = 'pending';
    result.replaceChildren(element('p', 'Verifying…'));
    const outcome = await verify(input, {
      siteOrigin,
      servedOrigin,
      ...(pinned ? { trustedKeys: pinned } : {}),
      fetch: (url) => fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer' }),
      now: new Date(),
      email: emailInput.value,
    });
    render(outcome, focus);
  }

  function render(outcome: VerificationResult, focus: boolean) {
    const verdict = VERDICT_TEXT[outcome.verdict];
    result.dataset.verdict = outcome.verdict;
    const heading = element('h2', verdict.title, 'verdict-title');
    heading.id = 'verdict-title';
    const parts: HTMLElement[] = [heading, element('p', verdict.meaning, 'verdict-meaning')];

    const vc = outcome.credential;
    if (vc && outcome.verdict !== 'invalid' && outcome.verdict !== 'error') parts.push(badge(vc));

    const list = element('ol', undefined, 'checks');
    list.setAttribute('aria-label', 'What was checked');
    for (const check of outcome.checks) {
      const item = element('li');
      item.dataset.check = check.id;
      item.dataset.status = check.status;
      const title = element('strong', `${CHECK_NAMES[check.id]}: ${STATUS_WORDS[check.status]}.`);
      item.append(title, ' ', element('span', check.detail));
      list.append(item);
    }
    parts.push(list);
    result.replaceChildren(...parts);
    heading.tabIndex = -1;
    if (focus) heading.focus();
  }

  function badge(vc: Record<string, unknown>): HTMLElement {
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
    add('Recipient', text(subject.name) || 'Identified by a hashed email address; enter it above to check.');
    box.append(facts);
    return box;
  }

  // The credential a page is about (data-credential-url), or one linked with ?id= / ?url=.
  const params = new URLSearchParams(location.search);
  const id = params.get('id');
  const url =
    root.dataset.credentialUrl ?? params.get('url') ?? (id && /^[0-9a-f-]{36}$/.test(id) ? badgeUrls(siteOrigin).credentialJwt(id) : null);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (file) {
      void file.arrayBuffer().then((buffer) => run(new Uint8Array(buffer)));
    } else if (textarea.value.trim() || !url) {
      void run(textarea.value);
    } else {
      load(url);
    }
  });

  function load(url: string, focus = true) {
    const target = url.startsWith(`${siteOrigin}/`) ? `${servedOrigin}${url.slice(siteOrigin.length)}` : url;
    result.replaceChildren(element('p', 'Fetching the credential…'));
    fetch(target, { credentials: 'omit', referrerPolicy: 'no-referrer' })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const body = new Uint8Array(await response.arrayBuffer());
        const isPng = body[0] === 0x89 && body[1] === 0x50;
        if (!isPng) textarea.value = new TextDecoder().decode(body).trim();
        await run(isPng ? body : textarea.value, focus);
      })
      .catch(() => {
        result.dataset.verdict = 'error';
        result.replaceChildren(element('p', `The credential at ${url} could not be fetched. Ask the holder for the badge file or token and paste it above.`));
      });
  }

  // On arrival the result is announced by the live region; focus moves only when the user asks.
  if (url) load(url, false);
}
