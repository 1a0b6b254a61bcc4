// Reading a built site's `_headers` (the Netlify / Cloudflare Pages grammar) and holding every page and
// file of the site to it: the checks tests/build/headers-agreement.test.ts runs, as functions, so the
// test can also run them on doctored input and show each one fails.
import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { HTMLElement, NodeType, parse } from 'node-html-parser';
import { SaxesParser } from 'saxes';
import { ADMIN_CSP, HEADER_ONLY_DIRECTIVES, offlineCsp, publicCsp } from '../../src/lib/security/policies.ts';

export interface ParsedHeader {
  name: string;
  value: string;
  line: number;
}
export interface ParsedRule {
  path: string;
  line: number;
  headers: ParsedHeader[];
}

/** A header name: an HTTP token (RFC 9110). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses a `_headers` file: `#` comment lines, blank lines, unindented path patterns (starting with
 * "/", `*` as a splat) and, under each, indented `Name: value` lines. Anything else (a header before
 * any path, a line with no colon, Cloudflare's `! Name` detach lines, `:placeholders`, absolute URLs,
 * a path with no headers) throws, naming the line: a line a host would read differently from us must
 * not pass silently.
 */
export function parseHostHeaders(text: string): ParsedRule[] {
  const rules: ParsedRule[] = [];
  const lone = /\r(?!\n)/.exec(text);
  if (lone) throw new Error(`_headers line ${text.slice(0, lone.index).split('\n').length}: a carriage return without a line feed (old Mac line endings); hosts would read the file as one line.`);
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (/[^\x20-\x7e\t]/.test(raw)) throw new Error(`_headers line ${line}: a character outside printable ASCII (a no-break space, say): hosts may not read it as this parser does.`);
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    if (!/^\s/.test(raw)) {
      if (!raw.startsWith('/')) throw new Error(`_headers line ${line}: "${raw}" is neither a path pattern (starting with "/"), an indented header nor a # comment.`);
      if (/\s/.test(raw.trimEnd())) throw new Error(`_headers line ${line}: the path pattern "${raw}" holds a space.`);
      if (/[?#]/.test(raw)) throw new Error(`_headers line ${line}: the path pattern "${raw}" holds a query or fragment; hosts match the path only.`);
      if (raw.includes(':')) throw new Error(`_headers line ${line}: the path pattern "${raw}" uses a :placeholder, which this site's rules never need (Netlify and Cloudflare read them differently).`);
      const last = rules.at(-1);
      if (last && last.headers.length === 0) throw new Error(`_headers line ${last.line}: the path pattern "${last.path}" has no headers under it.`);
      rules.push({ path: raw.trimEnd(), line, headers: [] });
      return;
    }
    const rule = rules.at(-1);
    if (!rule) throw new Error(`_headers line ${line}: a header line comes before any path pattern.`);
    const colon = raw.indexOf(':');
    const name = colon > 0 ? raw.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) throw new Error(`_headers line ${line}: "${raw.trim()}" is not a "Name: value" header line.`);
    const value = raw.slice(colon + 1).trim();
    if (value === '') throw new Error(`_headers line ${line}: the header ${name} has no value.`);
    rule.headers.push({ name, value, line });
  });
  const last = rules.at(-1);
  if (last && last.headers.length === 0) throw new Error(`_headers line ${last.line}: the path pattern "${last.path}" has no headers under it.`);
  return rules;
}

/** Whether a path pattern matches an address's path: `*` matches any run of characters, "/" included. */
export function patternMatches(pattern: string, urlPath: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === urlPath;
  if (!urlPath.startsWith(parts[0]!) || !urlPath.endsWith(parts.at(-1)!)) return false;
  let at = parts[0]!.length;
  for (const middle of parts.slice(1, -1)) {
    const found = urlPath.indexOf(middle, at);
    if (found < 0) return false;
    at = found + middle.length;
  }
  return at <= urlPath.length - parts.at(-1)!.length;
}

/** Every header the rules give a path (all matching rules; hosts send each matching rule's headers). */
export function headersFor(rules: ParsedRule[], urlPath: string): ParsedHeader[] {
  return rules.filter((rule) => patternMatches(rule.path, urlPath)).flatMap((rule) => rule.headers);
}

/** A policy's directives by name (lower case), in order; a repeated directive is kept as written. */
export function parseCsp(policy: string): { name: string; value: string }[] {
  return policy
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, ...values] = part.split(/\s+/);
      return { name: name!.toLowerCase(), value: values.join(' ') };
    });
}

/** The addresses a built HTML file answers at ("verify/index.html": /verify/ and /verify/index.html). */
export function addressesOf(relative: string): string[] {
  const file = `/${relative.split('\\').join('/')}`;
  return file.endsWith('/index.html') ? [file.slice(0, -'index.html'.length), file] : [file];
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const isScriptCode = (script: HTMLElement) => {
  const type = (script.getAttribute('type') ?? '').trim().toLowerCase();
  return type === '' || type === 'module' || type === 'text/javascript' || type === 'application/javascript';
};

/**
 * The <meta> policies src/lib/security/policies.ts generates that a built page may carry: the public one with or
 * without video players, the CMS's, and the offline verifier's, pinned to the hashes of this page's own
 * inline scripts and styles (so a stale hash fails). The development policy never belongs in a build.
 */
export function allowedMetaPolicies(document: HTMLElement, siteOrigin: string, relative: string): string[] {
  // The CMS's looser policy only on the CMS page, the offline verifier's only on its file: elsewhere
  // either would let through what the public policy blocks.
  if (relative === 'admin/index.html') return [ADMIN_CSP];
  if (relative === 'verify/offline.html') {
    const inlineScripts = document.querySelectorAll('script').filter((s) => !s.hasAttribute('src') && isScriptCode(s));
    const styles = document.querySelectorAll('style');
    return [offlineCsp({ scriptHashes: inlineScripts.map((s) => sha256(s.rawText)), styleHashes: styles.map((s) => sha256(s.rawText)), siteOrigin })];
  }
  return [publicCsp(), publicCsp({ video: true })];
}

/**
 * What is wrong with one built page under the header rules (empty when nothing): (a) its <meta> policy
 * is there, second in <head> right after <meta charset> (nothing that can load or run comes first),
 * alone, and one of security/policies.ts's; (b) no directive is in both its <meta> policy and a header policy;
 * (c) its <meta> policy holds no directive browsers ignore in <meta>; (d) every header policy holds
 * only such directives, and one is sent (frame-ancestors is only ever a header).
 */
export function pageProblems(options: { relative: string; html: string; rules: ParsedRule[]; siteOrigin: string }): string[] {
  const { relative, html, rules, siteOrigin } = options;
  const problems: string[] = [];
  const root = parse(html, { comment: true });
  const document = root.querySelector('html');
  const head = document?.childNodes.find((node): node is HTMLElement => node instanceof HTMLElement && node.tagName === 'HEAD');
  if (!document || !head) return [`${relative}: no <html> with a <head>.`];
  const significant = (node: { nodeType: NodeType; textContent: string }) => node.nodeType === NodeType.ELEMENT_NODE || (node.nodeType === NodeType.TEXT_NODE && node.textContent.trim() !== '');
  // A browser moves anything before <html> (after the doctype) into <head>, ahead of the policy: a
  // script there runs. The parser keeps it at the root, so the root is read too.
  const beforeHtml = root.childNodes.slice(0, root.childNodes.indexOf(document)).filter((node) => significant(node) && !/^<!doctype html>$/i.test(node.toString().trim()));
  if (beforeHtml.length > 0) problems.push(`${relative}: something comes before <html>, which a browser runs ahead of the policy: ${beforeHtml[0]!.toString().slice(0, 80)}`);
  const beforeHead = document.childNodes.slice(0, document.childNodes.indexOf(head)).filter(significant);
  if (beforeHead.length > 0) problems.push(`${relative}: something comes before <head>: ${beforeHead[0]!.toString().slice(0, 80)}`);
  const metas = root.querySelectorAll('meta').filter((m) => m.getAttribute('http-equiv')?.toLowerCase() === 'content-security-policy');
  // Text would be an element's worth of trouble too (a browser ends <head> at it), so it counts.
  const [first, second] = head.childNodes.filter(significant) as HTMLElement[];
  if (metas.length === 0) {
    problems.push(`${relative}: (a) no <meta http-equiv="Content-Security-Policy">.`);
  } else if (metas.length > 1) {
    problems.push(`${relative}: (a) ${metas.length} <meta> policies; a page carries one.`);
  }
  if (!first || first.tagName !== 'META' || !first.hasAttribute('charset')) {
    problems.push(`${relative}: (a) <head> does not open with <meta charset>.`);
  }
  if (metas.length > 0 && second !== metas[0]) {
    problems.push(`${relative}: (a) the <meta> policy is not the first element after <meta charset> (found ${second ? `<${second.tagName?.toLowerCase()}>` : 'nothing'} there).`);
  }
  const meta = metas[0]?.getAttribute('content');
  if (meta !== undefined) {
    if (!allowedMetaPolicies(root, siteOrigin, relative).includes(meta)) problems.push(`${relative}: (a) its <meta> policy is none that src/lib/security/policies.ts generates: ${meta}`);
    const metaDirectives = parseCsp(meta).map((d) => d.name);
    for (const name of metaDirectives.filter((n) => (HEADER_ONLY_DIRECTIVES as readonly string[]).includes(n))) {
      problems.push(`${relative}: (c) its <meta> policy holds ${name}, which browsers ignore in <meta>.`);
    }
    for (const address of addressesOf(relative)) {
      const headerPolicies = headersFor(rules, address).filter((h) => h.name.toLowerCase() === 'content-security-policy');
      if (headerPolicies.length === 0) problems.push(`${relative}: (d) _headers sends ${address} no Content-Security-Policy (frame-ancestors).`);
      // Every page must refuse every frame: frame-ancestors 'none', in each policy that names it, and in one at least.
      const ancestors = headerPolicies.flatMap((h) => parseCsp(h.value).filter((d) => d.name === 'frame-ancestors').map((d) => ({ ...d, line: h.line })));
      if (ancestors.length === 0) problems.push(`${relative}: (d) no header policy _headers sends ${address} holds frame-ancestors 'none': any site could frame it.`);
      for (const d of ancestors.filter((d) => d.value.trim() !== "'none'")) problems.push(`${relative}: (d) _headers line ${d.line} sends ${address} frame-ancestors ${d.value}; it must be 'none'.`);
      for (const header of headerPolicies) {
        for (const { name } of parseCsp(header.value)) {
          if (metaDirectives.includes(name)) problems.push(`${relative}: (b) ${name} is both in its <meta> policy and in the header _headers line ${header.line} sends ${address}.`);
          if (!(HEADER_ONLY_DIRECTIVES as readonly string[]).includes(name)) problems.push(`${relative}: (d) the header policy of _headers line ${header.line} holds ${name}, which belongs in the page's <meta> policy (only ${HEADER_ONLY_DIRECTIVES.join(', ')} belong in a header).`);
        }
      }
    }
  }
  return problems;
}

/** What a file's name says it is; a Content-Type rule must agree. */
const TYPE_BY_EXTENSION: Record<string, string> = { '.json': 'application/json', '.jwt': 'text/plain', '.svg': 'image/svg+xml', '.html': 'text/html' };

/** Whether `text` is an SVG document: well-formed XML whose root is <svg> in the SVG namespace. */
function svgProblem(text: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true });
  let root: { local: string; uri: string } | undefined;
  let error: string | undefined;
  parser.on('opentag', (tag) => {
    root ??= { local: tag.local, uri: tag.uri };
  });
  parser.on('error', (e) => {
    error ??= e.message;
  });
  parser.write(text).close();
  if (error) return `is not well-formed XML (${error})`;
  if (root?.local !== 'svg' || root.uri !== 'http://www.w3.org/2000/svg') return 'has no <svg> root in the SVG namespace';
  return undefined;
}

/**
 * What is wrong with a file under the Content-Type the rules give its address (undefined when no rule
 * gives one, or when it agrees): one type only, the one its name implies, and contents of that type
 * (JSON parses; a .jwt is a compact JWS; an SVG is an SVG document; utf-8 when the charset says so).
 */
export function fileTypeProblem(options: { relative: string; bytes: Uint8Array; rules: ParsedRule[] }): string | undefined {
  const { relative, bytes, rules } = options;
  const [address] = addressesOf(relative);
  const types = [...new Set(headersFor(rules, address!).filter((h) => h.name.toLowerCase() === 'content-type').map((h) => h.value))];
  if (types.length === 0) return undefined;
  if (types.length > 1) return `${relative}: _headers gives it ${types.length} Content-Types (${types.join(' | ')}); a host would send both or pick one.`;
  const [mime, ...params] = types[0]!.split(';').map((p) => p.trim().toLowerCase());
  const extension = relative.slice(relative.lastIndexOf('.'));
  const expected = TYPE_BY_EXTENSION[extension];
  if (expected && expected !== mime) return `${relative}: served as ${mime}, but a ${extension} file is ${expected}.`;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return params.includes('charset=utf-8') || mime !== 'image/svg+xml' ? `${relative}: served as ${types[0]}, but it is not UTF-8 text.` : undefined;
  }
  if (mime === 'application/json') {
    try {
      JSON.parse(text);
    } catch (e) {
      return `${relative}: served as application/json, but it does not parse as JSON (${(e as Error).message}).`;
    }
  } else if (mime === 'text/plain' && extension === '.jwt') {
    const token = text.trim();
    try {
      if (token.split('.').length !== 3) throw new Error('a compact JWS has three dot-separated parts');
      if (!decodeProtectedHeader(token).alg) throw new Error('its header names no alg');
      decodeJwt(token);
    } catch (e) {
      return `${relative}: served as text/plain for a JWT, but it is not a compact JWS (${(e as Error).message}).`;
    }
  } else if (mime === 'image/svg+xml') {
    const problem = svgProblem(text);
    if (problem) return `${relative}: served as image/svg+xml, but it ${problem}.`;
  } else if (mime !== 'text/plain') {
    return `${relative}: served as ${mime}, a type this check does not know how to hold the file to.`;
  }
  return undefined;
}
