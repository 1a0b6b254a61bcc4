/**
 * The import boundary of everything that runs in a browser (the house rule browser-imports-no-node,
 * src/lib/README.md), checked on the bundler's own module graph (an esbuild metafile), not by
 * searching text: the verification core (src/lib/verify/), the Open Badges vocabulary
 * (src/lib/ob3/), the Data Integrity code (src/lib/data-integrity/, not its *-fs.ts) and every
 * client script (src/components/**\/*.ts and the <script> blocks of .astro files) must never reach
 * Node built-ins, astro:* or virtual:* modules, the issuing code (src/lib/issue/, which holds the key
 * loader), the CMS (cms/) or any Node-only helper (*-fs.ts). A browser bundle that did could carry
 * signing code, or break in the browser.
 *
 * Used by the build (the inline bundle of the offline verifier, offline-verifier-fs.ts: the build
 * fails) and by npm test (every browser entry of the source tree, found and bundled by
 * tests/support/house-rules.ts: tests/unit/house-rules.test.ts, whose failure starts with the rule's
 * name, and tests/unit/boundaries.test.ts).
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import type { Metafile, Plugin } from 'esbuild';

/** Why a module must stay out of a browser bundle, by what its path looks like (relative to the repository). */
const FORBIDDEN_FILES: [RegExp, string][] = [
  [/^src\/lib\/issue\//, 'the issuing code (signing, key loading) is build-time only'],
  [/^cms\//, 'the CMS is its own bundle, for /admin/ only'],
  [/-fs\.m?ts$/, 'a *-fs.ts module is Node-only'],
];

/** A Node built-in imported without the node: prefix (fs, path, crypto, fs/promises…). */
const BARE_BUILTIN = new RegExp(`^(?:${builtinModules.filter((m) => /^[a-z0-9_]+(?:\/[a-z0-9_]+)*$/.test(m)).join('|')})$`);

/** Module names that must never be imported from browser code, and why. */
const FORBIDDEN_MODULES: [RegExp, string][] = [
  [/^node:/, 'a Node built-in'],
  [BARE_BUILTIN, 'a Node built-in'],
  // Astro's client modules (view transitions, prefetching, public environment variables) are made for browsers.
  [/^astro:(?!(?:transitions\/client|prefetch|env\/client)$)/, 'an Astro module, which exists only inside Astro'],
  [/^virtual:/, 'a virtual module, which exists only inside the build'],
];

/**
 * Why `imported` must stay out of a browser bundle, or undefined when it may go in: a module name
 * ('node:fs', 'astro:content') or a file relative to the repository root. The one statement of the
 * rule: the esbuild check below and the house-rules test's import graph both ask it.
 */
export function browserForbidden(imported: string): string | undefined {
  return (FORBIDDEN_MODULES.find(([pattern]) => pattern.test(imported)) ?? FORBIDDEN_FILES.find(([pattern]) => pattern.test(imported)))?.[1];
}

/**
 * An esbuild plugin that keeps forbidden module names out of resolution (marked external), so they
 * show up in the metafile as imports instead of failing the bundle with a less helpful message.
 */
export function boundaryPlugin(): Plugin {
  // Only module names: the build's bundles are unchanged. The house-rules test adds its own plugin that marks
  // forbidden files external as well (tests/support/house-rules.ts), so a report names the culprit, not what it imports.
  return {
    name: 'mic:boundaries',
    setup(build) {
      build.onResolve({ filter: /^(?:node:|astro:|virtual:)/ }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /^[a-z0-9_]+(?:\/[a-z0-9_]+)*$/ }, (args) => (BARE_BUILTIN.test(args.path) ? { path: args.path, external: true } : undefined));
    },
  };
}

/** One import that crosses the boundary. */
export interface BoundaryViolation {
  /** The importing file, relative to the repository root. */
  importer: string;
  /** What it imports: a module name or a file relative to the repository root. */
  imported: string;
  why: string;
}

/**
 * Every import in a metafile that crosses the boundary. `root` is the repository root; the
 * metafile's paths are relative to `workingDir` (esbuild's absWorkingDir, default process.cwd()).
 */
export function boundaryViolations(metafile: Metafile, root: string, workingDir: string = process.cwd()): BoundaryViolation[] {
  const relative = (file: string) => path.relative(root, path.resolve(workingDir, file)).split(path.sep).join('/');
  const out: BoundaryViolation[] = [];
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    for (const record of imports) {
      if (record.external) {
        // A forbidden file may be marked external too (by its path relative to the repository), so that it is not bundled into.
        const why = browserForbidden(record.path);
        if (why) out.push({ importer: relative(input), imported: record.path, why });
        continue;
      }
      const target = relative(record.path);
      const why = browserForbidden(target);
      if (why) out.push({ importer: relative(input), imported: target, why });
    }
  }
  return out;
}

/** The violations as a message that says what to do. */
export function formatViolations(what: string, violations: BoundaryViolation[]): string {
  return [
    `${what} would import what must never reach a browser:`,
    ...violations.map((v) => `  ${v.importer} imports ${v.imported} (${v.why})`),
    'Move the Node-only code into a *-fs.ts module under src/lib/issue/ (or another build-time folder) and keep browser code to src/lib/verify/, src/lib/ob3/ and src/schemas/.',
  ].join('\n');
}
