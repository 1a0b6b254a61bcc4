/**
 * The launch check: what a production build refuses because it is not real yet. Pure (no I/O; async
 * only to hash keys): it receives every content file's text, the parsed entries, and the thumbprints
 * of the signing and development keys (launch-fs.ts reads them), and returns problems in the content
 * check's shape, all at once.
 *
 * It refuses:
 *   1. a placeholder address: an email or web address on a name reserved for examples and tests
 *      (RFC 2606 and RFC 6761: example.com/.net/.org and their subdomains, and the top-level names
 *      .example, .test, .invalid, .localhost), in any string of any content file and in SITE_URL,
 *      link targets also read as URLs and invisible characters ignored, as a browser reads them;
 *      and a SITE_URL that is not a public https origin (http, loopback, private, a bare IP);
 *   2. anything marked `sample: true` or `placeholder: true`, wherever it is in a file, as written
 *      and as the build resolves YAML aliases and merge keys;
 *   3. a development or TEST-ONLY key, as BADGE_SIGNING_KEY / BADGE_DI_KEY, or written anywhere in
 *      content as a public JWK (content/keys/, a partner's key) or a did:key (an endorsement's issuer);
 *   4. a missing launch field: the rows of LAUNCH_REQUIREMENTS below.
 *
 * Everything is found by parsing (YAML with the 1.2 core schema as the content check reads it, JSON
 * with JSON.parse as the build reads it, Markdown bodies with the build's own remark/rehype readers):
 * addresses are then looked for only in the text those parsers give, never in the raw file.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { Nodes as HastNodes } from 'hast';
import rehypeRaw from 'rehype-raw';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { base64url, calculateJwkThumbprint, type JWK } from 'jose';
import { KNOWN_TEST_KEYS } from '../issue/known-test-keys.ts';
import { fromEd25519Multikey } from '../data-integrity/multibase.ts';
import { FRONT_MATTER } from './check-file.ts';
import type { CheckedEntries, ContentProblem } from './integrity.ts';

/* ------------------------------------------------------------------------------------------------ */
/* 1. Placeholder addresses                                                                           */
/* ------------------------------------------------------------------------------------------------ */

/** Top-level names that never resolve on the public Internet (RFC 2606 §2, RFC 6761 §6). */
const RESERVED_TLDS = new Set(['example', 'test', 'invalid', 'localhost']);
/**
 * Second-level names reserved for documentation (RFC 2606 §3). Only these: example.co.uk or
 * example.ca are ordinary names someone may own, so they are not refused.
 */
const RESERVED_DOMAINS = new Set(['example.com', 'example.net', 'example.org']);

/**
 * The host as a browser reads it (lower case, full-width letters and dots folded, IDN in punycode,
 * percent-escapes decoded, one trailing dot dropped), or undefined when it is not a host name.
 */
function normalisedHost(host: string): string | undefined {
  try {
    const name = new URL(`http://${host}/`).hostname.replace(/\.$/, '');
    return name.startsWith('[') ? undefined : name;
  } catch {
    return undefined;
  }
}

/** True when `host` is an example or test name: on example.com/.net/.org, or under a reserved top-level name. */
export function isPlaceholderHost(host: string): boolean {
  const name = normalisedHost(host);
  if (name === undefined) return false;
  const labels = name.split('.');
  return RESERVED_TLDS.has(labels.at(-1) ?? '') || RESERVED_DOMAINS.has(labels.slice(-2).join('.'));
}

/** A host label: letters and digits of any script, inner hyphens; % so an escaped letter is still seen. */
const LABEL = String.raw`[\p{L}\p{N}%](?:[\p{L}\p{N}%-]*[\p{L}\p{N}%])?`;
/** Dots as typed, including the full-width and ideographic ones a browser reads as dots. */
const DOT = '[.\uFF0E\u3002\uFF61]';
const ANY_HOST = `${LABEL}(?:${DOT}${LABEL})*${DOT}?`;
const DOTTED_HOST = `${LABEL}(?:${DOT}${LABEL})+${DOT}?`;
/**
 * Addresses in running text: an email (local part, @, host), a URL with a scheme and `//` (user info
 * and port allowed), or a bare dotted name ("innovation.example.org" in a sentence).
 */
const ADDRESS = new RegExp(
  String.raw`(?:"(?:[^"\\\r\n]|\\.)*"|[\p{L}\p{N}._%+-]+)@(?<mail>${ANY_HOST})|[a-z][a-z0-9+.-]*:\/\/(?:[^\s\/?#@]*@)?(?<url>${ANY_HOST})(?::\d+)?|(?<![\p{L}\p{N}%@-])(?<bare>${DOTTED_HOST})`,
  'giu',
);

/**
 * Characters Unicode says to draw as nothing (soft hyphen, zero-width space and joiners, variation
 * selectors…): a browser's host parser drops them, so `exam\u00ADple.org` is example.org to it and a
 * reader cannot see them. They are removed before anything is matched.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * `text` without characters drawn as nothing, written as they are or percent-escaped (a Markdown
 * reader escapes a link target's soft hyphen as %C2%AD, which a browser decodes and drops again).
 */
function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '').replace(/(?:%[0-9a-f]{2})+/gi, (escaped) => {
    try {
      return decodeURIComponent(escaped).replace(INVISIBLE, '') === '' ? '' : escaped;
    } catch {
      return escaped;
    }
  });
}

/** True when `text` holds a character drawn as nothing. */
function hasInvisible(text: string): boolean {
  return withoutInvisible(text) !== text;
}

/** A link target as written (a scheme, a colon, no spaces): it is also read the way a browser reads it. */
const LINK_TARGET = /[a-z][a-z0-9+.-]*:[^\s<>"'`]+/giu;

/** Matches of ADDRESS in `text`, with where they are. */
function addressMatches(text: string): { address: string; start: number; end: number }[] {
  const found: { address: string; start: number; end: number }[] = [];
  for (const match of text.matchAll(ADDRESS)) {
    const { mail, url, bare } = match.groups ?? {};
    const host = mail ?? url ?? bare;
    if (host === undefined) continue;
    const placeholder = bare === undefined ? isPlaceholderHost(host) : isReservedDomain(host);
    if (placeholder) found.push({ address: match[0].replace(/[.\uFF0E\u3002\uFF61]$/, ''), start: match.index, end: match.index + match[0].length });
  }
  return found;
}

/**
 * A link target read as WHATWG URL parsing reads it (what a browser or mail program follows): its host,
 * or for mailto: the addresses it decodes to (`mailto:a%40example.org` is a@example.org to a mail program).
 */
function placeholderTarget(target: string): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') {
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      decoded = url.pathname;
    }
    return addressMatches(withoutInvisible(decoded)).length > 0;
  }
  return url.hostname !== '' && isPlaceholderHost(url.hostname);
}

/**
 * Every placeholder address written in `text`, as written (without invisible characters). A bare name
 * without @ or a scheme counts only on example.com/.net/.org: "results.test" in a sentence is more
 * likely prose than a host. Link targets are also parsed as URLs, which catches what only the URL
 * parser resolves (a percent-escaped @ in a mailto: link, for one).
 */
export function placeholderAddresses(text: string): string[] {
  const visible = withoutInvisible(text);
  const found = addressMatches(visible);
  for (const match of visible.matchAll(LINK_TARGET)) {
    const start = match.index;
    const end = start + match[0].length;
    if (found.some((f) => f.start < end && f.end > start)) continue;
    if (placeholderTarget(match[0])) found.push({ address: match[0], start, end });
  }
  return found.sort((a, b) => a.start - b.start).map((f) => f.address);
}

function isReservedDomain(host: string): boolean {
  const name = normalisedHost(host);
  return name !== undefined && RESERVED_DOMAINS.has(name.split('.').slice(-2).join('.'));
}

/* ------------------------------------------------------------------------------------------------ */
/* Reading files: every string, with where it is written                                              */
/* ------------------------------------------------------------------------------------------------ */

/** A string value of a file, and a flag, with the field path and line an editor looks for. */
interface Found {
  field: string;
  line?: number;
}

interface FileFacts {
  strings: (Found & { value: string })[];
  /** Every `sample: …` and `placeholder: …` field, whatever its value (flagValue judges it). */
  flags: (Found & { name: 'sample' | 'placeholder'; value: unknown; parent: string })[];
  /** Public keys written in the file: a JWK object (anything with a `kty`), or a did:key in a string. */
  keys: (Found & { jwk: JWK; written: string })[];
  /** Set when the file does not parse: then nothing in it can be vouched for. */
  unreadable?: 'YAML' | 'JSON';
}

/**
 * Whether a `sample:`/`placeholder:` value marks the entry. The build reads YAML with the 1.2 core
 * schema, where true/True/TRUE are the boolean true: that is a sample. A YAML 1.1 "yes"/"on"/"y" is
 * text to the build (the schema would refuse it where it checks the field), yet an editor who wrote it
 * meant yes: refusing it is the safe reading, and the message says to write true or false.
 */
function flagValue(value: unknown): 'yes' | 'unclear' | 'no' {
  if (value === true) return 'yes';
  if (typeof value === 'string' && /^(?:y|yes|on|true)$/i.test(value.trim())) return 'unclear';
  return 'no';
}

/**
 * Walks a YAML tree: string scalars (keys are field names, not content, and are skipped) and flags.
 * Comments are not walked: the parser drops them, so the build can never publish one.
 */
function walkYaml(node: YamlNode | null | undefined, at: (string | number)[], lineOf: (offset: number | undefined) => number | undefined, facts: FileFacts) {
  if (isMap(node)) {
    if (node.has('kty')) {
      const line = lineOf(node.range?.[0]);
      facts.keys.push({ jwk: node.toJSON() as JWK, written: 'a public key', field: at.join('.'), ...(line === undefined ? {} : { line }) });
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      // A merge key's fields belong to this map once resolved: yamlFacts takes them from the resolved data.
      if (key === '<<') continue;
      const value = pair.value as YamlNode | null;
      if ((key === 'sample' || key === 'placeholder') && isScalar(value)) {
        const line = lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
        facts.flags.push({ name: key, value: value.value, field: [...at, key].join('.'), parent: at.join('.'), ...(line === undefined ? {} : { line }) });
      }
      walkYaml(value, [...at, key], lineOf, facts);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => walkYaml(item as YamlNode, [...at, index], lineOf, facts));
  } else if (isScalar(node) && typeof node.value === 'string') {
    const line = lineOf(node.range?.[0]);
    facts.strings.push({ value: node.value, field: at.join('.'), ...(line === undefined ? {} : { line }) });
  }
}

/**
 * Strings, flags and JWKs of parsed data (a JSON file, or YAML as the build resolves it), by field path.
 * `skip` holds what the YAML node walk already found (with its line), so nothing is reported twice.
 */
function walkData(data: unknown, facts: FileFacts, skip: ReadonlySet<string> = new Set()) {
  const walk = (value: unknown, at: (string | number)[]) => {
    const field = at.join('.');
    if (typeof value === 'string') {
      if (!skip.has(`${field}\n${value}`)) facts.strings.push({ value, field });
    } else if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...at, index]));
    else if (typeof value === 'object' && value !== null) {
      if (typeof (value as { kty?: unknown }).kty === 'string' && !skip.has(`${field}\nkey`)) facts.keys.push({ jwk: value as JWK, written: 'a public key', field });
      for (const [key, item] of Object.entries(value)) {
        const flagField = [...at, key].join('.');
        if ((key === 'sample' || key === 'placeholder') && !skip.has(`${flagField}\nflag`)) facts.flags.push({ name: key, value: item, field: flagField, parent: field });
        walk(item, [...at, key]);
      }
    }
  };
  walk(data, []);
}

function yamlFacts(text: string, lineOffset: number, facts: FileFacts) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true });
  if (doc.errors.length > 0) {
    facts.unreadable = 'YAML';
    return;
  }
  const written: FileFacts = { strings: [], flags: [], keys: [] };
  walkYaml(doc.contents as YamlNode | null, [], (offset) => (offset === undefined ? undefined : lines.linePos(offset).line + lineOffset), written);
  facts.strings.push(...written.strings);
  facts.flags.push(...written.flags);
  facts.keys.push(...written.keys);
  // The data as the build resolves it: an alias (`*k : true` after `team: &k sample`) or a merge key
  // (`<<: *base`) can make a field the node walk does not see as one. What the walk found keeps its
  // line; only what resolving adds is taken from here (the content check refuses these spellings too).
  const skip = new Set([...written.strings.map((f) => `${f.field}\n${f.value}`), ...written.flags.map((f) => `${f.field}\nflag`), ...written.keys.map((f) => `${f.field}\nkey`)]);
  let resolved: unknown;
  try {
    resolved = doc.toJS({ maxAliasCount: 1000 });
  } catch {
    // Aliases that expand past any sensible size: no content needs them.
    facts.unreadable = 'YAML';
    return;
  }
  walkData(resolved, facts, skip);
}

function jsonFacts(text: string, facts: FileFacts) {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    facts.unreadable = 'JSON';
    return;
  }
  walkData(data, facts);
}

/** Markdown as the build reads it (markdown-body.ts): CommonMark and GFM, raw HTML parsed into elements. */
const markdownReader = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw);

/**
 * Strings of a Markdown body: text (code included: it is shown), and every attribute value (link and
 * image addresses, titles, alt text, raw HTML attributes). HTML comments are not read: the sanitiser
 * removes them, so they are never published.
 */
function markdownFacts(body: string, lineOffset: number, facts: FileFacts) {
  const tree = markdownReader.runSync(markdownReader.parse(body)) as HastNodes;
  const walk = (node: HastNodes) => {
    const line = node.position?.start?.line;
    const where = { field: 'body', ...(line === undefined ? {} : { line: line + lineOffset }) };
    if (node.type === 'text') facts.strings.push({ value: node.value, ...where });
    if (node.type === 'element') {
      for (const value of Object.values(node.properties)) {
        for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') facts.strings.push({ value: item, ...where });
      }
    }
    if ('children' in node) for (const child of node.children) walk(child);
  };
  walk(tree);
}

/**
 * What a file must contain, as written, for the launch check to find anything in it once parsed: a
 * flag's name, an @ or a scheme's ://, "example" or "localhost", a key ("kty", "did:key"), or a way
 * to write any of these otherwise (an escape \ in YAML or JSON, an entity & or a backslash in
 * Markdown, a percent-escape, or any non-ASCII letter, which a browser may fold into ASCII). A file
 * with none of them cannot hold what the check refuses, so it is not parsed a second time: ten
 * thousand awards would otherwise double the content check's time. Every other file is parsed in
 * full: this only ever skips, never decides.
 */
const MIGHT_MATTER = /[^\x00-\x7F]|[\\&@%]|:\/\/|sample|placeholder|example|localhost|kty|did:key/i;

/** Everything the launch check needs from one file's text. */
function readFacts(file: string, text: string): FileFacts {
  const facts: FileFacts = { strings: [], flags: [], keys: [] };
  if (!MIGHT_MATTER.test(text)) return facts;
  if (/\.json$/i.test(file)) jsonFacts(text, facts);
  else if (/\.ya?ml$/i.test(file)) yamlFacts(text.replace(/^\uFEFF/, ''), 0, facts);
  else if (/\.md$/i.test(file)) {
    const match = FRONT_MATTER.exec(text);
    if (match) {
      const yamlStart = match.indices?.[1]?.[0] ?? 0;
      yamlFacts(match[1] ?? '', text.slice(0, yamlStart).split('\n').length - 1, facts);
    }
    const bodyStart = match ? match[0].length : 0;
    markdownFacts(text.slice(bodyStart), text.slice(0, bodyStart).split('\n').length - 1, facts);
  }
  return facts;
}

/** A did:key (Ed25519, the kind partners sign endorsements with) as written in text. */
const DID_KEY = /did:key:(z[1-9A-HJ-NP-Za-km-z]+)/g;

/** Ed25519 did:keys in a file's strings, as public JWKs. */
function didKeys(facts: FileFacts) {
  for (const found of facts.strings) {
    for (const [written, multikey] of found.value.matchAll(DID_KEY)) {
      const bytes = fromEd25519Multikey(multikey ?? '');
      if (bytes) facts.keys.push({ jwk: { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(bytes) }, written, field: found.field, ...(found.line === undefined ? {} : { line: found.line }) });
    }
  }
}

/** RFC 7638 thumbprint of a public key, or undefined when it is not one (a JWK missing a member). */
async function thumbprint(jwk: JWK): Promise<string | undefined> {
  try {
    return await calculateJwkThumbprint(jwk, 'sha256');
  } catch {
    return undefined;
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* 4. Launch fields: the one table                                                                    */
/* ------------------------------------------------------------------------------------------------ */

/** One thing the site cannot launch without: what it is (the README's table says the same), and who lacks it. */
export interface LaunchRequirement {
  /** What must be there, as the README's "Before launch" lists it. */
  what: string;
  problems(entries: CheckedEntries): ContentProblem[];
}

/** Statuses of an edition students can still enter: it must say how and by when. */
const ENTERABLE = new Set(['upcoming', 'open']);

export const LAUNCH_REQUIREMENTS: readonly LaunchRequirement[] = [
  {
    what: 'Named program and media contacts (settings `contacts.program`, `contacts.media`)',
    problems: (entries) =>
      entries.settings.flatMap(({ file, data }) =>
        (['program', 'media'] as const)
          .filter((role) => data.contacts?.[role] === undefined)
          .map((role) => ({
            file,
            field: `contacts.${role}`,
            message: `There is no ${role} contact. Add the real ${role === 'program' ? 'person students write to about taking part' : 'person journalists write to'} (name, title, organization, email) under contacts.${role} ("Contacts" in the CMS settings).`,
          })),
      ),
  },
  {
    what: 'At least one certificate signatory (settings `certificateSignatures`)',
    problems: (entries) =>
      entries.settings
        .filter(({ data }) => data.certificateSignatures.length === 0)
        .map(({ file }) => ({
          file,
          field: 'certificateSignatures',
          message: 'No one signs the certificates. Add the real signatories (name and title, e.g. the Mayor and the DDQIC director) under certificateSignatures.',
        })),
  },
  {
    what: 'A completion rule for every active micro-credential (`completion` in content/achievements/)',
    problems: (entries) =>
      entries.achievements
        .filter(({ data }) => data.active && data.completion === undefined)
        .map(({ file }) => ({
          file,
          field: 'completion',
          message: 'This active micro-credential has no completion rule, so no one can say what counts as completion. Add completion (the onQ grade item and the minimum percent), or set active: false.',
        })),
  },
  {
    what: 'How every active micro-credential is assessed (`assessment` in content/achievements/)',
    problems: (entries) =>
      entries.achievements
        .filter(({ data }) => data.active && data.assessment === undefined)
        .map(({ file }) => ({
          file,
          field: 'assessment',
          message:
            'This active micro-credential does not say how it is assessed, so its page and every credential’s criteria would not either. Add assessment.method (what is graded, where and by whom, in plain words), or set active: false.',
        })),
  },
  {
    what: 'A registration link for every upcoming or open edition (`howToEnter.registrationUrl`)',
    problems: (entries) =>
      entries.editions
        .filter(({ data }) => ENTERABLE.has(data.status) && data.howToEnter.registrationUrl === undefined)
        .map(({ file, data }) => ({
          file,
          field: 'howToEnter.registrationUrl',
          message: `This edition is ${data.status}, but there is no registration link. Add the registration form's address as howToEnter.registrationUrl, or change the status.`,
        })),
  },
  {
    what: 'A dated submission deadline for every upcoming or open edition (a `submission-deadline` milestone with a `date`)',
    problems: (entries) =>
      entries.editions
        .filter(({ data }) => ENTERABLE.has(data.status) && !data.timeline.some((m) => m.kind === 'submission-deadline' && m.date !== undefined))
        .map(({ file, data }) => ({
          file,
          field: 'timeline',
          message: `This edition is ${data.status}, but its timeline has no dated submission deadline. Add a milestone with kind: submission-deadline and its date, so students know when their video is due.`,
        })),
  },
];

/* ------------------------------------------------------------------------------------------------ */
/* SITE_URL: the public https origin every credential id is made from                                 */
/* ------------------------------------------------------------------------------------------------ */

const SET_SITE = "Set SITE_URL to the site's public address, with https and its domain name (e.g. https://innovation.cityofkingston.ca), in the deployment settings.";

/** Why an IP address (as the URL parser normalises it) cannot be the public site, or undefined for a public one. */
function ipKind(host: string): 'loopback' | 'private' | 'public' | undefined {
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 127) return 'loopback';
    if (a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)) return 'private';
    return 'public';
  }
  if (!host.startsWith('[')) return undefined;
  const v6 = host.slice(1, -1).toLowerCase();
  if (v6 === '::1' || v6 === '::') return 'loopback';
  // fc00::/7 (unique local), fe80::/10 (link-local), and IPv4 written inside IPv6 (::ffff:…): none is the public site.
  if (/^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('::ffff:')) return 'private';
  return 'public';
}

/**
 * SITE_URL becomes the issuer's did:web and every credential's id. A did:web is always resolved over
 * https by its domain name, so an http origin, a loopback or private address, or a bare IP makes
 * credentials no one else can check.
 */
function siteProblems(site: string): ContentProblem[] {
  const problem = (message: string): ContentProblem => ({ file: ENVIRONMENT, field: 'SITE_URL', message });
  const placeholders = placeholderAddresses(site);
  if (placeholders.length > 0) return placeholders.map((address) => problem(`SITE_URL is ${address}, an example address. Set it to the site's real public address (https://…) in the deployment settings.`));
  let url: URL;
  try {
    url = new URL(site);
  } catch {
    return [problem(`SITE_URL is ${site}, which is not a web address. ${SET_SITE}`)];
  }
  const found: ContentProblem[] = [];
  if (url.protocol !== 'https:') found.push(problem(`SITE_URL is ${site}, which is not https: a did:web is always fetched over https, so no one could check a credential issued for it. ${SET_SITE}`));
  const host = url.hostname.replace(/\.$/, '');
  const ip = ipKind(host);
  if (ip === 'loopback') found.push(problem(`SITE_URL is ${site}, an address of the build machine itself (loopback): no one else reaches it, so no one could check a credential issued for it. ${SET_SITE}`));
  else if (ip === 'private') found.push(problem(`SITE_URL is ${site}, a private or link-local network address that the public cannot reach. ${SET_SITE}`));
  else if (ip === 'public') found.push(problem(`SITE_URL is ${site}, a bare IP address: credentials must name the site by its domain, which outlives any one server's address. ${SET_SITE}`));
  else if (!host.includes('.')) found.push(problem(`SITE_URL is ${site}, whose host ${host} is not a public domain name (it has no dot). ${SET_SITE}`));
  return found;
}

/* ------------------------------------------------------------------------------------------------ */
/* The check                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

export interface LaunchInput {
  /** Every content file (path from the repository root, e.g. content/settings/site.yaml) and its text. */
  files: readonly { file: string; text: string }[];
  /** Every valid entry, from the content check. */
  entries: CheckedEntries;
  /** SITE_URL as set, if it is. */
  site?: string | undefined;
  /** The private keys given to the build, by variable name, as RFC 7638 thumbprints of their public halves. */
  signingKeys: readonly { env: string; thumbprint: string }[];
  /** This machine's development keys: thumbprint to the file in .badges-dev/. */
  developmentKeys: ReadonlyMap<string, string>;
}

/** Where a problem with the build's environment is listed (it is not a file). */
export const ENVIRONMENT = 'The build’s environment (deployment settings and secrets)';

function sampleMessage(file: string, parent: string, name: 'sample' | 'placeholder', unclear: boolean, field: string): string {
  const spelled = unclear ? ` (${field} is not written true or false; it is read as a yes to be safe)` : '';
  if (parent === '') {
    if (file.startsWith('content/awards/')) {
      return `This is a sample award${spelled}: a production build would sign it with the City's key as a real credential. Delete this file before launch (a sample award can be deleted; a real one never).`;
    }
    if (file.startsWith('content/winners/')) return `This is a sample winner, not a real result${spelled}. Delete this file, or replace it with a real winner and remove ${name}: true.`;
    return `This whole entry is marked ${name}${spelled}. Delete this file, or replace it with the real one and remove ${name}: true.`;
  }
  if (/^contacts\.[^.]+$/.test(parent)) return `This contact is a placeholder${spelled}. Write the real person's name, title and email, then remove ${name}: true.`;
  if (/^certificateSignatures\.\d+$/.test(parent)) return `This signatory is a placeholder${spelled}: it would print on every certificate. Write the real name and title (a signature scan is optional), then remove ${name}: true.`;
  return `"${parent}" is marked ${name}${spelled}. Delete it, or replace it with the real one and remove ${name}: true.`;
}

/** Every reason a production build must not publish this content, in file order. */
export async function launchProblems(input: LaunchInput): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  const at = (found: Found) => ({ field: found.field, ...(found.line === undefined ? {} : { line: found.line }) });

  if (input.site !== undefined) problems.push(...siteProblems(input.site));
  for (const { env, thumbprint } of input.signingKeys) {
    const dev = input.developmentKeys.get(thumbprint);
    const test = KNOWN_TEST_KEYS[thumbprint];
    if (dev !== undefined) problems.push({ file: ENVIRONMENT, field: env, message: `${env} is this computer's development key (${dev}), which never leaves it and proves nothing. Set ${env} to the real key from the deployment's secret store (npm run keys:new makes one).` });
    else if (test !== undefined) problems.push({ file: ENVIRONMENT, field: env, message: `${env} is a TEST-ONLY key (${test}), whose private half is public. Set ${env} to the real key from the deployment's secret store (npm run keys:new makes one).` });
  }
  for (const { file, text } of input.files) {
    const facts = readFacts(file, text);
    if (facts.unreadable !== undefined) {
      // The content check names a broken file of a collection first; this is for any other file.
      problems.push({ file, field: '', message: `This file is not valid ${facts.unreadable}, so the launch check cannot tell whether it holds samples, placeholders or test keys. Correct it, or delete it if it is not needed.` });
      continue;
    }
    didKeys(facts);
    for (const key of facts.keys) {
      const print = await thumbprint(key.jwk);
      const dev = print === undefined ? undefined : input.developmentKeys.get(print);
      const test = print === undefined ? undefined : KNOWN_TEST_KEYS[print];
      if (dev === undefined && test === undefined) continue;
      const which = dev !== undefined ? `this computer's development key (${dev})` : `a TEST-ONLY key (${test}), whose private half is public`;
      problems.push({
        file,
        ...at(key),
        message: file.startsWith('content/keys/')
          ? `This is the public half of ${which}: publishing it would make what a throwaway key signed verify as the City's. Delete this file (git rm), and commit the real key's public half from npm run keys:new instead.`
          : `This names ${which} (${key.written}): whatever it signed proves nothing. Replace it with the real key, and anything signed with this one (an endorsement: have the partner sign it again with its own key).`,
      });
    }
    for (const flag of facts.flags) {
      const reading = flagValue(flag.value);
      if (reading !== 'no') problems.push({ file, ...at(flag), message: sampleMessage(file, flag.parent, flag.name, reading === 'unclear', flag.field) });
    }
    // A link's address is often its text too (<https://…>, a mailto link): one problem per line is enough.
    const seen = new Set<string>();
    for (const found of facts.strings) {
      for (const address of placeholderAddresses(found.value)) {
        const key = `${found.field}\n${found.line ?? ''}\n${address.replace(/^mailto:/i, '')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push({
          file,
          ...at(found),
          message: `${address} is an example address, not a real one: no one would receive mail there or find a page. Replace it with the real address.${hasInvisible(found.value) ? ' It is written with invisible characters inside (a soft hyphen or a zero-width space, say), so search for the visible part and retype the whole address.' : ''}`,
        });
      }
    }
  }
  for (const requirement of LAUNCH_REQUIREMENTS) problems.push(...requirement.problems(input.entries));
  // One file's problems together, in the order its lines run (the environment first).
  const order = new Map<string, number>([[ENVIRONMENT, -1], ...input.files.map(({ file }, index) => [file, index] as const)]);
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => (order.get(a.problem.file) ?? 1e9) - (order.get(b.problem.file) ?? 1e9) || (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.index - b.index)
    .map(({ problem }) => problem);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The report a production build prints, in the content check's layout. */
export function formatLaunchReport(problems: readonly ContentProblem[]): string {
  const byFile = new Map<string, ContentProblem[]>();
  for (const problem of problems) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
  const files = [...byFile.keys()].filter((file) => file !== ENVIRONMENT).length;
  const places = [files > 0 ? plural(files, 'file', 'files') : '', byFile.has(ENVIRONMENT) ? 'the build’s environment' : ''].filter(Boolean).join(' and ');
  const out = [`Launch check failed: ${plural(problems.length, 'problem', 'problems')} in ${places}. Nothing was built.`];
  for (const [file, list] of byFile) {
    out.push('', file);
    for (const p of list) {
      const where = [p.line === undefined ? '' : `line ${p.line}`, p.field ? `field "${p.field}"` : ''].filter(Boolean).join(', ');
      out.push(`  ${where ? `${where}: ` : ''}${p.message}`);
    }
  }
  out.push(
    '',
    'A production build publishes only what is real. Fix the above and build again (see "Before launch" in README.md). The site already published has not been changed.',
  );
  return out.join('\n');
}

/** The short notice of a development build: what a production build of the same content would refuse. */
export function launchNotice(problems: readonly ContentProblem[], shown = 3): string {
  const first = problems.slice(0, shown).map((p) => `  ${p.file}${p.field ? ` (${p.field})` : ''}`);
  const more = problems.length > shown ? [`  …and ${problems.length - shown} more.`] : [];
  return [`A production build would refuse ${plural(problems.length, 'thing', 'things')}; see "Before launch" in README.md. First:`, ...first, ...more].join('\n');
}
