// The house rules of src/ (src/lib/README.md, "House rules"): the import graph of the source tree,
// built by parsing every module (TypeScript's parser for .ts/.tsx/.mjs, Astro's compiler for .astro
// frontmatter, <script> blocks and template expressions), and one plain function per rule, so that
// tests/unit/house-rules.test.ts checks the real tree and doctored copies of its graph with the same code.
// The browser rule is checked on esbuild's own module graph of every browser bundle
// (src/lib/issue/boundaries-fs.ts); its entries and bundling are here too.
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseAstro, transform as transformAstro } from '@astrojs/compiler-rs';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { glob } from 'tinyglobby';
import ts from 'typescript';
import { boundaryPlugin, boundaryViolations, browserForbidden, formatViolations, type BoundaryViolation } from '../../src/lib/issue/boundaries-fs.ts';

/** The rules, by the names their failures start with. */
export type RuleName = 'browser-imports-no-node' | 'verify-imports-no-issue' | 'pages-import-no-fs' | 'no-import-loop' | 'no-loose-lib-files';

/** One import, as written in a module. */
export interface ImportEdge {
  /** What the module asks for, as written ('./x.ts', 'node:fs', 'astro:content'). */
  specifier: string;
  /** The file it names (relative to the repository, '/'-separated), or the specifier itself for a package or built-in. */
  target: string;
  /** `import type`, `export type … from` or `import('…')` in a type: erased from the JavaScript, still a dependency. */
  typeOnly: boolean;
  /** An import of a client script an .astro file hoists for the browser (a <script> block or its src). */
  client?: boolean;
}

/**
 * One import as a parser finds it. `kind` marks what is not a plain specifier: a worker's or asset's
 * `new URL('…', import.meta.url)`, an `import.meta.glob` pattern (expanded to the files it matches),
 * or an `import()` of a computed specifier (the graph cannot follow it: `specifier` is its source text).
 */
export interface FoundImport {
  specifier: string;
  typeOnly: boolean;
  kind?: 'url' | 'glob' | 'computed';
  client?: boolean;
}

/** Every parsed module (path relative to the repository, '/'-separated) and what it imports. */
export type ImportGraph = Map<string, ImportEdge[]>;

/** The modules the graph is built from; anything they import in the repository is resolved to a file. */
export const GRAPH_SOURCES = ['src/**/*.{ts,tsx,mts,cts,mjs,cjs,js,jsx,astro}', 'cms/**/*.{ts,tsx,mjs}', 'scripts/**/*.{ts,mjs}'];

/** Endings tried, in order, for a relative specifier written without its own (TypeScript's resolution, roughly). */
const ENDINGS = ['', '.ts', '.tsx', '.d.ts', '.mts', '.cts', '.mjs', '.cjs', '.js', '.jsx', '/index.ts', '/index.js'];

const toPosix = (file: string) => file.split(path.sep).join('/');
const run = promisify(execFile);

/** `import.meta.<name>` */
const isImportMeta = (node: ts.Node, name: string): boolean =>
  ts.isPropertyAccessExpression(node) && node.name.text === name && ts.isMetaProperty(node.expression) && node.expression.keywordToken === ts.SyntaxKind.ImportKeyword;

/** A `/* @vite-ignore *\/` comment says a computed import() is deliberate (an address in the built site, not a module). */
const VITE_IGNORE = /@vite-ignore/;

/**
 * The specifiers of a TypeScript/JavaScript module, from TypeScript's own syntax tree: imports,
 * re-exports, import() (a literal, or a computed one marked as such), `import('…')` types,
 * `/// <reference path>`, `new URL('…', import.meta.url)` (a worker or asset) and import.meta.glob patterns.
 */
export function tsImports(file: string, source: string): FoundImport[] {
  const kind = /\.[tj]sx$/.test(file) ? ts.ScriptKind.TSX : /\.[mc]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, kind);
  const out: FoundImport[] = [];
  const visit = (node: ts.Node, inType: boolean): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      // `import type {…}`, or `import { type A, type B }` with every name a type: nothing of it reaches the JavaScript.
      const everyNameType =
        clause !== undefined &&
        clause.name === undefined &&
        clause.namedBindings !== undefined &&
        ts.isNamedImports(clause.namedBindings) &&
        clause.namedBindings.elements.length > 0 &&
        clause.namedBindings.elements.every((e) => e.isTypeOnly);
      out.push({ specifier: node.moduleSpecifier.text, typeOnly: clause?.phaseModifier === ts.SyntaxKind.TypeKeyword || everyNameType });
      return;
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
      return;
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      out.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
      return;
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) out.push({ specifier: first.text, typeOnly: inType });
      // The text between '(' and the argument is only whitespace and comments.
      else if (first && !VITE_IGNORE.test(source.slice(first.pos, first.getStart(sourceFile)))) out.push({ specifier: first.getText(sourceFile), typeOnly: inType, kind: 'computed' });
    }
    // Vite's worker and asset pattern: the file is bundled (or run) as its own module.
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [first, second] = node.arguments ?? [];
      if (first && second && ts.isStringLiteralLike(first) && isImportMeta(second, 'url')) out.push({ specifier: first.text, typeOnly: inType, kind: 'url' });
    }
    if (ts.isCallExpression(node) && isImportMeta(node.expression, 'glob')) {
      const [first] = node.arguments;
      const patterns = first && ts.isStringLiteralLike(first) ? [first] : first && ts.isArrayLiteralExpression(first) ? [...first.elements] : [];
      if (patterns.length > 0 && patterns.every((p) => ts.isStringLiteralLike(p))) for (const p of patterns) out.push({ specifier: (p as ts.StringLiteralLike).text, typeOnly: inType, kind: 'glob' });
      else out.push({ specifier: first ? first.getText(sourceFile) : '(nothing)', typeOnly: inType, kind: 'computed' });
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, (child) => visit(child, inType || ts.isTypeNode(child)));
  };
  visit(sourceFile, false);
  // `/// <reference path="…" />` brings a file's declarations in: a dependency, for types only.
  for (const reference of sourceFile.referencedFiles) out.push({ specifier: /^\.{0,2}\//.test(reference.fileName) ? reference.fileName : `./${reference.fileName}`, typeOnly: true });
  return out;
}

/** An ESTree node as Astro's compiler returns it (oxc's JSON). */
type EsNode = { type?: string; [key: string]: unknown };

/**
 * The specifiers of an .astro file: its frontmatter, its <script> blocks and the expressions of its
 * template, from the syntax tree of Astro's own compiler.
 */
export function astroImports(file: string, source: string): FoundImport[] {
  const { ast, diagnostics } = parseAstro(source) as unknown as { ast: EsNode; diagnostics: { severity: string; text: string }[] };
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${file} does not parse as an Astro component: ${errors.map((d) => d.text).join('; ')}`);
  const comments = (ast.comments as { value: string; start: number; end: number }[] | undefined) ?? [];
  const out: FoundImport[] = [];
  // A string literal, or a template literal without substitutions (`node:fs`).
  const literal = (node: unknown): string | undefined => {
    const n = node as EsNode | null | undefined;
    if (n?.type === 'Literal' && typeof n.value === 'string') return n.value;
    const quasis = n?.quasis as { value: { cooked: string | null } }[] | undefined;
    if (n?.type === 'TemplateLiteral' && (n.expressions as unknown[]).length === 0 && quasis?.length === 1) return quasis[0]!.value.cooked ?? undefined;
    return undefined;
  };
  const isImportMeta = (node: unknown, name: string): boolean => {
    const n = node as EsNode | null | undefined;
    return n?.type === 'MemberExpression' && (n.object as EsNode).type === 'MetaProperty' && ((n.object as EsNode).meta as EsNode).name === 'import' && (n.property as EsNode).name === name;
  };
  const visit = (node: unknown, inType: boolean, client: boolean): void => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, inType, client));
    if (node === null || typeof node !== 'object') return;
    const n = node as EsNode;
    const push = (found: FoundImport) => out.push(client ? { ...found, client } : found);
    const opening = n.type === 'JSXElement' ? (n.openingElement as EsNode) : undefined;
    if (opening && (opening.name as EsNode).name === 'script') {
      const attributes = (opening.attributes as EsNode[]).map((a) => ({ name: (a.name as EsNode | undefined)?.name as string | undefined, value: a.value }));
      // A <script is:inline> is left as it is in the page, unbundled: its specifiers are addresses in the built site, not modules.
      if (attributes.some((a) => a.name === 'is:inline')) return;
      // A <script> with no attribute other than src is hoisted and bundled for the browser; its src is an import ('./…' or '/src/…').
      const hoisted = attributes.every((a) => a.name === 'src');
      const src = literal(attributes.find((a) => a.name === 'src')?.value);
      // A <script> with other attributes is left as it is (Astro treats it as is:inline): its src is an address in the built site.
      if (src !== undefined && hoisted) push({ specifier: src, typeOnly: false, client: true });
      return visit(n.children, inType, hoisted);
    }
    const source = literal(n.source);
    if (source !== undefined && (n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration')) {
      const specifiers = (n.specifiers as EsNode[] | undefined) ?? [];
      const everyNameType = specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
      push({ specifier: source, typeOnly: n.importKind === 'type' || n.exportKind === 'type' || everyNameType });
      return;
    }
    if (n.type === 'ImportExpression') {
      const at = n.source as EsNode;
      const ignored = comments.some((c) => /@vite-ignore/.test(c.value) && c.start >= (n.start as number) && c.end <= (at.start as number));
      if (source !== undefined) push({ specifier: source, typeOnly: inType });
      else if (!ignored) push({ specifier: `a ${String(at.type)}`, typeOnly: inType, kind: 'computed' });
    }
    // Vite's worker and asset pattern, as in tsImports.
    if (n.type === 'NewExpression' && (n.callee as EsNode).name === 'URL') {
      const [first, second] = n.arguments as unknown[];
      const url = literal(first);
      if (url !== undefined && isImportMeta(second, 'url')) push({ specifier: url, typeOnly: inType, kind: 'url' });
    }
    if (n.type === 'CallExpression' && isImportMeta(n.callee, 'glob')) {
      const [first] = n.arguments as EsNode[];
      const patterns = first?.type === 'ArrayExpression' ? (first.elements as unknown[]).map(literal) : [literal(first)];
      if (patterns.length > 0 && patterns.every((p) => p !== undefined)) for (const p of patterns) push({ specifier: p!, typeOnly: inType, kind: 'glob' });
      else push({ specifier: `a ${String(first?.type)}`, typeOnly: inType, kind: 'computed' });
    }
    if (n.type === 'TSImportType') {
      const argument = literal(n.source) ?? literal((n.argument as EsNode | undefined)?.literal) ?? literal(n.argument);
      if (argument !== undefined) push({ specifier: argument, typeOnly: true });
    }
    const typeNode = typeof n.type === 'string' && n.type.startsWith('TS');
    for (const [key, value] of Object.entries(n)) if (key !== 'type' && typeof value === 'object') visit(value, inType || typeNode, client);
  };
  visit(ast, false, false);
  return out;
}

/**
 * The file a specifier names, relative to the repository: resolved for './…', '../…' and '/…' (the
 * repository root, as Vite reads it), the specifier itself for packages, built-ins, astro:* and virtual:*.
 * Undefined when a relative specifier names no file.
 */
export function resolveSpecifier(root: string, importer: string, specifier: string): string | undefined {
  if (!/^\.{1,2}\/|^\//.test(specifier)) return specifier;
  const bare = specifier.replace(/[?#].*$/, '');
  const base = bare.startsWith('/') ? path.join(root, bare) : path.resolve(root, path.dirname(importer), bare);
  const candidates = ENDINGS.map((ending) => base + ending);
  // A '.js' specifier of a TypeScript module (TypeScript's own rewriting convention).
  if (/\.m?js$/.test(base)) candidates.push(base.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts'));
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  return found === undefined ? undefined : toPosix(path.relative(root, found));
}

/** The repository files an import.meta.glob pattern list matches ('./…', '../…' from the importer, '/…' from the root; '!…' excludes). */
async function expandGlob(root: string, importer: string, patterns: string[]): Promise<string[] | undefined> {
  const fromRoot = (pattern: string) => (pattern.startsWith('/') ? pattern.slice(1) : path.posix.join(path.posix.dirname(importer), pattern));
  if (!patterns.every((p) => /^!?(?:\.{1,2}\/|\/)/.test(p))) return undefined;
  const include = patterns.filter((p) => !p.startsWith('!')).map(fromRoot);
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => fromRoot(p.slice(1)));
  if (include.some((p) => p.startsWith('../'))) return undefined;
  return (await glob(include, { cwd: root, ignore: exclude })).sort();
}

/**
 * The import graph of the repository's source modules. Listed apart, as unresolved: every relative
 * specifier that names no file, and every import() of src/ whose specifier is computed (the graph cannot
 * follow it; an address in the built site says so with a /* @vite-ignore *\/ comment, as Vite asks).
 */
export async function buildImportGraph(root: string): Promise<{ graph: ImportGraph; unresolved: string[] }> {
  const files = (await glob(GRAPH_SOURCES, { cwd: root })).sort();
  const graph: ImportGraph = new Map();
  const unresolved: string[] = [];
  await Promise.all(
    files.map(async (file) => {
      const source = await readFile(path.join(root, file), 'utf8');
      const found = file.endsWith('.astro') ? astroImports(file, source) : tsImports(file, source);
      const edges: ImportEdge[] = [];
      const globs = new Map<string, FoundImport[]>();
      for (const imported of found) {
        const { specifier, typeOnly, kind, client } = imported;
        if (kind === 'computed') {
          if (file.startsWith('src/')) unresolved.push(`${file} imports a computed specifier (${specifier}), which the house rules cannot follow: import a literal, or mark an address of the built site with /* @vite-ignore */`);
          continue;
        }
        if (kind === 'glob') {
          // A module's patterns are expanded together (a '!…' pattern excludes from every pattern of the module with the same flags).
          const key = `${typeOnly}:${client ?? false}`;
          globs.set(key, [...(globs.get(key) ?? []), imported]);
          continue;
        }
        const target = resolveSpecifier(root, file, specifier);
        if (target !== undefined) edges.push(client ? { specifier, target, typeOnly, client } : { specifier, target, typeOnly });
        // new URL('../../../', import.meta.url) names a folder (a path, not a module).
        else if (kind === 'url' && /^\.{1,2}\/|^\//.test(specifier) && existsSync(path.resolve(root, path.dirname(file), specifier))) continue;
        else unresolved.push(`${file} imports ${specifier}, which names no file`);
      }
      for (const group of globs.values()) {
        const patterns = group.map((g) => g.specifier);
        const matched = await expandGlob(root, file, patterns);
        if (matched === undefined) unresolved.push(`${file} globs ${patterns.join(', ')}, which the house rules cannot expand: write patterns starting with ./, ../ or /`);
        else for (const target of matched) edges.push({ specifier: patterns.join(', '), target, typeOnly: group[0]!.typeOnly, ...(group[0]!.client ? { client: true } : {}) });
      }
      graph.set(file, edges);
    }),
  );
  return { graph: new Map([...graph].sort(([a], [b]) => a.localeCompare(b))), unresolved: unresolved.sort() };
}

/** A copy of the graph with one more module, or one more import (for the negative tests). */
export function withImport(graph: ImportGraph, from: string, target: string, typeOnly = false): ImportGraph {
  const copy: ImportGraph = new Map([...graph].map(([file, edges]) => [file, [...edges]]));
  copy.set(from, [...(copy.get(from) ?? []), { specifier: target, target, typeOnly }]);
  if (!copy.has(target) && /\.(?:ts|tsx|mts|mjs|js|astro)$/.test(target)) copy.set(target, []);
  return copy;
}

/** The failure of a rule: its name first, then each problem, then what to do. */
export class HouseRuleError extends Error {}

const ADVICE: Record<RuleName, string> = {
  'browser-imports-no-node':
    'Keep browser code to src/lib/verify/, src/lib/ob3/, src/lib/data-integrity/ (not its *-fs.ts) and src/schemas/; move Node-only code into a *-fs.ts module of a build-time folder.',
  'verify-imports-no-issue': 'The verification core runs in browsers and must not depend on the issuer: move what both need into src/lib/verify/, src/lib/ob3/ or src/lib/data-integrity/.',
  'pages-import-no-fs': 'Pages, layouts, components and every .astro file read files only through src/lib/site/site-data.ts: export what the page needs from there (site-data may import the *-fs.ts module), and keep Node-only code out of the modules they import.',
  'no-import-loop': 'Break each loop: move what both modules need (often a type) into a module both import, e.g. the folder\'s types.ts.',
  'no-loose-lib-files': 'Every module of src/lib/ lives in a room (a folder); only README.md or an index.ts may sit in src/lib/ itself.',
};

/** Throws the rule's failure when there are problems. */
export function assertRule(rule: RuleName, problems: string[]): void {
  if (problems.length === 0) return;
  throw new HouseRuleError([`${rule}: ${problems.length} problem${problems.length === 1 ? '' : 's'} (src/lib/README.md, "House rules")`, ...problems.map((p) => `  ${p}`), ADVICE[rule]].join('\n'));
}

/**
 * The shortest chain of imports from `start` to a module that `isTarget` accepts, following every
 * import (type-only ones too) through parsed modules; undefined when there is none.
 */
function chainTo(graph: ImportGraph, start: string, isTarget: (target: string) => boolean): string[] | undefined {
  const previous = new Map<string, string>([[start, '']]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]!;
    for (const { target } of graph.get(file) ?? []) {
      if (isTarget(target)) {
        const chain = [target];
        for (let at = file; at !== ''; at = previous.get(at)!) chain.unshift(at);
        return chain;
      }
      if (previous.has(target)) continue;
      previous.set(target, file);
      if (graph.has(target)) queue.push(target);
    }
  }
  return undefined;
}

/** `verify-imports-no-issue`: no module of src/lib/verify/ reaches src/lib/issue/, directly or through others. */
export function verifyImportsNoIssue(graph: ImportGraph): string[] {
  const problems: string[] = [];
  for (const file of graph.keys()) {
    if (!file.startsWith('src/lib/verify/')) continue;
    const chain = chainTo(graph, file, (target) => target.startsWith('src/lib/issue/'));
    if (chain) problems.push(chain.join(' -> '));
  }
  return problems;
}

/** A Node built-in, with or without its node: prefix. */
const isNodeBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier);

/** The one module pages, layouts and components read files through (it may import the *-fs.ts modules). */
export const SITE_DATA = 'src/lib/site/site-data.ts';

/** A Node-only module by its name: *-fs.ts (or .mts). */
const isFsModule = (target: string) => /-fs\.m?ts$/.test(target);

/** The modules pages-import-no-fs starts from: every .astro file of src/, every module of pages/, layouts/ and components/. */
const isPageSide = (file: string) => file.startsWith('src/') && (file.endsWith('.astro') || /^src\/(?:pages|layouts|components)\//.test(file));

/**
 * `pages-import-no-fs`: from every .astro file of src/ and every module of src/pages/, src/layouts/ and
 * src/components/, following imports (type-only ones too) but not through src/lib/site/site-data.ts,
 * no *-fs.ts module and no Node built-in is reached; each problem is the shortest chain to one.
 */
export function pagesImportNoFs(graph: ImportGraph): string[] {
  const problems: string[] = [];
  // The gate: its own imports are not followed.
  const gated: ImportGraph = new Map([...graph].map(([file, edges]) => [file, file === SITE_DATA ? [] : edges]));
  for (const file of graph.keys()) {
    if (!isPageSide(file)) continue;
    const chain = chainTo(gated, file, (target) => isFsModule(target) || isNodeBuiltin(target));
    if (chain === undefined) continue;
    const reached = chain[chain.length - 1]!;
    problems.push(`${chain.join(' -> ')} (${isFsModule(reached) ? 'a *-fs.ts module' : 'a Node built-in'})`);
  }
  return problems.sort();
}

/** Modules of the import graph that run in browsers: as BROWSER_MODULES, by path. */
const isBrowserModule = (file: string) =>
  /^src\/lib\/(?:verify|ob3|data-integrity)\/.+\.(?:ts|mts|tsx)$|^src\/components\/.+\.(?:ts|mts|tsx)$/.test(file) && !/-fs\.m?ts$|\.d\.ts$/.test(file);

/**
 * `browser-imports-no-node` on the import graph, the complement of esbuild's check: what esbuild does not
 * bundle but Vite does (a worker's `new URL('…', import.meta.url)`, import.meta.glob, a hoisted script's
 * src) is an edge here. From every browser module and every .astro file's hoisted scripts, following the
 * imports that reach the JavaScript (not type-only ones), nothing forbidden is reached; each forbidden import is
 * reported once, as the shortest chain to it.
 */
export function browserGraphProblems(graph: ImportGraph): string[] {
  const runtime: ImportGraph = new Map([...graph].map(([file, edges]) => [file, edges.filter((e) => !e.typeOnly)]));
  const chains: string[][] = [];
  for (const [file, edges] of graph) {
    let start = file;
    let from = runtime;
    if (file.endsWith('.astro')) {
      // The hoisted scripts of the page, as a module of their own.
      start = `${file} <script>`;
      from = new Map(runtime).set(start, edges.filter((e) => e.client && !e.typeOnly));
    } else if (!isBrowserModule(file)) continue;
    const chain = chainTo(from, start, (target) => browserForbidden(target) !== undefined);
    if (chain) chains.push(chain);
  }
  // One problem per forbidden import (its last hop), by the shortest chain that ends in it: one bad import, one line.
  const byLastHop = new Map<string, string[]>();
  for (const chain of chains.sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()))) {
    const hop = chain.slice(-2).join(' -> ');
    if (!byLastHop.has(hop)) byLastHop.set(hop, chain);
  }
  return [...byLastHop.values()].map((chain) => `${chain.join(' -> ')} (${browserForbidden(chain[chain.length - 1]!)})`).sort();
}

/** `no-import-loop`: no loop of imports among the modules of src/, each found loop as its chain of files. */
export function noImportLoop(graph: ImportGraph): string[] {
  const inSrc = (file: string) => file.startsWith('src/') && graph.has(file);
  // Tarjan's strongly connected components: every loop lies inside one component of two or more
  // modules (or one module importing itself); each such component is reported once, by one loop through it.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const { target } of graph.get(file) ?? []) {
      if (!inSrc(target)) continue;
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      const selfLoop = (graph.get(file) ?? []).some((e) => e.target === file);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (inSrc(file) && !index.has(file)) connect(file);
  return components
    .sort((a, b) => a[0]!.localeCompare(b[0]!))
    .map((component) => {
      const members = new Set(component);
      const [first] = component;
      // The shortest way back to the first module, through the component only.
      const back = chainTo(new Map([...graph].filter(([f]) => members.has(f)).map(([f, edges]) => [f, edges.filter((e) => members.has(e.target))])), first!, (t) => t === first);
      const chain = back ?? [first!, first!];
      return `${chain.join(' -> ')}${component.length > chain.length - 1 ? ` (one loop of ${component.length} modules that import one another: ${component.join(', ')})` : ''}`;
    });
}

/** `no-loose-lib-files`: src/lib/ itself holds only rooms (folders), README.md and an index.ts. */
export async function looseLibFiles(root: string): Promise<string[]> {
  // Git's own list (tracked, and untracked but not ignored): an ignored .DS_Store or editor file is nobody's module.
  // A copy outside any git work tree has no ignore list: every file counts.
  const inGit = await run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: root }).then(({ stdout }) => stdout.trim() === 'true', () => false);
  if (!inGit) return looseLibProblems(await glob('src/lib/*', { cwd: root, onlyFiles: true, dot: true }));
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', 'src/lib'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const entries = [...new Set(stdout.split('\0').filter((file) => file !== ''))].filter((file) => existsSync(path.join(root, file)));
  return looseLibProblems(entries);
}

export function looseLibProblems(files: string[]): string[] {
  return files
    .filter((file) => /^src\/lib\/[^/]+$/.test(file) && !['src/lib/README.md', 'src/lib/index.ts'].includes(file))
    .sort()
    .map((file) => `${file} sits in src/lib/ itself, not in a room`);
}

// The browser rule: esbuild's module graph of every bundle that runs in a browser.

/** Modules that run in browsers (entries of their own, so a module no page uses yet is checked too). */
export const BROWSER_MODULES = ['src/lib/verify/**/*.{ts,mts}', 'src/lib/ob3/**/*.{ts,mts}', 'src/lib/data-integrity/**/*.{ts,mts}', 'src/components/**/*.{ts,mts}'];
/** Node-only modules inside those folders (data-integrity/sign-fs.ts signs at build time). */
const NOT_BROWSER = ['**/*-fs.ts', '**/*-fs.mts', '**/*.d.ts'];

export async function browserModules(root: string): Promise<string[]> {
  return (await glob(BROWSER_MODULES, { cwd: root, ignore: NOT_BROWSER })).sort();
}

/**
 * The client scripts of .astro files: what Astro's compiler hoists for Vite to bundle (a <script>
 * with no attribute other than src; any other attribute leaves it inline, unbundled), as the compiler itself reports them.
 */
export async function astroClientScripts(root: string): Promise<{ file: string; code: string }[]> {
  const out: { file: string; code: string }[] = [];
  for (const file of (await glob('src/**/*.astro', { cwd: root })).sort()) {
    const source = await readFile(path.join(root, file), 'utf8');
    for (const script of transformAstro(source, { filename: path.join(root, file) }).scripts) {
      if (script.type === 'inline' && script.code !== undefined) out.push({ file, code: script.code });
      else if (script.type === 'external' && script.src !== undefined && /^\.{1,2}\//.test(script.src)) out.push({ file, code: `import ${JSON.stringify(script.src)};` });
      // '/src/…' is read from the repository root, as Vite reads it.
      else if (script.type === 'external' && script.src !== undefined && script.src.startsWith('/')) out.push({ file, code: `import ${JSON.stringify(path.join(root, script.src))};` });
    }
  }
  return out;
}

/** An esbuild plugin that adds `line` at the top of one source file, as if a developer had written it there. */
export function injectLine(root: string, file: string, line: string): Plugin {
  const target = path.join(root, file);
  return {
    name: 'test:inject',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) =>
        args.path === target ? { contents: `${line}\n${await readFile(args.path, 'utf8')}`, loader: 'ts' } : undefined,
      );
    },
  };
}

/** Files a browser bundle loads as assets, not modules (Vite turns them into URLs or strings). */
const ASSET = /\.(?:svg|png|jpe?g|gif|webp|avif|ico|woff2?|ttf|otf|css|json5?|txt|md|wasm|webmanifest)$|\?(?:url|raw|worker|sharedworker|inline|no-inline)(?:&|$)/;

/**
 * The test's own esbuild plugin: assets and Vite's ?url/?raw/?worker imports stay external (esbuild
 * cannot load them; the graph check follows them), and a forbidden file (issue/, cms/, *-fs.ts) is
 * marked external by its path relative to the repository, so the report names the import that reached
 * it, not everything the forbidden file imports in turn.
 */
function testPlugin(root: string): Plugin {
  return {
    name: 'test:house-rules',
    setup(b) {
      b.onResolve({ filter: ASSET }, (args) => ({ path: args.path, external: true }));
      // Only a path naming issue/, cms/ or an -fs module can reach one from outside those folders (a JavaScript callback per import would double the time).
      b.onResolve({ filter: /^(?:\.{1,2}\/|\/).*(?:(?:^|\/)(?:issue|cms)(?:\/|$)|-fs(?:\.m?[jt]s)?$)/ }, async (args) => {
        if (args.pluginData === 'test:house-rules') return undefined;
        const resolved = await b.resolve(args.path, { resolveDir: args.resolveDir, importer: args.importer, kind: args.kind, pluginData: 'test:house-rules' });
        if (resolved.errors.length > 0 || resolved.external) return undefined;
        const relative = toPosix(path.relative(root, resolved.path));
        return /^src\/lib\/issue\/|^cms\/|-fs\.m?ts$/.test(relative) ? { path: relative, external: true } : undefined;
      });
    },
  };
}

/** Every boundary violation among the browser entries of the tree at `root` (plugins first: the tests' injections). */
export async function browserViolations(root: string, plugins: Plugin[] = []): Promise<BoundaryViolation[]> {
  const common: BuildOptions = {
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    format: 'esm',
    logLevel: 'silent',
    outdir: path.join(os.tmpdir(), 'mic-boundaries-never-written'),
    plugins: [...plugins, testPlugin(root), boundaryPlugin()],
  };
  const bundle = async (options: BuildOptions): Promise<Metafile> => (await build({ ...common, ...options })).metafile!;
  // Every bundle runs to its end (no rejection left unhandled), then the first failure is thrown.
  const settled = await Promise.allSettled([
    bundle({ entryPoints: await browserModules(root) }),
    ...(await astroClientScripts(root)).map((script) =>
      // esbuild names the stdin module by its resolveDir and sourcefile.
      bundle({ stdin: { contents: script.code, resolveDir: path.join(root, path.dirname(script.file)), sourcefile: path.basename(script.file), loader: 'ts' } }),
    ),
  ]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.flatMap((s) => (s.status === 'fulfilled' ? boundaryViolations(s.value, root, root) : []));
}

/** `browser-imports-no-node` as problem lines (the boundary's own wording, src/lib/issue/boundaries-fs.ts), each once. */
export function browserProblems(violations: BoundaryViolation[]): string[] {
  return violations.length === 0 ? [] : [...new Set(formatViolations('Browser code', violations).split('\n').slice(1, -1).map((line) => line.trim()))];
}
