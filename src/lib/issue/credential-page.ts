/**
 * The parts of a credential page that differ from one credential to the next, and the fill step
 * that makes 10,000 pages from one rendered template per micro-credential.
 *
 * Why: rendering each credential page through Astro costs about 1.4 ms a page plus the route, so
 * 10,000 credentials took longer than the rest of the build. Instead the build renders
 * src/pages/credentials/[id].astro once per micro-credential with a *template view*: every
 * per-credential slot holds a token. The badge integration then fills the template for every
 * credential with `credentialView()` (text slots HTML-escaped, HTML slots built here with every
 * value escaped). `astro dev` renders the same page with the real view, so both paths show the
 * same markup.
 *
 * Runs on plain Node (the signing workers import it), so it imports only relative .ts modules
 * and npm packages, nothing from astro:* or virtual:*.
 */
import QRCode from 'qrcode';
import type { Award } from '../../schemas/award.ts';
import { formatDate } from '../dates/format.ts';
import { linkedInAddToProfileUrl } from '../ob3/linkedin.ts';
import { badgeHref, badgePaths, badgeUrls } from '../ob3/urls.ts';
import { lcwRequestUrl, verifierPlusUrl } from '../ob3/wallet.ts';

/**
 * What a credential page shows about one credential (no token, no identifiers of the earner): the
 * award's own fields, typed by its schema, plus what issuing works out.
 */
export interface CredentialSummary extends Pick<Award, 'credentialId' | 'achievement' | 'awardedDate' | 'revoked' | 'revokedDate' | 'suspended' | 'sample' | 'evidence'> {
  /** Only when the earner agreed to publish it. */
  recipientName: string | undefined;
  /** The last day of validity (the award's `expires`, or from the achievement's validity period). */
  validUntil: string | undefined;
}

/** The achievement and site facts a credential page repeats. */
export interface PageContext {
  origin: string;
  achievementName: string;
  organizationName: string;
  organizationLinkedInId?: string | undefined;
  /**
   * The micro-credential's own artwork (`/badges/….svg` or `.png`), which carries no credential: what
   * a revoked credential's page shows instead of its baked image, which it never offers.
   */
  artwork: string;
  /** The build's day, YYYY-MM-DD: a credential whose validity has ended by then is built as expired. */
  today: string;
}

/** Where a credential stood when its page was built; the page's live check updates what it shows. */
export type Standing = 'active' | 'revoked' | 'suspended' | 'expired';

export function standing(c: Pick<CredentialSummary, 'revoked' | 'suspended' | 'validUntil'>, today: string): Standing {
  if (c.revoked) return 'revoked';
  if (c.suspended) return 'suspended';
  return c.validUntil && c.validUntil.slice(0, 10) <= today ? 'expired' : 'active';
}

/** Slots filled as escaped text (safe in element content and in quoted attributes). */
const TEXT_SLOTS = ['id', 'title', 'description', 'holder', 'badge'] as const;
/** Slots filled with HTML built in this module. */
const HTML_SLOTS = ['notices', 'status', 'awarded', 'expires', 'evidence', 'actions', 'downloads', 'wallet', 'qr'] as const;
export type CredentialView = Record<(typeof TEXT_SLOTS)[number] | (typeof HTML_SLOTS)[number], string>;
type Slot = keyof CredentialView;

/**
 * A token survives everything a page does to a value on its way into HTML: HTML escaping,
 * encodeURIComponent and URLSearchParams (lower-case letters, digits and hyphens only), and URL
 * parsing. Each build picks a random nonce for its tokens, so no text in content (an achievement's
 * description, the organisation's name) can ever match one and be filled like a slot.
 */
const token = (nonce: string, slot: Slot) => `x-mic-${nonce}-${slot}-x`;
const tokens = (nonce: string) => new RegExp(`x-mic-${nonce}-([a-z]+)-x`, 'g');

/** A fresh nonce for one build's templates (hex: lower-case letters and digits). */
export function templateNonce(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where the build renders the template of a micro-credential's credential pages (removed once filled). */
export const templateId = (achievement: string) => `template-${achievement}`;
export const templateFile = (achievement: string) => badgePaths.credentialPageFile(templateId(achievement));

/** The view the build renders the template with: every slot is its token. */
export function templateView(nonce: string): CredentialView {
  return Object.fromEntries([...TEXT_SLOTS, ...HTML_SLOTS].map((slot) => [slot, token(nonce, slot)])) as CredentialView;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const time = (day: string) => `<time datetime="${escapeHtml(day)}">${escapeHtml(formatDate(day))}</time>`;

/**
 * QR code of the page's address as inline SVG, decorative for screen readers (the page prints the
 * link next to it). Byte mode and a fixed mask pattern: ISO/IEC 18004 allows any of the eight
 * masks, and trying all eight to pick one costs 0.5 ms a code, five seconds at 10,000 credentials.
 */
export function qrSvg(text: string, className = 'qr'): string {
  const code = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 2 });
  const { size, data } = code.modules;
  const margin = 2;
  let path = '';
  for (let row = 0; row < size; row += 1) {
    let run = 0;
    for (let col = 0; col <= size; col += 1) {
      const dark = col < size && data[row * size + col] === 1;
      if (dark) run += 1;
      if (!dark && run > 0) {
        path += `M${col - run + margin} ${row + margin + 0.5}h${run}`;
        run = 0;
      }
    }
  }
  const box = size + margin * 2;
  return `<svg aria-hidden="true" focusable="false" class="${className}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${box} ${box}" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h${box}v${box}H0z"/><path stroke="#000000" d="${path}"/></svg>`;
}

/** What the top of the page says before (and without) the live check. */
const STANDING_TEXT: Record<Exclude<Standing, 'active'>, { title: string; detail: (until: string) => string; actions: string }> = {
  revoked: { title: 'Revoked', detail: () => 'The issuer has withdrawn this credential. It no longer stands: do not rely on it.', actions: 'Because the issuer has revoked this credential, this page offers no certificate to print and no LinkedIn or sharing links.' },
  suspended: { title: 'Suspended', detail: () => 'The issuer has suspended this credential for now. Do not rely on it while it is suspended.', actions: 'While the credential is suspended, this page offers no certificate to print and no LinkedIn or sharing links.' },
  expired: { title: 'Expired', detail: (until) => `This credential was valid until ${until}. It no longer stands as a current credential.`, actions: 'Because the credential has expired, this page offers no certificate to print and no LinkedIn or sharing links.' },
};

/**
 * The status at the top: the standing when the page was built. While active it says the check is
 * running, and the page script puts the live verdict here (see src/pages/credentials/[id].astro).
 */
function statusHtml(state: Standing, until: string | undefined, revokedDate: string | undefined): string {
  if (state === 'active') {
    return '<div class="credential-status" id="credential-status" data-state="checking"><p class="status-title"><strong>Checking this credential…</strong></p><p class="status-detail">Its signature and status are being checked in your browser against the issuer’s published keys.</p><noscript><p>The live check needs JavaScript, which is off in this browser.</p></noscript><p class="status-more no-print"><a href="#check">What was checked</a></p></div>';
  }
  const words = STANDING_TEXT[state];
  // The date is the issuer's record, so it stays when the live check rewrites the title and detail.
  const when = state === 'revoked' && revokedDate ? `<p class="status-when">Revoked on ${time(revokedDate)}.</p>` : '';
  return `<div class="credential-status" id="credential-status" data-state="${state}"><p class="status-title"><strong>${words.title}</strong></p><p class="status-detail">${escapeHtml(words.detail(until ? formatDate(until) : ''))}</p>${when}<p class="status-more no-print"><a href="#check">What was checked</a></p></div>`;
}

/** Print, LinkedIn and share: only for a credential that stands. */
function actionsHtml(state: Standing, c: CredentialSummary, ctx: PageContext, pageUrl: string, linkedin: string): string {
  if (state !== 'active') return `<p class="notice">${escapeHtml(STANDING_TEXT[state].actions)}</p>`;
  const shareText = `${ctx.achievementName}, issued by ${ctx.organizationName}`;
  const mail = `mailto:?subject=${encodeURIComponent(shareText)}&body=${encodeURIComponent(`${shareText}. Check it here: ${pageUrl}`)}`;
  const printName =
    c.recipientName === undefined
      ? '<div class="field"><label for="print-name">Your name for the printed certificate <span class="muted">(optional)</span></label><p class="hint" id="print-name-hint">Your name is not published with this credential, so the certificate says “a verified recipient”. A name typed here stays in this browser, and the certificate marks it as added by you, not verified by the issuer.</p><input id="print-name" name="print-name" type="text" autocomplete="name" maxlength="100" aria-describedby="print-name-hint"></div>'
      : '';
  return `<div class="print-box" data-while-standing>${printName}<button type="button" class="button" data-print>Print certificate</button></div>
<ul class="actions-list share-actions" data-while-standing><li><a class="button button--secondary" href="${escapeHtml(linkedin)}" rel="noopener">Add to LinkedIn profile</a></li><li><a href="${escapeHtml(mail)}">Share by email</a></li><li><a href="https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(pageUrl)}" rel="noopener">Share on LinkedIn</a></li><li><button type="button" class="copy-link button button--secondary" data-copy="${escapeHtml(pageUrl)}">Copy link</button> <span class="copy-status" role="status"></span></li></ul>`;
}

/**
 * Add to a digital wallet, and verify elsewhere: only for a credential that stands. On a phone, the
 * Learner Credential Wallet's one-tap link, which carries the whole credential (made here at build
 * time: too long for a QR code, fine for a link); on a larger screen, a QR code of the credential's
 * .json address for the wallet's scanner; the address to copy; VerifierPlus's check of the .json.
 * Which of the first two shows is the page's CSS (src/components/credential/WalletBlock.astro).
 */
function walletHtml(state: Standing, jsonUrl: string, credentialJson: string): string {
  if (state !== 'active') return '';
  const lcw = lcwRequestUrl(credentialJson);
  return `<div class="wallet" data-while-standing>
<h3 id="wallet-title">Add to a digital wallet</h3>
<p>Keep this credential in the free <a href="https://lcw.app/" rel="noopener">Learner Credential Wallet</a> app (or another Open Badges 3.0 wallet): it shows and proves the credential without this website.</p>
<div class="wallet-phone"><p><a class="button" href="${escapeHtml(lcw)}" rel="noopener">Open in Learner Credential Wallet</a></p><p class="hint">Install the app on this phone first, then tap the button: the wallet shows the credential and asks before adding it.</p></div>
<figure class="wallet-desktop">${qrSvg(jsonUrl, 'qr-wallet')}<figcaption><strong>Wallet QR code.</strong> In the Learner Credential Wallet on your phone, choose Add credential, then Scan QR code, and point it at this code.</figcaption></figure>
<p class="wallet-link">Or paste the credential’s address in the wallet: <a href="${escapeHtml(jsonUrl)}">${escapeHtml(jsonUrl)}</a> <button type="button" class="copy-link button button--secondary" data-copy="${escapeHtml(jsonUrl)}">Copy wallet link</button> <span class="copy-status" role="status"></span></p>
<p class="wallet-verify"><a href="${escapeHtml(verifierPlusUrl(jsonUrl))}" rel="noopener">Verify independently on VerifierPlus</a>: the Digital Credentials Consortium’s verifier fetches this credential and checks its signature and status itself.</p>
</div>`;
}

/**
 * The files of the credential. A revoked credential's page offers no image with the credential baked
 * in (an image travels without its page, and would pass for a badge that stands); the signed files
 * stay, since any verifier reads the revocation from them.
 */
function downloadsHtml(state: Standing, c: CredentialSummary, ctx: PageContext): string {
  const file = `${c.achievement}-${c.credentialId}`;
  const link = (path: string, label: string, name = '') => `<li><a href="${escapeHtml(badgeHref(path))}" download${name ? `="${escapeHtml(name)}"` : ''}>${label}</a></li>`;
  const images =
    state === 'revoked'
      ? ''
      : link(badgePaths.credentialPng(c.credentialId), 'Download the badge (PNG, credential inside)', `${file}.png`) +
        (ctx.artwork.endsWith('.svg') ? link(badgePaths.credentialSvg(c.credentialId), 'Download the badge (SVG, credential inside)', `${file}.svg`) : '');
  const note = state === 'revoked' ? '<p>The badge image with this credential inside is no longer offered, because the issuer has revoked it.</p>' : '';
  return `${note}<ul class="actions-list">${images}${link(badgePaths.credentialJwt(c.credentialId), 'Download the signed credential (.jwt)')}${link(badgePaths.credentialJson(c.credentialId), 'Download the credential (.json)')}</ul>`;
}

/**
 * The real view of one credential. `credentialJson` is its published .json (with its Data Integrity
 * proof), which the wallet link carries.
 */
export function credentialView(c: CredentialSummary, ctx: PageContext, credentialJson: string): CredentialView {
  const urls = badgeUrls(ctx.origin);
  const pageUrl = urls.credentialPage(c.credentialId);
  const validUntil = c.validUntil?.slice(0, 10);
  const state = standing(c, ctx.today);
  const notices = c.sample ? '<p class="notice">This is a <strong>sample</strong> credential issued to a made-up person, to show how credentials look.</p>' : '';
  const evidence =
    c.evidence.length === 0
      ? ''
      : `<h2>Evidence</h2><ul>${c.evidence
          .map((e) => `<li>${e.url ? `<a href="${escapeHtml(e.url)}">${escapeHtml(e.narrative)}</a>` : escapeHtml(e.narrative)}</li>`)
          .join('')}</ul>`;
  const linkedin = linkedInAddToProfileUrl({
    name: ctx.achievementName,
    organizationName: ctx.organizationName,
    organizationId: ctx.organizationLinkedInId,
    issued: c.awardedDate,
    expires: validUntil,
    certUrl: pageUrl,
    certId: c.credentialId,
  });
  return {
    id: c.credentialId,
    title: c.recipientName ? `${ctx.achievementName}: ${c.recipientName}` : `${ctx.achievementName}, issued by ${ctx.organizationName}`,
    description: `${ctx.achievementName} awarded to ${c.recipientName ?? 'a verified recipient'} by ${ctx.organizationName}. Verify it on this page.`,
    holder: c.recipientName ?? 'a verified recipient',
    badge: state === 'revoked' ? ctx.artwork : badgeHref(badgePaths.credentialPng(c.credentialId)),
    notices,
    status: statusHtml(state, validUntil, c.revokedDate),
    awarded: time(c.awardedDate),
    expires: validUntil ? time(validUntil) : 'Does not expire',
    evidence,
    actions: actionsHtml(state, c, ctx, pageUrl, linkedin),
    downloads: downloadsHtml(state, c, ctx),
    wallet: walletHtml(state, urls.credentialJson(c.credentialId), credentialJson),
    qr: qrSvg(pageUrl),
  };
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** A template split at its tokens once, so filling it 10,000 times is a join. */
export interface CompiledTemplate {
  parts: string[];
  slots: Slot[];
}

export function compileTemplate(html: string, where: string, nonce: string): CompiledTemplate {
  const parts: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const match of html.matchAll(tokens(nonce))) {
    const slot = match[1] as Slot;
    if (!(TEXT_SLOTS as readonly string[]).includes(slot) && !(HTML_SLOTS as readonly string[]).includes(slot)) {
      throw new TemplateError(`${where}: unknown slot "${slot}" in the credential page template.`);
    }
    parts.push(html.slice(last, match.index));
    slots.push(slot);
    last = match.index + match[0].length;
  }
  parts.push(html.slice(last));
  const missing = [...TEXT_SLOTS, ...HTML_SLOTS].filter((slot) => !slots.includes(slot));
  if (missing.length > 0) throw new TemplateError(`${where}: the credential page template never shows ${missing.join(', ')}.`);
  return { parts, slots };
}

export function fillTemplate(template: CompiledTemplate, view: CredentialView): string {
  let out = template.parts[0]!;
  template.slots.forEach((slot, i) => {
    const value = view[slot];
    out += ((HTML_SLOTS as readonly string[]).includes(slot) ? value : escapeHtml(value)) + template.parts[i + 1]!;
  });
  return out;
}
