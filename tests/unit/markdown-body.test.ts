// The rule for HTML in release and page bodies (src/lib/content/markdown-body.ts): the content check
// refuses, with the line, what the build's sanitiser would remove, and the sanitiser leaves what
// Markdown itself writes exactly as it was.
import { readFileSync } from 'node:fs';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/lib/content/check-file.ts';
import { bodyRehypePlugins } from '../../src/lib/content/markdown-body.ts';
import { collectionSpecs } from '../../src/schemas/collections.ts';

const fixture = (name: string) => `tests/fixtures/content/releases/${name}`;

function problems(file: string, text = readFileSync(file, 'utf8')) {
  return checkFile(file, text, 'markdown', collectionSpecs.releases.schema).problems.map((p) => `${p.file}:${p.line} ${p.field}: ${p.message}`);
}

/** A release whose body is `body`, starting on line 7. */
const release = (body: string) => `---\ntitle: T\ndate: 2026-11-20\ncategory: Releases\nsummary: S.\n---\n${body}\n`;

/** The body as the build renders it (astro.config.mjs), with or without the sanitiser. */
async function render(markdown: string, sanitise: boolean) {
  const processor = await createMarkdownProcessor({ syntaxHighlight: false, rehypePlugins: sanitise ? bodyRehypePlugins() : [] });
  return (await processor.render(markdown)).code;
}

describe('the content check refuses HTML that would run code or send readers elsewhere', () => {
  it('names the file and line of each: script, meta refresh, iframe, event handlers, javascript: and data: links, style, form, object/embed, base, link', () => {
    const file = fixture('dangerous-html.md');
    expect(problems(file)).toEqual([
      `${file}:8 body: The text contains a <script> element. Releases and pages cannot run script: remove it.`,
      `${file}:10 body: The text contains a <meta> element, which can send readers to another page or change how the page behaves. Remove it.`,
      `${file}:12 body: The text embeds another page (<iframe>). Releases and pages cannot embed other sites: remove it. To show a YouTube or Vimeo video in a release, paste its link into the Video field (under Photo) instead; elsewhere, link to the video or page.`,
      `${file}:14 body: The <p> element has an event handler (onclick). Releases and pages cannot run script: remove the onclick attribute.`,
      // A Markdown link and an HTML one, the second with a tab and mixed case in the scheme.
      `${file}:16 body: The href of <a> runs script (javascript:). Releases and pages cannot run script: link to a web address instead.`,
      `${file}:16 body: The href of <a> runs script (javascript:). Releases and pages cannot run script: link to a web address instead.`,
      `${file}:18 body: The href of <a> is a data: address, which can hide a page or script. Link to a web page, or upload the file and use its /uploads/ path.`,
      `${file}:20 body: The text contains a <style> element. Pages use the site's own styles only: remove it.`,
      `${file}:22 body: The text contains a form (<form>). Releases and pages cannot collect input: remove it and link to the form instead.`,
      `${file}:22 body: The text contains a form field (<input>). Releases and pages cannot collect input: remove it (a Markdown task list, "- [ ] item", makes its own checkboxes).`,
      `${file}:24 body: The text embeds a plug-in (<object>). Releases and pages cannot embed plug-ins: remove it and link to the file instead.`,
      `${file}:24 body: The text embeds a plug-in (<embed>). Releases and pages cannot embed plug-ins: remove it and link to the file instead.`,
      `${file}:26 body: The text contains a <base> element, which changes where every link on the page goes. Remove it.`,
      `${file}:28 body: The text contains a <link> element, which loads a file into the page. Remove it; to link to something, use a Markdown link [text](address).`,
      `${file}:30 body: The <img> element has an event handler (onerror). Releases and pages cannot run script: remove the onerror attribute.`,
    ]);
  });

  it('reads the HTML as a browser does, not as text: markup inside an HTML block is HTML, inside code it is text', () => {
    const file = 'content/releases/x.md';
    // In an HTML block (it runs to the next blank line) backticks are not code: <x-widget> is an element.
    expect(problems(file, release('<div>\nSee `<x-widget>` here.\n</div>'))).toEqual([
      `${file}:8 body: The text contains a <x-widget> element, which releases and pages cannot use (it would be removed from the page). Remove it, or write the text in Markdown.`,
    ]);
    // In Markdown, code spans and fenced blocks are shown as text, and <script> in words is no element.
    expect(problems(file, release('Write `<script>` or &lt;iframe&gt; as text.\n\n```html\n<script>alert(1)</script>\n```'))).toEqual([]);
    // Attribute values are decoded first, as a browser does: &#106; is "j".
    expect(problems(file, release('<a href="&#106;avascript:alert(1)">x</a>'))).toEqual([
      `${file}:7 body: The href of <a> runs script (javascript:). Releases and pages cannot run script: link to a web address instead.`,
    ]);
  });

  it('refuses other markup the page would not show as written: styles, classes, ids, unknown elements, a component', () => {
    const file = 'content/releases/x.md';
    expect(problems(file, release('<span style="color:red" class="big">Red</span>\n\n<h2 id="apply">Apply</h2>\n\n<Video id="abc" />'))).toEqual([
      `${file}:7 body: The <span> element has a style attribute. Pages use the site's own styles only: remove it.`,
      `${file}:7 body: The <span> element has the attribute class="big", which releases and pages cannot use (it would be removed from the page). Remove it.`,
      `${file}:9 body: The <h2> element has an id ("apply"), which could interfere with the page's own script. Remove it: headings get their id from their text.`,
      `${file}:11 body: The text contains a <video> element, which releases and pages cannot use (it would be removed from the page). Remove it, or write the text in Markdown.`,
    ]);
  });
});

describe('what Markdown writes passes the check and is published unchanged', () => {
  const file = fixture('legitimate-body.md');
  const text = readFileSync(file, 'utf8');
  const body = text.slice(text.indexOf('\n---\n') + 5);

  it('headings, links (web, email, phone), lists, a table, an /uploads/ image, code, a task list, a footnote, details', async () => {
    expect(problems(file)).toEqual([]);
    const html = await render(body, true);
    for (const expected of [
      '<h2 id="what-happens-next">What happens next</h2>',
      '<a href="/challenge/2027/" title="The rules">rules</a>',
      '<a href="mailto:info@example.org">info@example.org</a>',
      '<a href="tel:+16135550100">613-555-0100</a>',
      '<th align="right">Amount</th>',
      '<img src="/uploads/council-chamber.jpg" alt="Council chamber of City Hall" title="City Hall">',
      '<code>npm run build</code>',
      '<pre><code class="language-sh">npm run preview\n</code></pre>',
      '<input type="checkbox" checked disabled>',
      '<a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref="" aria-describedby="footnote-label">1</a>',
      '<details>\n<summary>Other formats</summary>',
      'H<sub>2</sub>O',
    ]) {
      expect(html).toContain(expected);
    }
    // The sanitiser removed nothing: the same HTML as without it.
    expect(html).toBe(await render(body, false));
  });

  it('the build sanitises too: what gets past the check never reaches the page', async () => {
    const html = await render(readFileSync(fixture('dangerous-html.md'), 'utf8').split('\n---\n')[1]!, true);
    expect(html).not.toMatch(/<(script|meta|iframe|style|form|object|embed|base|link)\b|\bon(click|error)=|javascript:|data:/i);
    expect(html).toContain('<p>Click here</p>');
  });
});
