/**
 * Writes the offline verifier (badgePaths.offlineVerifier, /verify/offline.html): the built verify page turned into one self-contained file (styles,
 * script and images inline, the issuer's JWKS pinned) that an employer can save and use years
 * later without a network. The script is the verify page's own module, bundled by esbuild, so the
 * offline file and the page can never disagree.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { JSONWebKeySet } from 'jose';
import { badgePaths } from '../ob3/urls.ts';
import { offlineCsp } from '../security/policies.ts';
import { boundaryPlugin, boundaryViolations, formatViolations } from './boundaries-fs.ts';

const ENTRY = fileURLToPath(new URL('../../components/verify/verify-entry.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The offline file's script: the verify page's module bundled by esbuild. Its module graph is held
 * to the browser boundary (boundaries-fs.ts): a bundle that would carry Node or issuing code stops
 * the build. `plugins` run first (tests use one to add an import that must be caught).
 */
export async function bundleOfflineScript(plugins: Plugin[] = []): Promise<string> {
  const bundle = await build({
    entryPoints: [ENTRY],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    metafile: true,
    plugins: [...plugins, boundaryPlugin()],
    legalComments: 'eof', // license notices of the bundled packages stay with them
    logLevel: 'silent',
  });
  const violations = boundaryViolations(bundle.metafile, ROOT, ROOT);
  if (violations.length > 0) throw new Error(formatViolations(`The offline verifier's script (${path.relative(ROOT, ENTRY)})`, violations));
  return bundle.outputFiles[0]!.text;
}

/** JSON or code placed inside <script>: "</script" and "<!--" must not appear literally. */
const scriptSafe = (code: string) => code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

const MIME: Record<string, string> = { '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp' };

export async function writeOfflineVerifier(options: { outDir: string; siteOrigin: string; jwks: JSONWebKeySet }): Promise<string> {
  const { outDir, siteOrigin, jwks } = options;
  const pagePath = path.join(outDir, badgePaths.verifyPage, 'index.html');
  let html = await readFile(pagePath, 'utf8');

  const script = await bundleOfflineScript();

  // Styles inline.
  const styles: string[] = [];
  for (const match of html.matchAll(/<link rel="stylesheet" href="(\/[^"]+\.css)"[^>]*>/g)) {
    styles.push(await readFile(path.join(outDir, match[1]!), 'utf8'));
  }
  html = html.replace(/<link rel="stylesheet" href="\/[^"]+\.css"[^>]*>/g, '');
  // The page's module scripts (and their preload links) are replaced by the bundle; JSON-LD and other inline data stay.
  html = html.replace(/<link rel="modulepreload"[^>]*>/g, '');
  html = html.replace(/<script type="module"[^>]*src="[^"]*"[^>]*><\/script>/g, '').replace(/<script type="module">[\s\S]*?<\/script>/g, '');
  // Images inline, so the file shows the same without a network.
  for (const match of [...html.matchAll(/src="(\/[^"]+\.(svg|png|jpg|webp))"/g)]) {
    const bytes = await readFile(path.join(outDir, match[1]!)).catch(() => undefined);
    if (bytes) html = html.replaceAll(`src="${match[1]}"`, () => `src="data:${MIME[path.extname(match[1]!)]};base64,${bytes.toString('base64')}"`);
  }
  // The favicon comes along inline; links open the live site.
  const favicon = await readFile(path.join(outDir, 'favicon.svg')).catch(() => undefined);
  html = html.replace(/<link rel="icon" href="[^"]*"[^>]*>/, () => (favicon ? `<link rel="icon" href="data:image/svg+xml;base64,${favicon.toString('base64')}" type="image/svg+xml">` : ''));
  html = html.replace(/(href|action)="\/(?!\/)/g, (_m, attribute: string) => `${attribute}="${siteOrigin}/`);

  // The page's own CSP allows only same-origin files; this file is all inline, so it gets a policy
  // that allows exactly its own script and style blocks, by hash.
  html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');

  const note = `<div class="wrap"><p class="notice" data-offline-note>Offline verifier for credentials issued by ${new URL(siteOrigin).host}. It carries the issuer’s ${jwks.keys.length} published key${jwks.keys.length === 1 ? '' : 's'}, so it checks signatures without a network. Revocation and suspension are checked only when a network is available; otherwise the result says “not checked offline”.</p></div>`;
  const style = styles.join('\n');
  const pinned = `window.__MIC_PINNED_JWKS__=${scriptSafe(JSON.stringify(jwks))};`;
  const code = scriptSafe(script);
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  const csp = offlineCsp({ scriptHashes: [hash(pinned), hash(code)], styleHashes: [hash(style)], siteOrigin });
  // Replacer functions, not strings: "$&" or "$'" inside the minified script must stay as written.
  html = html
    .replace(/<main([^>]*)>/, (_m, attributes: string) => `<main${attributes}>${note}`)
    .replace('<meta charset="utf-8">', () => `<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">`)
    .replace('</head>', () => `<meta name="robots" content="noindex"><style>${style}</style></head>`)
    .replace('</body>', () => `<script>${pinned}</script><script>${code}</script></body>`);

  const target = path.join(outDir, badgePaths.offlineVerifier);
  await writeFile(target, html);
  return target;
}
