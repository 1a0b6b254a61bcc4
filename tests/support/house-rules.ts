// The house rules of src/ (src/lib/README.md, "House rules"): the import graph of the source tree,
// built by parsing every module (TypeScript's parser for .ts/.tsx/.mjs, Astro's compiler for .astro
// frontmatter, <script> blocks and template expressions), and one plain function per rule, so that
// tests/unit/house-rules.test.ts checks the real tree and doctored copies of its graph with the same code.
// The browser rule is checked on esbuild's own module graph of every browser bundle
// (src/lib/issue/boundaries-fs.ts); its entries and bundling are here too.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parse as parseAstro, transform as transformAstro } from '@astrojs/compiler-rs';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { glob } from 'tinyglobby';
import ts from 'typescript';
import { boundaryPlugin, boundaryViolations, formatViolations, type BoundaryViolation } from '../../src/lib/issue/boundaries-fs.ts';

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
}

/** Every parsed module (path relative to the repository, '/'-separated) and what it imports. */
export type ImportGraph = Map<string, ImportEdge[]>;

/** The modules the graph is built from; anything they import in the repository is resolved to a file. */
export const GRAPH_SOURCES = ['src/**/*.{ts,tsx,mts,mjs,js,astro}', 'cms/**/*.{ts,tsx,mjs}', 'scripts/**/*.{ts,mjs}'];

/** Endings tried, in order, for a relative specifier written without its own (TypeScript's resolution, roughly). */
const ENDINGS = ['', '.ts', '.tsx', '.d.ts', '.mts', '.mjs', '.js', '/index.ts', '/index.js'];

const toPosix = (file: string) => file.split(path.sep).join('/');

/** The specifiers of a TypeScript/JavaScript module, from TypeScript's own syntax tree. */
export function tsImports(file: string, source: string): { specifier: string; typeOnly: boolean }[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.m?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, kind);
  const out: { specifier: string; typeOnly: boolean }[] = [];
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
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, (child) => visit(child, inType || ts.isTypeNode(child)));
  };
  visit(sourceFile, false);
  return out;
}

/** An ESTree node as Astro's compiler returns it (oxc's JSON). */
type EsNode = { type?: string; [key: string]: unknown };

/**
 * The specifiers of an .astro file: its frontmatter, its <script> blocks and the expressions of its
 * template, from the syntax tree of Astro's own compiler.
 */
export function astroImports(file: string, source: string): { specifier: string; typeOnly: boolean }[] {
  const { ast, diagnostics } = parseAstro(source) as unknown as { ast: EsNode; diagnostics: { severity: string; text: string }[] };
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${file} does not parse as an Astro component: ${errors.map((d) => d.text).join('; ')}`);
  const out: { specifier: string; typeOnly: boolean }[] = [];
  const literal = (node: unknown): string | undefined => {
    const n = node as EsNode | null | undefined;
    return n?.type === 'Literal' && typeof n.value === 'string' ? n.value : undefined;
  };
  const visit = (node: unknown, inType: boolean): void => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, inType));
    if (node === null || typeof node !== 'object') return;
    const n = node as EsNode;
    // A <script is:inline> is left as it is in the page, unbundled: its specifiers are addresses in the built site, not modules.
    const opening = n.type === 'JSXElement' ? (n.openingElement as EsNode) : undefined;
    if (opening && (opening.name as EsNode).name === 'script' && (opening.attributes as EsNode[]).some((a) => (a.name as EsNode | undefined)?.name === 'is:inline')) return;
    const source = literal(n.source);
    if (source !== undefined && (n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration')) {
      const specifiers = (n.specifiers as EsNode[] | undefined) ?? [];
      const everyNameType = specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
      out.push({ specifier: source, typeOnly: n.importKind === 'type' || n.exportKind === 'type' || everyNameType });
      return;
    }
    if (n.type === 'ImportExpression' && source !== undefined) out.push({ specifier: source, typeOnly: inType });
    if (n.type === 'TSImportType') {
      const argument = literal(n.source) ?? literal((n.argument as EsNode | undefined)?.literal) ?? literal(n.argument);
      if (argument !== undefined) out.push({ specifier: argument, typeOnly: true });
    }
    const typeNode = typeof n.type === 'string' && n.type.startsWith('TS');
    for (const [key, value] of Object.entries(n)) if (key !== 'type' && typeof value === 'object') visit(value, inType || typeNode);
  };
  visit(ast, false);
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

/** The import graph of the repository's source modules; every relative specifier that names no file is listed apart. */
export async function buildImportGraph(root: string): Promise<{ graph: ImportGraph; unresolved: string[] }> {
  const files = (await glob(GRAPH_SOURCES, { cwd: root })).sort();
  const graph: ImportGraph = new Map();
  const unresolved: string[] = [];
  await Promise.all(
    files.map(async (file) => {
      const source = await readFile(path.join(root, file), 'utf8');
      const found = file.endsWith('.astro') ? astroImports(file, source) : tsImports(file, source);
      const edges: ImportEdge[] = [];
      for (const { specifier, typeOnly } of found) {
        const target = resolveSpecifier(root, file, specifier);
        if (target === undefined) unresolved.push(`${file} imports ${specifier}, which names no file`);
        else edges.push({ specifier, target, typeOnly });
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
  const entries = await glob('src/lib/*', { cwd: root, onlyFiles: true, dot: true });
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
export const BROWSER_MODULES = ['src/lib/verify/**/*.ts', 'src/lib/ob3/**/*.ts', 'src/lib/data-integrity/**/*.ts', 'src/components/**/*.ts'];
/** Node-only modules inside those folders (data-integrity/sign-fs.ts signs at build time). */
const NOT_BROWSER = ['**/*-fs.ts', '**/*.d.ts'];

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
    plugins: [...plugins, boundaryPlugin()],
  };
  const bundle = async (options: BuildOptions): Promise<Metafile> => (await build({ ...common, ...options })).metafile!;
  const graphs = await Promise.all([
    bundle({ entryPoints: await browserModules(root) }),
    ...(await astroClientScripts(root)).map((script) =>
      bundle({ stdin: { contents: script.code, resolveDir: path.join(root, path.dirname(script.file)), sourcefile: script.file, loader: 'ts' } }),
    ),
  ]);
  return graphs.flatMap((graph) => boundaryViolations(graph, root, root));
}

/** `browser-imports-no-node` as problem lines (the boundary's own wording, src/lib/issue/boundaries-fs.ts). */
export function browserProblems(violations: BoundaryViolation[]): string[] {
  return violations.length === 0 ? [] : formatViolations('Browser code', violations).split('\n').slice(1, -1).map((line) => line.trim());
}
