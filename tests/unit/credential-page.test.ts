// The per-credential parts of credential pages and the template fill the build uses for them.
import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  credentialView,
  escapeHtml,
  fillTemplate,
  TemplateError,
  templateNonce,
  templateView,
  type CredentialSummary,
  type PageContext,
} from '../../src/lib/issue/credential-page.ts';

const ctx: PageContext = { origin: 'https://badges.example.org', achievementName: 'Innovation Skills', organizationName: 'City of Kingston', artwork: '/badges/innovation-skills.svg', today: '2026-12-01' };
const summary: CredentialSummary = {
  credentialId: '6c4635d2-949d-4dc7-8bea-ef43008fea33',
  achievement: 'innovation-skills',
  recipientName: 'Ada <b>"Bold"</b> & Co',
  awardedDate: '2026-03-06',
  validUntil: '2028-03-06T00:00:00Z',
  revoked: true,
  revokedDate: '2026-06-01',
  suspended: false,
  sample: true,
  evidence: [{ narrative: 'Pitch <script>alert(1)</script>', url: 'https://example.org/a?b=1&c="2"' }, { narrative: 'Report' }],
};

/** Stands in for the published .json: text with every character the wallet link must carry unchanged. */
const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: 'https://badges.example.org/credentials/6c4635d2-949d-4dc7-8bea-ef43008fea33.json',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: '100% {braces} <b>&amp; "quotes"</b> é 🎉 %41 %zz a+b',
  proof: { type: 'DataIntegrityProof', proofValue: 'z3FXQ' },
};
const credentialJson = `${JSON.stringify(credential, null, 2)}\n`;

/** The one-tap link read as the Learner Credential Wallet reads it (app/lib/walletRequestApi.ts): the query decoded once, then JSON.parse(decodeURI(…)). */
function lcwMessage(link: string): unknown {
  const url = new URL(link);
  expect(url.origin + url.pathname).toBe('https://lcw.app/request');
  return JSON.parse(decodeURI(url.searchParams.get('request')!));
}

/** The href of the link named `name` in some HTML. */
function hrefOf(html: string, name: string): string | undefined {
  const match = new RegExp(`<a [^>]*href="([^"]*)"[^>]*>${name}</a>`).exec(html);
  return match?.[1]?.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const nonce = templateNonce();

/** A template that shows every slot the way the Astro page does: in text, in attributes and as HTML. */
function page(view = templateView(nonce)) {
  return `<title>${view.title}</title><meta content="${view.description}"><a href="/credentials/${view.id}.png">x</a>
<p>${view.holder}</p><img src="${view.badge}">${view.notices}${view.status}<dd>${view.awarded}</dd><dd>${view.expires}</dd>${view.evidence}${view.actions}${view.downloads}${view.wallet}${view.qr}`;
}

describe('credential page template', () => {
  it('fills every slot: text escaped, HTML slots as built, the id everywhere', () => {
    const html = fillTemplate(compileTemplate(page(), 't.html', nonce), credentialView(summary, ctx, credentialJson));
    expect(html).not.toContain('x-mic-');
    expect(html).toContain('<title>Innovation Skills: Ada &lt;b&gt;&quot;Bold&quot;&lt;/b&gt; &amp; Co</title>');
    expect(html).toContain('<p>Ada &lt;b&gt;&quot;Bold&quot;&lt;/b&gt; &amp; Co</p>');
    expect(html).toContain(`/credentials/${summary.credentialId}.png`);
    expect(html).toContain('<p class="notice">This is a <strong>sample</strong> credential');
    expect(html).toContain('<div class="credential-status" id="credential-status" data-state="revoked"><p class="status-title"><strong>Revoked</strong></p>');
    // A revoked credential says when, and offers nothing to print or share and no image with the credential inside.
    expect(html).toContain('<p class="status-when">Revoked on <time datetime="2026-06-01">June 1, 2026</time>.</p>');
    expect(html).toContain('this page offers no certificate to print and no LinkedIn or sharing links.');
    expect(html).toContain('<img src="/badges/innovation-skills.svg">');
    expect(html).not.toMatch(/\.(png|svg)" download/);
    expect(html).toContain(`<li><a href="/credentials/${summary.credentialId}.jwt" download>Download the signed credential (.jwt)</a></li>`);
    expect(html).not.toMatch(/linkedin\.com|data-print|data-copy|mailto:/);
    expect(html).toContain('<time datetime="2026-03-06">March 6, 2026</time>');
    expect(html).toContain('<time datetime="2028-03-06">March 6, 2028</time>');
    expect(html).toContain('<li><a href="https://example.org/a?b=1&amp;c=&quot;2&quot;">Pitch &lt;script&gt;alert(1)&lt;/script&gt;</a></li><li>Report</li>');
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toMatch(/<svg aria-hidden="true" focusable="false" class="qr"[^>]*viewBox="0 0 \d+ \d+"/);
  });

  it('gives the same page as rendering the real view directly', () => {
    const view = credentialView({ ...summary, recipientName: undefined, validUntil: undefined, revoked: false, sample: false, evidence: [] }, ctx, credentialJson);
    const direct = page(Object.fromEntries(Object.entries(view).map(([k, v]) => [k, ['notices', 'status', 'awarded', 'expires', 'evidence', 'actions', 'downloads', 'wallet', 'qr'].includes(k) ? v : escapeHtml(v)])) as typeof view);
    expect(fillTemplate(compileTemplate(page(), 't.html', nonce), view)).toBe(direct);
    expect(direct).toContain('<p>a verified recipient</p>');
    expect(direct).toContain('<dd>Does not expire</dd>');
    expect(direct).not.toContain('class="notice"');
    expect(direct).toContain('data-state="checking"');
    expect(direct).toContain('href="https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&amp;name=Innovation+Skills');
    // No published name: the earner may type one for the printout.
    expect(direct).toContain('<input id="print-name"');
    // A credential that stands shows and offers its baked images.
    expect(direct).toContain(`<img src="/credentials/${summary.credentialId}.png">`);
    expect(direct).toContain(`<a href="/credentials/${summary.credentialId}.png" download="innovation-skills-${summary.credentialId}.png">Download the badge (PNG, credential inside)</a>`);
    expect(direct).toContain(`<a href="/credentials/${summary.credentialId}.svg" download="innovation-skills-${summary.credentialId}.svg">Download the badge (SVG, credential inside)</a>`);
  });

  it('builds the page of a credential by where it stands that day: active, suspended, expired, revoked', () => {
    const base = { ...summary, revoked: false, sample: false, evidence: [] };
    const state = (c: CredentialSummary, today = ctx.today) => /data-state="([a-z]+)"/.exec(credentialView(c, { ...ctx, today }, credentialJson).status)?.[1];
    expect(state(base)).toBe('checking');
    expect(state({ ...base, suspended: true })).toBe('suspended');
    expect(state(base, '2028-03-05')).toBe('checking');
    expect(state(base, '2028-03-06')).toBe('expired');
    expect(credentialView(base, { ...ctx, today: '2028-03-06' }, credentialJson).status).toContain('This credential was valid until March 6, 2028.');
    expect(state({ ...base, revoked: true, suspended: true })).toBe('revoked');
    for (const fallen of [{ ...base, suspended: true }, { ...base, revoked: true }]) expect(credentialView(fallen, ctx, credentialJson).actions).not.toMatch(/linkedin|data-print/);
    // A published name is on the certificate already: nothing to type.
    expect(credentialView(base, ctx, credentialJson).actions).toContain('data-print');
    expect(credentialView(base, ctx, credentialJson).actions).not.toContain('print-name');
  });

  it('refuses a template that is missing a slot or names an unknown one, naming the file', () => {
    expect(() => compileTemplate(page().replace(templateView(nonce).qr, ''), 'dist/credentials/template-x/index.html', nonce)).toThrow(
      new TemplateError('dist/credentials/template-x/index.html: the credential page template never shows qr.'),
    );
    expect(() => compileTemplate(`${page()}x-mic-${nonce}-name-x`, 'a.html', nonce)).toThrow('a.html: unknown slot "name"');
  });

  it('fills only the tokens of this build: content that looks like a slot stays text', () => {
    const other = templateNonce();
    expect(other).toMatch(/^[0-9a-f]{16}$/);
    expect(other).not.toBe(nonce);
    // An editor's text (or a template of another build) naming a slot is left as it is.
    const lookalike = `${templateView(other).evidence} x-mic-slot-qr-x`;
    const html = fillTemplate(compileTemplate(`<p title="${lookalike}">${lookalike}</p>${page()}`, 't.html', nonce), credentialView(summary, ctx, credentialJson));
    expect(html).toContain(`<p title="${lookalike}">${lookalike}</p>`);
  });
});

describe('the wallet block and the links to other tools', () => {
  const standing = { ...summary, revoked: false, sample: false, evidence: [] };
  const jsonUrl = `https://badges.example.org/credentials/${summary.credentialId}.json`;

  it('offers the Learner Credential Wallet a VerifiablePresentation holding exactly the credential JSON', () => {
    const wallet = credentialView(standing, ctx, credentialJson).wallet;
    const link = hrefOf(wallet, 'Open in Learner Credential Wallet');
    expect(link).toBeDefined();
    expect(lcwMessage(link!)).toEqual({
      verifiablePresentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [credential] },
    });
    // The same message when the wallet's deep-link route parses the parameter without decodeURI.
    expect(JSON.parse(new URL(link!).searchParams.get('request')!).verifiablePresentation.verifiableCredential).toEqual([credential]);
  });

  it('labels the phone button, the wallet QR code (of the .json address) and the copyable address', () => {
    const wallet = credentialView(standing, ctx, credentialJson).wallet;
    expect(wallet).toContain('<h3 id="wallet-title">Add to a digital wallet</h3>');
    expect(wallet).toMatch(/<figure class="wallet-desktop"><svg [^>]*class="qr-wallet"[\s\S]*<figcaption><strong>Wallet QR code\.<\/strong>/);
    expect(wallet).toContain(`data-copy="${jsonUrl}">Copy wallet link</button>`);
  });

  it('links VerifierPlus to the credential’s .json', () => {
    const wallet = credentialView(standing, ctx, credentialJson).wallet;
    expect(hrefOf(wallet, 'Verify independently on VerifierPlus')).toBe(`https://verifierplus.org/#verify?vc=${jsonUrl}`);
  });

  it('offers no wallet for a credential that does not stand', () => {
    for (const fallen of [{ ...standing, revoked: true }, { ...standing, suspended: true }]) expect(credentialView(fallen, ctx, credentialJson).wallet).toBe('');
    expect(credentialView(standing, { ...ctx, today: '2028-03-06' }, credentialJson).wallet).toBe('');
  });

  it("sends LinkedIn the City's organisation id when the settings give one, and its name when not", () => {
    const linkedIn = (context: PageContext) => new URL(hrefOf(credentialView(standing, context, credentialJson).actions, 'Add to LinkedIn profile')!).searchParams;
    const withId = linkedIn({ ...ctx, organizationLinkedInId: '12345' });
    expect(withId.get('organizationId')).toBe('12345');
    expect(withId.has('organizationName')).toBe(false);
    const without = linkedIn(ctx);
    expect(without.has('organizationId')).toBe(false);
    expect(without.get('organizationName')).toBe('City of Kingston');
  });
});
