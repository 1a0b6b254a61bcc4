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
import { formatDate } from '../format.ts';
import { linkedInAddToProfileUrl } from '../ob3/linkedin.ts';
import { badgePaths, badgeUrls } from '../ob3/urls.ts';

/**
 * What a credential page shows about one credential (no token, no identifiers of the earner): the
 * award's own fields, typed by its schema, plus what issuing works out.
 */
export interface CredentialSummary extends Pick<Award, 'credentialId' | 'achievement' | 'awardedDate' | 'revoked' | 'suspended' | 'sample' | 'evidence'> {
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
}

/** Slots filled as escaped text (safe in element content and in quoted attributes). */
const TEXT_SLOTS = ['id', 'title', 'description', 'holder', 'linkedin'] as const;
/** Slots filled with HTML built in this module. */
const HTML_SLOTS = ['notices', 'awarded', 'expires', 'evidence', 'qr'] as const;
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
export function qrSvg(text: string): string {
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
  return `<svg aria-hidden="true" focusable="false" class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${box} ${box}" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h${box}v${box}H0z"/><path stroke="#000000" d="${path}"/></svg>`;
}

/** The real view of one credential. */
export function credentialView(c: CredentialSummary, ctx: PageContext): CredentialView {
  const urls = badgeUrls(ctx.origin);
  const pageUrl = urls.credentialPage(c.credentialId);
  const validUntil = c.validUntil?.slice(0, 10);
  const status = c.revoked ? 'revoked' : c.suspended ? 'suspended' : undefined;
  const notices = [
    c.sample ? '<p class="notice">This is a <strong>sample</strong> credential issued to a made-up person, to show how credentials look.</p>' : '',
    status ? `<p class="notice">The issuer has ${status} this credential. The check below shows its current state.</p>` : '',
  ].join('');
  const evidence =
    c.evidence.length === 0
      ? ''
      : `<h2>Evidence</h2><ul>${c.evidence
          .map((e) => `<li>${e.url ? `<a href="${escapeHtml(e.url)}">${escapeHtml(e.narrative)}</a>` : escapeHtml(e.narrative)}</li>`)
          .join('')}</ul>`;
  return {
    id: c.credentialId,
    title: `${ctx.achievementName}: ${c.recipientName ?? 'credential'}`,
    description: `${ctx.achievementName} awarded to ${c.recipientName ?? 'a verified recipient'} by ${ctx.organizationName}. Verify it on this page.`,
    holder: c.recipientName ?? 'a verified recipient',
    linkedin: linkedInAddToProfileUrl({
      name: ctx.achievementName,
      organizationName: ctx.organizationName,
      organizationId: ctx.organizationLinkedInId,
      issued: c.awardedDate,
      expires: validUntil,
      certUrl: pageUrl,
      certId: c.credentialId,
    }),
    notices,
    awarded: time(c.awardedDate),
    expires: validUntil ? time(validUntil) : 'Does not expire',
    evidence,
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
