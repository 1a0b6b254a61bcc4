/**
 * Whether an SVG file is a plain drawing that cannot run script or load anything when a browser
 * opens it on this site's origin (where Decap CMS keeps an editor's login token). The file is
 * parsed as XML by saxes (strict, namespace-aware, character references decoded, DTDs never read)
 * and every element, attribute and CSS value is held to an allow-list: whatever is not listed here
 * is refused, so a trick nobody has thought of yet is refused too. Looking for bad text instead
 * (`<script`) misses namespaced and XHTML script, entities and `&#106;avascript:` links.
 *
 * Pure (no node:*, no DOM): the build, the tests and a browser can run it. Every step reads the
 * text once, front to back (saxes is a state machine; the CSS scan is a single pass), so hostile
 * input costs time in proportion to its length; the length and the nesting depth are capped.
 */
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';

const SVG = 'http://www.w3.org/2000/svg';
const XLINK = 'http://www.w3.org/1999/xlink';
const XML = 'http://www.w3.org/XML/1998/namespace';
const XMLNS = 'http://www.w3.org/2000/xmlns/';
const XHTML = 'http://www.w3.org/1999/xhtml';
/** Open Badges 3.0: how a credential is baked into an SVG (src/lib/issue/bake-fs.ts, src/lib/verify/svg.ts). */
const OB3 = 'https://purl.imsglobal.org/ob/v3p0';

/** Far more than any badge needs (the landed artwork is 1.5 KB); past it the file is not read at all. */
const MAX_SVG_CHARACTERS = 2 * 1024 * 1024;
/** After this many problems the rest are not listed: fixing these comes first. */
const MAX_PROBLEMS = 25;
/**
 * Drawings nest groups a few levels deep. saxes looks a prefix up through every open element, so each
 * level costs every element inside it a step: the cap keeps the whole check linear in the file's length.
 */
const MAX_SVG_DEPTH = 100;

/** Thrown from a parser handler to stop reading: the file is nested too deep, or enough problems are listed. */
class Stop extends Error {}

const PLAIN = 'badge artwork must be a plain drawing';
const RESAVE = 'save the drawing again as "Optimized SVG" (Inkscape) or with "Export As → SVG" and presentation attributes (Illustrator), which leave out editor data';

/** SVG elements a drawing needs: shapes, text, paint servers, clipping, masking, markers and filters. */
const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'title', 'desc', 'symbol', 'use', 'style',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting',
  'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR',
  'feGaussianBlur', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting',
  'feSpotLight', 'feTile', 'feTurbulence',
]);

/** Why a well-known SVG element is refused, where "not a drawing element" would not say enough. */
const REFUSED_BECAUSE = new Map(Object.entries({
  script: `${PLAIN}, and script in it would run on this site`,
  foreignObject: `${PLAIN}; foreignObject holds web-page content, which can run script`,
  a: `${PLAIN}; links can run script (javascript: addresses) and lead away from the badge`,
  image: `${PLAIN}; an image element loads another file (or a data: address). Draw the picture in the SVG, or use a PNG badge`,
  feImage: `${PLAIN}; feImage loads another file`,
  animate: `${PLAIN}; animation elements can change links and attributes, so they can run script`,
  set: `${PLAIN}; set elements can change links and attributes, so they can run script`,
  animateMotion: `${PLAIN}; animation elements can change links and attributes`,
  animateTransform: `${PLAIN}; animation elements can change links and attributes`,
  mpath: `${PLAIN}; mpath belongs to animation`,
  discard: `${PLAIN}; discard belongs to animation`,
  iframe: `${PLAIN}; an iframe loads another page`,
  video: `${PLAIN}; video loads another file`,
  audio: `${PLAIN}; audio loads another file`,
  switch: `${PLAIN}; switch is how drawing programs hide editor data and web content`,
  cursor: `${PLAIN}; cursor loads another file`,
  view: `${PLAIN}`,
  metadata: `it holds editor data, not drawing; ${RESAVE}`,
}));

/**
 * Attributes read as CSS values (presentation attributes and geometry): each is held to the CSS rules of
 * cssProblem, since browsers parse them with their CSS parser (escapes, url(), functions).
 */
const CSS_ATTRIBUTES = new Set([
  // Geometry and layout.
  'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'width', 'height', 'd', 'points',
  'pathLength', 'transform', 'viewBox', 'preserveAspectRatio', 'overflow', 'clip', 'display', 'visibility',
  // Paint.
  'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit',
  'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity', 'opacity', 'color', 'paint-order', 'vector-effect',
  'shape-rendering', 'color-interpolation', 'color-interpolation-filters', 'color-rendering', 'image-rendering',
  'mix-blend-mode', 'isolation', 'enable-background', 'clip-path', 'clip-rule', 'mask', 'filter',
  'marker-start', 'marker-mid', 'marker-end', 'stop-color', 'stop-opacity', 'flood-color', 'flood-opacity', 'lighting-color',
  // Text.
  'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust', 'startOffset', 'method', 'spacing', 'side', 'text-anchor',
  'dominant-baseline', 'alignment-baseline', 'baseline-shift', 'font', 'font-family', 'font-size', 'font-size-adjust',
  'font-stretch', 'font-style', 'font-variant', 'font-weight', 'letter-spacing', 'word-spacing', 'text-decoration',
  'writing-mode', 'direction', 'unicode-bidi', 'text-rendering',
  // Gradients, patterns, clipping, masks, markers.
  'gradientUnits', 'gradientTransform', 'spreadMethod', 'offset', 'patternUnits', 'patternContentUnits',
  'patternTransform', 'clipPathUnits', 'maskUnits', 'maskContentUnits', 'markerWidth', 'markerHeight', 'markerUnits',
  'orient', 'refX', 'refY',
  // Filter primitives.
  'filterUnits', 'primitiveUnits', 'in', 'in2', 'result', 'stdDeviation', 'edgeMode', 'mode', 'operator',
  'k1', 'k2', 'k3', 'k4', 'type', 'values', 'tableValues', 'slope', 'intercept', 'amplitude', 'exponent', 'order',
  'kernelMatrix', 'divisor', 'bias', 'targetX', 'targetY', 'preserveAlpha', 'kernelUnitLength', 'surfaceScale',
  'diffuseConstant', 'specularConstant', 'specularExponent', 'azimuth', 'elevation', 'pointsAtX', 'pointsAtY',
  'pointsAtZ', 'limitingConeAngle', 'baseFrequency', 'numOctaves', 'seed', 'stitchTiles', 'scale',
  'xChannelSelector', 'yChannelSelector', 'radius',
  // The root element, and <style>.
  'version', 'baseProfile', 'zoomAndPan', 'media',
  'style',
]);

/** Attributes of free text (names, labels), never read as CSS or addresses. */
const TEXT_ATTRIBUTES = new Set(['id', 'class', 'role', 'lang', 'xml:lang', 'xml:space', 'focusable', 'tabindex']);

/** Elements whose href may point at another element of the same file (a paint server, a path, a symbol). */
const HREF_ELEMENTS = new Set(['use', 'textPath', 'linearGradient', 'radialGradient', 'pattern', 'filter']);

/** CSS functions a drawing uses; any other (image-set, src, attr, expression…) could load or compute an address. */
const CSS_FUNCTIONS = new Set([
  'url', 'rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color', 'calc', 'var',
  'matrix', 'translate', 'translatex', 'translatey', 'scale', 'scalex', 'scaley', 'rotate', 'skewx', 'skewy',
]);

/** `#id`: a reference to an element of the same file. */
const FRAGMENT = /^#[\w.:-]+$/;

const capital = (sentence: string) => `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;

/** A short, quoted form of a value for messages. */
const quoted = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);

/** The value as a URL parser sees its scheme: tabs, newlines and spaces removed, lower case. */
const compact = (value: string) => value.replace(/[\u0000-\u0020]+/g, '').toLowerCase();

const isIdentChar = (code: number) =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x5f;

/** What is wrong with the url(…) whose inside runs from `start` to `close` (-1: never closed), or undefined for url(#id). */
function urlProblem(text: string, start: number, close: number): string | undefined {
  const inside = (close < 0 ? text.slice(start) : text.slice(start, close)).trim();
  const quote = inside[0];
  const unquoted = inside.length >= 2 && (quote === '"' || quote === "'") && inside.at(-1) === quote ? inside.slice(1, -1) : inside;
  if (close >= 0 && FRAGMENT.test(unquoted)) return undefined;
  return `url(${quoted(unquoted).slice(1, -1)}); only url(#id), a reference to an element of this file, is allowed`;
}

/**
 * What makes a CSS value (a style attribute, a presentation attribute or a <style> element) unsafe, or
 * undefined: no escapes (they can spell anything), no at-rules (@import), only listed functions, and
 * url() only as url(#id). One pass, left to right.
 */
function cssProblem(css: string): string | undefined {
  if (css.includes('\\')) return 'a backslash (CSS escapes can hide addresses); write the value plainly';
  const at = css.indexOf('@');
  if (at >= 0) {
    let end = at + 1;
    while (end < css.length && end < at + 30 && isIdentChar(css.charCodeAt(end))) end += 1;
    return `the at-rule ${css.slice(at, end)} (@import and other at-rules can load other files)`;
  }
  const flat = compact(css);
  if (flat.includes('javascript:') || flat.includes('vbscript:')) return 'a javascript: address';
  let nameStart = 0;
  for (let i = 0; i < css.length; i += 1) {
    const code = css.charCodeAt(i);
    if (isIdentChar(code)) continue;
    if (code === 0x28 /* ( */) {
      const name = css.slice(nameStart, i).toLowerCase();
      if (name === 'url') {
        const close = css.indexOf(')', i);
        const problem = urlProblem(css, i + 1, close);
        if (problem) return problem;
        i = close;
      } else if (!CSS_FUNCTIONS.has(name)) {
        return name ? `the CSS function ${name}(), which badge artwork does not need` : 'a parenthesis that is not part of a colour, transform or url(#id)';
      }
    }
    nameStart = i + 1;
  }
  return undefined;
}

/** What makes any attribute value unsafe wherever it appears, or undefined. */
function valueProblem(value: string): string | undefined {
  const flat = compact(value);
  if (flat.includes('javascript:') || flat.includes('vbscript:')) return 'a javascript: address';
  if (flat.includes('@import')) return 'an @import';
  if (flat.includes('expression(')) return 'a CSS expression()';
  // Lower case can change a string's length, so every index below is into `lower`. Each search starts
  // after the last url(…) found, so the text is read once however many there are.
  const lower = value.toLowerCase();
  for (let at = lower.indexOf('url('); at >= 0; ) {
    const close = lower.indexOf(')', at);
    const problem = urlProblem(lower, at + 4, close);
    if (problem) return problem;
    at = lower.indexOf('url(', close);
  }
  return undefined;
}

/** The element's name as written, for messages: `<script>`, `<html:script>`. */
const tagName = (tag: SaxesTagNS) => `<${tag.name}>`;

/** The attribute's name as the allow-list spells it, or undefined for a namespace nobody draws with. */
function attributeKey(attribute: SaxesAttributeNS): string | undefined {
  if (attribute.uri === '') return attribute.local;
  if (attribute.uri === XLINK) return `xlink:${attribute.local}`;
  if (attribute.uri === XML) return `xml:${attribute.local}`;
  return undefined;
}

/** Problems with one attribute of an SVG element. */
function attributeProblem(tag: SaxesTagNS, attribute: SaxesAttributeNS): string | undefined {
  if (attribute.uri === XMLNS) return undefined;
  const of = `the ${attribute.name} attribute of ${tagName(tag)}`;
  const key = attributeKey(attribute);
  if (key === undefined) return `Remove ${of} (namespace ${attribute.uri}): it is editor data, not drawing; ${RESAVE}.`;
  if (/^on/i.test(key)) return `Remove ${of}: event handlers run script, and ${PLAIN}.`;
  if (key === 'href' || key === 'xlink:href') {
    if (!HREF_ELEMENTS.has(tag.local)) return `Remove ${of}: ${PLAIN}, and only gradients, patterns, filters, <use> and <textPath> may refer to other elements.`;
    if (!FRAGMENT.test(attribute.value)) {
      return `${capital(of)} is ${quoted(attribute.value)}: it may only point at an element of this file ("#id"). Badge artwork must not load other files or links; copy what it needs into the file.`;
    }
    return undefined;
  }
  if (!CSS_ATTRIBUTES.has(key) && !TEXT_ATTRIBUTES.has(key) && !key.startsWith('aria-')) {
    return `Remove ${of}: it is not one of the drawing, text or accessibility attributes badge artwork may use.`;
  }
  const problem = valueProblem(attribute.value) ?? (CSS_ATTRIBUTES.has(key) ? cssProblem(attribute.value) : undefined);
  return problem ? `${capital(of)} contains ${problem}. Change or remove it: ${PLAIN}.` : undefined;
}

/** The names of the general entities a DOCTYPE declares (`<!ENTITY name …>`), the first few, in order. */
function declaredEntities(doctype: string): string[] {
  const names: string[] = [];
  for (let at = doctype.indexOf('<!ENTITY'); at >= 0 && names.length < 5; at = doctype.indexOf('<!ENTITY', at + 8)) {
    let start = at + 8;
    while (doctype[start] === ' ' || doctype[start] === '\t' || doctype[start] === '\n' || doctype[start] === '\r') start += 1;
    // A parameter entity (<!ENTITY % name …>) is only used inside the DTD; it is named as written.
    let end = start;
    while (end < doctype.length && end < start + 40 && !/[\s"'>]/.test(doctype[end]!)) end += 1;
    if (end > start) names.push(doctype.slice(start, end));
  }
  return names;
}

/** An SVG that svgProblems refuses, thrown where one stops the build (its code is stable; its problems are svgProblems'). */
export class UnsafeSvgError extends Error {
  readonly code = 'ERR_SVG_UNSAFE';
  readonly problems: readonly string[];
  constructor(what: string, problems: readonly string[]) {
    super(`${what} cannot be published: an SVG file on this site must be a plain drawing, which cannot run script or load other files.\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'UnsafeSvgError';
    this.problems = problems;
  }
}

/** What parsing found out about one element, kept while it is open. */
interface Open {
  tag: SaxesTagNS;
  /** Text of a <style> element, checked as CSS when it closes. */
  css?: string;
  line: number;
  /** The element, or one around it, is refused with everything inside it. */
  hidesContent: boolean;
  /** Text and CDATA of a baked credential element, checked when it closes. */
  credential?: string;
}

/** Why an element `depth` levels inside the root (0: the root) may not appear at all, whatever its attributes, or undefined. */
function elementProblem(tag: SaxesTagNS, parent: Open | undefined, depth: number): string | undefined {
  if (depth === 0) {
    if (tag.uri === SVG && tag.local === 'svg') return undefined;
    const where = tag.uri ? ` in the namespace ${tag.uri}` : ' without a namespace';
    return `The file's root element is ${tagName(tag)}${where}: it must be <svg xmlns="${SVG}">. Save the drawing as SVG from a drawing program.`;
  }
  if (parent?.css !== undefined) return `Remove the ${tagName(tag)} element inside <style>: a <style> element may only hold CSS text.`;
  if (parent?.tag.uri === OB3) return `Remove the ${tagName(tag)} element inside ${tagName(parent.tag)}: a baked credential element has no content.`;
  if (tag.uri === OB3 && tag.local === 'credential') {
    return depth === 1 ? undefined : `Move or remove the ${tagName(tag)} element: a baked credential sits directly inside the root <svg>.`;
  }
  if (tag.uri !== SVG) {
    const why = tag.uri === XHTML ? 'web-page (XHTML) elements can run script and load other files' : `only SVG drawing elements are allowed; ${RESAVE}`;
    return `Remove the ${tagName(tag)} element (namespace ${tag.uri || 'none'}): ${why}.`;
  }
  if (!ELEMENTS.has(tag.local)) {
    return `Remove the ${tagName(tag)} element: ${REFUSED_BECAUSE.get(tag.local) ?? `${PLAIN}, made of shapes, text, gradients, patterns, clip paths, masks and filters`}.`;
  }
  return undefined;
}

/**
 * Problems with the attributes of a baked Open Badges credential element. It holds a compact JWS in
 * its verify attribute, or credential JSON as its body and no attribute (its body: credentialBodyProblem).
 */
function credentialProblems(tag: SaxesTagNS): string[] {
  const problems: string[] = [];
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.uri === XMLNS || (attribute.uri === '' && attribute.local === 'verify')) continue;
    problems.push(`Remove the ${attribute.name} attribute of ${tagName(tag)}: a baked credential has only a verify attribute, or credential JSON inside it.`);
  }
  const verify = tag.attributes['verify']?.value;
  if (verify !== undefined && !/^[\w.-]*$/.test(verify)) problems.push(`The verify attribute of ${tagName(tag)} must be a compact JWS (letters, digits, "-", "_" and "."): remove the element, or bake the badge again.`);
  return problems;
}

/** The problem with the text inside a baked credential element, or undefined: none beside a verify attribute, else one JSON object. */
function credentialBodyProblem(tag: SaxesTagNS, body: string): string | undefined {
  const hasVerify = tag.attributes['verify'] !== undefined;
  if (hasVerify) return body.trim() ? `Remove the text inside ${tagName(tag)}: a credential baked as a JWS carries it in the verify attribute.` : undefined;
  if (!body.trim()) return `${tagName(tag)} has neither a verify attribute nor credential JSON inside it: remove the element, or bake the badge again.`;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `The text inside ${tagName(tag)} must be one credential as a JSON object: remove the element, or bake the badge again.`;
  }
  return undefined;
}

/**
 * The problems that keep an SVG file from being published as badge artwork or public image, each a
 * sentence that names the element or attribute, the line when it is known, and what to do. Empty: the
 * file is a plain drawing (a credential baked into it, an Open Badges `credential` element directly
 * inside the root holding a compact JWS in its `verify` attribute or one JSON object as its text, is allowed).
 */
export function svgProblems(text: string): string[] {
  if (text.length > MAX_SVG_CHARACTERS) {
    return [`The file is ${(text.length / 1024 / 1024).toFixed(1)} MB; SVG artwork may be at most ${MAX_SVG_CHARACTERS / 1024 / 1024} MB. Simplify the drawing or save it as "Optimized SVG".`];
  }
  const problems: string[] = [];
  const add = (line: number | undefined, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(line === undefined ? message : `Line ${line}: ${message}`);
    if (problems.length === MAX_PROBLEMS && parsing) {
      problems.push(`More problems may follow: fix these ${MAX_PROBLEMS} first, then check the file again.`);
      throw new Stop();
    }
  };
  let parsing = true;
  const parser = new SaxesParser({ xmlns: true, position: true });
  const open: Open[] = [];
  let startLine = 1;
  let sawDoctype = false;
  let sawRoot = false;

  parser.on('doctype', (doctype) => {
    sawDoctype = true;
    const entities = declaredEntities(doctype);
    const what = entities.length > 0 ? `the DOCTYPE and the entities it declares (${entities.map((e) => `&${e};`).join(', ')})` : 'the DOCTYPE';
    add(parser.line, `Remove ${what}: badge artwork must not declare a DTD or entities, which can expand into script. Save the drawing as "Optimized SVG" or delete the <!DOCTYPE …> line.`);
  });
  parser.on('processinginstruction', ({ target }) => {
    add(parser.line, `Remove the <?${target} …?> processing instruction: only the <?xml …?> declaration may come before the drawing (a stylesheet instruction can load and run another file).`);
  });
  parser.on('opentagstart', () => {
    startLine = parser.line;
    if (open.length >= MAX_SVG_DEPTH) {
      add(parser.line, `Elements are nested more than ${MAX_SVG_DEPTH} deep here: no drawing needs that many groups inside each other. Ungroup them in the drawing program and save again.`);
      throw new Stop();
    }
  });
  parser.on('opentag', (tag) => {
    const line = startLine;
    const parent = open.at(-1);
    sawRoot = true;
    const hiddenAbove = parent?.hidesContent === true;
    const refusal = hiddenAbove ? undefined : elementProblem(tag, parent, open.length);
    // Inside a refused element that is not an SVG drawing element (web content, editor data, a wrong
    // root) nothing more is listed: removing it removes its content too. Inside a refused <a> or
    // <switch>, the drawing is kept, so its content is still checked.
    const drawing = tag.uri === SVG && tag.local !== 'foreignObject' && open.length > 0 && parent?.css === undefined;
    const entry: Open = { tag, line, hidesContent: hiddenAbove || (refusal !== undefined && !drawing) };
    open.push(entry);
    if (refusal) add(line, refusal);
    if (refusal || hiddenAbove) return;
    if (tag.uri === OB3) {
      entry.credential = '';
      for (const problem of credentialProblems(tag)) add(line, problem);
      return;
    }
    if (tag.local === 'style') entry.css = '';
    for (const attribute of Object.values(tag.attributes)) {
      const problem = attributeProblem(tag, attribute);
      if (problem) add(line, problem);
    }
  });
  const onText = (text: string) => {
    const current = open.at(-1);
    if (current?.css !== undefined) current.css += text;
    else if (current?.credential !== undefined) current.credential += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const closed = open.pop();
    if (closed?.credential !== undefined) {
      const problem = credentialBodyProblem(closed.tag, closed.credential);
      if (problem) add(closed.line, problem);
    }
    if (closed?.css === undefined) return;
    const problem = cssProblem(closed.css);
    if (problem) add(closed.line, `The <style> element contains ${problem}. Change or remove it: ${PLAIN}.`);
  });

  try {
    parser.write(text).close();
    parsing = false;
  } catch (error) {
    parsing = false;
    if (error instanceof Stop) return problems;
    // saxes stops at the first error; its message starts with "line:column: ".
    const message = error instanceof Error ? error.message : String(error);
    const at = /^(\d+):\d+: (.*)$/s.exec(message);
    const line = at ? Number(at[1]) : undefined;
    const reason = (at ? at[2]! : message).replace(/\.$/, '');
    // An entity declared in a DOCTYPE is never read, so using it is an error the DOCTYPE message already explains.
    if (!(sawDoctype && reason.startsWith('undefined entity'))) {
      add(line, `The file is not well-formed XML (${reason}). Open it in a drawing program and save it again as "Optimized SVG".`);
    }
  }
  if (!sawRoot && problems.length === 0) add(undefined, `The file has no <svg> element: save the drawing as SVG from a drawing program.`);
  return problems;
}
