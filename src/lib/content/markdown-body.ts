/**
 * What the body of a release or page may contain: THE rule for HTML in Markdown, used by the build
 * and by the checks. Content is data: nothing an editor writes may run in a reader's browser or
 * change where the page sends them.
 *
 * The build renders bodies with the unified pipeline (astro.config.mjs), which parses raw HTML
 * (rehype-raw) and then holds the whole tree to `BODY_SCHEMA` with rehype-sanitize, an allow-list,
 * so whatever slips past a check is removed from the page. The content check (check-file.ts, run
 * before every build and by the CMS before it saves) parses the body with the same libraries, runs
 * the same sanitiser and refuses, with its line, everything the sanitiser would remove: an editor
 * learns at once, and what the preview shows is what the page shows. Pure: no node:*, so the CMS
 * can bundle it.
 */
import { isUpload } from './uploads.ts';
import type { Element, Nodes, Root } from 'hast';
import { find, html } from 'property-information';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as Schema } from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { ContentProblem } from './integrity.ts';

const defaults = defaultSchema.attributes ?? {};

/**
 * GitHub's schema (hast-util-sanitize's default), which keeps everything Markdown itself produces
 * (headings, links, lists, tables, task lists, code with its language class, images, footnotes),
 * narrowed for this site:
 * - ids only in the `user-content-` namespace GFM footnotes already use, and no `name`: an id or name
 *   written in the text could otherwise shadow a global a page's script reads (DOM clobbering).
 *   Heading ids are added after sanitising, from the heading's text. With this, nothing is renamed
 *   (no clobber prefix): the sanitiser only removes, so the check can refuse exactly what it removes;
 * - links to web, email and phone addresses only (no javascript:, data:, irc:…);
 * - no <picture>/<source>: their srcset is a second way to load an image from another site.
 */
export const BODY_SCHEMA: Schema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((tag) => tag !== 'picture' && tag !== 'source'),
  attributes: {
    ...Object.fromEntries(Object.entries(defaults).filter(([tag]) => tag !== 'source')),
    h2: [...(defaults['h2'] ?? []), ['id', 'footnote-label']],
    '*': [...(defaults['*'] ?? []).filter((name) => name !== 'id' && name !== 'name'), ['id', /^user-content-/]],
  },
  clobber: [],
  protocols: {
    href: ['http', 'https', 'mailto', 'tel'],
    src: ['http', 'https'],
    cite: ['http', 'https'],
    longDesc: ['http', 'https'],
  },
};

/**
 * The rehype plugins of the build's Markdown pipeline (astro.config.mjs): parse raw HTML into
 * elements, then sanitise. Astro's unified pipeline adds heading ids and stringifies after these.
 */
export function bodyRehypePlugins(): [typeof rehypeRaw, [typeof rehypeSanitize, Schema]] {
  return [rehypeRaw, [rehypeSanitize, BODY_SCHEMA]];
}

/** Markdown to HTML tree as the build reads it: CommonMark and GFM, raw HTML parsed (positions kept). */
const reader = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw);
const sanitiser = unified().use(rehypeSanitize, BODY_SCHEMA);

/** Elements whose content the sanitiser removes with them (the rest are unwrapped: their text stays). */
const STRIPPED = new Set(BODY_SCHEMA.strip ?? []);

/** Why an element cannot be in a body, for the ones an editor might paste on purpose. */
const ELEMENT_REASONS: Record<string, string> = {
  script: 'The text contains a <script> element. Releases and pages cannot run script: remove it.',
  iframe:
    'The text embeds another page (<iframe>). Releases and pages cannot embed other sites: remove it. To show a YouTube or Vimeo video in a release, paste its link into the Video field (under Photo) instead; elsewhere, link to the video or page.',
  object: 'The text embeds a plug-in (<object>). Releases and pages cannot embed plug-ins: remove it and link to the file instead.',
  embed: 'The text embeds a plug-in (<embed>). Releases and pages cannot embed plug-ins: remove it and link to the file instead.',
  style: 'The text contains a <style> element. Pages use the site\'s own styles only: remove it.',
  link: 'The text contains a <link> element, which loads a file into the page. Remove it; to link to something, use a Markdown link [text](address).',
  meta: 'The text contains a <meta> element, which can send readers to another page or change how the page behaves. Remove it.',
  base: 'The text contains a <base> element, which changes where every link on the page goes. Remove it.',
  form: 'The text contains a form (<form>). Releases and pages cannot collect input: remove it and link to the form instead.',
  ...Object.fromEntries(
    ['input', 'button', 'select', 'textarea'].map((tag) => [
      tag,
      `The text contains a form field (<${tag}>). Releases and pages cannot collect input: remove it (a Markdown task list, "- [ ] item", makes its own checkboxes).`,
    ]),
  ),
  svg: 'The text contains an SVG drawing, which can carry script. Remove it; upload the picture as PNG or JPEG and show it with ![description](/uploads/…).',
  math: 'The text contains MathML (<math>), which pages do not support. Remove it.',
};

function elementProblem(tag: string): string {
  return (
    ELEMENT_REASONS[tag] ??
    `The text contains a <${tag}> element, which releases and pages cannot use (it would be removed from the page). Remove it, or write the text in Markdown.`
  );
}

/** A property name of the HTML tree (onClick, ariaLabel) as the attribute an editor wrote (onclick, aria-label). */
const attributeName = (property: string) => find(html, property).attribute;

const URL_PROPERTIES = new Set(Object.keys(BODY_SCHEMA.protocols ?? {}));

function attributeProblem(tag: string, property: string, value: unknown): string {
  const name = attributeName(property);
  const text = Array.isArray(value) ? value.join(' ') : String(value);
  if (/^on/i.test(name)) {
    return `The <${tag}> element has an event handler (${name}). Releases and pages cannot run script: remove the ${name} attribute.`;
  }
  if (URL_PROPERTIES.has(property)) {
    // Browsers ignore tabs, newlines and leading spaces in a scheme, so the check does too.
    const scheme = /^([^:/?#]*):/.exec(text.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase() ?? '';
    if (scheme === 'javascript' || scheme === 'vbscript') {
      return `The ${name} of <${tag}> runs script (${scheme}:). Releases and pages cannot run script: link to a web address instead.`;
    }
    if (scheme === 'data') {
      return `The ${name} of <${tag}> is a data: address, which can hide a page or script. Link to a web page, or upload the file and use its /uploads/ path.`;
    }
    return `The ${name} of <${tag}> is "${text.slice(0, 80)}", which is not a web, email or phone address. Write an address starting with https://, mailto: or tel:, or a path on this site such as /news/.`;
  }
  if (name === 'style') return `The <${tag}> element has a style attribute. Pages use the site's own styles only: remove it.`;
  if (name === 'id') {
    return `The <${tag}> element has an id ("${text.slice(0, 80)}"), which could interfere with the page's own script. Remove it: headings get their id from their text.`;
  }
  if (name === 'name') return `The <${tag}> element has a name ("${text.slice(0, 80)}"), which could interfere with the page's own script. Remove it.`;
  return `The <${tag}> element has the attribute ${name}="${text.slice(0, 80)}", which releases and pages cannot use (it would be removed from the page). Remove it.`;
}

/** An address that loads from another site: with a scheme (https:) or protocol-relative (//host). */
const OFF_SITE = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;

/** Labels each element, so what survives sanitising can be matched to what was written. */
function labelElements(node: Nodes, labels: Element[]): void {
  if (node.type === 'element') {
    node.data = { ...node.data, bodyRuleLabel: labels.length } as Element['data'];
    labels.push(node);
  }
  if ('children' in node) for (const child of node.children) labelElements(child, labels);
}

function survivors(node: Nodes, kept: Map<number, Element>): void {
  if (node.type === 'element') {
    const label = (node.data as { bodyRuleLabel?: number } | undefined)?.bodyRuleLabel;
    if (label !== undefined) kept.set(label, node);
  }
  if ('children' in node) for (const child of node.children) survivors(child, kept);
}

/**
 * Problems in the Markdown body of `text` (which starts at `bodyStart`, after the front matter),
 * each with its line in the file: every element and attribute the sanitiser would remove, and
 * images from other sites (the pages' Content-Security-Policy would show them broken).
 */
export function bodyHtmlProblems(file: string, text: string, bodyStart: number): ContentProblem[] {
  const body = text.slice(bodyStart);
  const linesBefore = text.slice(0, bodyStart).split('\n').length - 1;
  const tree = reader.runSync(reader.parse(body)) as Root;
  const labels: Element[] = [];
  labelElements(tree, labels);
  const kept = new Map<number, Element>();
  // The sanitiser builds a new tree and leaves this one as it is.
  survivors(sanitiser.runSync(tree) as Root, kept);

  const problems: ContentProblem[] = [];
  const report = (line: number | undefined, message: string) =>
    problems.push({ file, field: 'body', ...(line === undefined ? {} : { line: line + linesBefore }), message });

  const visit = (node: Nodes, line: number | undefined) => {
    if (node.type === 'element') {
      // Elements the HTML parser adds (an implied <tbody>) have no position: use the nearest written one.
      const at = node.position?.start.line ?? line;
      const label = (node.data as { bodyRuleLabel?: number }).bodyRuleLabel ?? -1;
      const safe = kept.get(label);
      if (!safe) {
        report(at, elementProblem(node.tagName));
        if (STRIPPED.has(node.tagName)) return;
      } else if (Object.keys(safe.properties).some((property) => !(property in node.properties))) {
        // The sanitiser adds what an element must have (an <input> becomes a disabled checkbox): the
        // page would show something else than was written.
        report(at, elementProblem(node.tagName));
      } else {
        for (const [property, value] of Object.entries(node.properties)) {
          if (value === undefined || value === null) continue;
          if (JSON.stringify(safe.properties[property]) !== JSON.stringify(value)) report(at, attributeProblem(node.tagName, property, value));
        }
        const src = node.properties['src'];
        if (node.tagName === 'img' && typeof src === 'string' && !OFF_SITE.test(src.trim()) && !src.trim().startsWith('/')) {
          // A relative picture is imported by Astro's Markdown pipeline from wherever it points, past
          // every check of the media library (any image on the build machine, an SVG beside the entry).
          report(
            at,
            `The picture "${src.trim().slice(0, 80)}" is written as a path relative to this file. Write its address from the site root: /uploads/<name> for a photo of the media library (Choose an image in the CMS), or /images/<name> for a file of public/images/.`,
          );
        }
        if (node.tagName === 'img' && typeof src === 'string' && OFF_SITE.test(src.trim())) {
          report(
            at,
            `The text shows an image from another site (${src.trim().slice(0, 80)}). Pages show only this site's own images: upload the picture and use its /uploads/ path.`,
          );
        }
      }
      for (const child of node.children) visit(child, at);
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child, node.position?.start.line ?? line);
  };
  visit(tree, undefined);
  return problems;
}

/**
 * Every address in a Markdown body that names a file of this site's media library (an image's `src`
 * or a link's `href` under /uploads/), in order, as written: each is published as its cleaned copy.
 */
export function bodyUploadAddresses(body: string): string[] {
  const found: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'element') {
      const address = node.tagName === 'img' ? node.properties['src'] : node.tagName === 'a' ? node.properties['href'] : undefined;
      if (typeof address === 'string' && isUpload(address.trim())) found.push(address.trim());
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(reader.runSync(reader.parse(body)) as Root);
  return found;
}
